package io.proxyctl.admin;

import io.proxyctl.testing.RawHttp;
import io.proxyctl.stats.StatsView;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Talks to an admin listener over a fresh socket per request, and waits for stats to settle. */
final class AdminHttp {
    private final int port;

    AdminHttp(int port) {
        this.port = port;
    }

    RawHttp.Response get(String pathAndQuery) throws IOException {
        try (RawHttp c = RawHttp.connect(port)) {
            return c.get(pathAndQuery);
        }
    }

    RawHttp.Response post(String pathAndQuery) throws IOException {
        try (RawHttp c = RawHttp.connect(port)) {
            c.send("POST " + pathAndQuery + " HTTP/1.1\r\nHost: admin\r\nContent-Length: 0\r\n\r\n");
            return c.read();
        }
    }

    /** {@code /stats} text as name to value (counters and gauges only). */
    Map<String, String> stats(String query) throws IOException {
        RawHttp.Response r = get("/stats" + query);
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : r.body().split("\n")) {
            int sep = line.indexOf(": ");
            if (sep > 0) {
                m.put(line.substring(0, sep), line.substring(sep + 2));
            }
        }
        return m;
    }

    /** Waits up to 5 s for a counter or gauge to reach {@code expected} (stats are updated after the response). */
    static void await(StatsView stats, String name, long expected) throws InterruptedException {
        for (int i = 0; i < 500 && stats.value(name) != expected; i++) {
            Thread.sleep(10);
        }
        if (stats.value(name) != expected) {
            throw new AssertionError(name + " is " + stats.value(name) + ", expected " + expected);
        }
    }
}
