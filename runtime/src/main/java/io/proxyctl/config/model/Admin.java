package io.proxyctl.config.model;

import java.util.List;

/**
 * {@code admin}: where the admin interface listens.
 *
 * @param address       the socket address, or null (Envoy then starts no admin server)
 * @param accessLog     admin access loggers
 * @param accessLogPath the deprecated {@code access_log_path}, or null
 * @param allowPaths    {@code allow_paths}: when not empty, only matching request paths are served
 */
public record Admin(Address address, List<AccessLog> accessLog, String accessLogPath, List<StringMatcher> allowPaths) {
    public Admin {
        accessLog = List.copyOf(accessLog);
        allowPaths = List.copyOf(allowPaths);
    }

    public Admin(Address address, List<AccessLog> accessLog, String accessLogPath) {
        this(address, accessLog, accessLogPath, List.of());
    }
}
