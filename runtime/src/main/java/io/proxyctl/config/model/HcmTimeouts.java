package io.proxyctl.config.model;

import java.time.Duration;
import java.util.Objects;

/**
 * Timeouts of an HTTP connection manager, with Envoy's defaults. {@link Duration#ZERO} means disabled.
 *
 * @param streamIdleTimeout       per-stream idle timeout (default 5 min)
 * @param requestTimeout          whole-request receive timeout (default disabled)
 * @param requestHeadersTimeout   headers receive timeout (default disabled)
 * @param drainTimeout            graceful drain window (default 5 s)
 * @param idleTimeout             connection idle timeout, {@code common_http_protocol_options.idle_timeout} (1 h)
 * @param maxConnectionDuration   connection lifetime limit (default disabled)
 * @param maxRequestsPerConnection requests per connection (0 = unlimited)
 * @param maxStreamDuration       {@code common_http_protocol_options.max_stream_duration} (default disabled)
 */
public record HcmTimeouts(Duration streamIdleTimeout, Duration requestTimeout, Duration requestHeadersTimeout,
                          Duration drainTimeout, Duration idleTimeout, Duration maxConnectionDuration,
                          int maxRequestsPerConnection, Duration maxStreamDuration) {
    public static final HcmTimeouts DEFAULT = new HcmTimeouts(Duration.ofMinutes(5), Duration.ZERO, Duration.ZERO,
            Duration.ofSeconds(5), Duration.ofHours(1), Duration.ZERO, 0, Duration.ZERO);

    public HcmTimeouts {
        Objects.requireNonNull(streamIdleTimeout, "streamIdleTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(requestHeadersTimeout, "requestHeadersTimeout");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(maxConnectionDuration, "maxConnectionDuration");
        Objects.requireNonNull(maxStreamDuration, "maxStreamDuration");
    }
}
