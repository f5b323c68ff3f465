package io.proxyctl.cli.admin;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Loopback servers that are not an Envoy admin API (or barely), for the error-path tests. */
final class OtherServers {
    private OtherServers() {
    }

    /** A running server; {@link #close()} stops it. */
    interface Running extends AutoCloseable {
        int port();

        default String address() {
            return "127.0.0.1:" + port();
        }

        @Override
        void close();
    }

    /** An HTTP server giving the same reply to every request. */
    static Running fixed(int status, String contentType, String body) {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            s.createContext("/", ex -> {
                try (ex) {
                    ex.getRequestBody().readAllBytes();
                    byte[] b = body.getBytes(StandardCharsets.UTF_8);
                    ex.getResponseHeaders().set("Content-Type", contentType);
                    ex.sendResponseHeaders(status, b.length);
                    try (OutputStream os = ex.getResponseBody()) {
                        os.write(b);
                    }
                }
            });
            s.start();
            return new Running() {
                @Override
                public int port() {
                    return s.getAddress().getPort();
                }

                @Override
                public void close() {
                    s.stop(0);
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A TCP server that accepts and then either says {@code greeting} and closes, or (null) never answers. */
    static Running tcp(String greeting) {
        try {
            ServerSocket ss = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            List<Socket> open = Collections.synchronizedList(new ArrayList<>());
            Thread t = new Thread(() -> {
                while (!ss.isClosed()) {
                    try {
                        Socket s = ss.accept();
                        if (greeting == null) {
                            open.add(s);
                        } else {
                            try (s) {
                                s.getOutputStream().write(greeting.getBytes(StandardCharsets.UTF_8));
                                s.getOutputStream().flush();
                                s.getInputStream().read(new byte[1024]);
                            }
                        }
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "tcp-test-server");
            t.setDaemon(true);
            t.start();
            return new Running() {
                @Override
                public int port() {
                    return ss.getLocalPort();
                }

                @Override
                public void close() {
                    try {
                        ss.close();
                        synchronized (open) {
                            for (Socket s : open) {
                                s.close();
                            }
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A loopback port on which nothing listens. The port stays bound by a socket that never listens (connections to
     * it are refused) for the life of the test JVM, so no other test or process can take it in the meantime.
     */
    static int closedPort() {
        try {
            java.net.Socket holder = new java.net.Socket();
            holder.setReuseAddress(false);
            holder.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            HELD.add(holder);
            return holder.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Frees a port from {@link #closedPort()} for a test that brings a server up on it later. */
    static void release(int port) throws IOException {
        for (java.net.Socket s : HELD) {
            if (s.getLocalPort() == port) {
                HELD.remove(s);
                s.close();
            }
        }
    }

    private static final java.util.List<java.net.Socket> HELD = new java.util.concurrent.CopyOnWriteArrayList<>();
}
