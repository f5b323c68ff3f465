package io.proxyctl.router;

/** A compiled virtual host: its routes, tried in order (first match wins). */
public final class VirtualHostEntry {
    private final String name;
    private final RouteEntry[] routes;

    VirtualHostEntry(String name, RouteEntry[] routes) {
        this.name = name;
        this.routes = routes;
    }

    public String name() {
        return name;
    }

    /** The first matching route, or null. */
    public RouteEntry route(RequestView req) {
        for (RouteEntry r : routes) {
            if (r.matches(req)) {
                return r;
            }
        }
        return null;
    }
}
