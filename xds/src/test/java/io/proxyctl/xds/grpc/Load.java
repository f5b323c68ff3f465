package io.proxyctl.xds.grpc;

import io.proxyctl.testing.RawHttp;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Steady traffic to a listener from one thread, one request per connection: records which upstream answered
 * each request and every failure (a non-200 status or an I/O error).
 */
final class Load implements AutoCloseable {
    private final int port;
    private final List<String> servedBy = new CopyOnWriteArrayList<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final Thread thread;
    private volatile boolean running = true;

    Load(int port) {
        this.port = port;
        thread = new Thread(this::run, "test-load");
        thread.start();
    }

    private void run() {
        while (running) {
            try (RawHttp http = RawHttp.connect(port)) {
                RawHttp.Response r = http.get("/");
                if (r.status() == 200) {
                    servedBy.add(r.body());
                } else {
                    failures.add(r.status() + " " + r.body());
                }
            } catch (Exception e) {
                failures.add(e.toString());
            }
            requests.incrementAndGet();
        }
    }

    /** Waits until {@code upstream} answered a request. */
    void awaitServedBy(String upstream) throws InterruptedException {
        Eventually.that(() -> servedBy.contains(upstream), this::describe);
    }

    /** Waits until the last 20 requests were all answered by {@code upstream}. */
    void awaitOnlyServedBy(String upstream) throws InterruptedException {
        Eventually.that(() -> {
            List<String> seen = List.copyOf(servedBy); // a sublist of the live list breaks when the load thread adds
            int n = seen.size();
            return n >= 20 && seen.subList(n - 20, n).stream().allMatch(upstream::equals);
        }, this::describe);
    }

    void awaitMoreRequests(int n) throws InterruptedException {
        int target = requests.get() + n;
        Eventually.that(() -> requests.get() >= target, this::describe);
    }

    int failures() {
        return failures.size();
    }

    String describe() {
        List<String> seen = List.copyOf(servedBy);
        int n = seen.size();
        return requests.get() + " requests, failures " + failures + ", last served by "
                + seen.subList(Math.max(0, n - 20), n);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5000);
    }
}
