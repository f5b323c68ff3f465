package io.proxyctl.stats;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * A value that goes up and down (active connections, membership); updates are contention-free. A gauge can also
 * be computed: registered with a {@link LongSupplier} it reads its value only when the stats are rendered, so
 * values like {@code server.uptime} cost nothing between admin requests.
 */
public final class Gauge {
    private final String name;
    private final LongAdder value = new LongAdder();
    private volatile LongSupplier supplier;
    private volatile boolean used;

    Gauge(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public void inc() {
        value.increment();
        markUsed();
    }

    public void dec() {
        value.decrement();
        markUsed();
    }

    public void add(long n) {
        value.add(n);
        markUsed();
    }

    /** Sets an absolute value; only for gauges that are never incremented concurrently. */
    public void set(long v) {
        value.reset();
        value.add(v);
        markUsed();
    }

    private void markUsed() {
        if (!used) {
            used = true;
        }
    }

    /** Makes this gauge computed; the supplier runs on the thread that reads the stats. */
    void compute(LongSupplier s) {
        supplier = s;
        used = true;
    }

    public long value() {
        LongSupplier s = supplier;
        return s != null ? s.getAsLong() : value.sum();
    }

    /** Whether the gauge was ever set, changed or computed. */
    public boolean used() {
        return used;
    }
}
