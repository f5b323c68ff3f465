package io.proxyctl.cli.admin;

import java.util.List;

/**
 * A listener as {@code /listeners} reports it: its name and the addresses it is bound to.
 *
 * @param name      listener name
 * @param addresses bound addresses, {@code ip:port}; the first is the main one
 */
public record ListenerStatus(String name, List<String> addresses) {
    public ListenerStatus {
        addresses = List.copyOf(addresses);
    }
}
