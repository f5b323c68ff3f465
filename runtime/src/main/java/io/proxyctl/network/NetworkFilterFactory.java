package io.proxyctl.network;

import io.netty.channel.Channel;

/**
 * Builds the handlers of a filter chain for each accepted connection. Created once per filter chain at config
 * time; {@link #install} runs per connection on that connection's event loop.
 */
public interface NetworkFilterFactory {
    /**
     * Adds this chain's handlers to a new connection's pipeline.
     *
     * @param worker the index of the connection's event loop in the worker group
     */
    void install(Channel channel, int worker);

    /** Starts draining: new requests get {@code connection: close}; idle connections may be closed. */
    default void startDraining() {
    }

    /** The server fails (true) or passes (false) health checks; connections then close after each response. */
    default void setHealthCheckFailed(boolean failed) {
    }

    /** Asks one connection created by this factory to drain; runs on the connection's loop. */
    default void drain(Channel channel) {
        channel.close();
    }

    /** Whether the connection still has work in flight. */
    default boolean busy(Channel channel) {
        return false;
    }

    /**
     * A config reload replaced this chain by {@code replacement} on a listener that keeps its socket: returns true
     * when this chain's established connections can go on serving (taking what they need from the replacement,
     * such as its route table), false when they must drain. By default connections carry on unchanged (a
     * tcp_proxy session is already bound to its upstream).
     */
    default boolean carryOver(NetworkFilterFactory replacement) {
        return true;
    }

    /** The maximum time connections of this chain get to finish during a graceful shutdown, in ms. */
    default long drainTimeoutMillis() {
        return 0;
    }
}
