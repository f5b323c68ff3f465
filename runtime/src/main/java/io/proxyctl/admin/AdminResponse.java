package io.proxyctl.admin;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** An admin response: status, content type, body and extra headers. */
public record AdminResponse(int status, String contentType, byte[] body, Map<String, String> headers) {
    public AdminResponse {
        headers = Map.copyOf(headers);
    }

    public static AdminResponse text(int status, String body) {
        return new AdminResponse(status, "text/plain; charset=UTF-8", body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public static AdminResponse json(int status, String body) {
        return new AdminResponse(status, "application/json", body.getBytes(StandardCharsets.UTF_8), Map.of());
    }
}
