package io.proxyctl.config.model;

import java.util.Objects;

/**
 * A route: a match and what to do with matching requests.
 *
 * @param name    the route name, or ""
 * @param match   the match
 * @param action  forward ({@link RouteAction}), {@link Redirect}, {@link DirectResponse} or an unsupported action
 * @param headers route-level header mutations
 */
public record Route(String name, RouteMatch match, Action action, HeaderMutations headers) {
    public Route {
        name = name == null ? "" : name;
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(action, "action");
        headers = headers == null ? HeaderMutations.NONE : headers;
    }

    /** The route's action: the {@code action} oneof. */
    public sealed interface Action permits RouteAction, Redirect, DirectResponse, Unsupported {
    }

    /** {@code filter_action} or {@code non_forwarding_action}, which the runtime answers like a missing route. */
    public record Unsupported(String kind) implements Action {
    }
}
