package io.proxyctl.network;

import io.proxyctl.config.model.Listener;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Binds listeners in order and stops them. If one cannot bind, the ones already bound are closed before the
 * {@link ListenerBindException} propagates, so a failed start holds no sockets. A config reload replaces the
 * active set ({@link #replaceActive}); listeners it removed stay here, draining, until their connections closed.
 */
public final class ListenerManager {
    // Written at start and by reloads, read by the admin listener and the stats at any time.
    // An immutable list, replaced whole, so readers always see one consistent set.
    private volatile List<ActiveListener> listeners = List.of();
    private final List<ActiveListener> draining = new CopyOnWriteArrayList<>();

    /** Binds every listener or none. */
    public void bindAll(List<ActiveListener> toBind) {
        for (ActiveListener l : toBind) {
            try {
                l.bind();
            } catch (RuntimeException e) {
                stopAccepting();
                listeners = List.of();
                throw e;
            }
            List<ActiveListener> next = new ArrayList<>(listeners);
            next.add(l);
            listeners = List.copyOf(next);
        }
    }

    /**
     * Binds listeners a reload adds, all or none: on a failure the ones bound so far are closed and the
     * {@link ListenerBindException} propagates. They accept connections at once, so the caller makes them
     * active right after.
     */
    public void bindNew(List<ActiveListener> toBind) {
        List<ActiveListener> bound = new ArrayList<>();
        for (ActiveListener l : toBind) {
            try {
                l.bind();
            } catch (RuntimeException e) {
                for (ActiveListener b : bound) {
                    b.stopAccepting();
                    b.closeAll();
                }
                throw e;
            }
            bound.add(l);
        }
    }

    /** Makes {@code next} the active listeners (in config order), as one step for readers. */
    public void replaceActive(List<ActiveListener> next) {
        listeners = List.copyOf(next);
    }

    /**
     * Retires listeners a reload removed or moved: they stop accepting at once, their connections drain (responses
     * close them, idle ones close now) for up to their drain_timeout, then whatever is left is closed. Runs on a
     * daemon thread; {@code done} runs at the end.
     */
    public void retire(List<ActiveListener> old, Runnable done) {
        if (old.isEmpty()) {
            done.run();
            return;
        }
        draining.addAll(old);
        long timeout = 0;
        for (ActiveListener l : old) {
            l.stopAccepting();
            l.drain();
            timeout = Math.max(timeout, l.drainTimeoutMillis());
        }
        long deadline = System.nanoTime() + timeout * 1_000_000L;
        Thread t = new Thread(() -> {
            try {
                while (System.nanoTime() < deadline && old.stream().mapToInt(ActiveListener::openConnections).sum() > 0) {
                    Thread.sleep(10);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                for (ActiveListener l : old) {
                    l.closeAll();
                }
                draining.removeAll(old);
                done.run();
            }
        }, "proxyctl-listener-drain");
        t.setDaemon(true);
        t.start();
    }

    /** Listeners a reload removed whose connections are still draining. */
    public int drainingCount() {
        return draining.size();
    }

    public List<ActiveListener> listeners() {
        return listeners;
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
        for (ActiveListener l : draining) {
            n += l.openConnections();
        }
        return n;
    }

    public void closeAll() {
        for (ActiveListener l : listeners) {
            l.closeAll();
        }
        for (ActiveListener l : draining) {
            l.closeAll();
        }
    }
}
