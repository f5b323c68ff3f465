package io.proxyctl.cli.admin;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * HTTP/1.1 client for one admin endpoint (Envoy's or ours). Every failure becomes a one-line {@link AdminException}
 * naming the address: nothing listening, no reply within the timeout, or something that does not speak HTTP.
 */
public final class AdminClient {
    private final AdminAddress address;
    private final Duration timeout;
    private final HttpClient http;

    public AdminClient(AdminAddress address, Duration timeout) {
        this.address = address;
        this.timeout = timeout;
        // HTTP/1.1 only: the admin listener speaks it, and the JDK's h2c upgrade attempt would be noise in its logs.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public AdminAddress address() {
        return address;
    }

    public AdminReply get(String path, Query query) {
        return send("GET", path, query);
    }

    public AdminReply post(String path, Query query) {
        return send("POST", path, query);
    }

    private AdminReply send(String method, String path, Query query) {
        String target = path + query;
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + address.authority() + target))
                .timeout(timeout)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        try {
            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            String type = r.headers().firstValue("content-type").orElse("");
            return new AdminReply(address, method, target, r.statusCode(), type, new String(r.body(), StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException e) {
            throw new AdminException("cannot connect to " + address + ": timed out after " + DurationConverter.format(timeout));
        } catch (HttpTimeoutException e) {
            throw new AdminException("no reply from " + address + " to " + method + " " + target + " within "
                    + DurationConverter.format(timeout));
        } catch (ConnectException e) {
            throw new AdminException("cannot connect to " + address + ": " + connectReason(e));
        } catch (IOException e) {
            throw new AdminException(address + " did not answer " + method + " " + target + " with HTTP: " + reason(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminException("interrupted while waiting for " + address);
        } catch (IllegalArgumentException e) {
            throw new AdminException("cannot build a request for " + address + target + ": " + e.getMessage());
        }
    }

    private static String connectReason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException) {
                return "unknown host";
            }
            String m = t.getMessage();
            if (m != null && !m.isBlank()) {
                return m.toLowerCase(java.util.Locale.ROOT).replaceAll("\\s+", " ").strip();
            }
        }
        return "connection refused";
    }

    private static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && !m.isBlank()) {
                return AdminReply.abbreviate(m.strip());
            }
        }
        return e.getClass().getSimpleName();
    }
}
