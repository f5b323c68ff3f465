package io.proxyctl.grpc;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A real grpc-java server (h2c, or h2 over TLS, on loopback, port 0) with one service, {@code test.Echo}, in all four call shapes,
 * using String messages (UTF-8, no protobuf). Unary requests steer the answer: {@code sleep:<ms>:<text>} answers
 * late, {@code fail:<code>:<message>} fails with that status (and an {@code x-detail} trailer),
 * {@code deadline} answers the deadline the server saw in ms ({@code none} without one).
 */
final class EchoService implements AutoCloseable {
    static final MethodDescriptor.Marshaller<String> UTF8 = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(String value) {
            return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };
    static final Metadata.Key<String> DETAIL = Metadata.Key.of("x-detail", Metadata.ASCII_STRING_MARSHALLER);

    static final MethodDescriptor<String, String> UNARY = method("test.Echo", "Unary", MethodDescriptor.MethodType.UNARY);
    static final MethodDescriptor<String, String> SERVER_STREAM =
            method("test.Echo", "ServerStream", MethodDescriptor.MethodType.SERVER_STREAMING);
    static final MethodDescriptor<String, String> CLIENT_STREAM =
            method("test.Echo", "ClientStream", MethodDescriptor.MethodType.CLIENT_STREAMING);
    static final MethodDescriptor<String, String> BIDI = method("test.Echo", "Bidi", MethodDescriptor.MethodType.BIDI_STREAMING);
    /** Sends one message, then nothing until the client cancels; counts the cancellations it sees. */
    static final MethodDescriptor<String, String> HANG =
            method("test.Echo", "Hang", MethodDescriptor.MethodType.SERVER_STREAMING);

    final java.util.concurrent.Semaphore cancellations = new java.util.concurrent.Semaphore(0);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final Server server;

    private EchoService(java.io.File certificate, java.io.File key) throws IOException {
        ServerServiceDefinition def = ServerServiceDefinition.builder("test.Echo")
                .addMethod(UNARY, ServerCalls.asyncUnaryCall(this::unary))
                .addMethod(SERVER_STREAM, ServerCalls.asyncServerStreamingCall(EchoService::serverStream))
                .addMethod(CLIENT_STREAM, ServerCalls.asyncClientStreamingCall(EchoService::clientStream))
                .addMethod(BIDI, ServerCalls.asyncBidiStreamingCall(EchoService::bidi))
                .addMethod(HANG, ServerCalls.asyncServerStreamingCall((req, out) -> {
                    ((io.grpc.stub.ServerCallStreamObserver<String>) out).setOnCancelHandler(cancellations::release);
                    out.onNext("first");
                }))
                .build();
        NettyServerBuilder b = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(def);
        if (certificate != null) {
            b.useTransportSecurity(certificate, key); // h2 over TLS with ALPN
        }
        server = b.build().start();
    }

    static EchoService start() throws IOException {
        return new EchoService(null, null);
    }

    /** The same service over TLS (ALPN h2) with this certificate. */
    static EchoService startTls(java.io.File certificate, java.io.File key) throws IOException {
        return new EchoService(certificate, key);
    }

    static MethodDescriptor<String, String> method(String service, String name, MethodDescriptor.MethodType type) {
        return MethodDescriptor.<String, String>newBuilder().setType(type)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(service, name))
                .setRequestMarshaller(UTF8).setResponseMarshaller(UTF8).build();
    }

    int port() {
        return server.getPort();
    }

    private void unary(String req, StreamObserver<String> out) {
        if (req.startsWith("sleep:")) {
            String[] p = req.split(":", 3);
            timer.schedule(() -> {
                out.onNext("echo:" + p[2]);
                out.onCompleted();
            }, Long.parseLong(p[1]), TimeUnit.MILLISECONDS);
        } else if (req.startsWith("fail:")) {
            String[] p = req.split(":", 3);
            Metadata trailers = new Metadata();
            trailers.put(DETAIL, "detail-" + p[1]);
            out.onError(Status.fromCodeValue(Integer.parseInt(p[1])).withDescription(p[2]).asRuntimeException(trailers));
        } else if (req.equals("deadline")) {
            Deadline d = Context.current().getDeadline();
            out.onNext(d == null ? "none" : Long.toString(d.timeRemaining(TimeUnit.MILLISECONDS)));
            out.onCompleted();
        } else {
            out.onNext("echo:" + req);
            out.onCompleted();
        }
    }

    /** {@code <count>:<size>}: count messages of size bytes each, numbered. */
    private static void serverStream(String req, StreamObserver<String> out) {
        String[] p = req.split(":");
        int count = Integer.parseInt(p[0]);
        int size = Integer.parseInt(p[1]);
        for (int i = 0; i < count; i++) {
            String head = i + ":";
            out.onNext(head + "x".repeat(Math.max(0, size - head.length())));
        }
        out.onCompleted();
    }

    private static StreamObserver<String> clientStream(StreamObserver<String> out) {
        StringBuilder all = new StringBuilder();
        return new StreamObserver<>() {
            @Override
            public void onNext(String value) {
                all.append(value).append(',');
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
                out.onNext(all.toString());
                out.onCompleted();
            }
        };
    }

    private static StreamObserver<String> bidi(StreamObserver<String> out) {
        return new StreamObserver<>() {
            @Override
            public void onNext(String value) {
                out.onNext("echo:" + value);
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
                out.onCompleted();
            }
        };
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
        timer.shutdownNow();
    }
}
