package io.netty.channel.uring;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.ServerSocketChannelConfig;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * An io_uring listening socket of the IPv4 family. Netty 4.2's {@link IoUringServerSocketChannel} always opens the
 * kernel's preferred (dual-stack IPv6) socket and binds 0.0.0.0 on it as ::, so an IPv4 wildcard listener would
 * also accept IPv6 clients; Envoy binds 0.0.0.0 IPv4-only, and the epoll and NIO transports take a protocol family
 * for that. This class is that missing constructor: the same channel on {@code LinuxSocket.newSocketStream(false)}.
 * It lives in Netty's package because the socket and config types it needs are package-private there; a Netty
 * upgrade that changes them fails the build, and {@code ListenerAddressFamilyTest} checks the behaviour.
 */
public final class Ipv4IoUringServerSocketChannel extends AbstractIoUringServerChannel implements ServerSocketChannel {
    private final IoUringServerSocketChannelConfig config;

    public Ipv4IoUringServerSocketChannel() {
        super(LinuxSocket.newSocketStream(false), false);
        this.config = new IoUringServerSocketChannelConfig(this);
    }

    @Override
    public ServerSocketChannelConfig config() {
        return config;
    }

    @Override
    Channel newChildChannel(int fd, ByteBuffer acceptedAddressMemory) {
        if (acceptedAddressMemory == null) {
            return new IoUringSocketChannel(this, new LinuxSocket(fd));
        }
        IoUringIoHandler handler = (IoUringIoHandler) registration().attachment();
        InetSocketAddress remote = SockaddrIn.getIPv4(acceptedAddressMemory, handler.inet4AddressArray());
        return new IoUringSocketChannel(this, new LinuxSocket(fd), remote);
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) super.remoteAddress();
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) super.localAddress();
    }

    @Override
    public void doBind(SocketAddress localAddress) throws Exception {
        super.doBind(localAddress);
        if (IoUring.isTcpFastOpenServerSideAvailable()) {
            Integer fastOpen = config().getOption(ChannelOption.TCP_FASTOPEN);
            if (fastOpen != null && fastOpen > 0) {
                socket.setTcpFastOpen(fastOpen);
            }
        }
        socket.listen(config.getBacklog());
        active = true;
    }
}
