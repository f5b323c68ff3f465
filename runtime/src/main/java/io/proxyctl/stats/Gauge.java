package io.proxyctl.stats;

import java.util.concurrent.atomic.LongAdder;

/** A value that goes up and down (active connections, membership); updates are contention-free. */
public final class Gauge {
    private final String name;
    private final LongAdder value = new LongAdder();

    Gauge(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public void inc() {
        value.increment();
    }

    public void dec() {
        value.decrement();
    }

    public void add(long n) {
        value.add(n);
    }

    /** Sets an absolute value; only for gauges that are never incremented concurrently. */
    public void set(long v) {
        value.reset();
        value.add(v);
    }

    public long value() {
        return value.sum();
    }
}
