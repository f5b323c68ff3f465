package io.proxyctl.admin;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.proxyctl.accesslog.AccessLogger;
import io.proxyctl.config.model.Address;
import io.proxyctl.config.model.StringMatcher;
import io.proxyctl.network.ListenerBindException;
import io.proxyctl.stats.StatsStore;
import io.proxyctl.transport.Transport;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The admin listener ({@code admin.address}). It runs on its own single event loop, as Envoy's admin runs on the
 * main thread, so rendering a large stats or config dump never delays data-plane traffic. Requests are aggregated
 * (they are small) and dispatched through an {@link AdminHandlerRegistry}.
 */
public final class AdminServer implements AutoCloseable {
    private static final int MAX_REQUEST_BYTES = 1 << 20;

    /**
     * How the admin listener runs.
     *
     * @param address       where to bind
     * @param transport     the I/O transport
     * @param stats         where {@code http.admin.*} and {@code listener.admin.*} live
     * @param accessLoggers {@code admin.access_log} (and the deprecated {@code access_log_path})
     * @param allowPaths    {@code admin.allow_paths}; empty allows every path
     * @param errorLog      receives Envoy's admin error lines (a mutation requested without POST)
     */
    public record Settings(Address address, Transport transport, StatsStore stats, List<AccessLogger> accessLoggers,
                           List<StringMatcher> allowPaths, Consumer<String> errorLog) {
        public Settings {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(transport, "transport");
            Objects.requireNonNull(stats, "stats");
            accessLoggers = List.copyOf(accessLoggers);
            allowPaths = List.copyOf(allowPaths);
            Objects.requireNonNull(errorLog, "errorLog");
        }

        AllowPaths allowPathMatcher() {
            return new AllowPaths(allowPaths);
        }
    }

    /** The settings with the compiled allow_paths, as the per-connection handlers read them. */
    record Compiled(List<AccessLogger> accessLoggers, AllowPaths allowPaths, Consumer<String> errorLog) {
    }

    private final EventLoopGroup group;
    private final Channel serverChannel;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final AtomicLong connectionIds = new AtomicLong();

    private AdminServer(Settings settings, AdminHandlerRegistry registry) {
        Compiled compiled = new Compiled(settings.accessLoggers(), settings.allowPathMatcher(), settings.errorLog());
        AdminStats stats = new AdminStats(settings.stats());
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("proxyctl-admin", true),
                settings.transport().ioHandlerFactory());
        ServerBootstrap b = new ServerBootstrap().group(group)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        connections.add(ch);
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_REQUEST_BYTES),
                                new AdminHttpHandler(registry, compiled, stats, connectionIds.incrementAndGet()));
                    }
                });
        Address address = settings.address();
        // The admin's ipv4_compat is not read (validate reports it): an IPv6 admin address stays dual-stack.
        settings.transport().listenOn(b, address.host(), true);
        ChannelFuture f = b.bind(address.host(), address.port()).awaitUninterruptibly();
        if (!f.isSuccess()) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new ListenerBindException("admin listener: " + address + " " + reason(f.cause()), f.cause());
        }
        this.serverChannel = f.channel();
    }

    private static String reason(Throwable t) {
        String m = String.valueOf(t == null ? null : t.getMessage()).toLowerCase(Locale.ROOT);
        if (m.contains("already in use")) {
            return "already in use";
        } else if (m.contains("permission denied")) {
            return "permission denied";
        }
        return "cannot bind: " + (t == null ? "unknown error" : t.getMessage());
    }

    /** Binds the admin listener; throws {@link ListenerBindException} when the address is taken. */
    public static AdminServer start(Settings settings, AdminHandlerRegistry registry) {
        return new AdminServer(settings, registry);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** Closes the listener and its connections, then stops the admin event loop. */
    @Override
    public void close() {
        serverChannel.close().awaitUninterruptibly();
        connections.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
