package io.proxyctl.config.model;

import java.util.List;

/**
 * {@code admin}: where the admin interface listens.
 *
 * @param address       the socket address, or null (Envoy then starts no admin server)
 * @param accessLog     admin access loggers
 * @param accessLogPath the deprecated {@code access_log_path}, or null
 */
public record Admin(Address address, List<AccessLog> accessLog, String accessLogPath) {
    public Admin {
        accessLog = List.copyOf(accessLog);
    }
}
