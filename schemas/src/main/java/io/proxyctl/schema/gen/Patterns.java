package io.proxyctl.schema.gen;

/**
 * Regular expressions shared by the generated schema: proto3 JSON lexical forms and the protoc-gen-validate
 * well-known header rules. All are valid both as java.util.regex (what everit uses) and as ECMA-262 (what
 * editors use).
 */
final class Patterns {
    /** google.protobuf.Duration in proto3 JSON: seconds with up to nine fraction digits and an "s" suffix. */
    static final String DURATION = "^-?[0-9]+(\\.[0-9]{1,9})?s$";
    /** 32- and 64-bit integers may be written as decimal strings. */
    static final String INTEGER_STRING = "^-?[0-9]+$";
    /** Floats may be written as strings, including the special values. */
    static final String FLOAT_STRING =
            "^(-?[0-9]+(\\.[0-9]*)?([eE][-+]?[0-9]+)?|-?\\.[0-9]+([eE][-+]?[0-9]+)?|NaN|-?Infinity)$";
    /** RFC 3339 timestamp, as google.protobuf.Timestamp is written in JSON. */
    static final String TIMESTAMP =
            "^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?([Zz]|[+-][0-9]{2}:[0-9]{2})$";
    /** Standard or URL-safe base64, padded or not. */
    static final String BASE64 = "^[A-Za-z0-9+/_-]*={0,2}$";
    // protoc-gen-validate's well-known regexes (strict RFC 7230 forms, and the loose form used when strict=false)
    static final String HTTP_HEADER_NAME = "^:?[0-9a-zA-Z!#$%&'*+-.^_|~`]+$";
    static final String HTTP_HEADER_VALUE = "^[^\\u0000-\\u0008\\u000A-\\u001F\\u007F]*$";
    static final String HEADER_STRING = "^[^\\u0000\\u000A\\u000D]*$";

    private Patterns() {
    }

    /** Escapes a literal for use inside a regular expression portable to Java and ECMA-262. */
    static String literal(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if ("\\^$.|?*+()[]{}/-".indexOf(c) >= 0) {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** A pattern matching any of {@code names} regardless of letter case (Envoy parses enum names so). */
    static String caseInsensitiveAlternatives(Iterable<String> names) {
        StringBuilder sb = new StringBuilder("^(");
        boolean first = true;
        for (String n : names) {
            if (!first) {
                sb.append('|');
            }
            first = false;
            for (char c : n.toCharArray()) {
                char lo = Character.toLowerCase(c);
                char up = Character.toUpperCase(c);
                if (lo != up) {
                    sb.append('[').append(up).append(lo).append(']');
                } else {
                    sb.append(literal(String.valueOf(c)));
                }
            }
        }
        return sb.append(")$").toString();
    }
}
