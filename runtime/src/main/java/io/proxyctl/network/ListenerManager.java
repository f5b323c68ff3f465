package io.proxyctl.network;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Binds listeners in order and stops them. If one cannot bind, the ones already bound are closed before the
 * {@link ListenerBindException} propagates, so a failed start holds no sockets.
 */
public final class ListenerManager {
    private final List<ActiveListener> listeners = new ArrayList<>();

    /** Binds every listener or none. */
    public void bindAll(List<ActiveListener> toBind) {
        for (ActiveListener l : toBind) {
            try {
                l.bind();
            } catch (RuntimeException e) {
                stopAccepting();
                listeners.clear();
                throw e;
            }
            listeners.add(l);
        }
    }

    public List<ActiveListener> listeners() {
        return Collections.unmodifiableList(listeners);
    }

    /** The bound address of a listener by name, or null. */
    public InetSocketAddress boundAddress(String name) {
        for (ActiveListener l : listeners) {
            if (l.config().name().equals(name)) {
                return l.boundAddress();
            }
        }
        return null;
    }

    public void stopAccepting() {
        for (ActiveListener l : listeners) {
            l.stopAccepting();
        }
    }

    /** Drains every connection and waits up to the longest drain timeout for them to close. */
    public void drainAndWait() {
        long timeout = 0;
        for (ActiveListener l : listeners) {
            l.drain();
            timeout = Math.max(timeout, l.drainTimeoutMillis());
        }
        long deadline = System.nanoTime() + timeout * 1_000_000L;
        while (System.nanoTime() < deadline && openConnections() > 0) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }

    public int openConnections() {
        int n = 0;
        for (ActiveListener l : listeners) {
            n += l.openConnections();
        }
        return n;
    }

    public void closeAll() {
        for (ActiveListener l : listeners) {
            l.closeAll();
        }
    }
}
