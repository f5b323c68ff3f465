package io.proxyctl.admin;

import java.util.List;

/**
 * One admin endpoint, as Envoy's {@code UrlHandler}: matched by exact path. Handlers run on the admin listener's
 * own event loop (never a data-plane loop) and must not block on the data plane.
 */
public interface AdminHandler {
    /** The exact path, e.g. {@code /stats}. */
    String prefix();

    /** One line for {@code /help}. */
    String helpText();

    /** The documented query parameters, for {@code /help}. */
    default List<AdminParam> params() {
        return List.of();
    }

    /** Whether the endpoint changes server state (then only POST is accepted). */
    default boolean mutatesState() {
        return false;
    }

    AdminResponse handle(AdminRequest request);
}
