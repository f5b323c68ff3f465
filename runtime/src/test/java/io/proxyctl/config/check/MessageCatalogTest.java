package io.proxyctl.config.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.config.ProtoIndex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Proves the builtin message catalogue is current with the official protos, and holds the list of messages it
 * covers. To regenerate after changing the list or bumping the API: {@code mvn -q -o -pl runtime -am test
 * -Dtest=MessageCatalogTest -Dproxyctl.regenerate=true -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class MessageCatalogTest {
    private static final Path CATALOG = Path.of("src/main/resources/io/proxyctl/config/check/message-catalog.txt");

    /** The messages proxyctl walks: issue 3's runtime scope plus the commonly used parts around it. */
    static final List<String> MESSAGES = List.of(
            "envoy.config.bootstrap.v3.Bootstrap",
            "envoy.config.bootstrap.v3.Bootstrap.StaticResources",
            "envoy.config.bootstrap.v3.Bootstrap.DynamicResources",
            "envoy.config.bootstrap.v3.Admin",
            "envoy.config.bootstrap.v3.LayeredRuntime",
            "envoy.config.core.v3.Node",
            "envoy.config.core.v3.Locality",
            "envoy.config.listener.v3.Listener",
            "envoy.config.listener.v3.FilterChain",
            "envoy.config.listener.v3.FilterChainMatch",
            "envoy.config.listener.v3.Filter",
            "envoy.config.listener.v3.ListenerFilter",
            "envoy.config.core.v3.Address",
            "envoy.config.core.v3.SocketAddress",
            "envoy.config.core.v3.Pipe",
            "envoy.config.core.v3.TransportSocket",
            "envoy.config.accesslog.v3.AccessLog",
            "envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
            "envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter",
            "envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager.UpgradeConfig",
            "envoy.extensions.filters.network.http_connection_manager.v3.Rds",
            "envoy.config.core.v3.HttpProtocolOptions",
            "envoy.config.core.v3.Http1ProtocolOptions",
            "envoy.config.core.v3.Http2ProtocolOptions",
            "envoy.config.route.v3.RouteConfiguration",
            "envoy.config.route.v3.VirtualHost",
            "envoy.config.route.v3.Route",
            "envoy.config.route.v3.RouteMatch",
            "envoy.config.route.v3.HeaderMatcher",
            "envoy.config.route.v3.QueryParameterMatcher",
            "envoy.type.matcher.v3.StringMatcher",
            "envoy.type.matcher.v3.RegexMatcher",
            "envoy.type.matcher.v3.RegexMatchAndSubstitute",
            "envoy.config.route.v3.RouteAction",
            "envoy.config.route.v3.WeightedCluster",
            "envoy.config.route.v3.WeightedCluster.ClusterWeight",
            "envoy.config.route.v3.RouteAction.HashPolicy",
            "envoy.config.route.v3.RouteAction.HashPolicy.Header",
            "envoy.config.route.v3.RouteAction.HashPolicy.Cookie",
            "envoy.config.route.v3.RouteAction.HashPolicy.ConnectionProperties",
            "envoy.config.route.v3.RouteAction.HashPolicy.QueryParameter",
            "envoy.config.route.v3.RouteAction.RequestMirrorPolicy",
            "envoy.config.route.v3.RouteAction.UpgradeConfig",
            "envoy.config.route.v3.RetryPolicy",
            "envoy.config.route.v3.RedirectAction",
            "envoy.config.route.v3.DirectResponseAction",
            "envoy.config.route.v3.CorsPolicy",
            "envoy.config.core.v3.DataSource",
            "envoy.config.core.v3.HeaderValueOption",
            "envoy.config.core.v3.HeaderValue",
            "envoy.config.core.v3.RuntimeFractionalPercent",
            "envoy.type.v3.FractionalPercent",
            "envoy.type.v3.Int64Range",
            "envoy.extensions.filters.http.router.v3.Router",
            "envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy",
            "envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy.WeightedCluster",
            "envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy.WeightedCluster.ClusterWeight",
            "envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector",
            "envoy.extensions.access_loggers.file.v3.FileAccessLog",
            "envoy.extensions.access_loggers.stream.v3.StdoutAccessLog",
            "envoy.extensions.access_loggers.stream.v3.StderrAccessLog",
            "envoy.config.core.v3.SubstitutionFormatString",
            "envoy.config.cluster.v3.Cluster",
            "envoy.config.cluster.v3.Cluster.EdsClusterConfig",
            "envoy.config.cluster.v3.Cluster.RingHashLbConfig",
            "envoy.config.cluster.v3.Cluster.MaglevLbConfig",
            "envoy.config.cluster.v3.CircuitBreakers",
            "envoy.config.cluster.v3.CircuitBreakers.Thresholds",
            "envoy.config.cluster.v3.CircuitBreakers.Thresholds.RetryBudget",
            "envoy.config.cluster.v3.OutlierDetection",
            "envoy.config.endpoint.v3.ClusterLoadAssignment",
            "envoy.config.endpoint.v3.LocalityLbEndpoints",
            "envoy.config.endpoint.v3.LbEndpoint",
            "envoy.config.endpoint.v3.Endpoint",
            "envoy.config.endpoint.v3.Endpoint.HealthCheckConfig",
            "envoy.config.core.v3.HealthCheck",
            "envoy.config.core.v3.HealthCheck.HttpHealthCheck",
            "envoy.config.core.v3.HealthCheck.TcpHealthCheck",
            "envoy.config.core.v3.HealthCheck.Payload",
            "envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext",
            "envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext",
            "envoy.extensions.transport_sockets.tls.v3.CommonTlsContext",
            "envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext",
            "envoy.extensions.transport_sockets.tls.v3.TlsCertificate",
            "envoy.extensions.transport_sockets.tls.v3.TlsParameters",
            "envoy.extensions.transport_sockets.raw_buffer.v3.RawBuffer",
            "envoy.extensions.upstreams.http.v3.HttpProtocolOptions",
            "envoy.extensions.upstreams.http.v3.HttpProtocolOptions.ExplicitHttpConfig",
            "envoy.config.core.v3.ConfigSource",
            "envoy.config.core.v3.ApiConfigSource",
            "envoy.config.core.v3.PathConfigSource",
            "envoy.config.core.v3.GrpcService",
            "envoy.config.core.v3.GrpcService.EnvoyGrpc");

    @Test
    void catalogIsCurrentWithTheProtos() throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("# Generated from the protos in io.envoyproxy.controlplane:api by MessageCatalogTest (which proves\n");
        sb.append("# it current): message field SINGULAR|REPEATED|MAP type deprecated|-\n");
        for (String name : MESSAGES) {
            ProtoIndex.Message m = ProtoIndex.get().message(name);
            assertNotNull(m, name);
            for (ProtoIndex.Field f : m.fields().values()) {
                String kind = f.map() ? "MAP" : f.repeated() ? "REPEATED" : "SINGULAR";
                sb.append(name).append(' ').append(f.name()).append(' ').append(kind).append(' ').append(f.type())
                        .append(' ').append(f.deprecated() ? "deprecated" : "-").append('\n');
            }
        }
        String expected = sb.toString();
        if (Boolean.getBoolean("proxyctl.regenerate")) {
            Files.writeString(CATALOG, expected, StandardCharsets.UTF_8);
        }
        assertEquals(expected, Files.readString(CATALOG, StandardCharsets.UTF_8),
                "message-catalog.txt is stale; regenerate it (see this test's Javadoc)");
    }

    @Test
    void catalogAnswersWithTypesAndDeprecationMarks() {
        CatalogSchema s = CatalogSchema.builtin();
        FieldInfo la = s.field("envoy.config.cluster.v3.Cluster", "load_assignment");
        assertEquals("envoy.config.endpoint.v3.ClusterLoadAssignment", la.type());
        assertEquals(FieldInfo.Kind.SINGULAR, la.kind());
        assertFalse(la.deprecated());
        assertTrue(s.field("envoy.config.cluster.v3.Cluster", "http2_protocol_options").deprecated());
        assertTrue(s.field("envoy.config.bootstrap.v3.Admin", "access_log_path").deprecated());
        assertTrue(s.field("envoy.type.matcher.v3.RegexMatcher", "google_re2").deprecated());
        assertEquals(FieldInfo.Kind.REPEATED, s.field("envoy.config.listener.v3.Listener", "filter_chains").kind());
        assertEquals(FieldInfo.Kind.MAP, s.field("envoy.config.route.v3.Route", "typed_per_filter_config").kind());
        assertTrue(s.field("envoy.config.listener.v3.Filter", "typed_config").isAny());
        assertNull(s.field("envoy.config.cluster.v3.Cluster", "hosts"));
        assertTrue(s.knows("envoy.config.route.v3.RouteAction"));
        assertTrue(s.knows("envoy.config.cluster.v3.OutlierDetection"));
        assertFalse(s.knows("envoy.config.cluster.v3.Cluster.LbSubsetConfig"));
    }
}
