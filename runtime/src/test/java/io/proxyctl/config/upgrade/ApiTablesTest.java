package io.proxyctl.config.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.proxyctl.config.ProtoIndex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Proves the upgrade tables agree with the official Envoy protos: the generated v2 -> v3 message table is
 * current, and every v3 message the upgrader can emit exists.
 *
 * <p>To regenerate the table after an API bump: {@code mvn -q -o -pl runtime -am test -Dtest=ApiTablesTest
 * -Dproxyctl.regenerate=true -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class ApiTablesTest {
    private static final Path TABLE = Path.of("src/main/resources/io/proxyctl/config/upgrade/v2-v3-messages.txt");

    @Test
    void messageTableIsCurrent() throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("# Generated from the previous_message_type annotations of the v3 protos in\n");
        sb.append("# io.envoyproxy.controlplane:api; ApiTablesTest proves it current. v2 message -> v3 message,\n");
        sb.append("# or '-' for a v2 message no v3 message replaces (the extension was removed from Envoy).\n");
        Map<String, String> successors = ProtoIndex.get().v2ToV3();
        for (String name : ProtoIndex.get().messages().keySet()) {
            if (ApiVersions.isV2Message(name)) {
                String v3 = successors.get(name);
                if (v3 == null) {
                    // A few v3 messages name a non-existent intermediate as predecessor (ext_authz): the
                    // package rules find them.
                    String guess = ApiVersions.byPackageRules(name);
                    v3 = guess != null && ProtoIndex.get().message(guess) != null ? guess : "-";
                }
                sb.append(name).append(' ').append(v3).append('\n');
            }
        }
        String expected = sb.toString();
        if (Boolean.getBoolean("proxyctl.regenerate")) {
            Files.writeString(TABLE, expected, StandardCharsets.UTF_8);
        }
        assertEquals(expected, Files.readString(TABLE, StandardCharsets.UTF_8),
                "v2-v3-messages.txt is stale; regenerate it (see this test's Javadoc)");
    }

    @Test
    void everyKnownExtensionTypeExistsInTheApi() {
        List<String> missing = new ArrayList<>();
        for (ExtensionPoint p : ExtensionPoint.values()) {
            for (String type : ApiVersions.knownTypes(p).values()) {
                if (ProtoIndex.get().message(type) == null) {
                    missing.add(p + ": " + type);
                }
            }
        }
        assertTrue(missing.isEmpty(), "not in the Envoy API: " + missing);
    }

    @Test
    void everyV2MessageOfTheApiUpgradesToAnExistingV3Message() {
        List<String> bad = new ArrayList<>();
        for (String name : ProtoIndex.get().messages().keySet()) {
            if (!ApiVersions.isV2Message(name) || name.contains(".v2alpha") || name.contains(".v2beta")) {
                continue;
            }
            String v3 = ApiVersions.upgradeMessage(name);
            if (v3 != null && ProtoIndex.get().message(v3) == null) {
                bad.add(name + " -> " + v3);
            }
        }
        assertTrue(bad.isEmpty(), "upgrades to a message that does not exist: " + bad);
    }

    @Test
    void commonV2TypesUpgradeAsEnvoyMdSaysWithTheUrlPrefixKept() {
        assertEquals("type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
                ApiVersions.upgradeTypeUrl(
                        "type.googleapis.com/envoy.config.filter.network.http_connection_manager.v2.HttpConnectionManager"));
        assertEquals("type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext",
                ApiVersions.upgradeTypeUrl("type.googleapis.com/envoy.api.v2.auth.UpstreamTlsContext"));
        assertEquals("envoy.config.cluster.v3.Cluster", ApiVersions.upgradeMessage("envoy.api.v2.Cluster"));
        assertEquals("envoy.config.core.v3.Address", ApiVersions.upgradeMessage("envoy.api.v2.core.Address"));
        assertEquals("envoy.extensions.filters.http.ratelimit.v3.RateLimit",
                ApiVersions.upgradeMessage("envoy.config.filter.http.rate_limit.v2.RateLimit"));
        assertEquals("envoy.extensions.filters.http.ext_authz.v3.ExtAuthz",
                ApiVersions.upgradeMessage("envoy.config.filter.http.ext_authz.v2.ExtAuthz"));
        assertEquals("envoy.extensions.access_loggers.file.v3.FileAccessLog",
                ApiVersions.upgradeMessage("envoy.config.accesslog.v2.FileAccessLog"));
        assertEquals("envoy.service.discovery.v3.DiscoveryResponse",
                ApiVersions.upgradeMessage("envoy.api.v2.DiscoveryResponse"));
    }

    @Test
    void v3AndNonEnvoyTypesAreNotV2() {
        assertFalse(ApiVersions.isV2Message(ApiVersions.HCM));
        assertFalse(ApiVersions.isV2Message("udpa.type.v1.TypedStruct"));
        assertFalse(ApiVersions.isV2Message("google.protobuf.Struct"));
        assertNull(ApiVersions.upgradeTypeUrl("type.googleapis.com/" + ApiVersions.ROUTER));
        assertTrue(ApiVersions.isV3Message(ApiVersions.ROUTER));
        assertTrue(ApiVersions.isV2Message("envoy.config.filter.listener.tls_inspector.v2.TlsInspector"));
    }

    @Test
    void deprecatedNamesMapToCanonicalNamesWithKnownTypes() {
        assertEquals("envoy.filters.http.router", ApiVersions.canonicalName(ExtensionPoint.HTTP_FILTER, "envoy.router"));
        assertEquals("envoy.filters.network.ext_authz",
                ApiVersions.canonicalName(ExtensionPoint.NETWORK_FILTER, "envoy.ext_authz"));
        assertEquals("envoy.filters.http.ext_authz", ApiVersions.canonicalName(ExtensionPoint.HTTP_FILTER, "envoy.ext_authz"));
        assertEquals("envoy.filters.listener.tls_inspector",
                ApiVersions.canonicalName(ExtensionPoint.LISTENER_FILTER, "envoy.listener.tls_inspector"));
        assertEquals(ApiVersions.UPSTREAM_TLS, ApiVersions.typeFor(ExtensionPoint.UPSTREAM_TRANSPORT_SOCKET, "tls"));
        assertEquals(ApiVersions.DOWNSTREAM_TLS, ApiVersions.typeFor(ExtensionPoint.DOWNSTREAM_TRANSPORT_SOCKET, "tls"));
        for (ExtensionPoint p : ExtensionPoint.values()) {
            for (Map.Entry<String, String> e : ApiVersions.deprecatedNames(p).entrySet()) {
                assertNotNull(e.getValue());
                if (p == ExtensionPoint.STATS_SINK || p == ExtensionPoint.TRACER || p == ExtensionPoint.PER_ROUTE) {
                    continue;
                }
                if (ApiVersions.typeFor(p, e.getKey()) == null && !removedFromEnvoy(e.getValue())) {
                    fail(p + " " + e.getKey() + " has no v3 config type");
                }
            }
        }
    }

    private static boolean removedFromEnvoy(String name) {
        return name.endsWith("client_ssl_auth") || name.endsWith("squash") || name.endsWith("dynamo");
    }
}
