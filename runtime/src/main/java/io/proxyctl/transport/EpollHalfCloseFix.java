package io.proxyctl.transport;

import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoOps;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.util.concurrent.ThreadAwareExecutor;

/**
 * Netty's epoll handler with one defect worked around, so that a half-closed connection keeps receiving what is
 * written to it.
 *
 * <p>Since Netty 4.2.13 (netty/netty#16689, still so in 4.2.20) an epoll registration whose interest set becomes
 * empty is deleted from the epoll set while Netty still records it as added; the next interest change is then an
 * {@code EPOLL_CTL_MOD} that fails with ENOENT. The set becomes empty exactly when the peer half-closed (no more
 * EPOLLIN, EPOLLRDHUP already seen) and nothing waits for writability; when we then write more than the socket
 * takes, asking for EPOLLOUT fails, Netty fails the pending writes and shuts the output, and the peer receives a
 * truncated stream with a clean FIN. A client that sends its request and half-closes, or any tcp_proxy
 * connection whose downstream ends first, lost data that way.
 *
 * <p>The workaround registers {@code EPOLLET} alone instead of the empty set: the descriptor stays in the epoll
 * set, so later changes are valid modifications, and edge-triggering reports a hang-up once rather than on every
 * wait, which is what the upstream change meant to prevent.
 */
final class EpollHalfCloseFix implements IoHandlerFactory {
    private final IoHandlerFactory delegate = EpollIoHandler.newFactory();

    @Override
    public IoHandler newHandler(ThreadAwareExecutor ioExecutor) {
        return new Handler(delegate.newHandler(ioExecutor));
    }

    @Override
    public boolean isChangingThreadSupported() {
        return delegate.isChangingThreadSupported();
    }

    private record Handler(IoHandler delegate) implements IoHandler {
        @Override
        public void initialize() {
            delegate.initialize();
        }

        @Override
        public int run(IoHandlerContext context) {
            return delegate.run(context);
        }

        @Override
        public void prepareToDestroy() {
            delegate.prepareToDestroy();
        }

        @Override
        public void destroy() {
            delegate.destroy();
        }

        @Override
        public IoRegistration register(IoHandle handle) throws Exception {
            return new Registration(delegate.register(handle));
        }

        @Override
        public void wakeup() {
            delegate.wakeup();
        }

        @Override
        public boolean isCompatible(Class<? extends IoHandle> handleType) {
            return delegate.isCompatible(handleType);
        }
    }

    private record Registration(IoRegistration delegate) implements IoRegistration {
        @Override
        public <T> T attachment() {
            return delegate.attachment();
        }

        @Override
        public long submit(IoOps ops) {
            if (ops instanceof EpollIoOps e && e.value() == 0) {
                return delegate.submit(EpollIoOps.EPOLLET);
            }
            return delegate.submit(ops);
        }

        @Override
        public boolean isValid() {
            return delegate.isValid();
        }

        @Override
        public boolean cancel() {
            return delegate.cancel();
        }
    }
}
