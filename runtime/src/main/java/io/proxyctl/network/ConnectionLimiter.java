package io.proxyctl.network;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts open downstream connections against a limit shared by several listeners (the overload manager's
 * global downstream connection limit). Lock-free: accept paths on every event loop call it.
 */
public final class ConnectionLimiter {
    private final long max;
    private final AtomicLong active = new AtomicLong();

    /** @param max the limit; 0 or less for none (connections are still counted) */
    public ConnectionLimiter(long max) {
        this.max = max;
    }

    /** Takes a slot; false (nothing taken) when the limit is reached. */
    public boolean tryAcquire() {
        if (max <= 0) {
            active.incrementAndGet();
            return true;
        }
        long n;
        do {
            n = active.get();
            if (n >= max) {
                return false;
            }
        } while (!active.compareAndSet(n, n + 1));
        return true;
    }

    public void release() {
        active.decrementAndGet();
    }

    /** Connections holding a slot. */
    public long active() {
        return active.get();
    }

    public long max() {
        return max;
    }
}
