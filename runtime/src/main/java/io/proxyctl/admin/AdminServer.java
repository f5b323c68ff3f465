package io.proxyctl.admin;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.proxyctl.config.model.Address;
import io.proxyctl.network.ListenerBindException;
import io.proxyctl.transport.Workers;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The admin listener ({@code admin.address}). Requests are aggregated (they are small) and dispatched through
 * an {@link AdminHandlerRegistry}; with no handlers registered every path answers 404.
 */
public final class AdminServer implements AutoCloseable {
    private static final int MAX_REQUEST_BYTES = 1 << 20;

    private final Channel serverChannel;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

    private AdminServer(Address address, Workers workers, AdminHandlerRegistry registry) {
        ServerBootstrap b = new ServerBootstrap().group(workers.group()).channel(workers.transport().serverChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        connections.add(ch);
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_REQUEST_BYTES),
                                new AdminHttpHandler(registry));
                    }
                });
        ChannelFuture f = b.bind(address.host(), address.port()).awaitUninterruptibly();
        if (!f.isSuccess()) {
            throw new ListenerBindException("admin listener: " + address + " " + reason(f.cause()), f.cause());
        }
        this.serverChannel = f.channel();
    }

    private static String reason(Throwable t) {
        String m = String.valueOf(t == null ? null : t.getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (m.contains("already in use")) {
            return "already in use";
        } else if (m.contains("permission denied")) {
            return "permission denied";
        }
        return "cannot bind: " + (t == null ? "unknown error" : t.getMessage());
    }

    /** Binds the admin listener; throws {@link ListenerBindException} when the address is taken. */
    public static AdminServer start(Address address, Workers workers, AdminHandlerRegistry registry) {
        return new AdminServer(address, workers, registry);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    @Override
    public void close() {
        serverChannel.close().awaitUninterruptibly();
        connections.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
}
