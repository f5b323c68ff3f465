package io.proxyctl.config.bind;

import io.proxyctl.config.model.Address;
import io.proxyctl.config.model.DataSource;
import io.proxyctl.config.model.HeaderMutations;
import io.proxyctl.config.model.HeaderValueOption;
import io.proxyctl.config.model.RegexRewrite;
import io.proxyctl.config.model.StringMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Binds the small messages shared across the bootstrap: addresses, data sources, matchers, header options. */
final class CommonBinder {
    private CommonBinder() {
    }

    /** {@code core.v3.Address}; only {@code socket_address} over TCP can be served. */
    static Address address(Obj a, String what) {
        if (a == null) {
            return null;
        }
        Obj sa = a.obj("socket_address");
        if (sa == null) {
            if (a.has("pipe")) {
                throw new BindException(a.ptr("pipe"), what + ": pipe (unix socket) addresses are not supported");
            }
            if (a.has("envoy_internal_address")) {
                throw new BindException(a.ptr("envoy_internal_address"), what + ": internal addresses are not supported");
            }
            throw new BindException(a.pointer(), what + ": address has no socket_address");
        }
        String protocol = sa.str("protocol", "TCP");
        if (!"TCP".equalsIgnoreCase(protocol) && !"0".equals(protocol)) {
            throw new BindException(sa.ptr("protocol"), what + ": only TCP addresses are supported, found " + protocol);
        }
        String host = sa.reqStr("address");
        if (sa.has("named_port") && !sa.has("port_value")) {
            throw new BindException(sa.ptr("named_port"), what + ": named_port is not supported; use port_value");
        }
        int port = sa.integer("port_value", 0);
        if (port < 0 || port > 65535) {
            throw new BindException(sa.ptr("port_value"), what + ": port " + port + " is out of range");
        }
        return new Address(host, port);
    }

    static DataSource dataSource(Obj d) {
        if (d == null) {
            return null;
        }
        if (d.has("filename")) {
            return new DataSource(DataSource.Kind.FILENAME, d.str("filename", ""));
        } else if (d.has("inline_string")) {
            return new DataSource(DataSource.Kind.INLINE_STRING, d.str("inline_string", ""));
        } else if (d.has("inline_bytes")) {
            String b64 = d.str("inline_bytes", "");
            try {
                java.util.Base64.getDecoder().decode(b64.replaceAll("\\s", ""));
            } catch (IllegalArgumentException e) {
                throw new BindException(d.ptr("inline_bytes"), "inline_bytes is not valid base64");
            }
            return new DataSource(DataSource.Kind.INLINE_BYTES, b64);
        } else if (d.has("environment_variable")) {
            return new DataSource(DataSource.Kind.ENVIRONMENT_VARIABLE, d.str("environment_variable", ""));
        }
        return new DataSource(DataSource.Kind.INLINE_STRING, "");
    }

    /** {@code type.matcher.v3.StringMatcher}. */
    static StringMatcher stringMatcher(Obj m) {
        boolean ic = m.bool("ignore_case", false);
        if (m.has("exact")) {
            return new StringMatcher(StringMatcher.Kind.EXACT, m.str("exact", ""), ic);
        } else if (m.has("prefix")) {
            return new StringMatcher(StringMatcher.Kind.PREFIX, m.str("prefix", ""), ic);
        } else if (m.has("suffix")) {
            return new StringMatcher(StringMatcher.Kind.SUFFIX, m.str("suffix", ""), ic);
        } else if (m.has("contains")) {
            return new StringMatcher(StringMatcher.Kind.CONTAINS, m.str("contains", ""), ic);
        } else if (m.has("safe_regex")) {
            return new StringMatcher(StringMatcher.Kind.SAFE_REGEX, regex(m.obj("safe_regex")), false);
        } else if (m.has("custom")) {
            throw new BindException(m.ptr("custom"), "custom string matchers are not supported");
        }
        // An empty StringMatcher: Envoy rejects it; treat it as exact "" so binding never guesses silently.
        return new StringMatcher(StringMatcher.Kind.EXACT, "", ic);
    }

    /** {@code RegexMatcher}: the {@code regex} string. */
    static String regex(Obj r) {
        return r.reqStr("regex");
    }

    static RegexRewrite regexRewrite(Obj r) {
        if (r == null) {
            return null;
        }
        Obj pattern = r.obj("pattern");
        if (pattern == null) {
            throw new BindException(r.ptr("pattern"), "regex_rewrite needs a pattern");
        }
        return new RegexRewrite(regex(pattern), r.str("substitution", ""));
    }

    static List<HeaderValueOption> headerOptions(Obj owner, String field) {
        List<HeaderValueOption> out = new ArrayList<>();
        for (Obj o : owner.objs(field)) {
            Obj h = o.obj("header");
            if (h == null) {
                throw new BindException(o.ptr("header"), "header value option has no header");
            }
            String key = h.reqStr("key").toLowerCase(Locale.ROOT);
            String value;
            if (h.has("raw_value")) {
                value = new String(java.util.Base64.getDecoder().decode(h.str("raw_value", "")),
                        java.nio.charset.StandardCharsets.UTF_8);
            } else {
                value = h.str("value", "");
            }
            HeaderValueOption.AppendAction action;
            if (o.has("append_action")) {
                action = o.enumValue("append_action", HeaderValueOption.AppendAction.class,
                        HeaderValueOption.AppendAction.APPEND_IF_EXISTS_OR_ADD);
            } else if (o.has("append")) {
                action = o.bool("append", true) ? HeaderValueOption.AppendAction.APPEND_IF_EXISTS_OR_ADD
                        : HeaderValueOption.AppendAction.OVERWRITE_IF_EXISTS_OR_ADD;
            } else {
                action = HeaderValueOption.AppendAction.APPEND_IF_EXISTS_OR_ADD;
            }
            out.add(new HeaderValueOption(key, value, action, o.bool("keep_empty_value", false)));
        }
        return out;
    }

    static List<String> lowerStrings(Obj owner, String field) {
        List<String> out = new ArrayList<>();
        for (String s : owner.strings(field)) {
            out.add(s.toLowerCase(Locale.ROOT));
        }
        return out;
    }

    /** The four {@code *_headers_to_add/remove} fields of routes, virtual hosts and route configurations. */
    static HeaderMutations headerMutations(Obj o) {
        HeaderMutations m = new HeaderMutations(headerOptions(o, "request_headers_to_add"),
                lowerStrings(o, "request_headers_to_remove"), headerOptions(o, "response_headers_to_add"),
                lowerStrings(o, "response_headers_to_remove"));
        return m.isEmpty() ? HeaderMutations.NONE : m;
    }
}
