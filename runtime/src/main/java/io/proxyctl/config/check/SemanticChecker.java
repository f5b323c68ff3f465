package io.proxyctl.config.check;

import io.proxyctl.config.load.ConfigSource;
import io.proxyctl.config.validate.Diagnostic;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks Envoy makes when it loads a configuration, beyond what the proto schema expresses (PX3xxx errors):
 * routes naming unknown clusters (inline route_config validates clusters by default), duplicate cluster and
 * listener names, two listeners on one address, several "*" domains or a repeated domain in one route
 * configuration, the router not last among HTTP filters, a terminal network filter not last, ORIGINAL_DST
 * without CLUSTER_PROVIDED, an extension without typed_config, and regexes RE2 cannot compile. Duplicate virtual
 * host names are reported as a warning, since Envoy accepts them.
 *
 * <p>Works on a v3 document (for v2 input, on the output of {@code V2Upgrader}, whose source map points into the
 * original file). Each diagnostic stands at the offending value or key, names the resource, and suggests a fix.
 * Pure; tolerant of any tree shape (schema validation reports shape errors).
 *
 * <pre>
 * List&lt;Diagnostic&gt; errors = SemanticChecker.check(v3source);
 * </pre>
 */
public final class SemanticChecker {
    private SemanticChecker() {
    }

    /** Every load-time problem of {@code source}, in the order the checks find them. */
    public static List<Diagnostic> check(ConfigSource source) {
        Reporter r = new Reporter(source);
        ConfigIndex ix = ConfigIndex.of(source.root());
        ResourceChecks.check(ix, r);
        RouteChecks.check(ix, r);
        FilterChecks.check(ix, r);
        RegexChecks.check(source.root(), r);
        DynamicResourceChecks.check(ix, r);
        return new ArrayList<>(r.diagnostics());
    }
}
