package io.proxyctl.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import io.proxyctl.testing.H2TestUpstream;
import io.proxyctl.testing.LeakCheckExtension;
import io.proxyctl.testing.ProxyFixture;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A grpc-java client calls a grpc-java server through proxyctl, over h2c (prior knowledge) and over h2 with TLS
 * (ALPN, certificate generated here), to an h2c upstream: all four call shapes, deadlines, error statuses with
 * their messages and trailers, and the proxy's own gRPC errors.
 */
@ExtendWith(LeakCheckExtension.class)
class GrpcJavaEndToEndTest {
    /** h2c both sides; TLS downstream and h2c upstream; h2c downstream and TLS (ALPN h2) upstream. */
    enum Mode { H2C, TLS, TLS_UPSTREAM }

    private static final MethodDescriptor<String, String> EMPTY_CLUSTER =
            EchoService.method("test.Empty", "Unary", MethodDescriptor.MethodType.UNARY);
    private static final MethodDescriptor<String, String> NO_ROUTE =
            EchoService.method("other.Svc", "Unary", MethodDescriptor.MethodType.UNARY);
    private static final Metadata.Key<String> ROUTE = Metadata.Key.of("x-route", Metadata.ASCII_STRING_MARSHALLER);

    private static SelfSignedCertificate cert;
    private static EchoService echo;
    private static EchoService echoTls;
    private static SelfSignedCertificate upstreamCert;
    private static ManagedChannel toTlsUpstream;
    private static H2TestUpstream stall;
    private static ProxyFixture proxy;
    private static ManagedChannel h2c;
    private static ManagedChannel tls;

    @BeforeAll
    static void start() throws Exception {
        cert = new SelfSignedCertificate("proxy.test");
        echo = EchoService.start();
        upstreamCert = new SelfSignedCertificate("echo.test");
        echoTls = EchoService.startTls(upstreamCert.certificate(), upstreamCert.privateKey());
        // An h2 upstream that answers too late and, unlike a gRPC server, does not enforce grpc-timeout itself.
        stall = H2TestUpstream.start().handler(ex -> ex.later(3000, () -> ex.respond(200, "",
                new String[] {"content-type", "application/grpc"}, new String[] {"grpc-status", "0"})));
        String hcm = """
                - name: envoy.filters.network.http_connection_manager
                  typed_config:
                    "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                    stat_prefix: grpc
                    codec_type: AUTO
                    route_config:
                      virtual_hosts:
                      - name: all
                        domains: ["*"]
                        routes:
                        - match:
                            prefix: "/test.Echo/"
                            grpc: {}
                            headers: [{ name: x-route, string_match: { exact: limited } }]
                          route: { cluster: stall, max_stream_duration: { grpc_timeout_header_max: 0.3s } }
                        - match:
                            prefix: "/test.Echo/"
                            grpc: {}
                            headers: [{ name: x-route, string_match: { exact: long } }]
                          route: { cluster: echo, max_stream_duration: { max_stream_duration: 10s } }
                        - match: { prefix: "/test.Echo/", grpc: {} }
                          route: { cluster: echo, timeout: 0s, max_grpc_timeout: 0s }
                        - match: { prefix: "/test.Empty/" }
                          route: { cluster: empty }
                    http_filters:
                    - name: envoy.filters.http.router
                      typed_config:
                        "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router
                """;
        String yaml = """
                static_resources:
                  listeners:
                  - name: h2c
                    address: { socket_address: { address: 127.0.0.1, port_value: 0 } }
                    filter_chains:
                    - filters:
                %s
                  - name: tls
                    address: { socket_address: { address: 127.0.0.1, port_value: 0 } }
                    filter_chains:
                    - transport_socket:
                        name: envoy.transport_sockets.tls
                        typed_config:
                          "@type": type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext
                          common_tls_context:
                            alpn_protocols: [h2, http/1.1]
                            tls_certificates:
                            - certificate_chain: { filename: "%s" }
                              private_key: { filename: "%s" }
                      filters:
                %s
                  - name: h2c_to_tls
                    address: { socket_address: { address: 127.0.0.1, port_value: 0 } }
                    filter_chains:
                    - filters:
                %s
                  clusters:
                  - name: echo_tls
                    type: STATIC
                    connect_timeout: 1s
                    typed_extension_protocol_options:
                      envoy.extensions.upstreams.http.v3.HttpProtocolOptions:
                        "@type": type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions
                        explicit_http_config: { http2_protocol_options: {} }
                    transport_socket:
                      name: envoy.transport_sockets.tls
                      typed_config:
                        "@type": type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext
                        sni: echo.test
                        common_tls_context:
                          alpn_protocols: [h2]
                          validation_context: { trusted_ca: { filename: "%s" } }
                    load_assignment:
                      cluster_name: echo_tls
                      endpoints:
                      - lb_endpoints:
                        - endpoint: { address: { socket_address: { address: 127.0.0.1, port_value: %d } } }
                  - name: echo
                    type: STATIC
                    connect_timeout: 1s
                    typed_extension_protocol_options:
                      envoy.extensions.upstreams.http.v3.HttpProtocolOptions:
                        "@type": type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions
                        explicit_http_config: { http2_protocol_options: {} }
                    load_assignment:
                      cluster_name: echo
                      endpoints:
                      - lb_endpoints:
                        - endpoint: { address: { socket_address: { address: 127.0.0.1, port_value: %d } } }
                  - name: stall
                    type: STATIC
                    connect_timeout: 1s
                    typed_extension_protocol_options:
                      envoy.extensions.upstreams.http.v3.HttpProtocolOptions:
                        "@type": type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions
                        explicit_http_config: { http2_protocol_options: {} }
                    load_assignment:
                      cluster_name: stall
                      endpoints:
                      - lb_endpoints:
                        - endpoint: { address: { socket_address: { address: 127.0.0.1, port_value: %d } } }
                  - name: empty
                    type: STATIC
                    connect_timeout: 1s
                    load_assignment: { cluster_name: empty, endpoints: [] }
                """.formatted(io.proxyctl.testing.Configs.indent(hcm, 6), cert.certificate(), cert.privateKey(),
                io.proxyctl.testing.Configs.indent(hcm, 6),
                io.proxyctl.testing.Configs.indent(hcm.replace("cluster: echo,", "cluster: echo_tls,"), 6),
                upstreamCert.certificate(), echoTls.port(), echo.port(), stall.port());
        proxy = ProxyFixture.start(yaml);
        h2c = NettyChannelBuilder.forAddress("127.0.0.1", proxy.port("h2c")).usePlaintext().build();
        tls = NettyChannelBuilder.forAddress("127.0.0.1", proxy.port("tls")).overrideAuthority("proxy.test")
                .sslContext(GrpcSslContexts.forClient().trustManager(cert.certificate()).build()).build();
        toTlsUpstream = NettyChannelBuilder.forAddress("127.0.0.1", proxy.port("h2c_to_tls")).usePlaintext().build();
    }

    @AfterAll
    static void stop() throws Exception {
        for (ManagedChannel c : new ManagedChannel[] {h2c, tls, toTlsUpstream}) {
            if (c != null) {
                c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
        if (proxy != null) {
            proxy.close();
        }
        if (echo != null) {
            echo.close();
        }
        if (echoTls != null) {
            echoTls.close();
        }
        if (upstreamCert != null) {
            upstreamCert.delete();
        }
        if (stall != null) {
            stall.close();
        }
        if (cert != null) {
            cert.delete();
        }
    }

    private static ManagedChannel channel(Mode mode) {
        return switch (mode) {
            case H2C -> h2c;
            case TLS -> tls;
            case TLS_UPSTREAM -> toTlsUpstream;
        };
    }

    private static CallOptions deadline(long millis) {
        return CallOptions.DEFAULT.withDeadlineAfter(millis, TimeUnit.MILLISECONDS);
    }

    private static StatusRuntimeException failure(Mode mode, MethodDescriptor<String, String> m, String req, long deadlineMs) {
        return assertThrows(StatusRuntimeException.class,
                () -> ClientCalls.blockingUnaryCall(channel(mode), m, deadline(deadlineMs), req));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void unary(Mode mode) {
        assertEquals("echo:hello", ClientCalls.blockingUnaryCall(channel(mode), EchoService.UNARY, deadline(5000), "hello"));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void serverStreamingThroughFlowControl(Mode mode) {
        // 200 x 16 KiB: several times the default h2 windows, so the proxy must pass WINDOW_UPDATEs along.
        Iterator<String> it = ClientCalls.blockingServerStreamingCall(channel(mode), EchoService.SERVER_STREAM,
                deadline(20_000), "200:16384");
        int n = 0;
        while (it.hasNext()) {
            String m = it.next();
            assertTrue(m.startsWith(n + ":"), m.substring(0, 10));
            assertEquals(16384, m.length());
            n++;
        }
        assertEquals(200, n);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void clientStreaming(Mode mode) throws Exception {
        CompletableFuture<String> result = new CompletableFuture<>();
        StreamObserver<String> req = ClientCalls.asyncClientStreamingCall(
                channel(mode).newCall(EchoService.CLIENT_STREAM, deadline(10_000)), observer(result));
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            req.onNext("m" + i);
            expected.append("m").append(i).append(',');
        }
        req.onCompleted();
        assertEquals(expected.toString(), result.get(10, TimeUnit.SECONDS));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void clientStreamingThroughFlowControl(Mode mode) throws Exception {
        // 48 x 64 KiB toward the server: well past the initial windows, so the request side must flow too.
        CompletableFuture<String> result = new CompletableFuture<>();
        StreamObserver<String> req = ClientCalls.asyncClientStreamingCall(
                channel(mode).newCall(EchoService.CLIENT_STREAM, deadline(20_000)), observer(result));
        String chunk = "y".repeat(65_536);
        for (int i = 0; i < 48; i++) {
            req.onNext(chunk);
        }
        req.onCompleted();
        assertEquals(48 * 65_537, result.get(20, TimeUnit.SECONDS).length());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void bidiStreamingPingPong(Mode mode) throws Exception {
        BlockingQueue<String> replies = new LinkedBlockingQueue<>();
        CompletableFuture<String> done = new CompletableFuture<>();
        StreamObserver<String> req = ClientCalls.asyncBidiStreamingCall(
                channel(mode).newCall(EchoService.BIDI, deadline(10_000)), new StreamObserver<>() {
                    @Override
                    public void onNext(String value) {
                        replies.add(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        done.complete("ok");
                    }
                });
        // Each reply must arrive before the next message is sent: nothing may wait for the end of the stream.
        for (int i = 0; i < 50; i++) {
            req.onNext("p" + i);
            assertEquals("echo:p" + i, replies.poll(5, TimeUnit.SECONDS));
        }
        req.onCompleted();
        assertEquals("ok", done.get(5, TimeUnit.SECONDS));
    }

    private static io.grpc.Channel routed(Mode mode, String route) {
        Metadata h = new Metadata();
        h.put(ROUTE, route);
        return io.grpc.ClientInterceptors.intercept(channel(mode), MetadataUtils.newAttachHeadersInterceptor(h));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void aClientCancellationReachesTheServer(Mode mode) throws Exception {
        EchoService server = mode == Mode.TLS_UPSTREAM ? echoTls : echo;
        io.grpc.ClientCall<String, String> call = channel(mode).newCall(EchoService.HANG, deadline(10_000));
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        ClientCalls.asyncServerStreamingCall(call, "x", new StreamObserver<>() {
            @Override
            public void onNext(String value) {
                got.add(value);
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
            }
        });
        assertEquals("first", got.poll(5, TimeUnit.SECONDS));
        call.cancel("client gave up", null);
        // RST_STREAM from the client, through the proxy, becomes a reset of the upstream stream.
        assertTrue(server.cancellations.tryAcquire(5, TimeUnit.SECONDS), "the server never saw the cancellation");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void clientDeadlineShorterThanTheUpstream(Mode mode) {
        // The route's max_stream_duration (10 s) replaces the grpc-timeout the server sees, so the client's own
        // deadline fires first; with the deadline forwarded as is, the server's cancellation (a reset the proxy
        // turns into UNAVAILABLE, as Envoy does) races with it.
        long t0 = System.nanoTime();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> ClientCalls.blockingUnaryCall(
                routed(mode, "long"), EchoService.UNARY, deadline(300), "sleep:3000:late"));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode(), e.getStatus().toString());
        assertTrue(ms < 2000, "took " + ms);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void theDeadlineReachesTheUpstream(Mode mode) {
        long seen = Long.parseLong(ClientCalls.blockingUnaryCall(channel(mode), EchoService.UNARY, deadline(5000), "deadline"));
        assertTrue(seen > 3000 && seen <= 5000, "upstream saw " + seen + " ms");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void grpcTimeoutHeaderMaxCapsTheDeadlineAtTheProxy(Mode mode) throws Exception {
        long t0 = System.nanoTime();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> ClientCalls.blockingUnaryCall(
                routed(mode, "limited"), EchoService.UNARY, deadline(5000), "late"));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode(), e.getStatus().toString());
        assertEquals("downstream duration timeout", e.getStatus().getDescription());
        assertTrue(ms >= 250 && ms < 2500, "took " + ms);
        assertEquals("300m", stall.take().header("grpc-timeout"), "the upstream learns the capped deadline");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void errorStatusesMessagesAndTrailersPassThrough(Mode mode) {
        StatusRuntimeException e = failure(mode, EchoService.UNARY, "fail:5:not here", 5000);
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode(), e.getStatus() + " " + e.getTrailers());
        assertEquals("not here", e.getStatus().getDescription());
        assertEquals("detail-5", e.getTrailers().get(EchoService.DETAIL));
        StatusRuntimeException odd = failure(mode, EchoService.UNARY, "fail:9:100% sûr\nligne 2", 5000);
        assertEquals(Status.Code.FAILED_PRECONDITION, odd.getStatus().getCode());
        assertEquals("100% sûr\nligne 2", odd.getStatus().getDescription());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void noHealthyUpstreamIsUnavailable(Mode mode) {
        StatusRuntimeException e = failure(mode, EMPTY_CLUSTER, "x", 5000);
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
        assertEquals("no healthy upstream", e.getStatus().getDescription());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void unknownRouteIsUnimplemented(Mode mode) {
        StatusRuntimeException e = failure(mode, NO_ROUTE, "x", 5000);
        assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void manyConcurrentCallsOnOneConnection(Mode mode) throws Exception {
        List<CompletableFuture<String>> calls = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            CompletableFuture<String> f = new CompletableFuture<>();
            ClientCalls.asyncUnaryCall(channel(mode).newCall(EchoService.UNARY, deadline(10_000)), "c" + i, observer(f));
            calls.add(f);
        }
        for (int i = 0; i < calls.size(); i++) {
            assertEquals("echo:c" + i, calls.get(i).get(10, TimeUnit.SECONDS));
        }
    }

    private static StreamObserver<String> observer(CompletableFuture<String> f) {
        return new StreamObserver<>() {
            private String last;

            @Override
            public void onNext(String value) {
                last = value;
            }

            @Override
            public void onError(Throwable t) {
                f.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                f.complete(last);
            }
        };
    }
}
