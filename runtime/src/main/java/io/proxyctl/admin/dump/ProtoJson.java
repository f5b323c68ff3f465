package io.proxyctl.admin.dump;

import io.proxyctl.config.tree.Tree;
import io.proxyctl.config.upgrade.ApiVersions;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites a loaded config tree as canonical proto3 JSON, the way Envoy prints a message: snake_case field
 * names, enum names (upper case, numbers turned into names), Durations as {@code "1.500s"}, 64-bit integers as
 * strings, booleans and 32-bit numbers as JSON values, single-item lists as lists, and Any values typed with their
 * v3 {@code @type} first. Fields marked sensitive in the API (private keys, passwords, generic secrets) are
 * redacted as Envoy's {@code MessageUtil::redact} does: strings become {@code "[redacted]"}, other scalars are
 * dropped. Fields the API definitions do not know are copied unchanged.
 */
final class ProtoJson {
    static final String REDACTED = "[redacted]";

    /** Fields carrying {@code (udpa.annotations.sensitive) = true} in the v3 API, as message#field. */
    private static final Set<String> SENSITIVE = Set.of(
            "envoy.extensions.transport_sockets.tls.v3.TlsCertificate#private_key",
            "envoy.extensions.transport_sockets.tls.v3.TlsCertificate#password",
            "envoy.extensions.transport_sockets.tls.v3.TlsCertificate#pkcs12",
            "envoy.extensions.transport_sockets.tls.v3.PrivateKeyProvider#typed_config",
            "envoy.extensions.transport_sockets.tls.v3.GenericSecret#secret",
            "envoy.extensions.transport_sockets.tls.v3.GenericSecret#secrets",
            "envoy.extensions.transport_sockets.tls.v3.TlsSessionTicketKeys#keys",
            "envoy.extensions.filters.http.basic_auth.v3.BasicAuth#users",
            "envoy.extensions.filters.http.oauth2.v3.OAuth2Credentials#token_secret",
            "envoy.extensions.filters.http.api_key_auth.v3.Credential#key");

    private final ProtoShapes shapes;

    ProtoJson(ProtoShapes shapes) {
        this.shapes = shapes;
    }

    /** The mapping {@code node} as message {@code message}, normalised. */
    Map<String, Object> message(Object node, String message) {
        return message(Tree.map(node), message, false);
    }

    /** An Any value: {@code @type} first (upgraded to v3), then its message's fields. */
    Map<String, Object> any(Object node, boolean sensitive) {
        Map<String, Object> m = Tree.map(node);
        if (m == null) {
            return new LinkedHashMap<>();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        String typeUrl = Tree.str(m.get("@type"));
        String name = Tree.messageName(typeUrl);
        String v3 = name == null ? null : ApiVersions.upgradeMessage(name);
        if (v3 != null) {
            name = v3;
            typeUrl = "type.googleapis.com/" + v3;
        }
        if (typeUrl != null) {
            out.put("@type", typeUrl);
        }
        Map<String, Object> rest = new LinkedHashMap<>(m);
        rest.remove("@type");
        out.putAll(message(rest, name, sensitive));
        return out;
    }

    private Map<String, Object> message(Map<String, Object> m, String message, boolean sensitive) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (m == null) {
            return out;
        }
        for (Map.Entry<String, Object> e : m.entrySet()) {
            ProtoShapes.Field f = shapes.field(message, e.getKey());
            if (f == null) {
                Object copy = sensitive ? redact(e.getValue()) : e.getValue();
                if (copy != null) {
                    out.put(e.getKey(), copy);
                }
                continue;
            }
            boolean s = sensitive || SENSITIVE.contains(message + "#" + f.name());
            Object v;
            if (f.repeated()) {
                List<Object> list = new ArrayList<>();
                for (Tree.Item item : Tree.items(e.getValue(), "")) {
                    Object one = value(item.value(), f.shape(), s);
                    if (one != null) {
                        list.add(one);
                    }
                }
                if (e.getValue() != null && !(e.getValue() instanceof List || e.getValue() instanceof Map)) {
                    Object one = value(e.getValue(), f.shape(), s);
                    if (one != null) {
                        list.add(one);
                    }
                }
                v = list;
            } else if (f.map()) {
                Map<String, Object> entries = new LinkedHashMap<>();
                Map<String, Object> src = Tree.map(e.getValue());
                if (src != null) {
                    src.forEach((k, val) -> {
                        Object one = value(val, f.shape(), s);
                        if (one != null) {
                            entries.put(k, one);
                        }
                    });
                }
                v = entries;
            } else {
                v = value(e.getValue(), f.shape(), s);
            }
            if (v != null) {
                out.put(f.name(), v);
            }
        }
        return out;
    }

    private Object value(Object v, ProtoShapes.Shape shape, boolean sensitive) {
        switch (shape.kind()) {
            case MESSAGE -> {
                return v instanceof Map ? message(Tree.map(v), shape.type(), sensitive) : v;
            }
            case ANY -> {
                return v instanceof Map ? any(v, sensitive) : v;
            }
            case ENUM -> {
                return sensitive ? null : enumName(v, shape);
            }
            case SCALAR -> {
                return sensitive ? redact(v) : scalar(v, shape.type());
            }
            default -> {
                return sensitive ? redact(v) : v;
            }
        }
    }

    private static Object enumName(Object v, ProtoShapes.Shape shape) {
        if (v instanceof String s) {
            String up = s.toUpperCase(Locale.ROOT);
            return shape.values().isEmpty() || shape.values().containsKey(up) ? up : s;
        }
        if (v instanceof Number n) {
            for (Map.Entry<String, Integer> e : shape.values().entrySet()) {
                if (e.getValue() == n.intValue()) {
                    return e.getKey();
                }
            }
        }
        return v;
    }

    private static Object scalar(Object v, String kind) {
        switch (kind) {
            case "duration" -> {
                String d = Durations.normalize(v);
                return d != null ? d : v;
            }
            case "int64", "uint64", "sint64", "fixed64", "sfixed64" -> {
                BigInteger i = integer(v);
                return i != null ? i.toString() : v;
            }
            case "int32", "uint32", "sint32", "fixed32", "sfixed32" -> {
                BigInteger i = integer(v);
                return i != null ? (Object) i.longValue() : v;
            }
            case "bool" -> {
                if (v instanceof String s && (s.equals("true") || s.equals("false"))) {
                    return Boolean.parseBoolean(s);
                }
                return v;
            }
            case "double", "float" -> {
                if (v instanceof String s) {
                    try {
                        return Double.parseDouble(s);
                    } catch (NumberFormatException e) {
                        return v;
                    }
                }
                return v;
            }
            default -> {
                return v;
            }
        }
    }

    private static BigInteger integer(Object v) {
        try {
            if (v instanceof Long || v instanceof Integer) {
                return BigInteger.valueOf(((Number) v).longValue());
            }
            if (v instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
                return new BigDecimal(d).toBigInteger();
            }
            if (v instanceof String s) {
                return new BigInteger(s.trim());
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return null;
    }

    /** A sensitive value: every string inside becomes "[redacted]", other scalars disappear. */
    private static Object redact(Object v) {
        if (v instanceof String) {
            return REDACTED;
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                Object r = "@type".equals(e.getKey()) ? e.getValue() : redact(e.getValue());
                if (r != null) {
                    out.put(String.valueOf(e.getKey()), r);
                }
            }
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) {
                Object r = redact(o);
                if (r != null) {
                    out.add(r);
                }
            }
            return out;
        }
        return null;
    }
}
