package io.proxyctl.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A blocking loopback TCP server for tcp_proxy tests: echoes every byte and half-closes after the client's end
 * of input; or (with a greeting) writes the greeting and closes; or reads to the client's end of input and only
 * then answers with a given number of bytes.
 */
public final class TcpTestServer implements AutoCloseable {
    private final ServerSocket server;
    private final String greeting;
    private final long replyAfterEof;
    public final AtomicInteger accepted = new AtomicInteger();

    private TcpTestServer(String greeting, long replyAfterEof) throws IOException {
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        this.greeting = greeting;
        this.replyAfterEof = replyAfterEof;
        Thread t = new Thread(this::acceptLoop, "echo-accept-" + server.getLocalPort());
        t.setDaemon(true);
        t.start();
    }

    public static TcpTestServer echo() throws IOException {
        return new TcpTestServer(null, -1);
    }

    /** Reads until the client's end of input, then writes {@code bytes} bytes (byte i is {@code (byte) i}) and closes. */
    public static TcpTestServer replyAfterEof(long bytes) throws IOException {
        return new TcpTestServer(null, bytes);
    }

    public static TcpTestServer greeting(String text) throws IOException {
        return new TcpTestServer(text, -1);
    }

    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                accepted.incrementAndGet();
                Thread t = new Thread(() -> serve(s), "echo-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            OutputStream out = s.getOutputStream();
            if (greeting != null) {
                out.write(greeting.getBytes(StandardCharsets.UTF_8));
                out.flush();
                return;
            }
            InputStream in = s.getInputStream();
            if (replyAfterEof >= 0) {
                in.transferTo(OutputStream.nullOutputStream());
                byte[] chunk = new byte[64 * 1024];
                for (int i = 0; i < chunk.length; i++) {
                    chunk[i] = (byte) i;
                }
                for (long left = replyAfterEof; left > 0; left -= chunk.length) {
                    out.write(chunk, 0, (int) Math.min(chunk.length, left));
                }
                return;
            }
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
            }
            out.flush();
            s.shutdownOutput();
            // Wait for the peer to close so the half-close is observable end to end.
            in.read();
        } catch (IOException ignored) {
            // The client went away; nothing to serve.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
