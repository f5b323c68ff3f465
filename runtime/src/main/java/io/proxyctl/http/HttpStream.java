package io.proxyctl.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.proxyctl.accesslog.AccessLogger;
import io.proxyctl.config.model.HttpConnectionManager;
import io.proxyctl.grpc.Grpc;
import io.proxyctl.grpc.GrpcStatus;
import io.proxyctl.grpc.GrpcTimeout;
import io.proxyctl.grpc.StreamTimeouts;
import io.proxyctl.router.ClusterChoice;
import io.proxyctl.router.HashPolicies;
import io.proxyctl.router.RedirectAction;
import io.proxyctl.router.RouteEntry;
import io.proxyctl.router.VirtualHostEntry;
import io.proxyctl.router.RetrySpec;
import io.proxyctl.upstream.ClusterStats;
import io.proxyctl.upstream.ClusterWorker;
import io.proxyctl.upstream.Host;
import io.proxyctl.upstream.HostPool;
import io.proxyctl.upstream.LoadBalancerContext;
import io.proxyctl.upstream.StreamResetException;
import io.proxyctl.upstream.UpstreamCallbacks;
import io.proxyctl.upstream.UpstreamConnection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * One request/response exchange on a downstream connection: runs the connection manager's header rules, routes,
 * answers locally (404 NR, 503 NC/UH/UF/UC/UR/UO, 504 UT, redirects, direct responses) or forwards to an upstream
 * connection on the same event loop, streaming bodies both ways, then records stats and access logs.
 */
final class HttpStream extends StreamState implements UpstreamCallbacks, LoadBalancerContext, HashPolicies.CookieSink {
    static final AsciiString X_ENVOY_ORIGINAL_PATH = AsciiString.cached("x-envoy-original-path");
    static final AsciiString X_ENVOY_UPSTREAM_SERVICE_TIME = AsciiString.cached("x-envoy-upstream-service-time");
    static final AsciiString X_ENVOY_EXPECTED_RQ_TIMEOUT_MS = AsciiString.cached("x-envoy-expected-rq-timeout-ms");
    static final AsciiString X_ENVOY_UPSTREAM_RQ_TIMEOUT_MS = AsciiString.cached("x-envoy-upstream-rq-timeout-ms");
    static final AsciiString X_FORWARDED_HOST = AsciiString.cached("x-forwarded-host");
    static final AsciiString VIA = AsciiString.cached("via");
    static final AsciiString X_ENVOY_RETRY_ON = AsciiString.cached("x-envoy-retry-on");
    static final AsciiString X_ENVOY_RETRY_GRPC_ON = AsciiString.cached("x-envoy-retry-grpc-on");
    static final AsciiString X_ENVOY_MAX_RETRIES = AsciiString.cached("x-envoy-max-retries");
    static final String RESET_PREFIX = "upstream connect error or disconnect/reset before headers. reset reason: ";
    static final AsciiString GRPC_TIMEOUT = AsciiString.cached(GrpcTimeout.HEADER);

    private final HcmConfig cfg;
    private boolean http10;
    boolean keepAlive;
    private boolean requestComplete;
    private boolean responseStarted;
    /**
     * An HTTP/1 response head not yet written: held until its body's first part, or the end of the upstream read,
     * so that a response read whole is written as one message (one buffer, one send) instead of head and body.
     */
    private HttpResponse heldHead;
    /** The request head went upstream as a whole bodiless request: its empty end is not written again. */
    private boolean headCarriesBody;
    private boolean upstreamHttp2;
    private boolean responseComplete;
    private boolean upstreamDone;
    private boolean finished;
    private boolean discardBody;
    private boolean awaitingContinue; // proxy_100_continue: the client waits for the upstream's 100
    private boolean upgrade;
    private boolean switching;
    private boolean tunnel;
    private boolean interim;
    private boolean dropInterim;
    private boolean connecting;
    private boolean requestSent;
    private boolean upstreamKeepAlive;
    private boolean counted;
    private boolean attached;
    private boolean charged;
    private ClusterChoice choice;
    private HostPool pool;
    private UpstreamConnection upstream;
    private ArrayDeque<HttpContent> pending;
    private long timeoutDeadlineNanos; // 0: no route timeout armed
    private long timeoutMillis;
    private long forwardNanos;
    private boolean firstAttempt; // forwardNanos is already the first attempt's start
    private long hash = -1;
    private String setCookie;
    private String requestId;
    private RetryState retry; // null unless the route or the request asks for retries
    private ScheduledFuture<?> perTry;
    private ScheduledFuture<?> retryTimer;
    private boolean retryHeld; // holds one unit of the max_retries breaker while a retry is outstanding
    private int staleConnects; // connects of abandoned attempts that will still report back
    private boolean cancelled; // the client went away: the upstream's fate says nothing about the host
    private boolean grpc; // local replies become gRPC trailers-only responses
    private ScheduledFuture<?> durationTimer; // max_stream_duration, or grpc-timeout under grpc_timeout_header_max
    private boolean highPriority; // the route's priority: which circuit breakers and pools apply
    private boolean perTryTimedOut; // while a per-try timeout abandons its attempt: a local-origin timeout

    HttpStream(Downstream conn, HttpRequest request, HcmConfig cfg) {
        this(conn, request, cfg, System.nanoTime());
    }

    /** @param startNanos when the request head arrived, when the caller read the clock for that event already */
    HttpStream(Downstream conn, HttpRequest request, HcmConfig cfg, long startNanos) {
        super(conn, request, startNanos);
        this.cfg = cfg;
    }

    boolean requestComplete() {
        return requestComplete;
    }

    boolean isTunnel() {
        return tunnel;
    }

    /** The idle timeout that applies to this stream, in ms (0 disables). */
    long idleTimeoutMillis() {
        long r = route == null ? -1 : route.idleTimeoutMillis();
        return r >= 0 ? r : cfg.streamIdleTimeoutMillis;
    }

    // ------------------------------------------------------------------ request headers

    void start() {
        HcmStats s = cfg.stats;
        s.rqTotal.inc();
        s.rqActive.inc();
        if (conn.http2) {
            s.rqHttp2Total.inc();
            protocol = "HTTP/2";
        } else {
            s.rqHttp1Total.inc();
            HttpVersion version = request.protocolVersion();
            http10 = version.minorVersion() == 0 && version.majorVersion() == 1;
            protocol = version.text();
        }
        if (request.decoderResult().isFailure()) {
            Throwable cause = request.decoderResult().cause();
            s.cxProtocolError.inc();
            keepAlive = false;
            setFlag(ResponseFlag.DPE);
            requestComplete = true;
            int code = cause instanceof TooLongHttpHeaderException ? 431 : cause instanceof TooLongHttpLineException ? 414 : 400;
            localReply(code, "", null, "http1.codec_error", false);
            return;
        }
        HttpHeaders h = request.headers();
        if (!conn.http2 && HeaderCheck.firstInvalid(h) != null) {
            // What the validating header map used to reject while parsing (the HTTP/2 codec validates itself).
            s.cxProtocolError.inc();
            keepAlive = false;
            setFlag(ResponseFlag.DPE);
            requestComplete = true;
            localReply(400, "", null, "http1.codec_error", false);
            return;
        }
        if (h.size() > cfg.maxHeadersCount) {
            s.cxProtocolError.inc();
            keepAlive = false;
            setFlag(ResponseFlag.DPE);
            requestComplete = true;
            localReply(431, "", null, "http1.too_many_headers", false);
            return;
        }
        keepAlive = HttpUtil.isKeepAlive(request) && !cfg.draining() && !conn.closeAfterResponse
                && (cfg.maxRequestsPerConnection == 0 || conn.requests < cfg.maxRequestsPerConnection);
        HttpConnectionManager.Http1Options h1 = cfg.config.http1();
        if (http10 && !h1.acceptHttp10()) {
            keepAlive = false;
            localReply(426, "", null, "low_version", false);
            return;
        }
        grpc = Grpc.isGrpc(h.get(HttpHeaderNames.CONTENT_TYPE));
        if (!normalizeTarget(h, h1)) {
            return;
        }
        if (HttpUtil.is100ContinueExpected(request)) {
            if (cfg.config.proxy100Continue()) {
                awaitingContinue = true;
            } else {
                h.remove(HttpHeaderNames.EXPECT);
                conn.write(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE,
                        Unpooled.EMPTY_BUFFER, DefaultHttpHeadersFactory.headersFactory(),
                        DefaultHttpHeadersFactory.trailersFactory()));
                conn.flushIfNotInRead();
            }
        }
        downstreamAddress = ForwardingHeaders.apply(h, cfg.config.forwarding(), conn.remoteAddress, conn.remoteIp,
                conn.scheme);
        String via = cfg.config.forwarding().via();
        if (!via.isEmpty()) {
            appendValue(h, VIA, via);
        }
        if (cfg.config.forwarding().alwaysSetRequestIdInResponse()) {
            requestId = h.get(ForwardingHeaders.X_REQUEST_ID);
        }
        VirtualHostEntry vh = cfg.routes.virtualHost(h.get(HttpHeaderNames.HOST));
        route = vh == null ? null : vh.route(this);
        if (route == null) {
            s.noRoute.inc();
            localReply(404, "", ResponseFlag.NR, "route_not_found", false);
            return;
        }
        switch (route.kind()) {
            case DIRECT_RESPONSE -> {
                s.rqDirectResponse.inc();
                byte[] body = route.directResponse().body();
                localReply(route.directResponse().status(), body, null, "direct_response", true, null);
            }
            case REDIRECT -> {
                s.rqRedirect.inc();
                RedirectAction r = route.redirect();
                String scheme = h.get(ForwardingHeaders.X_FORWARDED_PROTO, "http");
                String location = r.location(scheme, h.get(HttpHeaderNames.HOST), request.uri(),
                        route.matchedPrefixLength(request.uri()));
                localReply(r.responseCode(), new byte[0], null, "direct_response", true, location);
            }
            case UNSUPPORTED -> {
                s.noRoute.inc();
                localReply(404, "", ResponseFlag.NR, "route_not_found", false);
            }
            default -> forward(h);
        }
    }

    /** Absolute-form targets, missing Host and port stripping; false when a local reply was sent. */
    private boolean normalizeTarget(HttpHeaders h, HttpConnectionManager.Http1Options h1) {
        String uri = request.uri();
        if (uri.startsWith("http://") || uri.startsWith("https://")) {
            if (!h1.allowAbsoluteUrl()) {
                localReply(400, "", null, "absolute_path_rejected", false);
                return false;
            }
            int authStart = uri.indexOf("//") + 2;
            int pathStart = uri.indexOf('/', authStart);
            int queryStart = uri.indexOf('?', authStart);
            int end = pathStart < 0 ? (queryStart < 0 ? uri.length() : queryStart) : pathStart;
            h.set(HttpHeaderNames.HOST, uri.substring(authStart, end));
            String rest = uri.substring(end);
            request.setUri(rest.isEmpty() || rest.charAt(0) != '/' ? "/" + rest : rest);
        } else if (uri.isEmpty() || uri.charAt(0) != '/' && !"*".equals(uri) && request.method() != HttpMethod.CONNECT) {
            // Envoy's codec rejects the URL: a protocol error that ends the connection.
            cfg.stats.cxProtocolError.inc();
            keepAlive = false;
            localReply(400, "", null, "http1.codec_error", false);
            return false;
        }
        String host = h.get(HttpHeaderNames.HOST);
        if (host == null || host.isEmpty()) {
            if (http10 && !h1.defaultHostForHttp10().isEmpty()) {
                h.set(HttpHeaderNames.HOST, h1.defaultHostForHttp10());
            } else if (!http10) {
                localReply(400, "", null, "missing_host_header", false);
                return false;
            }
        }
        host = h.get(HttpHeaderNames.HOST);
        if (host != null && (cfg.config.stripAnyHostPort() || cfg.config.stripMatchingHostPort())) {
            int colon = host.lastIndexOf(':');
            if (colon > 0 && host.indexOf(']', colon) < 0) {
                String port = host.substring(colon + 1);
                if (cfg.config.stripAnyHostPort() || port.equals(Integer.toString(cfg.listenerPort))) {
                    h.set(HttpHeaderNames.HOST, host.substring(0, colon));
                }
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ forwarding

    private void forward(HttpHeaders h) {
        long grpcTimeout = GrpcTimeout.parseMillis(h.get(GRPC_TIMEOUT));
        armStreamDuration(h, grpcTimeout);
        cfg.stats.routerRqTotal.inc();
        String upgradeType = ForwardingHeaders.upgradeType(h);
        if (upgradeType != null) {
            Boolean routeWs = route.websocket();
            boolean allowed = upgradeType.equals("websocket") && (routeWs != null ? routeWs : cfg.websocket);
            if (!allowed) {
                cfg.stats.rqWsOnNonWsRoute.inc();
                localReply(403, "", null, "upgrade_failed", false);
                return;
            }
            upgrade = true;
        }
        choice = route.selectCluster(this);
        clusterName = choice == null ? null : choice.name();
        if (choice == null || choice.cluster() == null) {
            cfg.stats.noCluster.inc();
            localReply(route.clusterNotFoundCode(), "", ResponseFlag.NC, "cluster_not_found", true);
            return;
        }
        cluster = choice.cluster();
        highPriority = route.highPriority();
        ClusterStats cs = cluster.stats();
        RetrySpec rs = route.retry();
        String retryOn = h.get(X_ENVOY_RETRY_ON);
        String retryGrpcOn = h.get(X_ENVOY_RETRY_GRPC_ON);
        if (rs != null || retryOn != null || retryGrpcOn != null) {
            String max = h.get(X_ENVOY_MAX_RETRIES);
            if (retryOn != null || retryGrpcOn != null || max != null) {
                rs = RetrySpec.withHeaders(rs, retryOn, retryGrpcOn, max);
            }
            if (rs.numRetries() > 0 || rs.perTryTimeoutMillis() > 0) {
                retry = new RetryState(rs);
            }
        }
        if (!cluster.breakers(highPriority).requests().tryAcquire()) {
            overflow();
            return;
        }
        host = cluster.worker(conn.worker).chooseHost(this);
        if (host == null) {
            cluster.breakers(highPriority).requests().release();
            cs.upstreamCxNoneHealthy.inc();
            localReply(503, "no healthy upstream", ResponseFlag.UH, "no_healthy_upstream", true);
            return;
        }
        timeoutMillis = route.timeouts().routerTimeout(grpc, grpcTimeout);
        String override = h.get(X_ENVOY_UPSTREAM_RQ_TIMEOUT_MS);
        if (override != null) {
            try {
                timeoutMillis = Long.parseLong(override.trim());
            } catch (NumberFormatException ignored) {
                // Envoy ignores an unparsable override
            }
            h.remove(X_ENVOY_UPSTREAM_RQ_TIMEOUT_MS);
        }
        prepareUpstreamRequest(h);
        long perTry = retry != null ? retry.spec.perTryTimeoutMillis() : rs != null ? rs.perTryTimeoutMillis() : 0;
        String upstreamGrpcTimeout = route.timeouts().legacyGrpcTimeoutHeader(grpc,
                StreamTimeouts.expectedTimeout(timeoutMillis, perTry));
        if (upstreamGrpcTimeout != null) {
            h.set(GRPC_TIMEOUT, upstreamGrpcTimeout);
        }
        forwardNanos = startNanos; // the first attempt starts in the event that brought the head
        firstAttempt = true;
        startAttempt();
    }

    /**
     * Envoy's stream duration limit, armed when the route is known and counted from the stream's start: the
     * route's or connection manager's max_stream_duration, or a gRPC deadline the route honours.
     */
    private void armStreamDuration(HttpHeaders h, long grpcTimeout) {
        StreamTimeouts.Duration d = route.timeouts().streamDuration(grpc, grpcTimeout, cfg.maxStreamDurationMillis);
        if (d.millis() < 0) {
            return;
        }
        if (d.grpcTimeoutHeader() != null) {
            h.set(GRPC_TIMEOUT, d.grpcTimeoutHeader());
        }
        long left = Math.max(0, d.millis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        durationTimer = conn.channel.eventLoop().schedule(this::onStreamDurationReached, left, TimeUnit.MILLISECONDS);
    }

    /** The stream outlived its duration limit: 408 (504 once the request is complete), DEADLINE_EXCEEDED for gRPC. */
    private void onStreamDurationReached() {
        durationTimer = null;
        if (finished) {
            return;
        }
        cfg.stats.rqMaxDurationReached.inc();
        localReply(requestComplete ? 504 : 408, "downstream duration timeout".getBytes(StandardCharsets.UTF_8), null,
                "max_duration_timeout", false, null, GrpcStatus.DEADLINE_EXCEEDED);
    }

    /** Sends the prepared request to {@link #host}: the first attempt or a retry. */
    private void startAttempt() {
        counted = true;
        ClusterStats cs = cluster.stats();
        if (firstAttempt) {
            firstAttempt = false;
        } else {
            forwardNanos = System.nanoTime();
        }
        if (requestComplete) {
            armTimeout(System.nanoTime()); // a retry: its per-try timeout starts now
        }
        pool = host.pool(conn.worker, highPriority);
        boolean h2 = cluster.http2For(conn.http2);
        upstreamHttp2 = h2;
        UpstreamConnection c = h2 ? pool.acquireStream(this) : pool.acquireIdle(this);
        if (c != null) {
            attach();
            upstream = c;
            writeRequestUpstream(false);
        } else {
            // Waiting for a new connection is Envoy's "pending" request. Set before connecting: a refused connect
            // may report back before connect() returns.
            connecting = true;
            cs.upstreamRqPendingTotal.inc();
            cs.upstreamRqPendingActive.inc();
            conn.pause(Downstream.PAUSE_CONNECTING);
            if (!(h2 ? pool.connectStream(this) : pool.connect(this))) {
                connecting = false;
                cs.upstreamRqPendingActive.dec();
                conn.resume(Downstream.PAUSE_CONNECTING);
                overflow();
            }
        }
    }

    /** A circuit breaker is open: Envoy's 503 UO, counted as a pending overflow. */
    private void overflow() {
        cluster.stats().upstreamRqPendingOverflow.inc();
        localReply(503, RESET_PREFIX + "overflow", ResponseFlag.UO, "upstream_reset_before_response_started{overflow}", true);
    }

    /**
     * The request got a connection: as Envoy's connection pool does when it attaches a stream, count it in
     * {@code upstream_rq_total}, {@code upstream_rq_active} and the host's {@code rq_total}/{@code rq_active}.
     */
    private void attach() {
        attached = true;
        ClusterStats cs = cluster.stats();
        cs.upstreamRqTotal.inc();
        cs.upstreamRqActive.inc();
        host.onRequestStart();
        host.onLocalOriginSuccess();
    }

    /**
     * Envoy's {@code chargeUpstreamCode}, once per attempt: the upstream's response code, or the local 5xx that
     * replaced it after a connect failure, reset or timeout ({@code upstream_rq_<code>}, {@code _<n>xx},
     * {@code _completed}, the host's {@code rq_success}/{@code rq_error}), which also feeds outlier detection.
     */
    private void chargeUpstream(int code) {
        chargeUpstream(code, null);
    }

    /** {@link #chargeUpstream(int)}; {@code localFlag} is the flag of a local 5xx (UF, UT, UR, UC), null otherwise. */
    private void chargeUpstream(int code, ResponseFlag localFlag) {
        if (charged || host == null) {
            return;
        }
        charged = true;
        ClusterStats cs = cluster.stats();
        cs.upstreamRq.record(code);
        cs.upstreamRqCompleted.inc();
        host.onResponse(code < 500);
        if (!cancelled) {
            if (localFlag == null) {
                host.onUpstreamResponseCode(code);
            } else {
                host.onLocalOriginFailure(localFlag == ResponseFlag.UT);
            }
        }
    }

    private void prepareUpstreamRequest(HttpHeaders h) {
        String uri = request.uri();
        String rewritten = route.rewritePath(uri);
        if (rewritten != null) {
            h.set(X_ENVOY_ORIGINAL_PATH, uri);
            request.setUri(rewritten);
        }
        String newHost = choice.hostRewrite();
        if (newHost == null) {
            newHost = switch (route.hostRewriteKind()) {
                case LITERAL -> route.hostRewriteValue();
                case AUTO -> host.hostname().isEmpty() ? null : host.hostname();
                case HEADER -> h.get(route.hostRewriteValue());
                case PATH_REGEX -> route.hostFromPath(originalPath);
                case NONE -> null;
            };
        }
        if (newHost != null && !newHost.isEmpty()) {
            String old = h.get(HttpHeaderNames.HOST);
            if (route.appendXForwardedHost() && old != null) {
                appendValue(h, X_FORWARDED_HOST, old);
            }
            h.set(HttpHeaderNames.HOST, newHost);
        }
        choice.requestHeaders().apply(h, this);
        route.requestHeaders().apply(h, this);
        HopByHop.strip(h, upgrade);
        if (upgrade) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
        }
        request.setProtocolVersion(HttpVersion.HTTP_1_1);
        if (timeoutMillis > 0) {
            h.set(X_ENVOY_EXPECTED_RQ_TIMEOUT_MS, timeoutMillis == route.timeoutMillis() ? route.timeoutHeaderValue()
                    : Long.toString(timeoutMillis));
        }
    }

    /** Writes the request head and any buffered body to the bound upstream connection. */
    private void writeRequestUpstream(boolean flushNow) {
        UpstreamConnection u = upstream;
        // An HTTP/1 request without a body, its end not yet seen: one message (one buffer, one send) upstream.
        headCarriesBody = !conn.http2 && !upstreamHttp2 && !requestComplete && pending == null
                && (retry == null || retry.retries() == 0) && !HttpUtil.isTransferEncodingChunked(request)
                && HttpUtil.getContentLength(request, 0L) == 0;
        u.write(headCarriesBody ? new DefaultFullHttpRequest(request.protocolVersion(), request.method(),
                request.uri(), Unpooled.EMPTY_BUFFER, request.headers(), EmptyHttpHeaders.INSTANCE) : request);
        if (retry != null && retry.retries() > 0) {
            retry.replay(u);
        } else if (pending != null) {
            HttpContent c;
            while ((c = pending.poll()) != null) {
                u.write(c);
            }
        }
        if (requestComplete) {
            requestSent = true;
            armTimeout(System.nanoTime());
        }
        if (flushNow) {
            u.flush();
        } else {
            conn.flushUpstreamLater(u.channel());
        }
        if (!u.isWritable()) {
            conn.pause(Downstream.PAUSE_UPSTREAM);
        }
    }

    void onRequestContent(HttpContent c) {
        if (c.decoderResult().isFailure()) {
            c.release();
            cfg.stats.cxProtocolError.inc();
            setFlag(ResponseFlag.DPE);
            keepAlive = false;
            if (!responseStarted) {
                localReply(400, "", null, "http1.codec_error", false);
            }
            requestComplete = true;
            abort();
            return;
        }
        bytesReceived += c.content().readableBytes();
        boolean last = c instanceof LastHttpContent;
        if (retry != null) {
            retry.record(c);
        }
        if (connecting) {
            if (pending == null) {
                pending = new ArrayDeque<>(4);
            }
            pending.add(c);
        } else if (headCarriesBody && last && !c.content().isReadable()
                && ((LastHttpContent) c).trailingHeaders().isEmpty()) {
            c.release(); // already sent with the head
        } else if (upstream != null && !discardBody) {
            UpstreamConnection u = upstream;
            u.write(c);
            conn.flushUpstreamLater(u.channel());
            if (!u.isWritable()) {
                conn.pause(Downstream.PAUSE_UPSTREAM);
            }
        } else {
            c.release();
        }
        if (last) {
            requestComplete = true;
            // An HTTP/1 request ends in the read event whose clock reading the connection keeps.
            requestCompleteNanos = conn.http2 ? System.nanoTime() : conn.lastActivityNanos;
            if (upstream != null && !connecting) {
                requestSent = true;
            }
            if (cluster != null) {
                // Envoy's route timeout starts when the request is complete, even while still connecting.
                armTimeout(requestCompleteNanos);
            }
            if (responseComplete) {
                finish();
            }
        }
    }

    /**
     * Arms the route timeout. No task is scheduled per request: the connection's timer checks the deadline and is
     * only re-armed when this deadline is earlier than its next check.
     */
    private void armTimeout(long nowNanos) {
        if (timeoutDeadlineNanos == 0 && timeoutMillis > 0 && !upstreamDone && !finished) {
            timeoutDeadlineNanos = nowNanos + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            conn.checkBy(timeoutDeadlineNanos);
        }
        if (retry != null && perTry == null && retry.spec.perTryTimeoutMillis() > 0 && !upstreamDone && !finished) {
            perTry = conn.channel.eventLoop().schedule(this::onPerTryTimeout, retry.spec.perTryTimeoutMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** The per-try timeout of the current attempt fired: retry it, or answer as the route timeout would. */
    private void onPerTryTimeout() {
        perTry = null;
        if (upstreamDone || finished) {
            return;
        }
        cluster.stats().upstreamRqPerTryTimeout.inc();
        host.onRequestTimeout();
        perTryTimedOut = true;
        boolean retried = tryRetry(retry.spec.retriesPerTryTimeout());
        perTryTimedOut = false;
        if (retried) {
            return;
        }
        setFlag(ResponseFlag.UT);
        closeUpstream();
        if (!responseStarted) {
            localReply(504, "upstream request timeout", ResponseFlag.UT, "upstream_per_try_timeout", true);
        } else {
            upstreamDone = true;
            abort();
        }
    }

    /**
     * Retries the request when the failure is {@code retriable} for its policy, the body could be replayed, no
     * response has reached the client, retries are left and the max_retries breaker allows it. True when a retry
     * was scheduled (after back-off), in which case the current attempt is already abandoned.
     */
    private boolean tryRetry(boolean retriable) {
        return tryRetry(retriable, 0);
    }

    /** {@link #tryRetry(boolean)} for a response: {@code code} is charged to the abandoned attempt when retried. */
    private boolean tryRetry(boolean retriable, int code) {
        RetryState r = retry;
        if (r == null || !retriable || responseStarted || finished || !requestComplete || !r.replayable()) {
            return false;
        }
        ClusterStats cs = cluster.stats();
        if (r.retriesLeft() <= 0) {
            cs.upstreamRqRetryLimitExceeded.inc();
            return false;
        }
        if (!cluster.breakers(highPriority).retries().tryAcquire()) {
            cs.upstreamRqRetryOverflow.inc();
            return false;
        }
        if (code != 0) {
            chargeUpstream(code);
        }
        abandonAttempt();
        retryHeld = true;
        cs.upstreamRqRetry.inc();
        long delay = r.startRetry(host);
        retryTimer = conn.channel.eventLoop().schedule(this::retryNow, delay, TimeUnit.MILLISECONDS);
        return true;
    }

    /** Drops the current attempt's connection and accounting, keeping the route timeout running. */
    private void abandonAttempt() {
        ScheduledFuture<?> p = perTry;
        if (p != null) {
            perTry = null;
            p.cancel(false);
        }
        if (connecting) {
            connecting = false;
            if (pool != null && pool.cancel(this)) {
                cluster.stats().upstreamRqPendingActive.dec();
            } else {
                staleConnects++;
            }
        }
        UpstreamConnection u = upstream;
        upstream = null;
        if (u != null) {
            u.close();
        }
        if (!charged && host != null) {
            host.onLocalOriginFailure(perTryTimedOut); // a reset, refused connect or per-try timeout: uncharged
        }
        upstreamFinished();
        // The next attempt is a new upstream request with its own accounting.
        attached = false;
        charged = false;
        upstreamHeadersNanos = 0;
        requestSent = false;
        interim = false;
    }

    /** The back-off elapsed: pick a host (avoiding those already tried, with previous_hosts) and try again. */
    private void retryNow() {
        retryTimer = null;
        if (finished || responseStarted) {
            return;
        }
        status = 0;
        if (!cluster.breakers(highPriority).requests().tryAcquire()) {
            overflow();
            return;
        }
        ClusterWorker w = cluster.worker(conn.worker);
        Host chosen = retry.chooseRetryHost(() -> w.chooseHost(this));
        if (chosen == null) {
            cluster.breakers(highPriority).requests().release();
            cluster.stats().upstreamCxNoneHealthy.inc();
            localReply(503, "no healthy upstream", ResponseFlag.UH, "no_healthy_upstream", true);
            return;
        }
        host = chosen;
        startAttempt();
    }

    /** The route timeout deadline (System.nanoTime), or 0 when none is armed. */
    long timeoutDeadlineNanos() {
        return timeoutDeadlineNanos;
    }

    /** The route timeout expired (called by the connection's timer). */
    void onRouteTimeout() {
        timeoutDeadlineNanos = 0;
        if (upstreamDone || finished) {
            return;
        }
        cluster.stats().upstreamRqTimeout.inc();
        host.onRequestTimeout();
        setFlag(ResponseFlag.UT);
        closeUpstream();
        if (!responseStarted) {
            localReply(504, "upstream request timeout", ResponseFlag.UT, "response_timeout", true);
        } else {
            upstreamDone = true;
            abort();
        }
    }

    /** The stream idle timeout fired (checked by the connection's timer). */
    void onIdleTimeout() {
        if (finished) {
            return;
        }
        cfg.stats.rqIdleTimeout.inc();
        closeUpstream();
        if (!responseStarted) {
            keepAlive = false;
            localReply(408, "stream timeout", ResponseFlag.SI, "stream_idle_timeout", false);
            if (!finished) {
                abort();
            }
        } else {
            setFlag(ResponseFlag.SI);
            abort();
        }
    }

    // ------------------------------------------------------------------ upstream callbacks

    @Override
    public void onUpstreamReady(UpstreamConnection c) {
        if (staleConnects > 0 && (!connecting || c.host() != host)) {
            staleConnects--; // a connect of an abandoned attempt: not ours to use
            cluster.stats().upstreamRqPendingActive.dec();
            c.release(true);
            return;
        }
        connecting = false;
        cluster.stats().upstreamRqPendingActive.dec();
        if (finished || upstreamDone) {
            // This stream already answered (e.g. timed out); a later stream may own the connection's read state now.
            c.release(true);
            return;
        }
        attach();
        conn.resume(Downstream.PAUSE_CONNECTING);
        upstream = c;
        writeRequestUpstream(true);
    }

    @Override
    public void onUpstreamConnectFailure(ConnectFailure failure, String detail) {
        if (staleConnects > 0) {
            staleConnects--;
            cluster.stats().upstreamRqPendingActive.dec();
            return;
        }
        connecting = false;
        cluster.stats().upstreamRqPendingActive.dec();
        transportFailure = detail;
        releasePending();
        if (finished || upstreamDone) {
            return;
        }
        conn.resume(Downstream.PAUSE_CONNECTING);
        if (tryRetry(retry != null && retry.spec.retriesConnectFailure())) {
            return;
        }
        String reason = failure == ConnectFailure.TIMEOUT ? "connection timeout" : "connection failure";
        localReply(503, RESET_PREFIX + reason, ResponseFlag.UF,
                "upstream_reset_before_response_started{" + reason.replace(' ', '_') + "}", true);
    }

    @Override
    public void onUpstreamMessage(Object msg) {
        if (heldHead == null || !(msg instanceof HttpContent)) {
            conn.touch(); // (a body part in the read that brought the held head needs no second clock reading)
        }
        if (tunnel) {
            tunnelFromUpstream(msg);
            return;
        }
        if (finished || upstreamDone) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpResponse r) {
            if (r.decoderResult().isFailure() || r.headers().size() > cluster.config().http().maxHeadersCount()
                    || HeaderCheck.firstInvalid(r.headers()) != null) {
                ReferenceCountUtil.release(msg);
                onUpstreamProtocolError();
                return;
            }
            int code = r.status().code();
            if (code >= 100 && code < 200 && code != 101) {
                interim = true;
                dropInterim = !(awaitingContinue && code == 100);
                awaitingContinue = false;
                if (!dropInterim) {
                    r.setProtocolVersion(HttpVersion.HTTP_1_1);
                    HopByHop.strip(r.headers(), false);
                    conn.write(r);
                }
                if (msg instanceof HttpContent c) {
                    interimContent(c);
                }
                return;
            }
            if (retry != null && retry.spec.retriesResponse(code, r.headers())) {
                status = code;
                if (tryRetry(true, code)) {
                    ReferenceCountUtil.release(msg);
                    return;
                }
            }
            onResponseHeaders(r);
        }
        if (msg instanceof HttpContent c) {
            if (interim) {
                interimContent(c);
            } else {
                onResponseContent(c);
            }
        } else if (!(msg instanceof HttpResponse)) {
            ReferenceCountUtil.release(msg); // raw bytes after a non-upgrade response: not expected
        }
    }

    private void interimContent(HttpContent c) {
        if (c instanceof LastHttpContent) {
            interim = false;
            if (!dropInterim) {
                conn.write(LastHttpContent.EMPTY_LAST_CONTENT);
                conn.flushNow();
            }
        }
        c.release();
    }

    private void onResponseHeaders(HttpResponse r) {
        upstreamHeadersNanos = conn.lastActivityNanos; // onUpstreamMessage has just touched the connection
        int code = r.status().code();
        status = code;
        chargeUpstream(code);
        if (retry != null && retry.retries() > 0 && !retry.spec.retriesResponse(code, r.headers())) {
            cluster.stats().upstreamRqRetrySuccess.inc();
        }
        upstreamKeepAlive = HttpUtil.isKeepAlive(r);
        if (upgrade) {
            if (code == 101) {
                switching = true;
            } else {
                upgrade = false;
                upstreamKeepAlive = false; // the upstream saw upgrade headers; do not reuse the connection
            }
        }
        HttpHeaders h = r.headers();
        HopByHop.strip(h, switching);
        long since = requestCompleteNanos != 0 ? requestCompleteNanos : forwardNanos;
        h.set(X_ENVOY_UPSTREAM_SERVICE_TIME, Millis.text(TimeUnit.NANOSECONDS.toMillis(upstreamHeadersNanos - since)));
        decorateResponse(h, true);
        boolean bodyless = request.method() == HttpMethod.HEAD || code == 204 || code == 304 || switching;
        if (!bodyless && !HttpUtil.isContentLengthSet(r) && !HttpUtil.isTransferEncodingChunked(r)) {
            // A close-delimited upstream body: chunk it for HTTP/1.1 clients, close after it for HTTP/1.0.
            if (http10) {
                keepAlive = false;
            } else {
                HttpUtil.setTransferEncodingChunked(r, true);
            }
        }
        if (http10) {
            r.setProtocolVersion(HttpVersion.HTTP_1_0);
            if (HttpUtil.isTransferEncodingChunked(r)) {
                h.remove(HttpHeaderNames.TRANSFER_ENCODING);
                keepAlive = false;
            }
        } else {
            r.setProtocolVersion(HttpVersion.HTTP_1_1);
        }
        if (switching) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
        } else {
            setConnectionHeader(h);
        }
        responseHeaders = h;
        responseStarted = true;
        if (conn.http2 || switching) {
            conn.write(r);
        } else {
            heldHead = r;
        }
    }

    /** Writes a held response head (the upstream read ended before its body came). */
    private void writeHeldHead() {
        HttpResponse head = heldHead;
        if (head != null) {
            heldHead = null;
            conn.write(head);
        }
    }

    private void onResponseContent(HttpContent c) {
        bytesSent += c.content().readableBytes();
        boolean last = c instanceof LastHttpContent;
        if (last) {
            HttpHeaders t = ((LastHttpContent) c).trailingHeaders();
            if (!t.isEmpty()) {
                responseTrailers = t;
            }
        }
        HttpResponse head = heldHead;
        if (head != null && last) {
            heldHead = null;
            LastHttpContent l = (LastHttpContent) c;
            conn.write(new DefaultFullHttpResponse(head.protocolVersion(), head.status(), l.content(), head.headers(),
                    l.trailingHeaders()));
        } else {
            writeHeldHead();
            conn.write(c);
        }
        if (!last) {
            if (!conn.isWritable() && upstream != null) {
                upstream.setAutoRead(false);
            }
            return;
        }
        upstreamDone = true;
        cancelTimeout();
        if (switching) {
            conn.flushNow();
            startTunnel();
            return;
        }
        boolean reusable = upstreamKeepAlive && requestSent;
        UpstreamConnection c2 = upstream;
        upstream = null;
        upstreamFinished();
        if (c2 != null) {
            c2.release(reusable);
        }
        responseComplete = true;
        conn.flushNow();
        if (requestComplete) {
            finish();
        } else if (awaitingContinue) {
            // The client still waits for a 100 that will never come: end the exchange with the connection.
            requestComplete = true;
            keepAlive = false;
            conn.closeAfterFlush();
            finish();
        } else {
            cfg.stats.rqResponseBeforeRqComplete.inc();
            discardBody = true;
            conn.resume(Downstream.PAUSE_UPSTREAM);
        }
    }

    private void onUpstreamProtocolError() {
        closeUpstream();
        if (!responseStarted) {
            localReply(503, RESET_PREFIX + "protocol error", ResponseFlag.UR,
                    "upstream_reset_before_response_started{protocol_error}", true);
        } else {
            setFlag(ResponseFlag.UR);
            upstreamDone = true;
            abort();
        }
    }

    @Override
    public void onUpstreamReadComplete() {
        writeHeldHead();
        conn.flushNow();
    }

    @Override
    public void onUpstreamWritabilityChanged(boolean writable) {
        if (writable) {
            conn.resume(Downstream.PAUSE_UPSTREAM);
        } else {
            conn.pause(Downstream.PAUSE_UPSTREAM);
        }
    }

    /** The downstream channel's writability changed: throttle reading from upstream accordingly. */
    void onDownstreamWritabilityChanged(boolean writable) {
        UpstreamConnection u = upstream;
        if (u != null) {
            u.setAutoRead(writable);
        }
    }

    @Override
    public void onUpstreamClosed(Throwable cause) {
        upstream = null;
        if (tunnel) {
            conn.closeAfterFlush();
            finish();
            return;
        }
        if (finished || upstreamDone) {
            return;
        }
        boolean refused = cause instanceof StreamResetException r && r.refused();
        boolean reset = cause instanceof IOException && String.valueOf(cause.getMessage()).toLowerCase().contains("reset");
        ResponseFlag flag = reset ? ResponseFlag.UR : ResponseFlag.UC;
        String reason = refused ? "remote refused stream reset" : reset ? "remote reset" : "connection termination";
        cluster.stats().upstreamRqRxReset.inc();
        upstreamFinished();
        if (tryRetry(retry != null && (retry.spec.retriesReset() || refused && retry.spec.retriesRefusedStream()))) {
            return;
        }
        if (!responseStarted) {
            localReply(503, RESET_PREFIX + reason, flag,
                    "upstream_reset_before_response_started{" + reason.replace(' ', '_') + "}", true);
        } else {
            setFlag(flag);
            upstreamDone = true;
            abort();
        }
    }

    // ------------------------------------------------------------------ websocket tunnel

    private void startTunnel() {
        tunnel = true;
        cfg.stats.cxUpgradesTotal.inc();
        cfg.stats.cxUpgradesActive.inc();
        responseComplete = true;
        conn.startTunnel(this);
        // Removing the codec hands any bytes it already buffered to the next handler, as raw ByteBufs.
        upstream.channel().pipeline().remove(HostPool.CODEC);
    }

    void tunnelFromDownstream(Object msg) {
        UpstreamConnection u = upstream;
        if (!(msg instanceof ByteBuf b) || u == null) {
            ReferenceCountUtil.release(msg);
            return;
        }
        bytesReceived += b.readableBytes();
        u.write(b);
        conn.flushUpstreamLater(u.channel());
        if (!u.isWritable()) {
            conn.pause(Downstream.PAUSE_UPSTREAM);
        }
    }

    private void tunnelFromUpstream(Object msg) {
        if (!(msg instanceof ByteBuf b)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        bytesSent += b.readableBytes();
        conn.write(b);
        if (!conn.isWritable() && upstream != null) {
            upstream.setAutoRead(false);
        }
    }

    // ------------------------------------------------------------------ local replies

    private void localReply(int code, String body, ResponseFlag flag, String detail, boolean routeHeaders) {
        localReply(code, body.getBytes(StandardCharsets.UTF_8), flag, detail, routeHeaders, null);
    }

    private void localReply(int code, byte[] body, ResponseFlag flag, String detail, boolean routeHeaders, String location) {
        localReply(code, body, flag, detail, routeHeaders, location, -1);
    }

    /**
     * Sends Envoy's local reply: text/plain body, content-length, date and server headers; for a gRPC request a
     * trailers-only 200 carrying {@code grpcStatus} (or the HTTP status mapped to one) and the body as message.
     */
    private void localReply(int code, byte[] body, ResponseFlag flag, String detail, boolean routeHeaders, String location,
                            int grpcStatus) {
        if (flag != null) {
            setFlag(flag);
        }
        details = detail;
        if (responseStarted) {
            abort();
            return;
        }
        closeUpstream();
        releasePending();
        if (flag == ResponseFlag.UF || flag == ResponseFlag.UT || flag == ResponseFlag.UR || flag == ResponseFlag.UC) {
            chargeUpstream(code, flag);
        }
        byte[] text = body;
        int replyGrpcStatus = grpcStatus >= 0 ? grpcStatus : GrpcStatus.fromHttp(code);
        if (grpc) {
            code = 200;
            body = new byte[0];
        }
        status = code;
        FullHttpResponse resp = new DefaultFullHttpResponse(http10 ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(code), body.length == 0 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body),
                DefaultHttpHeadersFactory.headersFactory(), DefaultHttpHeadersFactory.trailersFactory());
        HttpHeaders h = resp.headers();
        if (location != null) {
            h.set(HttpHeaderNames.LOCATION, location);
        }
        h.set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        if (grpc) {
            GrpcLocalReply.apply(h, replyGrpcStatus, text, request.method() == HttpMethod.HEAD);
            if (conn.http2) {
                h.remove(HttpHeaderNames.CONTENT_LENGTH); // Envoy drops it; HTTP/1 framing needs it, HTTP/2 does not
            }
        } else if (body.length > 0) {
            h.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN);
        }
        h.set(HttpHeaderNames.DATE, DateHeader.now());
        decorateResponse(h, routeHeaders);
        if (!requestComplete && awaitingContinue) {
            keepAlive = false; // the client may or may not send the body it announced: do not guess
        }
        setConnectionHeader(h);
        responseHeaders = h;
        bytesSent = body.length;
        responseStarted = true;
        responseComplete = true;
        upstreamDone = true;
        conn.write(resp);
        conn.flushIfNotInRead();
        if (requestComplete || !keepAlive) {
            requestComplete = true;
            finish();
        } else {
            discardBody = true;
        }
    }

    /** Headers every response gets: server, route response mutations, request id, via, generated cookie. */
    private void decorateResponse(HttpHeaders h, boolean routeHeaders) {
        switch (cfg.serverTransform) {
            case OVERWRITE -> h.set(HttpHeaderNames.SERVER, cfg.serverName);
            case APPEND_IF_ABSENT -> {
                if (!h.contains(HttpHeaderNames.SERVER)) {
                    h.set(HttpHeaderNames.SERVER, cfg.serverName);
                }
            }
            case PASS_THROUGH -> {
            }
        }
        if (routeHeaders && route != null) {
            if (choice != null) {
                choice.responseHeaders().apply(h, this);
            }
            route.responseHeaders().apply(h, this);
        }
        HttpConnectionManager.Forwarding f = cfg.config.forwarding();
        if (f.alwaysSetRequestIdInResponse() && requestId != null) {
            h.set(ForwardingHeaders.X_REQUEST_ID, requestId);
        }
        if (!f.via().isEmpty()) {
            appendValue(h, VIA, f.via());
        }
        if (setCookie != null) {
            h.add(HttpHeaderNames.SET_COOKIE, setCookie);
        }
    }

    private void setConnectionHeader(HttpHeaders h) {
        if (!keepAlive || cfg.draining() || conn.closeAfterResponse) {
            keepAlive = false;
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (http10) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }

    private static void appendValue(HttpHeaders h, AsciiString name, String value) {
        String old = h.get(name);
        h.set(name, old == null || old.isEmpty() ? value : old + ", " + value);
    }

    // ------------------------------------------------------------------ teardown

    /** The downstream connection closed under this stream. */
    void onDownstreamClosed() {
        if (finished) {
            return;
        }
        if (!responseComplete || !requestComplete) {
            cancelled = true;
            setFlag(ResponseFlag.DC);
            cfg.stats.rqRxReset.inc();
            if (cluster != null && !upstreamDone) {
                cluster.stats().upstreamRqCancelled.inc();
            }
        }
        closeUpstream();
        finish();
    }

    /** Resets the stream: HTTP/1 can only signal that by closing the connection, HTTP/2 sends RST_STREAM. */
    private void abort() {
        heldHead = null; // the connection is reset: a head not yet written is not sent at all
        closeUpstream();
        keepAlive = false;
        cfg.stats.rqTxReset.inc();
        conn.reset();
        finish();
    }

    private void closeUpstream() {
        cancelTimeout();
        if (connecting && pool != null && pool.cancel(this)) {
            cluster.stats().upstreamRqPendingActive.dec(); // it was queued, nothing will report back
        }
        UpstreamConnection u = upstream;
        upstream = null;
        if (u != null) {
            u.close();
        }
        upstreamFinished();
    }

    /** Upstream accounting, exactly once per forwarded request. */
    private void upstreamFinished() {
        if (retryHeld) {
            retryHeld = false;
            cluster.breakers(highPriority).retries().release();
        }
        if (!counted) {
            return;
        }
        counted = false;
        cluster.breakers(highPriority).requests().release();
        if (!attached) {
            return;
        }
        ClusterStats cs = cluster.stats();
        cs.upstreamRqActive.dec();
        host.onRequestDone();
        if (upstreamDone && charged && upstreamHeadersNanos != 0) {
            // Envoy records upstream_rq_time when the upstream response completes, not on resets or timeouts.
            cs.upstreamRqTime.record(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - forwardNanos));
        }
    }

    private void cancelTimeout() {
        timeoutDeadlineNanos = 0;
        ScheduledFuture<?> p = perTry;
        if (p != null) {
            perTry = null;
            p.cancel(false);
        }
    }

    private void releasePending() {
        if (pending != null) {
            HttpContent c;
            while ((c = pending.poll()) != null) {
                c.release();
            }
        }
    }

    /** Completes the stream: stats, access logs, and hand the connection to the next request. */
    private void finish() {
        if (finished) {
            return;
        }
        finished = true;
        endNanos = System.nanoTime();
        cancelTimeout();
        ScheduledFuture<?> dt = durationTimer;
        if (dt != null) {
            durationTimer = null;
            dt.cancel(false);
        }
        releasePending();
        if (retry != null) {
            ScheduledFuture<?> rt = retryTimer;
            if (rt != null) {
                retryTimer = null;
                rt.cancel(false);
            }
            retry.release();
        }
        if (tunnel) {
            cfg.stats.cxUpgradesActive.dec();
            UpstreamConnection u = upstream;
            upstream = null;
            if (u != null) {
                u.close();
            }
        }
        upstreamFinished();
        HcmStats s = cfg.stats;
        s.rqActive.dec();
        s.rqCompleted.inc();
        s.listenerRqCompleted.inc();
        if (status > 0) {
            s.rq.record(status);
            s.listenerRq.record(status);
        }
        s.rqTime.record(TimeUnit.NANOSECONDS.toMillis(endNanos - startNanos));
        for (AccessLogger l : cfg.accessLoggers) {
            l.log(this);
        }
        conn.streamDone(this);
    }

    // ------------------------------------------------------------------ load balancing

    @Override
    public long hashKey() {
        if (hash < 0) {
            hash = route == null || route.hashPolicies() == null ? 0 : route.hashPolicies().compute(this, this);
            if (hash < 0) {
                hash = hash & Long.MAX_VALUE | 1;
            }
        }
        return hash;
    }

    @Override
    public void setCookie(String setCookieHeaderValue) {
        this.setCookie = setCookieHeaderValue;
    }
}
