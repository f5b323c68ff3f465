package io.proxyctl.admin;

/**
 * One admin endpoint, as Envoy's {@code UrlHandler}: matched by exact path. Handlers run on an event loop and
 * must not block; long work should complete asynchronously on another thread.
 */
public interface AdminHandler {
    /** The exact path, e.g. {@code /stats}. */
    String prefix();

    /** One line for {@code /help}. */
    String helpText();

    /** Whether the endpoint changes server state (then only POST is accepted). */
    default boolean mutatesState() {
        return false;
    }

    AdminResponse handle(AdminRequest request);
}
