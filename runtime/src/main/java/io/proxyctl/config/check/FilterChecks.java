package io.proxyctl.config.check;

import io.proxyctl.config.tree.Tree;
import io.proxyctl.config.upgrade.ApiVersions;
import io.proxyctl.config.validate.DiagnosticCode;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Envoy's load-time checks on filter chains: the router is the last HTTP filter (and a chain does not end in a
 * non-terminal filter), a terminal network filter is last in its chain, and every extension has a typed_config
 * (since 1.22 the type URL selects the implementation).
 */
final class FilterChecks {
    /** HTTP filters that end a chain. */
    private static final Set<String> TERMINAL_HTTP = Set.of(ApiVersions.ROUTER,
            "envoy.extensions.filters.http.upstream_codec.v3.UpstreamCodec");
    /** Network filters that end a chain (Envoy's isTerminalFilterByProto). */
    private static final Set<String> TERMINAL_NETWORK = Set.of(
            ApiVersions.HCM,
            ApiVersions.TCP_PROXY,
            "envoy.extensions.filters.network.redis_proxy.v3.RedisProxy",
            "envoy.extensions.filters.network.thrift_proxy.v3.ThriftProxy",
            "envoy.extensions.filters.network.dubbo_proxy.v3.DubboProxy",
            "envoy.extensions.filters.network.direct_response.v3.Config",
            "envoy.extensions.filters.network.echo.v3.Echo",
            "envoy.extensions.filters.network.generic_proxy.v3.GenericProxy",
            "envoy.extensions.filters.network.rocketmq_proxy.v3.RocketmqProxy",
            "envoy.extensions.filters.udp.udp_proxy.v3.UdpProxyConfig");

    private FilterChecks() {
    }

    static void check(ConfigIndex ix, Reporter r) {
        for (ConfigIndex.HttpChain chain : ix.httpChains) {
            httpChain(chain, r);
        }
        for (ConfigIndex.Chain chain : ix.chains) {
            networkChain(chain, r);
        }
        for (ConfigIndex.Extension e : ix.extensions) {
            typedConfig(e, r);
        }
    }

    private static void httpChain(ConfigIndex.HttpChain chain, Reporter r) {
        List<ConfigIndex.Extension> filters = chain.filters();
        if (filters.isEmpty()) {
            return;
        }
        for (int i = 0; i < filters.size() - 1; i++) {
            ConfigIndex.Extension f = filters.get(i);
            if (isTerminal(TERMINAL_HTTP, f)) {
                r.atValue(DiagnosticCode.ROUTER_NOT_LAST, namePointer(f), "Error: terminal filter named " + f.name()
                        + " of type " + typeName(f) + " must be the last filter in a http filter chain.",
                        "move it to the end of http_filters; filters after the router never run");
            }
        }
        ConfigIndex.Extension last = filters.get(filters.size() - 1);
        // A filter of unknown type is already PX3010 (Envoy stops there); do not call it non-terminal too.
        if (type(last) != null && !isTerminal(TERMINAL_HTTP, last)) {
            r.atValue(DiagnosticCode.ROUTER_NOT_LAST, namePointer(last), "Error: non-terminal filter named "
                    + last.name() + " of type " + typeName(last) + " is the last filter in a http filter chain.",
                    "end http_filters with the router: {name: envoy.filters.http.router, typed_config: {\"@type\": "
                            + ApiVersions.TYPE_PREFIX + ApiVersions.ROUTER + "}}");
        }
    }

    private static void networkChain(ConfigIndex.Chain chain, Reporter r) {
        List<ConfigIndex.Extension> filters = chain.filters();
        for (int i = 0; i < filters.size() - 1; i++) {
            ConfigIndex.Extension f = filters.get(i);
            if (isTerminal(TERMINAL_NETWORK, f)) {
                r.atValue(DiagnosticCode.TERMINAL_FILTER_NOT_LAST, namePointer(f), "Error: terminal filter named "
                        + f.name() + " of type " + typeName(f) + " must be the last filter in a network filter chain.",
                        "move it to the end of the chain's filters, or remove the filters after it");
            }
        }
    }

    private static void typedConfig(ConfigIndex.Extension e, Reporter r) {
        if (e.hasConfig() || Tree.bool(e.node().map(), "is_optional", false)) {
            return;
        }
        if (Tree.get(e.node().map(), "config") != null) {
            return; // the v2 'config' field is already PX2014, whose remedy is this typed_config
        }
        String name = e.name() == null ? "" : e.name();
        String known = ApiVersions.typeFor(e.point(), name);
        String suggestion = known != null
                ? "add typed_config: {\"@type\": " + ApiVersions.TYPE_PREFIX + known + "}"
                : "add a typed_config whose \"@type\" names the extension's v3 config message";
        r.atValue(DiagnosticCode.MISSING_TYPED_CONFIG, e.node().pointer(), "Didn't find a registered implementation "
                + "for '" + name + "' with type URL: '' (" + e.point().label() + " without typed_config; Envoy >= 1.22)",
                suggestion);
    }

    /** Null-safe: a filter with no typed_config and an unknown name has no type (immutable sets reject null). */
    private static boolean isTerminal(Set<String> terminal, ConfigIndex.Extension f) {
        String type = type(f);
        return type != null && terminal.contains(type);
    }

    /** The v3 message of a filter: its typed_config's type, or the type its (canonical) name implies. */
    private static String type(ConfigIndex.Extension f) {
        if (f.type() != null) {
            return f.type();
        }
        return ApiVersions.typeFor(f.point(), f.name());
    }

    /** Envoy names a filter's type by its canonical extension name. */
    private static String typeName(ConfigIndex.Extension f) {
        String type = type(f);
        if (type == null) {
            return f.name();
        }
        for (Map.Entry<String, String> e : ApiVersions.knownTypes(f.point()).entrySet()) {
            if (e.getValue().equals(type)) {
                return e.getKey();
            }
        }
        return type;
    }

    private static String namePointer(ConfigIndex.Extension f) {
        return Tree.key(f.node().map(), "name") != null ? f.node().at("name") : f.node().pointer();
    }
}
