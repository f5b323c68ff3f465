package io.proxyctl.config.upgrade;

import io.proxyctl.config.load.ConfigSource;
import io.proxyctl.config.load.SourceMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rewrites a v2 bootstrap (or xDS resource file) as the equivalent v3 document, the way Envoy 1.14-1.17
 * upgraded v2 on load, applying every rule of envoy.md section 2: v2 type URLs, deprecated extension names,
 * {@code config} to {@code typed_config}, a typed_config for every extension that lacks one, cluster
 * {@code hosts} and {@code tls_context}, route {@code host_rewrite}, {@code regex} matchers,
 * {@code per_filter_config}, HCM {@code idle_timeout}, {@code ORIGINAL_DST_LB}, health check {@code use_http2}
 * and {@code service_name}, {@code verify_subject_alt_name}, CORS origins, v2 runtime, and more. For a document
 * detected as v2 it also moves deprecated-but-accepted fields (cluster protocol options, admin
 * access_log_path, FileAccessLog format, HeaderMatcher exact_match, ConfigSource path) to their replacements,
 * so the result is clean current v3; a v3 document is never touched by those.
 *
 * <p>Pure: the input is not modified. The result keeps the input's name and text, and its source map gives
 * every v3 node the position of the original node it came from, so diagnostics on the upgraded document point
 * into the user's v2 file. Idempotent: upgrading the result again changes nothing.
 *
 * <pre>
 * UpgradeResult r = V2Upgrader.upgrade(source);
 * r.changes().forEach(c -&gt; System.out.println(c.position().line() + ": " + c.what()));
 * </pre>
 */
public final class V2Upgrader {
    private V2Upgrader() {
    }

    /** Upgrades {@code source}; see the class comment. Never throws for any loaded tree. */
    public static UpgradeResult upgrade(ConfigSource source) {
        Run first = run(source, false);
        // A v3 document is fully handled by the first walk; a v2 one is walked again to modernise deprecated fields.
        Run run = V2Detector.decide(source, first.context()).v2() ? run(source, true) : first;
        UpgradeContext cx = run.context();
        SourceMap map = new SourceMap();
        Map<String, String> origins = new HashMap<>();
        Object root = run.root().unwrap("", source.sourceMap(), map, origins);
        ConfigSource upgraded = new ConfigSource(source.name(), source.text(), root, map);
        return new UpgradeResult(upgraded, sorted(cx.changes), sorted(cx.unconverted), origins);
    }

    /** One walk of the rules over a copy of the document. */
    record Run(Tracked root, UpgradeContext context) {
    }

    static Run run(ConfigSource source, boolean modernize) {
        UpgradeContext cx = new UpgradeContext(source.sourceMap(), modernize);
        Tracked root = Tracked.wrap(source.root(), "");
        if (root.map() != null) {
            ResourceRules.bootstrap(cx, root, "");
            GenericRules.apply(cx, root, "");
        }
        return new Run(root, cx);
    }

    private static List<Change> sorted(List<Change> changes) {
        List<Change> out = new ArrayList<>(changes);
        out.sort(Comparator.comparingInt((Change c) -> c.position().line())
                .thenComparingInt(c -> c.position().column()));
        return out;
    }
}
