package io.proxyctl.server;

import io.proxyctl.config.validate.Diagnostic;
import java.util.List;

/**
 * What {@link ProxyServer#reload} did with a new configuration.
 *
 * @param applied     true when the new config is now served; false when it was rejected and the running config
 *                    stays exactly as it was
 * @param diagnostics why it was rejected (errors first as the validator sorts them), or the warnings of an
 *                    applied config
 * @param changes     what an applied reload changed, by resource name; {@link Changes#NONE} when rejected
 */
public record ReloadResult(boolean applied, List<Diagnostic> diagnostics, Changes changes) {
    public ReloadResult {
        diagnostics = List.copyOf(diagnostics);
        changes = changes == null ? Changes.NONE : changes;
    }

    static ReloadResult rejected(List<Diagnostic> diagnostics) {
        return new ReloadResult(false, diagnostics, Changes.NONE);
    }

    /** The errors among the diagnostics. */
    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(Diagnostic::isError).toList();
    }

    /**
     * Resource names by what a reload did to them. A modified listener kept its address (and socket) unless it is
     * also in {@code listenersRebound}: then a new socket was bound and the old one drains.
     */
    public record Changes(List<String> listenersAdded, List<String> listenersModified, List<String> listenersRemoved,
                          List<String> listenersRebound, List<String> clustersAdded, List<String> clustersModified,
                          List<String> clustersRemoved) {
        public static final Changes NONE = new Changes(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of());

        public Changes {
            listenersAdded = List.copyOf(listenersAdded);
            listenersModified = List.copyOf(listenersModified);
            listenersRemoved = List.copyOf(listenersRemoved);
            listenersRebound = List.copyOf(listenersRebound);
            clustersAdded = List.copyOf(clustersAdded);
            clustersModified = List.copyOf(clustersModified);
            clustersRemoved = List.copyOf(clustersRemoved);
        }

        /** True when the new config changed no listener and no cluster. */
        public boolean none() {
            return listenersAdded.isEmpty() && listenersModified.isEmpty() && listenersRemoved.isEmpty()
                    && clustersAdded.isEmpty() && clustersModified.isEmpty() && clustersRemoved.isEmpty();
        }

        /** One line: "listeners +1 ~2 -0, clusters +0 ~1 -1". */
        public String summary() {
            return "listeners +" + listenersAdded.size() + " ~" + listenersModified.size() + " -" + listenersRemoved.size()
                    + ", clusters +" + clustersAdded.size() + " ~" + clustersModified.size() + " -" + clustersRemoved.size();
        }
    }
}
