package io.proxyctl.tcp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.proxyctl.network.NetworkFilterFactory;

/** The tcp_proxy filter of one filter chain: installs a {@link TcpProxySession} on each connection. */
public final class TcpProxyFactory implements NetworkFilterFactory {
    private final TcpProxyConfig cfg;

    public TcpProxyFactory(TcpProxyConfig cfg) {
        this.cfg = cfg;
    }

    @Override
    public void install(Channel channel, int worker) {
        // Half-close is relayed to the peer instead of closing the whole connection.
        channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        channel.pipeline().addLast("tcp_proxy", new TcpProxySession(cfg, worker));
    }
}
