package io.proxyctl.config.schema;

import io.proxyctl.config.validate.DiagnosticCode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.json.JSONObject;

/**
 * google.protobuf.Duration as proto3 JSON writes it ("5s", "0.25s"): the format, the protoc-gen-validate bounds
 * the generator records as {@code x-duration} (JSON Schema cannot compare such strings), and the rewrite of near
 * misses such as "1m", "500ms" or a bare 30 into seconds.
 */
final class Durations {
    static final Pattern FORMAT = Pattern.compile("^-?[0-9]+(\\.[0-9]{1,9})?s$");
    private static final Pattern NEAR_MISS = Pattern.compile("^\\s*(-?[0-9]*\\.?[0-9]+)\\s*"
            + "(ns|us|µs|ms|s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?|d|days?)?\\s*$");

    private Durations() {
    }

    /** Adds an OUT_OF_RANGE problem when {@code value} (a valid Duration) breaks the bounds {@code d}. */
    static void range(JSONObject d, String value, Supplier<String> subject, List<ScalarRules.Problem> out) {
        BigDecimal v = seconds(value);
        String bound = null;
        if (d.has("gt") && v.compareTo(seconds(d.getString("gt"))) <= 0) {
            bound = "> " + d.getString("gt");
        } else if (d.has("gte") && v.compareTo(seconds(d.getString("gte"))) < 0) {
            bound = ">= " + d.getString("gte");
        } else if (d.has("lt") && v.compareTo(seconds(d.getString("lt"))) >= 0) {
            bound = "< " + d.getString("lt");
        } else if (d.has("lte") && v.compareTo(seconds(d.getString("lte"))) > 0) {
            bound = "<= " + d.getString("lte");
        } else if (d.has("const") && v.compareTo(seconds(d.getString("const"))) != 0) {
            bound = "exactly " + d.getString("const");
        }
        if (bound != null) {
            out.add(new ScalarRules.Problem(DiagnosticCode.OUT_OF_RANGE,
                    subject.get() + " " + value + " is out of range (must be " + bound + ")", null));
        }
    }

    /**
     * True for a well-formed Duration below zero. Proto3 allows them, Envoy does not: it converts durations with
     * DurationUtil, which throws "Expected positive duration" while the configuration loads.
     */
    static boolean negative(String value) {
        return value.startsWith("-") && FORMAT.matcher(value).matches() && seconds(value).signum() < 0;
    }

    private static BigDecimal seconds(String duration) {
        return new BigDecimal(duration.substring(0, duration.length() - 1));
    }

    /** The Duration string a near miss ("1m", "500ms", 30) stands for, or null. */
    static String fix(Object v) {
        String text = v instanceof Number n ? n.toString() : v instanceof String s ? s : null;
        if (text == null) {
            return null;
        }
        Matcher m = NEAR_MISS.matcher(text);
        if (!m.matches()) {
            return null;
        }
        BigDecimal n = new BigDecimal(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
        BigDecimal factor = switch (unit) {
            case "ns" -> new BigDecimal("0.000000001");
            case "us", "µs" -> new BigDecimal("0.000001");
            case "ms" -> new BigDecimal("0.001");
            case "m", "min", "mins", "minute", "minutes" -> BigDecimal.valueOf(60);
            case "h", "hour", "hours" -> BigDecimal.valueOf(3600);
            case "d", "day", "days" -> BigDecimal.valueOf(86400);
            default -> BigDecimal.ONE;
        };
        BigDecimal s = n.multiply(factor).stripTrailingZeros();
        if (s.scale() > 9) {
            return null;
        }
        return ScalarRules.plain(s) + "s";
    }
}
