package io.proxyctl.server;

import io.proxyctl.config.validate.Diagnostic;
import io.proxyctl.xds.ApplyOutcome;
import io.proxyctl.xds.ConfigApplier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Applies xDS compositions through {@link ProxyServer#reload(String, Map)}: the in-memory tree is validated and
 * swapped in atomically, and a rejection's errors (with field paths) become the NACK's lines.
 */
final class ServerConfigApplier implements ConfigApplier {
    private final Supplier<ProxyServer> server;

    ServerConfigApplier(Supplier<ProxyServer> server) {
        this.server = server;
    }

    @Override
    public ApplyOutcome apply(Map<String, Object> tree, String reason) {
        ProxyServer s = server.get();
        if (s == null) {
            return ApplyOutcome.rejected(List.of("the proxy is not running"));
        }
        ReloadResult r = s.reload("xds " + reason, tree);
        if (r.applied()) {
            List<String> bound = new ArrayList<>(r.changes().listenersAdded());
            bound.addAll(r.changes().listenersRebound());
            for (ListenerInfo l : s.listeners()) {
                if (bound.contains(l.name()) && l.bound() != null) {
                    s.options().log().accept("listener '" + l.name() + "' listening on "
                            + l.bound().getAddress().getHostAddress() + ":" + l.bound().getPort());
                }
            }
            return ApplyOutcome.ok();
        }
        List<String> problems = new ArrayList<>();
        for (Diagnostic d : r.errors()) {
            String path = d.path() == null || d.path().isEmpty() ? "" : d.path() + ": ";
            problems.add(path + d.message() + " [" + d.code().id() + "]");
        }
        if (problems.isEmpty()) {
            problems.add("the composed configuration was rejected");
        }
        return ApplyOutcome.rejected(problems);
    }
}
