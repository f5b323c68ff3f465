package io.proxyctl.xds.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.proxyctl.common.Json;
import io.proxyctl.config.tree.Tree;
import io.proxyctl.xds.AdsTransport;
import io.proxyctl.xds.DynamicConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Creates the gRPC ADS client of a bootstrap (registered for {@link java.util.ServiceLoader}): the management
 * server is the first endpoint of the static cluster {@code ads_config.grpc_services[0].envoy_grpc.cluster_name}
 * (plaintext HTTP/2), the node is the bootstrap's {@code node}. api_type GRPC and AGGREGATED_GRPC get the
 * state-of-the-world client, DELTA_GRPC and AGGREGATED_DELTA_GRPC the incremental one.
 */
public final class GrpcAdsFactory implements AdsTransport.Factory {
    /** Envoy's defaults for the xDS stream's retry back-off. */
    static final Duration BACKOFF_BASE = Duration.ofMillis(500);
    static final Duration BACKOFF_MAX = Duration.ofSeconds(30);

    @Override
    public AdsTransport create(Map<String, Object> bootstrap, DynamicConfig config, Consumer<String> log) {
        return create(bootstrap, config, log, BACKOFF_BASE, BACKOFF_MAX);
    }

    /** The state-of-the-world or the delta client, as ads_config's api_type asks. */
    public static AdsTransport create(Map<String, Object> bootstrap, DynamicConfig config, Consumer<String> log,
                                      Duration backoffBase, Duration backoffMax) {
        GrpcAdsTransport.Settings settings = settings(bootstrap, backoffBase, backoffMax);
        return isDelta(bootstrap) ? new DeltaAdsTransport(settings, config, log)
                : new GrpcAdsTransport(settings, config, log);
    }

    /** True when ads_config asks for incremental xDS (DELTA_GRPC or AGGREGATED_DELTA_GRPC). */
    static boolean isDelta(Map<String, Object> bootstrap) {
        Map<String, Object> ads = Tree.mapField(Tree.mapField(bootstrap, "dynamic_resources"), "ads_config");
        String type = Tree.enumValue(Tree.get(ads, "api_type"));
        return type != null && (type.contains("DELTA") || type.equals("3") || type.equals("6"));
    }

    /** The connection settings a bootstrap describes; IllegalArgumentException names what is missing. */
    public static GrpcAdsTransport.Settings settings(Map<String, Object> bootstrap, Duration backoffBase,
                                                    Duration backoffMax) {
        Map<String, Object> ads = Tree.mapField(Tree.mapField(bootstrap, "dynamic_resources"), "ads_config");
        if (ads == null) {
            throw new IllegalArgumentException("dynamic_resources has no ads_config");
        }
        String type = Tree.enumValue(Tree.get(ads, "api_type"));
        if (type == null || type.equals("REST") || type.equals("1") || type.equals("0")) {
            throw new IllegalArgumentException("ads_config api_type " + type + " cannot carry ADS; use GRPC or "
                    + "DELTA_GRPC");
        }
        List<Tree.Item> services = Tree.items(ads, "", "grpc_services");
        String cluster = services.isEmpty() ? null
                : Tree.strField(Tree.mapField(services.get(0).value(), "envoy_grpc"), "cluster_name");
        if (cluster == null) {
            throw new IllegalArgumentException("ads_config needs grpc_services[0].envoy_grpc.cluster_name");
        }
        Map<String, Object> socket = firstEndpoint(bootstrap, cluster);
        String host = Tree.strField(socket, "address");
        String port = Tree.text(Tree.get(socket, "port_value"));
        if (host == null || port == null) {
            throw new IllegalArgumentException("the xDS cluster '" + cluster + "' has no endpoint address");
        }
        return new GrpcAdsTransport.Settings(host, Integer.parseInt(port), node(bootstrap), backoffBase, backoffMax,
                DynamicConfig.initialFetchTimeout(bootstrap));
    }

    private static Map<String, Object> firstEndpoint(Map<String, Object> bootstrap, String cluster) {
        for (Tree.Item c : Tree.items(Tree.mapField(bootstrap, "static_resources"), "", "clusters")) {
            if (!cluster.equals(Tree.strField(c.value(), "name"))) {
                continue;
            }
            if (Tree.get(c.value(), "transport_socket") != null) {
                // Never fall back to plaintext when TLS was asked for.
                throw new IllegalArgumentException("the xDS cluster '" + cluster + "' has a transport_socket: TLS to "
                        + "the management server is not implemented by proxyctl");
            }
            Map<String, Object> la = Tree.mapField(c.value(), "load_assignment");
            for (Tree.Item e : Tree.items(la, "", "endpoints")) {
                for (Tree.Item lb : Tree.items(e.value(), "", "lb_endpoints")) {
                    Map<String, Object> address = Tree.mapField(Tree.mapField(lb.value(), "endpoint"), "address");
                    Map<String, Object> socket = Tree.mapField(address, "socket_address");
                    if (socket != null) {
                        return socket;
                    }
                }
            }
            throw new IllegalArgumentException("the xDS cluster '" + cluster + "' has no endpoints");
        }
        throw new IllegalArgumentException("ads_config names cluster '" + cluster + "', which is not a static cluster");
    }

    /** The bootstrap's node (id, cluster, metadata, locality...) as the proto, with proxyctl as user agent. */
    static Node node(Map<String, Object> bootstrap) {
        Node.Builder b = Node.newBuilder();
        Map<String, Object> node = Tree.mapField(bootstrap, "node");
        if (node != null) {
            try {
                JsonFormat.parser().ignoringUnknownFields().merge(Json.write(node), b);
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalArgumentException("node: " + e.getMessage(), e);
            }
        }
        if (b.getUserAgentName().isEmpty()) {
            b.setUserAgentName("proxyctl");
        }
        return b.build();
    }
}
