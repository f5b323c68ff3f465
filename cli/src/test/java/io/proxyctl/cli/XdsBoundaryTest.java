package io.proxyctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.xds.AdsTransport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The boundary around gRPC: {@code validate}, even of an ADS bootstrap, loads no gRPC or protobuf class (checked
 * in a fresh JVM with -verbose:class), while {@code run} finds the ADS client through ServiceLoader.
 */
class XdsBoundaryTest {
    @Test
    void validateOfAnAdsBootstrapLoadsNoGrpcOrProtobufClass(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("ads.yaml");
        Files.writeString(f, """
                node: {id: n1, cluster: c1}
                dynamic_resources:
                  ads_config: {api_type: GRPC, grpc_services: [{envoy_grpc: {cluster_name: xds}}]}
                  cds_config: {ads: {}}
                  lds_config: {ads: {}}
                static_resources:
                  clusters:
                  - name: xds
                    http2_protocol_options: {}
                    load_assignment: {cluster_name: xds, endpoints: [{lb_endpoints: [{endpoint: {address: {socket_address: {address: 127.0.0.1, port_value: 18000}}}}]}]}
                """);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-verbose:class", "-cp", System.getProperty("java.class.path"),
                "io.proxyctl.cli.Main", "validate", "--color=never", f.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertTrue(out.contains(f + ": OK"), out);
        assertTrue(out.contains("io.proxyctl.config.validate.ConfigValidator"), "the class log is there");
        assertFalse(out.contains(" io.grpc."), "a gRPC class was loaded");
        assertFalse(out.contains(" com.google.protobuf."), "a protobuf class was loaded");
        assertFalse(out.contains(" io.envoyproxy."), "a generated Envoy API class was loaded");
    }

    @Test
    void runFindsTheGrpcAdsClient() throws IOException {
        AdsTransport.Factory f = ServiceLoader.load(AdsTransport.Factory.class).findFirst().orElseThrow();
        assertEquals("io.proxyctl.xds.grpc.GrpcAdsFactory", f.getClass().getName());
    }
}
