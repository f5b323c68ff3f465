package io.proxyctl.server;

import io.proxyctl.config.model.Address;
import java.net.InetSocketAddress;

/** A running listener: its name, configured address and actual bound address. */
public record ListenerInfo(String name, Address configured, InetSocketAddress bound) {
}
