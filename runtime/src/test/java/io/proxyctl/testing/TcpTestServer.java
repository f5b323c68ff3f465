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
 * A blocking loopback TCP server for tcp_proxy tests: either echoes every byte and half-closes after the
 * client's end of input, or (with a greeting) writes the greeting and closes.
 */
public final class TcpTestServer implements AutoCloseable {
    private final ServerSocket server;
    private final String greeting;
    public final AtomicInteger accepted = new AtomicInteger();

    private TcpTestServer(String greeting) throws IOException {
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        this.greeting = greeting;
        Thread t = new Thread(this::acceptLoop, "echo-accept-" + server.getLocalPort());
        t.setDaemon(true);
        t.start();
    }

    public static TcpTestServer echo() throws IOException {
        return new TcpTestServer(null);
    }

    public static TcpTestServer greeting(String text) throws IOException {
        return new TcpTestServer(text);
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
