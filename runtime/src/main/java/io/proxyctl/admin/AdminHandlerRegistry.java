package io.proxyctl.admin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The admin endpoints, by path. Handlers can be registered before or after the server starts; lookups are
 * lock-free.
 */
public final class AdminHandlerRegistry {
    private final ConcurrentHashMap<String, AdminHandler> handlers = new ConcurrentHashMap<>();

    /** Registers (or replaces) the handler for its path. */
    public void register(AdminHandler handler) {
        handlers.put(handler.prefix(), handler);
    }

    public void unregister(String prefix) {
        handlers.remove(prefix);
    }

    /** The handler for an exact path, or null. */
    public AdminHandler find(String path) {
        return handlers.get(path);
    }

    /** Every handler, sorted by path. */
    public List<AdminHandler> handlers() {
        List<AdminHandler> l = new ArrayList<>(handlers.values());
        l.sort(Comparator.comparing(AdminHandler::prefix));
        return l;
    }

    /**
     * Envoy's command list: {@code admin commands are:} then one {@code   /path[ (POST)]: help} line per handler,
     * each followed by its parameters ({@code       name: help[; One of (a, b)]}).
     */
    public String helpText() {
        StringBuilder sb = new StringBuilder("admin commands are:\n");
        for (AdminHandler h : handlers()) {
            sb.append("  ").append(h.prefix()).append(h.mutatesState() ? " (POST)" : "").append(": ")
                    .append(h.helpText()).append('\n');
            for (AdminParam p : h.params()) {
                sb.append("      ").append(p.name()).append(": ").append(p.help());
                if (!p.choices().isEmpty()) {
                    sb.append("; One of (").append(String.join(", ", p.choices())).append(')');
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }
}
