package io.proxyctl.cli.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ListenersAndRoutesCommandTest {
    static final String DYNAMIC = "src/test/resources/envoy-admin/config_dump_dynamic.json";
    private RecordedEnvoyAdmin envoy;

    @BeforeEach
    void start() {
        envoy = RecordedEnvoyAdmin.start();
    }

    @AfterEach
    void stop() {
        envoy.close();
    }

    @Test
    void listenersCombineBoundAddressesWithTheConfigDump() {
        Cli.Result r = Cli.run("admin", "listeners", "-a", envoy.address());
        assertEquals(0, r.code(), r::toString);
        assertEquals("""
                NAME         ADDRESS        STATE    MATCH   FILTERS                   DESTINATION
                listener_0   0.0.0.0:8080   static   all     http_connection_manager   route: local_route
                """, r.out());
        assertEquals(List.of("GET /listeners?format=json", "GET /config_dump?mask=static_listeners%2Cdynamic_listeners"),
                envoy.requests());
    }

    @Test
    void listenersJsonYamlAndRaw() {
        Cli.Result json = Cli.run("admin", "listeners", "-a", envoy.address(), "-o", "json");
        assertEquals(0, json.code(), json::toString);
        List<Object> listeners = Tree.list(JsonParser.parse(json.out()));
        assertEquals(1, listeners.size());
        assertEquals("type.googleapis.com/envoy.config.listener.v3.Listener", Tree.at(listeners.get(0), "@type"));
        assertEquals(8080L, Tree.at(listeners.get(0), "address", "socket_address", "port_value"));
        assertTrue(json.out().startsWith("[\n  {\n    \"@type\": \"type.googleapis.com/envoy.config.listener.v3.Listener\",\n    \"name\": \"listener_0\","),
                json.out());

        Cli.Result yaml = Cli.run("admin", "listeners", "-a", envoy.address(), "-o", "yaml");
        assertEquals(JsonParser.parse(json.out()), Cli.yaml(yaml.out()));

        Cli.Result raw = Cli.run("admin", "listeners", "-a", envoy.address(), "-o", "raw");
        assertEquals("listener_0::0.0.0.0:8080\n", raw.out());
    }

    @Test
    void listenersOffline() {
        Cli.Result r = Cli.run("admin", "listeners", "--file", DYNAMIC);
        assertEquals(0, r.code(), r::toString);
        assertEquals("""
                NAME            ADDRESS        STATE     MATCH                                  FILTERS                   DESTINATION
                ingress_https   0.0.0.0:8443   active    sni: api.example.com; transport: tls   http_connection_manager   rds: api_routes
                ingress_https   0.0.0.0:8443   active    default                                tcp_proxy                 cluster: backend
                ingress_tcp     [::]:9000      warming   all                                    tcp_proxy                 weighted: backend:90,canary:10
                broken          -              error     -                                      -                         -
                """, r.out());
        Cli.Result one = Cli.run("admin", "listeners", "--file", DYNAMIC, "--name", "ingress_tcp", "-o", "json");
        assertEquals("ingress_tcp", Tree.at(Tree.list(JsonParser.parse(one.out())).get(0), "name"));
        Cli.Result none = Cli.run("admin", "listeners", "--file", DYNAMIC, "--name", "nope");
        assertEquals(1, none.code());
        assertEquals("proxyctl admin: no listener named 'nope'\n", none.err());
    }

    @Test
    void routesTable() {
        Cli.Result r = Cli.run("admin", "routes", "-a", envoy.address());
        assertEquals(0, r.code(), r::toString);
        assertEquals("""
                ROUTE_CONFIG   VHOST     DOMAINS   MATCH               ACTION
                local_route    backend   *         prefix /service/1   cluster: service1
                local_route    backend   *         prefix /service/2   cluster: service2
                """, r.out());
        assertEquals(List.of("GET /config_dump?mask=static_route_configs%2Cdynamic_route_configs"), envoy.requests());
    }

    @Test
    void routesJsonYamlRawAndName() {
        Cli.Result json = Cli.run("admin", "routes", "-a", envoy.address(), "-o", "json", "--name", "local_route");
        assertEquals(0, json.code(), json::toString);
        Object rc = Tree.list(JsonParser.parse(json.out())).get(0);
        assertEquals("local_route", Tree.at(rc, "name"));
        assertEquals(2, Tree.list(Tree.at(Tree.list(Tree.at(rc, "virtual_hosts")).get(0), "routes")).size());

        Cli.Result yaml = Cli.run("admin", "routes", "-a", envoy.address(), "-o", "yaml");
        assertTrue(yaml.out().startsWith("- '@type': type.googleapis.com/envoy.config.route.v3.RouteConfiguration\n  name: local_route\n"),
                yaml.out());

        Cli.Result raw = Cli.run("admin", "routes", "-a", envoy.address(), "-o", "raw");
        assertEquals(RecordedEnvoyAdmin.fixture("config_dump.json"), raw.out());

        Cli.Result none = Cli.run("admin", "routes", "-a", envoy.address(), "--name", "other");
        assertEquals(1, none.code());
        assertEquals("proxyctl admin: no route configuration named 'other'\n", none.err());
    }

    @Test
    void routesOfferEveryMatchAndActionKind() {
        Cli.Result r = Cli.run("admin", "routes", "--file", DYNAMIC);
        assertEquals(0, r.code(), r::toString);
        assertEquals("""
                ROUTE_CONFIG   VHOST   DOMAINS                                MATCH                                  ACTION
                api_routes     api     api.example.com,api.example.com:8443   path /healthz                          direct_response: 200
                api_routes     api     api.example.com,api.example.com:8443   prefix /v1/ header :method=GET         weighted: backend:80,canary:20
                api_routes     api     api.example.com,api.example.com:8443   regex ^/v[2-9]/.* (case-insensitive)   cluster: backend
                api_routes     api     api.example.com,api.example.com:8443   prefix /old                            redirect: 308 https://new.example.com/
                """, r.out());
        Cli.Result raw = Cli.run("admin", "routes", "--file", DYNAMIC, "-o", "raw");
        assertEquals(2, raw.code());
    }
}
