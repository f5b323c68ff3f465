package io.proxyctl.config.upgrade;

import io.proxyctl.config.load.ConfigSource;
import io.proxyctl.config.load.JsonPointer;
import io.proxyctl.config.tree.Tree;
import io.proxyctl.config.validate.Diagnostic;
import io.proxyctl.config.validate.DiagnosticCode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Decides whether a loaded document uses the v2 API, and says why.
 *
 * <p>Evidence comes from the same rules {@link V2Upgrader} applies (so detection and conversion never disagree):
 * v2 type URLs ({@code envoy.api.v2.*}, {@code envoy.config.filter.*.v2.*}, ...) and fields that exist only in
 * v2 ({@code hosts}, {@code tls_context}, filter {@code config}, HCM {@code idle_timeout}, route
 * {@code host_rewrite}, {@code regex} matches, {@code per_filter_config}, {@code use_http2}, ...). A document is v2
 * when it names a v2 type, or when it has v2-only fields and names no v3 type. A document naming v3 types but
 * using v2 fields is a v3 document with mistakes: its signals are reported as errors, not upgraded silently.
 *
 * <pre>
 * V2Detection d = V2Detector.detect(source);
 * if (d.v2()) { diagnostics.add(V2Detector.warning(source, d)); source = V2Upgrader.upgrade(source).source(); }
 * </pre>
 */
public final class V2Detector {
    private static final int MAX_LISTED = 3;

    private V2Detector() {
    }

    /** Detects the API version of {@code source}. Pure; never throws for any loaded tree. */
    public static V2Detection detect(ConfigSource source) {
        if (!V2Keys.mayHoldV2(source.root())) {
            return new V2Detection(false, List.of(), hasV3TypeUrl(source.root()));
        }
        return decide(source, V2Upgrader.run(source, false).context());
    }

    /** The verdict from a walk of the rules without modernisation. */
    static V2Detection decide(ConfigSource source, UpgradeContext cx) {
        List<Change> evidence = new ArrayList<>();
        for (Change c : cx.changes) {
            if (c.kind().isV2Signal()) {
                evidence.add(c);
            }
        }
        for (Change c : cx.unconverted) {
            if (c.kind().isV2Signal()) {
                evidence.add(c);
            }
        }
        evidence.sort(Comparator.comparingInt((Change c) -> c.position().line())
                .thenComparingInt(c -> c.position().column()));
        List<V2Signal> signals = new ArrayList<>();
        boolean v2Type = false;
        for (Change c : evidence) {
            v2Type |= c.kind() == Change.Kind.V2_TYPE_URL;
            signals.add(new V2Signal(c.pointer(), c.position(), describe(c)));
        }
        boolean v3 = hasV3TypeUrl(source.root());
        return new V2Detection(v2Type || (!signals.isEmpty() && !v3), signals, v3);
    }

    private static String describe(Change c) {
        if (c.kind() == Change.Kind.V2_TYPE_URL) {
            String what = c.what();
            int arrow = what.indexOf(" -> ");
            return "v2 type " + (arrow > 0 ? what.substring(0, arrow) : what);
        }
        String field = JsonPointer.tokens(c.pointer()).isEmpty() ? c.pointer()
                : JsonPointer.tokens(c.pointer()).get(JsonPointer.tokens(c.pointer()).size() - 1);
        return "v2 field " + field;
    }

    /**
     * The PX5001 warning for a document taken as v2: where the first evidence is, what was found (up to three
     * signals), that current Envoy rejects the file, and how to convert it.
     */
    public static Diagnostic warning(ConfigSource source, V2Detection detection) {
        List<V2Signal> s = detection.signals();
        V2Signal first = s.isEmpty() ? null : s.get(0);
        StringBuilder found = new StringBuilder();
        for (int i = 0; i < Math.min(MAX_LISTED, s.size()); i++) {
            if (i > 0) {
                found.append(", ");
            }
            found.append(s.get(i).what()).append(" (line ").append(s.get(i).position().line()).append(')');
        }
        if (s.size() > MAX_LISTED) {
            found.append(" and ").append(s.size() - MAX_LISTED).append(" more");
        }
        String message = "v2 API configuration: " + found + "; Envoy removed v2 in 1.18 and rejects this file, "
                + "proxyctl upgraded it to v3 on load";
        String suggestion = "run 'proxyctl convert " + source.name() + "' to write the v3 equivalent";
        return new Diagnostic(source.name(), first == null ? 1 : first.position().line(),
                first == null ? 1 : first.position().column(), DiagnosticCode.V2_CONFIG.defaultSeverity(),
                DiagnosticCode.V2_CONFIG, message, first == null ? "" : first.pointer(), suggestion);
    }

    /**
     * PX2014 errors for a document taken as v3 that still uses v2-only constructs (Envoy rejects each one);
     * empty for a v2 document or a clean v3 one.
     */
    public static List<Diagnostic> v2FieldsInV3(ConfigSource source, V2Detection detection) {
        List<Diagnostic> out = new ArrayList<>();
        if (detection.v2()) {
            return out;
        }
        for (V2Signal s : detection.signals()) {
            out.add(new Diagnostic(source.name(), s.position().line(), s.position().column(),
                    DiagnosticCode.V2_FIELD_IN_V3.defaultSeverity(), DiagnosticCode.V2_FIELD_IN_V3,
                    s.what() + " in a v3 configuration: Envoy rejects it", s.pointer(),
                    "run 'proxyctl convert " + source.name() + "' to rewrite the v2 parts in v3 form"));
        }
        return out;
    }

    private static boolean hasV3TypeUrl(Object node) {
        Map<String, Object> m = Tree.map(node);
        if (m != null) {
            for (Map.Entry<String, Object> e : m.entrySet()) {
                if ((e.getKey().equals("@type") || e.getKey().equals("type_url"))
                        && ApiVersions.isV3Message(Tree.messageName(Tree.str(e.getValue())))) {
                    return true;
                }
                if (hasV3TypeUrl(e.getValue())) {
                    return true;
                }
            }
        } else if (node instanceof List<?> l) {
            for (Object o : l) {
                if (hasV3TypeUrl(o)) {
                    return true;
                }
            }
        }
        return false;
    }
}
