package io.proxyctl.config.model;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * {@code route}: forward to a cluster.
 *
 * @param cluster                      which cluster
 * @param clusterNotFoundResponseCode  status when the cluster does not exist (503 default, 404 or 500)
 * @param prefixRewrite                replacement for the matched prefix/path, or null
 * @param regexRewrite                 path rewrite by regex, or null
 * @param hostRewrite                  Host rewrite, or null
 * @param timeout                      upstream timeout (default 15 s; zero disables)
 * @param idleTimeout                  per-route stream idle timeout, or null to use the connection manager's
 * @param hashPolicy                   hash policies for RING_HASH / MAGLEV
 * @param upgradeConfigs               per-route upgrade overrides
 * @param appendXForwardedHost         append the original host to x-forwarded-host when the host is rewritten
 * @param retryPolicy the route's retry_policy, or null for none
 * @param highPriority                 {@code priority: HIGH}: the cluster's high-priority circuit breakers apply
 * @param maxStreamDuration            {@code max_stream_duration}, or null
 * @param maxGrpcTimeout               deprecated {@code max_grpc_timeout}, or null
 * @param grpcTimeoutOffset            deprecated {@code grpc_timeout_offset}, or null
 */
public record RouteAction(ClusterSpecifier cluster, int clusterNotFoundResponseCode, String prefixRewrite,
                          RegexRewrite regexRewrite, HostRewrite hostRewrite, Duration timeout, Duration idleTimeout,
                          List<HashPolicy> hashPolicy, List<UpgradeConfig> upgradeConfigs,
                          boolean appendXForwardedHost, RetryPolicy retryPolicy, boolean highPriority,
                          MaxStreamDuration maxStreamDuration, Duration maxGrpcTimeout, Duration grpcTimeoutOffset)
        implements Route.Action {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

    public RouteAction {
        Objects.requireNonNull(cluster, "cluster");
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        hashPolicy = List.copyOf(hashPolicy);
        upgradeConfigs = List.copyOf(upgradeConfigs);
    }

    /** The {@code cluster_specifier} oneof. */
    public sealed interface ClusterSpecifier {
        /** {@code cluster}. */
        record Named(String name) implements ClusterSpecifier {
        }

        /** {@code cluster_header}: the cluster named by a request header. */
        record FromHeader(String header) implements ClusterSpecifier {
        }

        /** {@code weighted_clusters}. */
        record Weighted(List<ClusterWeight> clusters) implements ClusterSpecifier {
            public Weighted {
                clusters = List.copyOf(clusters);
            }
        }
    }

    /** The {@code host_rewrite_specifier} oneof. */
    public sealed interface HostRewrite {
        /** {@code host_rewrite_literal} (v2 {@code host_rewrite}). */
        record Literal(String host) implements HostRewrite {
        }

        /** {@code auto_host_rewrite}: the upstream host's DNS name (DNS clusters) or endpoint hostname. */
        record Auto() implements HostRewrite {
        }

        /** {@code host_rewrite_header}: the value of a request header. */
        record FromHeader(String header) implements HostRewrite {
        }

        /** {@code host_rewrite_path_regex}: a substitution applied to the path. */
        record PathRegex(RegexRewrite rewrite) implements HostRewrite {
        }
    }
}
