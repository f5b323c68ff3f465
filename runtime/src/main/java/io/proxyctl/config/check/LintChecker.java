package io.proxyctl.config.check;

import io.proxyctl.config.load.ConfigSource;
import io.proxyctl.config.validate.Diagnostic;
import java.util.ArrayList;
import java.util.List;

/**
 * Warnings about problems Envoy does not check (PX4xxx): a route shadowed by an earlier route of its virtual
 * host, a cluster nothing uses, a static or DNS cluster without endpoints, the admin API on a non-loopback
 * address, and deprecated fields.
 *
 * <pre>
 * List&lt;Diagnostic&gt; warnings = LintChecker.check(v3source);
 * </pre>
 */
public final class LintChecker {
    private LintChecker() {
    }

    /** Every lint warning of {@code source}, deprecations judged by {@link MessageSchemas#standard()}. */
    public static List<Diagnostic> check(ConfigSource source) {
        return check(source, MessageSchemas.standard());
    }

    /**
     * Every lint warning of {@code source}, deprecations judged by {@code schema}; with a null {@code schema} the
     * deprecated-field pass is skipped (for a pipeline that takes deprecations from the schema validator).
     */
    public static List<Diagnostic> check(ConfigSource source, MessageSchema schema) {
        Reporter r = new Reporter(source);
        ConfigIndex ix = ConfigIndex.of(source.root());
        ShadowedRoutes.check(ix, r);
        ClusterUsage.check(ix, r);
        AdminExposure.check(ix, r);
        if (schema != null) {
            DeprecatedFields.check(source, schema, r);
        }
        return new ArrayList<>(r.diagnostics());
    }
}
