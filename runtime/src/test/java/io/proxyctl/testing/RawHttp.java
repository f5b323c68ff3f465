package io.proxyctl.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A raw-socket HTTP/1.x client for tests where exact bytes, pipelining or connection handling matter. */
public final class RawHttp implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawHttp(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    public static RawHttp connect(int port) throws IOException {
        return connect(java.net.InetAddress.getByName("127.0.0.1"), port);
    }

    /** A client of {@code address:port} (e.g. ::1 for IPv6 listeners). */
    public static RawHttp connect(java.net.InetAddress address, int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(address, port), 5000);
        s.setSoTimeout(15000);
        s.setTcpNoDelay(true);
        return new RawHttp(s);
    }

    public Socket socket() {
        return socket;
    }

    public RawHttp send(String raw) throws IOException {
        out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return this;
    }

    public RawHttp send(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
        return this;
    }

    /** A GET with {@code Host: test} unless the caller gives a Host, then reads the response. */
    public Response get(String path, String... headerLines) throws IOException {
        StringBuilder sb = new StringBuilder("GET " + path + " HTTP/1.1\r\n");
        boolean host = false;
        for (String h : headerLines) {
            host |= h.regionMatches(true, 0, "host:", 0, 5);
            sb.append(h).append("\r\n");
        }
        if (!host) {
            sb.append("Host: test\r\n");
        }
        send(sb.append("\r\n").toString());
        return read();
    }

    public Response read() throws IOException {
        return read(false);
    }

    /** Reads one response; {@code head} when it answers a HEAD request (no body). */
    public Response read(boolean head) throws IOException {
        String status = line();
        if (status == null) {
            throw new IOException("connection closed before a response");
        }
        String[] parts = status.split(" ", 3);
        int code = Integer.parseInt(parts[1]);
        List<String[]> headers = readHeaders();
        Response r = new Response(parts[0], code, parts.length > 2 ? parts[2] : "", headers, new byte[0], List.of());
        if (head || code / 100 == 1 || code == 204 || code == 304) {
            return r;
        }
        String te = r.header("transfer-encoding");
        String cl = r.header("content-length");
        if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = line();
                int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
                if (size == 0) {
                    break;
                }
                body.write(in.readNBytes(size));
                line();
            }
            List<String[]> trailers = readHeaders();
            return new Response(r.version, code, r.reason, headers, body.toByteArray(), trailers);
        }
        if (cl != null) {
            byte[] b = in.readNBytes(Integer.parseInt(cl.trim()));
            return new Response(r.version, code, r.reason, headers, b, List.of());
        }
        return new Response(r.version, code, r.reason, headers, in.readAllBytes(), List.of());
    }

    private List<String[]> readHeaders() throws IOException {
        List<String[]> headers = new ArrayList<>();
        String l;
        while ((l = line()) != null && !l.isEmpty()) {
            int c = l.indexOf(':');
            headers.add(new String[]{l.substring(0, c).trim(), l.substring(c + 1).trim()});
        }
        return headers;
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    /** True when the peer closes the connection within {@code millis} (no more bytes arrive). */
    public boolean closedByPeer(int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        } finally {
            socket.setSoTimeout(15000);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** A parsed response. Header lookups are case-insensitive. */
    public record Response(String version, int status, String reason, List<String[]> headers, byte[] bodyBytes,
                           List<String[]> trailers) {
        public String header(String name) {
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    return h[1];
                }
            }
            return null;
        }

        public List<String> headers(String name) {
            List<String> out = new ArrayList<>();
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    out.add(h[1]);
                }
            }
            return out;
        }

        public String trailer(String name) {
            for (String[] h : trailers) {
                if (h[0].equalsIgnoreCase(name)) {
                    return h[1];
                }
            }
            return null;
        }

        public String body() {
            return new String(bodyBytes, StandardCharsets.UTF_8);
        }

        /** Header names in order, lower-cased. */
        public Map<String, String> headerMap() {
            Map<String, String> m = new LinkedHashMap<>();
            for (String[] h : headers) {
                m.putIfAbsent(h[0].toLowerCase(Locale.ROOT), h[1]);
            }
            return m;
        }
    }
}
