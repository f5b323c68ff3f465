package io.proxyctl.schema.gen;

import java.util.Map;
import java.util.TreeMap;

/** Counts what the generator wrote and what it had to leave out, for the one-line build summary. */
final class Stats {
    private final Map<String, Integer> counts = new TreeMap<>();

    void count(String what) {
        counts.merge(what, 1, Integer::sum);
    }

    @Override
    public String toString() {
        return counts.toString();
    }
}
