package io.proxyctl.config.check;

import io.proxyctl.config.tree.Tree;
import io.proxyctl.config.upgrade.ApiVersions;
import io.proxyctl.config.upgrade.ExtensionPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One pass over a v3 document collecting what the checks look at, each with its JSON pointer: clusters,
 * listeners, filter chains and their network filters, HTTP connection managers and their HTTP filter chains,
 * route configurations, TCP proxies, and every extension element (filter, listener filter, transport socket,
 * access log). Works on bootstraps and on xDS resource files ({@code resources: [...]}); tolerant of any shape.
 */
final class ConfigIndex {
    /** A mapping at a pointer. */
    record Node(String pointer, Map<String, Object> map) {
        String str(String field) {
            return Tree.strField(map, field);
        }

        /** Pointer of a field of this mapping, in the spelling present. */
        String at(String field) {
            return Tree.field(pointer, map, field);
        }
    }

    /** An extension element: name plus typed_config, and the v3 message its typed_config names (or null). */
    record Extension(Node node, ExtensionPoint point, String name, String type) {
        boolean hasConfig() {
            return Tree.get(node.map(), "typed_config") != null || Tree.get(node.map(), "config_discovery") != null;
        }
    }

    /** A filter chain of a listener with its network filters in order. */
    record Chain(Node node, List<Extension> filters) {
    }

    /** An HTTP filter chain (an HCM's http_filters, or an upgrade config's filters) in order. */
    record HttpChain(String pointer, List<Extension> filters) {
    }

    /** A route configuration; {@code inline} for an HCM's route_config (validate_clusters defaults to true). */
    record RouteConfig(Node node, boolean inline) {
    }

    final List<Node> clusters = new ArrayList<>();
    final List<Node> listeners = new ArrayList<>();
    final List<Chain> chains = new ArrayList<>();
    final List<Node> hcms = new ArrayList<>();
    final List<HttpChain> httpChains = new ArrayList<>();
    final List<RouteConfig> routeConfigs = new ArrayList<>();
    final List<Node> tcpProxies = new ArrayList<>();
    final List<Extension> extensions = new ArrayList<>();
    /** True for an xDS resource file: clusters and routes may live in other files. */
    boolean resourceFile;
    /** True when clusters also come from CDS, so a route may name a cluster this file does not define. */
    boolean dynamicClusters;
    /** True when listeners (and so routes) also come from LDS. */
    boolean dynamicListeners;
    Node admin;
    Node bootstrap;

    static ConfigIndex of(Object root) {
        ConfigIndex ix = new ConfigIndex();
        Map<String, Object> m = Tree.map(root);
        if (m != null) {
            ix.document(new Node("", m));
        }
        return ix;
    }

    private void document(Node root) {
        if (Tree.get(root.map(), "resources") != null && Tree.get(root.map(), "static_resources") == null) {
            resourceFile = true;
            for (Tree.Item r : Tree.items(root.map(), root.pointer(), "resources")) {
                Map<String, Object> rm = r.map();
                if (rm == null) {
                    continue;
                }
                Node n = new Node(r.pointer(), rm);
                switch (String.valueOf(upgraded(Tree.anyType(rm)))) {
                    case "envoy.config.listener.v3.Listener" -> listener(n);
                    case "envoy.config.cluster.v3.Cluster" -> cluster(n);
                    case "envoy.config.route.v3.RouteConfiguration" -> routeConfigs.add(new RouteConfig(n, false));
                    default -> {
                    }
                }
            }
            return;
        }
        bootstrap = root;
        Map<String, Object> statics = Tree.mapField(root.map(), "static_resources");
        if (statics != null) {
            String sp = root.at("static_resources");
            for (Tree.Item l : Tree.items(statics, sp, "listeners")) {
                if (l.map() != null) {
                    listener(new Node(l.pointer(), l.map()));
                }
            }
            for (Tree.Item c : Tree.items(statics, sp, "clusters")) {
                if (c.map() != null) {
                    cluster(new Node(c.pointer(), c.map()));
                }
            }
        }
        Map<String, Object> dyn = Tree.mapField(root.map(), "dynamic_resources");
        if (dyn != null) {
            dynamicClusters = Tree.get(dyn, "cds_config") != null || Tree.get(dyn, "cds_resources_locator") != null;
            dynamicListeners = Tree.get(dyn, "lds_config") != null || Tree.get(dyn, "lds_resources_locator") != null;
        }
        Map<String, Object> a = Tree.mapField(root.map(), "admin");
        if (a != null) {
            admin = new Node(root.at("admin"), a);
            extensions(admin, "access_log", ExtensionPoint.ACCESS_LOG);
        }
    }

    private void listener(Node l) {
        listeners.add(l);
        extensions(l, "listener_filters", ExtensionPoint.LISTENER_FILTER);
        for (Tree.Item c : Tree.items(l.map(), l.pointer(), "filter_chains")) {
            if (c.map() != null) {
                chain(new Node(c.pointer(), c.map()));
            }
        }
        Map<String, Object> dflt = Tree.mapField(l.map(), "default_filter_chain");
        if (dflt != null) {
            chain(new Node(l.at("default_filter_chain"), dflt));
        }
        extensions(l, "access_log", ExtensionPoint.ACCESS_LOG);
    }

    private void chain(Node c) {
        List<Extension> filters = extensions(c, "filters", ExtensionPoint.NETWORK_FILTER);
        chains.add(new Chain(c, filters));
        transportSocket(c, ExtensionPoint.DOWNSTREAM_TRANSPORT_SOCKET);
        for (Extension f : filters) {
            Map<String, Object> tc = Tree.mapField(f.node().map(), "typed_config");
            if (tc == null) {
                continue;
            }
            Node config = typedConfig(new Node(f.node().at("typed_config"), tc));
            if (ApiVersions.HCM.equals(f.type())) {
                hcm(config);
            } else if (ApiVersions.TCP_PROXY.equals(f.type())) {
                tcpProxies.add(config);
                extensions(config, "access_log", ExtensionPoint.ACCESS_LOG);
            }
        }
    }

    private void hcm(Node h) {
        hcms.add(h);
        List<Extension> filters = extensions(h, "http_filters", ExtensionPoint.HTTP_FILTER);
        httpChains.add(new HttpChain(h.at("http_filters"), filters));
        for (Extension f : filters) {
            Map<String, Object> tc = Tree.mapField(f.node().map(), "typed_config");
            if (ApiVersions.ROUTER.equals(f.type()) && tc != null) {
                extensions(new Node(f.node().at("typed_config"), tc), "upstream_log", ExtensionPoint.ACCESS_LOG);
            }
        }
        for (Tree.Item u : Tree.items(h.map(), h.pointer(), "upgrade_configs")) {
            if (u.map() != null && Tree.get(u.map(), "filters") != null) {
                Node un = new Node(u.pointer(), u.map());
                httpChains.add(new HttpChain(un.at("filters"), extensions(un, "filters", ExtensionPoint.HTTP_FILTER)));
            }
        }
        extensions(h, "access_log", ExtensionPoint.ACCESS_LOG);
        Map<String, Object> rc = Tree.mapField(h.map(), "route_config");
        if (rc != null) {
            routeConfigs.add(new RouteConfig(new Node(h.at("route_config"), rc), true));
        }
    }

    private void cluster(Node c) {
        clusters.add(c);
        transportSocket(c, ExtensionPoint.UPSTREAM_TRANSPORT_SOCKET);
        for (Tree.Item m : Tree.items(c.map(), c.pointer(), "transport_socket_matches")) {
            if (m.map() != null) {
                transportSocket(new Node(m.pointer(), m.map()), ExtensionPoint.UPSTREAM_TRANSPORT_SOCKET);
            }
        }
    }

    private void transportSocket(Node owner, ExtensionPoint point) {
        Map<String, Object> ts = Tree.mapField(owner.map(), "transport_socket");
        if (ts != null) {
            extensions.add(extension(new Node(owner.at("transport_socket"), ts), point));
        }
    }

    private List<Extension> extensions(Node owner, String field, ExtensionPoint point) {
        List<Extension> out = new ArrayList<>();
        for (Tree.Item i : Tree.items(owner.map(), owner.pointer(), field)) {
            if (i.map() != null) {
                Extension e = extension(new Node(i.pointer(), i.map()), point);
                out.add(e);
                extensions.add(e);
            }
        }
        return out;
    }

    private static Extension extension(Node n, ExtensionPoint point) {
        Map<String, Object> tc = Tree.mapField(n.map(), "typed_config");
        String type = upgraded(Tree.anyType(tc));
        if (tc != null && isTypedStruct(type)) {
            type = upgraded(Tree.messageName(Tree.strField(tc, "type_url")));
        }
        return new Extension(n, point, n.str("name"), type);
    }

    /** The fields of a typed config: the Any itself, or a TypedStruct's value. */
    private static Node typedConfig(Node tc) {
        if (isTypedStruct(Tree.anyType(tc.map()))) {
            Map<String, Object> v = Tree.mapField(tc.map(), "value");
            return new Node(tc.at("value"), v == null ? Map.of() : v);
        }
        return tc;
    }

    static boolean isTypedStruct(String type) {
        return "udpa.type.v1.TypedStruct".equals(type) || "xds.type.v3.TypedStruct".equals(type);
    }

    /** A v2 message name as its v3 successor (for files checked without upgrading); others unchanged. */
    static String upgraded(String message) {
        String v3 = ApiVersions.upgradeMessage(message);
        return v3 != null ? v3 : message;
    }
}
