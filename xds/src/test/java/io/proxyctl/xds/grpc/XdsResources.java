package io.proxyctl.xds.grpc;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.AggregatedConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.Endpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.Rds;
import java.util.List;

/** Builders of the generated Envoy API messages the control-plane tests serve. */
final class XdsResources {
    private XdsResources() {
    }

    static ConfigSource ads() {
        return ConfigSource.newBuilder().setAds(AggregatedConfigSource.getDefaultInstance())
                .setResourceApiVersion(ApiVersion.V3).build();
    }

    /** An EDS cluster fed over ADS. */
    static Cluster edsCluster(String name) {
        return Cluster.newBuilder().setName(name).setType(Cluster.DiscoveryType.EDS)
                .setConnectTimeout(Duration.newBuilder().setSeconds(1))
                .setEdsClusterConfig(Cluster.EdsClusterConfig.newBuilder().setEdsConfig(ads())).build();
    }

    static ClusterLoadAssignment endpoints(String cluster, int... ports) {
        LocalityLbEndpoints.Builder l = LocalityLbEndpoints.newBuilder();
        for (int p : ports) {
            l.addLbEndpoints(LbEndpoint.newBuilder().setEndpoint(Endpoint.newBuilder().setAddress(address(p))));
        }
        return ClusterLoadAssignment.newBuilder().setClusterName(cluster).addEndpoints(l).build();
    }

    static Address address(int port) {
        return Address.newBuilder().setSocketAddress(SocketAddress.newBuilder().setAddress("127.0.0.1")
                .setPortValue(port)).build();
    }

    /** An HTTP listener on 127.0.0.1:0 whose routes come from RDS {@code routeName}. */
    static Listener listener(String name, String routeName) {
        HttpConnectionManager hcm = HttpConnectionManager.newBuilder().setStatPrefix(name)
                .setRds(Rds.newBuilder().setConfigSource(ads()).setRouteConfigName(routeName))
                .addHttpFilters(HttpFilter.newBuilder().setName("envoy.filters.http.router")
                        .setTypedConfig(Any.pack(Router.getDefaultInstance())))
                .build();
        return Listener.newBuilder().setName(name).setAddress(address(0))
                .addFilterChains(FilterChain.newBuilder().addFilters(Filter.newBuilder()
                        .setName("envoy.filters.network.http_connection_manager").setTypedConfig(Any.pack(hcm))))
                .build();
    }

    /** Every path to {@code cluster}. */
    static RouteConfiguration route(String name, String cluster) {
        return RouteConfiguration.newBuilder().setName(name).addVirtualHosts(VirtualHost.newBuilder().setName("all")
                .addDomains("*").addRoutes(Route.newBuilder().setMatch(RouteMatch.newBuilder().setPrefix("/"))
                        .setRoute(RouteAction.newBuilder().setCluster(cluster)))).build();
    }

    static Snapshot snapshot(String version, List<Cluster> clusters, List<ClusterLoadAssignment> endpoints,
                             List<Listener> listeners, List<RouteConfiguration> routes) {
        return Snapshot.create(clusters, endpoints, listeners, routes, List.of(), version);
    }
}
