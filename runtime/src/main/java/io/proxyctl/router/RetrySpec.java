package io.proxyctl.router;

import io.proxyctl.config.model.RetryPolicy;
import java.util.List;

/**
 * A compiled retry policy: which failures are retried ({@code retry_on} as bits), how often, the per-try timeout,
 * the back-off window and how a retry picks its host ({@code previous_hosts} predicate and
 * {@code host_selection_retry_max_attempts}). Immutable; a request's {@code x-envoy-retry-on} /
 * {@code x-envoy-max-retries} headers derive a new one.
 *
 * <p>{@code refused-stream} ({@link #retriesRefusedStream()}) retries a stream an HTTP/2 upstream reset with
 * REFUSED_STREAM; an HTTP/1.1 upstream never produces that condition, so on HTTP/1.1 clusters it never
 * triggers a retry.
 */
public final class RetrySpec {
    public static final int FIVE_XX = 1;
    public static final int GATEWAY_ERROR = 1 << 1;
    public static final int RESET = 1 << 2;
    public static final int CONNECT_FAILURE = 1 << 3;
    public static final int RETRIABLE_4XX = 1 << 4;
    public static final int REFUSED_STREAM = 1 << 5;
    public static final int RETRIABLE_STATUS_CODES = 1 << 6;
    public static final int RETRIABLE_HEADERS = 1 << 7;
    public static final int GRPC_CANCELLED = 1 << 8;
    public static final int GRPC_DEADLINE_EXCEEDED = 1 << 9;
    public static final int GRPC_RESOURCE_EXHAUSTED = 1 << 10;
    public static final int GRPC_UNAVAILABLE = 1 << 11;
    public static final int GRPC_INTERNAL = 1 << 12;
    private static final int GRPC_ANY = GRPC_CANCELLED | GRPC_DEADLINE_EXCEEDED | GRPC_RESOURCE_EXHAUSTED
            | GRPC_UNAVAILABLE | GRPC_INTERNAL;
    private static final HeaderMatch[] NO_HEADERS = new HeaderMatch[0];

    private final int retryOn;
    private final int numRetries;
    private final long perTryTimeoutMillis;
    private final long baseMillis;
    private final long maxMillis;
    private final int[] statusCodes;
    private final HeaderMatch[] headers;
    private final boolean avoidPreviousHosts;
    private final int hostSelectionAttempts;

    private RetrySpec(int retryOn, int numRetries, long perTryTimeoutMillis, long baseMillis, long maxMillis,
                      int[] statusCodes, HeaderMatch[] headers, boolean avoidPreviousHosts, int hostSelectionAttempts) {
        this.headers = headers;
        this.avoidPreviousHosts = avoidPreviousHosts;
        this.hostSelectionAttempts = Math.max(1, hostSelectionAttempts);
        this.retryOn = retryOn;
        this.numRetries = numRetries;
        this.perTryTimeoutMillis = perTryTimeoutMillis;
        this.baseMillis = Math.max(1, baseMillis);
        this.maxMillis = Math.max(this.baseMillis, maxMillis);
        this.statusCodes = statusCodes;
    }

    /** Compiles a route's policy; null for none. {@code where} names the route in regex errors. */
    public static RetrySpec compile(RetryPolicy p, String where) {
        if (p == null) {
            return null;
        }
        List<Integer> codes = p.retriableStatusCodes();
        int[] sc = new int[codes.size()];
        for (int i = 0; i < sc.length; i++) {
            sc[i] = codes.get(i);
        }
        HeaderMatch[] hm = p.retriableHeaders().stream().map(h -> new HeaderMatch(h, where + " retriable_headers"))
                .toArray(HeaderMatch[]::new);
        // A route's retry_on takes HTTP and gRPC conditions alike (Envoy parses it both ways).
        return new RetrySpec(parseRetryOn(p.retryOn()) | parseRetryGrpcOn(p.retryOn()), p.numRetries(), p.perTryTimeout().toMillis(),
                p.baseInterval().toMillis(), p.maxInterval().toMillis(), sc, hm, p.avoidPreviousHosts(),
                p.hostSelectionRetryMaxAttempts());
    }

    /**
     * The policy for one request given its {@code x-envoy-retry-on} and {@code x-envoy-max-retries} headers
     * (either may be null): header conditions add to the route's, the header count replaces it. Null when
     * neither the route nor the headers ask for retries.
     */
    public static RetrySpec withHeaders(RetrySpec route, String retryOnHeader, String maxRetriesHeader) {
        return withHeaders(route, retryOnHeader, null, maxRetriesHeader);
    }

    /**
     * As {@link #withHeaders(RetrySpec, String, String)}, with the gRPC conditions of an
     * {@code x-envoy-retry-grpc-on} header (null when absent).
     */
    public static RetrySpec withHeaders(RetrySpec route, String retryOnHeader, String retryGrpcOnHeader,
                                        String maxRetriesHeader) {
        if (route == null && retryOnHeader == null && retryGrpcOnHeader == null) {
            return null;
        }
        int on = (route == null ? 0 : route.retryOn) | (retryOnHeader == null ? 0 : parseRetryOn(retryOnHeader))
                | (retryGrpcOnHeader == null ? 0 : parseRetryGrpcOn(retryGrpcOnHeader));
        int n = route == null ? 1 : route.numRetries;
        if (maxRetriesHeader != null) {
            try {
                n = Integer.parseInt(maxRetriesHeader.trim());
            } catch (NumberFormatException ignored) {
                // Envoy ignores an unparsable count
            }
        }
        return route == null
                ? new RetrySpec(on, n, 0, RetryPolicy.DEFAULT_BASE_INTERVAL.toMillis(),
                        RetryPolicy.DEFAULT_BASE_INTERVAL.toMillis() * 10, new int[0], NO_HEADERS, false, 1)
                : new RetrySpec(on, n, route.perTryTimeoutMillis, route.baseMillis, route.maxMillis, route.statusCodes,
                        route.headers, route.avoidPreviousHosts, route.hostSelectionAttempts);
    }

    /** The gRPC conditions of a {@code retry_on} or {@code x-envoy-retry-grpc-on} list as bits. */
    public static int parseRetryGrpcOn(String csv) {
        int bits = 0;
        for (String s : csv.split(",")) {
            bits |= switch (s.trim()) {
                case "cancelled" -> GRPC_CANCELLED;
                case "deadline-exceeded" -> GRPC_DEADLINE_EXCEEDED;
                case "resource-exhausted" -> GRPC_RESOURCE_EXHAUSTED;
                case "unavailable" -> GRPC_UNAVAILABLE;
                case "internal" -> GRPC_INTERNAL;
                default -> 0;
            };
        }
        return bits;
    }

    /** {@code retry_on} HTTP conditions as bits; unknown ones (gRPC ones, envoy-ratelimited) contribute nothing. */
    public static int parseRetryOn(String csv) {
        int bits = 0;
        for (String s : csv.split(",")) {
            bits |= switch (s.trim()) {
                case "5xx" -> FIVE_XX;
                case "gateway-error" -> GATEWAY_ERROR;
                case "reset" -> RESET;
                case "connect-failure" -> CONNECT_FAILURE;
                case "retriable-4xx" -> RETRIABLE_4XX;
                case "refused-stream" -> REFUSED_STREAM;
                case "retriable-status-codes" -> RETRIABLE_STATUS_CODES;
                case "retriable-headers" -> RETRIABLE_HEADERS;
                default -> 0;
            };
        }
        return bits;
    }

    /** Whether a retry must avoid hosts already tried ({@code previous_hosts}), when selection allows. */
    public boolean avoidPreviousHosts() {
        return avoidPreviousHosts;
    }

    /** {@code host_selection_retry_max_attempts}: extra host selections a retry may make to avoid a tried host. */
    public int hostSelectionRetryMaxAttempts() {
        return hostSelectionAttempts;
    }

    /** Whether an HTTP/2 upstream's REFUSED_STREAM reset is retried ({@code refused-stream}). */
    public boolean retriesRefusedStream() {
        return (retryOn & REFUSED_STREAM) != 0;
    }

    public int numRetries() {
        return numRetries;
    }

    public long perTryTimeoutMillis() {
        return perTryTimeoutMillis;
    }

    /** Whether a response with {@code code} is retried. */
    public boolean retriesStatus(int code) {
        if ((retryOn & FIVE_XX) != 0 && code >= 500 && code < 600) {
            return true;
        }
        if ((retryOn & GATEWAY_ERROR) != 0 && code >= 502 && code <= 504) {
            return true;
        }
        if ((retryOn & RETRIABLE_4XX) != 0 && code == 409) {
            return true;
        }
        if ((retryOn & RETRIABLE_STATUS_CODES) != 0) {
            for (int c : statusCodes) {
                if (c == code) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether a response is retried: by its status, by the {@code grpc-status} of a trailers-only gRPC response
     * (the only place a status is known when the headers arrive), or by a {@code retriable_headers} match.
     */
    public boolean retriesResponse(int code, io.netty.handler.codec.http.HttpHeaders responseHeaders) {
        if (retriesStatus(code)) {
            return true;
        }
        if ((retryOn & GRPC_ANY) != 0 && retriesGrpcStatus(responseHeaders.get("grpc-status"))) {
            return true;
        }
        if ((retryOn & RETRIABLE_HEADERS) == 0 || headers.length == 0) {
            return false;
        }
        RequestView view = new ResponseHeadersView(responseHeaders);
        for (HeaderMatch m : headers) {
            if (m.matches(view)) {
                return true;
            }
        }
        return false;
    }

    private boolean retriesGrpcStatus(String status) {
        if (status == null) {
            return false;
        }
        int bit;
        switch (status.trim()) {
            case "1" -> bit = GRPC_CANCELLED;
            case "4" -> bit = GRPC_DEADLINE_EXCEEDED;
            case "8" -> bit = GRPC_RESOURCE_EXHAUSTED;
            case "13" -> bit = GRPC_INTERNAL;
            case "14" -> bit = GRPC_UNAVAILABLE;
            default -> bit = 0;
        }
        return (retryOn & bit) != 0;
    }

    /** Response headers seen through the matcher's {@link RequestView} (only {@code header} is meaningful). */
    private record ResponseHeadersView(io.netty.handler.codec.http.HttpHeaders h) implements RequestView {
        @Override
        public String method() {
            return "";
        }

        @Override
        public String path() {
            return "";
        }

        @Override
        public String header(String lowerCaseName) {
            java.util.List<String> all = h.getAll(lowerCaseName);
            return all.isEmpty() ? null : all.size() == 1 ? all.get(0) : String.join(",", all);
        }

        @Override
        public String queryParameter(String name) {
            return null;
        }

        @Override
        public String cookie(String name) {
            return null;
        }

        @Override
        public String sourceIp() {
            return null;
        }
    }

    /** Whether a reset or disconnect before the response is retried (Envoy: 5xx, gateway-error and reset). */
    public boolean retriesReset() {
        return (retryOn & (FIVE_XX | GATEWAY_ERROR | RESET)) != 0;
    }

    /** Whether a failed connection attempt is retried. */
    public boolean retriesConnectFailure() {
        return (retryOn & CONNECT_FAILURE) != 0 || retriesReset();
    }

    /** Whether a per-try timeout is retried: Envoy treats it as a 504 from the upstream. */
    public boolean retriesPerTryTimeout() {
        return (retryOn & (FIVE_XX | GATEWAY_ERROR)) != 0 || retriesStatus(504);
    }

    /** Fully jittered exponential back-off before retry number {@code retry} (1-based), in ms. */
    public long backOffMillis(int retry, java.util.random.RandomGenerator random) {
        long window = baseMillis << Math.min(20, retry - 1);
        window = Math.min(window, maxMillis);
        return random.nextLong(window) + 1;
    }
}
