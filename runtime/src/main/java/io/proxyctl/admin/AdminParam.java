package io.proxyctl.admin;

import java.util.List;

/**
 * A documented query parameter of an admin endpoint, printed by {@code /help} as
 * {@code       <name>: <help>[; One of (a, b)]}.
 *
 * @param name    the parameter name
 * @param help    one line of help
 * @param choices the allowed values of an enum parameter, empty otherwise
 */
public record AdminParam(String name, String help, List<String> choices) {
    public AdminParam {
        choices = List.copyOf(choices);
    }

    public static AdminParam of(String name, String help) {
        return new AdminParam(name, help, List.of());
    }

    public static AdminParam oneOf(String name, String help, String... choices) {
        return new AdminParam(name, help, List.of(choices));
    }
}
