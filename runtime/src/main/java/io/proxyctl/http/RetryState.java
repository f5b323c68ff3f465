package io.proxyctl.http;

import io.netty.handler.codec.http.HttpContent;
import io.proxyctl.router.RetrySpec;
import io.proxyctl.upstream.Host;
import io.proxyctl.upstream.UpstreamConnection;
import java.util.ArrayDeque;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The retry bookkeeping of one request that has a retry policy: retries left, the hosts already tried, and a
 * retained copy of the request body so it can be replayed. A body over the buffer limit disables retries (as
 * Envoy's retry shadow buffer does) and frees the copy at once.
 */
final class RetryState {
    /** Envoy's default per-connection buffer limit, which also bounds what a retry may replay. */
    static final int BUFFER_LIMIT = 1024 * 1024;

    final RetrySpec spec;
    private int retriesLeft;
    private int retries;
    private ArrayDeque<HttpContent> body = new ArrayDeque<>(4);
    private long bodyBytes;
    private Host[] tried = new Host[2];
    private int triedCount;

    RetryState(RetrySpec spec) {
        this.spec = spec;
        this.retriesLeft = spec.numRetries();
    }

    /** Keeps a copy of request body content for replay (the original goes upstream). */
    void record(HttpContent c) {
        if (body == null) {
            return;
        }
        bodyBytes += c.content().readableBytes();
        if (bodyBytes > BUFFER_LIMIT) {
            release();
            return;
        }
        body.add(c.retainedDuplicate());
    }

    /** Whether the request can still be replayed (its body fit the buffer). */
    boolean replayable() {
        return body != null;
    }

    int retriesLeft() {
        return retriesLeft;
    }

    /** How many retries were started. */
    int retries() {
        return retries;
    }

    /** Starts retry number {@link #retries()}; returns its back-off delay in ms. */
    long startRetry(Host failed) {
        retriesLeft--;
        retries++;
        remember(failed);
        return spec.backOffMillis(retries, ThreadLocalRandom.current());
    }

    private void remember(Host h) {
        if (h == null) {
            return;
        }
        if (triedCount == tried.length) {
            tried = java.util.Arrays.copyOf(tried, triedCount * 2);
        }
        tried[triedCount++] = h;
    }

    /**
     * The host for the next retry: Envoy's retry host selection. Without a {@code previous_hosts} predicate the
     * load balancer's choice stands; with it a host already tried is rejected and selection is redone up to
     * {@code host_selection_retry_max_attempts} times, after which the last choice is used. Null when the load
     * balancer has no host.
     */
    Host chooseRetryHost(java.util.function.Supplier<Host> loadBalancer) {
        int selections = spec.avoidPreviousHosts() ? 1 + spec.hostSelectionRetryMaxAttempts() : 1;
        Host chosen = null;
        for (int i = 0; i < selections; i++) {
            Host h = loadBalancer.get();
            if (h == null) {
                break;
            }
            chosen = h;
            if (!tried(h)) {
                break;
            }
        }
        return chosen;
    }

    boolean tried(Host h) {
        for (int i = 0; i < triedCount; i++) {
            if (tried[i] == h) {
                return true;
            }
        }
        return false;
    }

    /** Writes a fresh copy of the buffered body to {@code ch} (without flushing). */
    void replay(UpstreamConnection upstream) {
        for (HttpContent c : body) {
            upstream.write(c.retainedDuplicate());
        }
    }

    void release() {
        ArrayDeque<HttpContent> b = body;
        body = null;
        if (b != null) {
            HttpContent c;
            while ((c = b.poll()) != null) {
                c.release();
            }
        }
    }
}
