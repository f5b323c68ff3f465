package io.proxyctl.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.unix.IntegerUnixChannelOption;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import java.nio.channels.spi.SelectorProvider;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * The I/O transport. By default the first that runs on this machine of io_uring, native epoll and NIO: io_uring
 * submits a loop's sends and receives in batches and spent 5-15% less CPU per proxied HTTP/1.1 request than epoll
 * in same-run benchmarks (bench/README.md); kernels or sandboxes without it (seccomp profiles often refuse
 * io_uring_setup) get epoll, other systems NIO.
 */
public enum Transport {
    EPOLL, IO_URING, NIO;

    /**
     * System property naming the transport {@link #best()} picks when it can run here ({@code io_uring},
     * {@code epoll} or {@code nio}): the test suite's second pass runs on epoll with it, and embedders can set it.
     */
    public static final String PROPERTY = "proxyctl.transport";

    /**
     * The transport named by {@link #PROPERTY} when it can run here; else io_uring when the kernel allows it, else
     * epoll when its native library loads, else NIO.
     */
    public static Transport best() {
        Transport asked = byLabel(System.getProperty(PROPERTY, ""));
        if (asked != null && asked.available()) {
            return asked;
        }
        return IoUring.isAvailable() ? IO_URING : Epoll.isAvailable() ? EPOLL : NIO;
    }

    /** The transport with this {@link #label()}, or null. */
    public static Transport byLabel(String label) {
        for (Transport t : values()) {
            if (t.label().equals(label.trim().toLowerCase(java.util.Locale.ROOT))) {
                return t;
            }
        }
        return null;
    }

    /** Why this transport cannot run here, or null when it can. */
    public Throwable unavailabilityCause() {
        return switch (this) {
            case EPOLL -> Epoll.unavailabilityCause();
            case IO_URING -> IoUring.unavailabilityCause();
            case NIO -> null;
        };
    }

    /** The lower-case name used on the command line and in logs ({@code io_uring}, {@code epoll}, {@code nio}). */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether this transport can run on this machine. */
    public boolean available() {
        return switch (this) {
            case EPOLL -> Epoll.isAvailable();
            case IO_URING -> IoUring.isAvailable();
            case NIO -> true;
        };
    }

    public IoHandlerFactory ioHandlerFactory() {
        return switch (this) {
            case EPOLL -> new EpollHalfCloseFix();
            case IO_URING -> IoUringIoHandler.newFactory();
            case NIO -> NioIoHandler.newFactory();
        };
    }

    /** Linux's IPV6_V6ONLY (level IPPROTO_IPV6 41, option 26), for the native transports. */
    private static final ChannelOption<Integer> IPV6_V6ONLY = new IntegerUnixChannelOption("IPV6_V6ONLY", 41, 26);

    /**
     * Sets up {@code b}'s listening socket for {@code bindHost} as Envoy binds addresses. An IPv4 address (0.0.0.0
     * included) gets an IPv4 socket: the default epoll/NIO/io_uring socket is dual-stack and would also accept IPv6
     * on "0.0.0.0". An IPv6 address gets IPV6_V6ONLY unless {@code ipv4Compat}, so "::" and "0.0.0.0" listeners
     * on one port coexist; NIO has no such option and keeps the system's default (dual-stack on Linux).
     */
    public void listenOn(ServerBootstrap b, String bindHost, boolean ipv4Compat) {
        boolean v4 = bindHost != null && IPV4.matcher(bindHost).matches();
        b.channelFactory(switch (this) {
            case EPOLL -> v4 ? () -> new EpollServerSocketChannel(SocketProtocolFamily.INET) : EpollServerSocketChannel::new;
            case NIO -> v4 ? () -> new NioServerSocketChannel(SelectorProvider.provider(), SocketProtocolFamily.INET)
                    : NioServerSocketChannel::new;
            case IO_URING -> v4 ? io.netty.channel.uring.Ipv4IoUringServerSocketChannel::new : IoUringServerSocketChannel::new;
        });
        if (this != NIO && bindHost != null && bindHost.indexOf(':') >= 0) {
            b.option(IPV6_V6ONLY, ipv4Compat ? 0 : 1);
        }
    }

    private static final java.util.regex.Pattern IPV4 = java.util.regex.Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    public Class<? extends SocketChannel> socketChannel() {
        return switch (this) {
            case EPOLL -> EpollSocketChannel.class;
            case IO_URING -> IoUringSocketChannel.class;
            case NIO -> NioSocketChannel.class;
        };
    }
}
