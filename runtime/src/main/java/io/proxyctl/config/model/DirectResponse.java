package io.proxyctl.config.model;

/** {@code direct_response}: answer with a fixed status and an optional body. */
public record DirectResponse(int status, DataSource body) implements Route.Action {
}
