package io.proxyctl.network;

import io.proxyctl.config.model.Listener;
import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Binds listeners in order and stops them. If one cannot bind, the ones already bound are closed before the
 * {@link ListenerBindException} propagates, so a failed start holds no sockets.
 */
public final class ListenerManager {
    // Written while binding at start, read by the admin listener at any time.
    private final List<ActiveListener> listeners = new CopyOnWriteArrayList<>();

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

    /** Stops accepting on the listeners whose config matches; their open connections continue. */
    public void stopAccepting(Predicate<Listener> which) {
        for (ActiveListener l : listeners) {
            if (which.test(l.config())) {
                l.stopAccepting();
            }
        }
    }

    /**
     * Starts draining the matching listeners' connections (responses close them, idle ones close now) and
     * returns the longest drain window among them, in ms.
     */
    public long drain(Predicate<Listener> which) {
        long timeout = 0;
        for (ActiveListener l : listeners) {
            if (which.test(l.config())) {
                l.drain();
                timeout = Math.max(timeout, l.drainTimeoutMillis());
            }
        }
        return timeout;
    }

    /** Propagates {@code /healthcheck/fail} ({@code true}) or {@code /healthcheck/ok} to every listener. */
    public void setHealthCheckFailed(boolean failed) {
        for (ActiveListener l : listeners) {
            l.setHealthCheckFailed(failed);
        }
    }

    /** Open downstream connections across listeners. */
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
