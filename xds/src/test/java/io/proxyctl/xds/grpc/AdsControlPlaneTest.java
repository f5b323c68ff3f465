package io.proxyctl.xds.grpc;

import static io.proxyctl.xds.grpc.XdsResources.edsCluster;
import static io.proxyctl.xds.grpc.XdsResources.endpoints;
import static io.proxyctl.xds.grpc.XdsResources.listener;
import static io.proxyctl.xds.grpc.XdsResources.route;
import static io.proxyctl.xds.grpc.XdsResources.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.proxyctl.testing.LeakCheckExtension;
import io.proxyctl.testing.TestUpstream;
import io.proxyctl.xds.XdsType;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * java-control-plane's server as the real management server: a proxy with only ADS configured receives
 * clusters, endpoints, listeners and routes, serves traffic and follows snapshot changes without failed requests;
 * an invalid resource is NACKed with our diagnostic while the last good config keeps serving; a killed and
 * restarted control plane leaves traffic untouched and the proxy resynchronises.
 */
@ExtendWith(LeakCheckExtension.class)
class AdsControlPlaneTest {
    private ControlPlane cp;
    private TestUpstream a;
    private TestUpstream b;
    private TestUpstream c;
    private AdsProxy proxy;

    @BeforeEach
    void start() {
        cp = new ControlPlane().start(0);
        a = TestUpstream.start("a");
        b = TestUpstream.start("b");
        c = TestUpstream.start("c");
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (proxy != null) {
            proxy.close();
        }
        cp.close();
        a.close();
        b.close();
        c.close();
    }

    @ParameterizedTest(name = "api_type {0}")
    @ValueSource(strings = {"GRPC", "DELTA_GRPC"})
    void servesFollowsNacksAndSurvivesTheControlPlane(String apiType) throws Exception {
        boolean delta = apiType.startsWith("DELTA");
        cp.snapshot(snapshot("1", List.of(edsCluster("web")), List.of(endpoints("web", a.port())),
                List.of(listener("ingress", "routes")), List.of(route("routes", "web"))));
        proxy = AdsProxy.start("proxy-1", cp.port(), apiType);
        proxy.awaitListener("ingress");
        assertEquals("a", proxy.get("ingress"));
        assertEquals(Set.of("1"), proxy.versions());
        assertEquals(1, proxy.stat("control_plane.connected_state"));

        try (Load load = new Load(proxy.port("ingress"))) {
            // Endpoints scaled up, then down.
            cp.snapshot(snapshot("2", List.of(edsCluster("web")), List.of(endpoints("web", a.port(), b.port())),
                    List.of(listener("ingress", "routes")), List.of(route("routes", "web"))));
            load.awaitServedBy("b");
            cp.snapshot(snapshot("3", List.of(edsCluster("web")), List.of(endpoints("web", b.port())),
                    List.of(listener("ingress", "routes")), List.of(route("routes", "web"))));
            load.awaitOnlyServedBy("b");

            // The route moves to another cluster.
            cp.snapshot(snapshot("4", List.of(edsCluster("web"), edsCluster("api")),
                    List.of(endpoints("web", b.port()), endpoints("api", c.port())),
                    List.of(listener("ingress", "routes")), List.of(route("routes", "api"))));
            load.awaitOnlyServedBy("c");
            assertEquals(0, load.failures(), load::describe);
        }

        // A listener is added, then removed.
        cp.snapshot(snapshot("5", List.of(edsCluster("api")), List.of(endpoints("api", c.port())),
                List.of(listener("ingress", "routes"), listener("extra", "routes")), List.of(route("routes", "api"))));
        proxy.awaitListener("extra");
        assertEquals("c", proxy.get("extra"));
        cp.snapshot(snapshot("6", List.of(edsCluster("api")), List.of(endpoints("api", c.port())),
                List.of(listener("ingress", "routes")), List.of(route("routes", "api"))));
        Eventually.that(() -> proxy.listenerNames().equals(Set.of("ingress")), proxy::describe);

        // An invalid route configuration (a virtual host without domains) is NACKed with our diagnostic.
        RouteConfiguration bad = route("routes", "api").toBuilder()
                .setVirtualHosts(0, VirtualHost.newBuilder().setName("all").addRoutes(
                        route("routes", "api").getVirtualHosts(0).getRoutes(0))).build();
        // Settle on version 6 first (state of the world resends every type; delta only what changed).
        Eventually.that(() -> delta ? "6".equals(proxy.dynamic().snapshot().version(XdsType.LISTENER))
                : proxy.versions().equals(Set.of("6")), proxy::describe);
        String routeVersion = proxy.dynamic().snapshot().version(XdsType.ROUTE);
        cp.snapshot(snapshot("7", List.of(edsCluster("api")), List.of(endpoints("api", c.port())),
                List.of(listener("ingress", "routes")), List.of(bad)));
        Eventually.that(() -> !cp.nacks().isEmpty(), proxy::describe);
        ControlPlane.Nack nack = cp.nacks().get(0);
        assertEquals(XdsType.ROUTE.typeUrl(), nack.typeUrl());
        assertEquals(delta ? "" : "6", nack.versionInfo(), "a NACK carries the last accepted version");
        assertTrue(nack.message().startsWith("route 'routes': virtual_hosts[0]: missing required field 'domains'")
                && nack.message().endsWith("[PX2003]"), nack.message());
        // The server may resend the same bad version (SotW: once per request it answers); each is rejected.
        assertTrue(proxy.stat("rds.update_rejected") >= 1);
        assertTrue(cp.nacks().stream().allMatch(n -> n.versionInfo().equals(delta ? "" : "6")), cp.nacks()::toString);
        assertEquals("c", proxy.get("ingress"));
        // (Delta servers send only changed resources: the routes were last sent, and accepted, at version 4.)
        assertEquals(delta ? "4" : "6", routeVersion);
        assertEquals(routeVersion, proxy.dynamic().snapshot().version(XdsType.ROUTE));

        // The control plane dies: traffic goes on; it comes back with a new snapshot and the proxy resyncs.
        try (Load load = new Load(proxy.port("ingress"))) {
            int port = cp.port();
            cp.stop();
            Eventually.that(() -> proxy.stat("control_plane.connected_state") == 0, proxy::describe);
            load.awaitMoreRequests(20);
            // Make before break, as xDS asks of control planes: 'api' stays until no route names it.
            cp.snapshot(snapshot("8", List.of(edsCluster("web"), edsCluster("api")),
                    List.of(endpoints("web", a.port()), endpoints("api", c.port())),
                    List.of(listener("ingress", "routes")), List.of(route("routes", "web"))));
            cp.start(port);
            load.awaitOnlyServedBy("a");
            assertEquals(1, proxy.stat("control_plane.connected_state"));
            assertEquals(0, load.failures(), load::describe);
        }
        assertEquals(Set.of("8"), proxy.versions());
    }
}
