package io.proxyctl.stats;

import java.util.concurrent.atomic.LongAdder;

/** A monotonically increasing counter; {@link #inc()} is contention-free across event loops. */
public final class Counter {
    private final String name;
    private final LongAdder value = new LongAdder();

    Counter(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public void inc() {
        value.increment();
    }

    public void add(long n) {
        value.add(n);
    }

    public long value() {
        return value.sum();
    }

    /** Resets to zero (admin {@code /reset_counters}). */
    public void reset() {
        value.reset();
    }
}
