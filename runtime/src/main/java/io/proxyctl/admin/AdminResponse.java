package io.proxyctl.admin;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An admin response: status, content type, body and extra headers, and optionally an action to run once the
 * response has been written (e.g. {@code /quitquitquit} answers {@code OK} before the server stops).
 */
public record AdminResponse(int status, String contentType, byte[] body, Map<String, String> headers,
                            Runnable afterSent) {
    public static final String TEXT = "text/plain; charset=UTF-8";
    public static final String JSON = "application/json";
    public static final String HTML = "text/html; charset=UTF-8";

    public AdminResponse {
        headers = Map.copyOf(headers);
    }

    public AdminResponse(int status, String contentType, byte[] body, Map<String, String> headers) {
        this(status, contentType, body, headers, null);
    }

    public static AdminResponse text(int status, String body) {
        return new AdminResponse(status, TEXT, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public static AdminResponse json(int status, String body) {
        return new AdminResponse(status, JSON, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public static AdminResponse html(int status, String body) {
        return new AdminResponse(status, HTML, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** This response, running {@code action} after it has been flushed to the client. */
    public AdminResponse thenRun(Runnable action) {
        return new AdminResponse(status, contentType, body, headers, action);
    }
}
