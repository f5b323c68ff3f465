package io.proxyctl.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.proxyctl.admin.stats.PrometheusRenderer;
import io.proxyctl.stats.Tag;
import io.proxyctl.stats.TagExtractor;
import io.proxyctl.stats.TaggedName;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Envoy's default tag extraction on the names its documentation and tests use. */
class TagExtractorTest {
    static Stream<Arguments> names() {
        return Stream.of(
                Arguments.of("cluster.x.upstream_rq_200", "cluster.upstream_rq",
                        List.of(new Tag("envoy.response_code", "200"), new Tag("envoy.cluster_name", "x"))),
                Arguments.of("cluster.x.upstream_rq_2xx", "cluster.upstream_rq_xx",
                        List.of(new Tag("envoy.response_code_class", "2"), new Tag("envoy.cluster_name", "x"))),
                Arguments.of("cluster.x.upstream_rq_total", "cluster.upstream_rq_total",
                        List.of(new Tag("envoy.cluster_name", "x"))),
                Arguments.of("http.ingress_http.downstream_rq_total", "http.downstream_rq_total",
                        List.of(new Tag("envoy.http_conn_manager_prefix", "ingress_http"))),
                Arguments.of("http.admin.downstream_rq_4xx", "http.downstream_rq_xx",
                        List.of(new Tag("envoy.response_code_class", "4"), new Tag("envoy.http_conn_manager_prefix", "admin"))),
                Arguments.of("listener.0.0.0.0_10000.downstream_cx_total", "listener.downstream_cx_total",
                        List.of(new Tag("envoy.listener_address", "0.0.0.0_10000"))),
                Arguments.of("listener.[__1]_80.downstream_cx_total", "listener.downstream_cx_total",
                        List.of(new Tag("envoy.listener_address", "[__1]_80"))),
                Arguments.of("listener.admin.http.admin.downstream_rq_4xx", "listener.admin.http.downstream_rq_xx",
                        List.of(new Tag("envoy.response_code_class", "4"), new Tag("envoy.http_conn_manager_prefix", "admin"))),
                Arguments.of("listener.127.0.0.1_8080.http.ingress_http.downstream_rq_completed",
                        "listener.http.downstream_rq_completed",
                        List.of(new Tag("envoy.http_conn_manager_prefix", "ingress_http"),
                                new Tag("envoy.listener_address", "127.0.0.1_8080"))),
                Arguments.of("tcp.egress.downstream_cx_total", "tcp.downstream_cx_total",
                        List.of(new Tag("envoy.tcp_prefix", "egress"))),
                Arguments.of("vhost.vh.vcluster.vc.upstream_rq_time", "vhost.vcluster.upstream_rq_time",
                        List.of(new Tag("envoy.virtual_cluster", "vc"), new Tag("envoy.virtual_host", "vh"))),
                Arguments.of("listener_manager.worker_1.downstream_cx_total", "listener_manager.downstream_cx_total",
                        List.of(new Tag("envoy.worker_id", "worker_1"))),
                Arguments.of("server.live", "server.live", List.of()),
                Arguments.of("cluster_manager.active_clusters", "cluster_manager.active_clusters", List.of()));
    }

    @ParameterizedTest
    @MethodSource("names")
    void extracts(String name, String extracted, List<Tag> tags) {
        TaggedName t = TagExtractor.defaults().extract(name);
        assertEquals(extracted, t.extractedName());
        assertEquals(tags, t.tags());
    }

    @ParameterizedTest
    @MethodSource("names")
    void sanitisesForPrometheus(String name, String extracted, List<Tag> tags) {
        String m = PrometheusRenderer.metricName(TagExtractor.defaults().extract(name).extractedName());
        assertEquals("envoy_" + extracted.replaceAll("[^a-zA-Z0-9_]", "_"), m);
    }
}
