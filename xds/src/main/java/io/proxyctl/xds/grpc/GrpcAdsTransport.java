package io.proxyctl.xds.grpc;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.Code;
import com.google.rpc.Status;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.proxyctl.xds.AdsTransport;
import io.proxyctl.xds.DynamicConfig;
import io.proxyctl.xds.XdsType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A state-of-the-world ADS client: one {@code StreamAggregatedResources} stream to the management server, on
 * which it asks for clusters, then listeners (every resource), then the route configurations and load
 * assignments those name, sending the node on every request. Each response goes to {@link DynamicConfig}; the
 * reply ACKs it (its version_info and nonce) or NACKs it (the last accepted version_info, its nonce, and an
 * error_detail with our diagnostics). A broken stream is reopened after an exponential back-off with jitter
 * (reset by the next response), re-sending the last accepted versions so the server sends only what changed.
 *
 * <p>All stream state is confined to one thread; gRPC callbacks hop onto it.
 */
public final class GrpcAdsTransport implements AdsTransport {
    /** Where and how to connect. */
    public record Settings(String host, int port, Node node, Duration backoffBase, Duration backoffMax,
                           Duration initialFetchTimeout) {
    }

    /** Per type: what was last accepted and received, and which names were asked for. */
    private static final class TypeState {
        String acceptedVersion = "";
        String nonce = "";
        Set<String> names;
    }

    private static final List<XdsType> ORDER = List.of(XdsType.CLUSTER, XdsType.LISTENER, XdsType.ENDPOINT,
            XdsType.ROUTE);

    private final Settings settings;
    private final DynamicConfig config;
    private final Consumer<String> log;
    private final ManagedChannel channel;
    private final ScheduledExecutorService loop;
    private final ResourceJson json = new ResourceJson();
    private final Map<XdsType, TypeState> state = new EnumMap<>(XdsType.class);
    private ClientCallStreamObserver<DiscoveryRequest> requests;
    private int generation;
    private long backoffMillis;
    private volatile boolean closed;

    public GrpcAdsTransport(Settings settings, DynamicConfig config, Consumer<String> log) {
        this.settings = settings;
        this.config = config;
        this.log = log;
        this.loop = newLoop("proxyctl-ads");
        this.channel = newChannel(settings, loop);
        for (XdsType t : XdsType.values()) {
            state.put(t, new TypeState());
        }
        this.backoffMillis = settings.backoffBase().toMillis();
        config.onSubscriptionsChanged(() -> {
            if (!closed) {
                loop.execute(this::resubscribe);
            }
        });
    }

    @Override
    public void start() {
        loop.execute(this::connect);
        warnAfterInitialFetchTimeout(loop, settings, config, log, () -> closed);
    }

    /** The single daemon thread an ADS transport runs its stream, timers and callbacks on. */
    static ScheduledExecutorService newLoop(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** The plaintext channel to the management server, its callbacks on {@code loop}. */
    static ManagedChannel newChannel(Settings settings, ScheduledExecutorService loop) {
        return NettyChannelBuilder.forAddress(settings.host(), settings.port()).usePlaintext().executor(loop).build();
    }

    /** Logs, once the initial fetch timeout has passed, each of CDS and LDS that has no accepted response yet. */
    static void warnAfterInitialFetchTimeout(ScheduledExecutorService loop, Settings settings, DynamicConfig config,
                                             Consumer<String> log, java.util.function.BooleanSupplier closed) {
        long timeout = settings.initialFetchTimeout().toMillis();
        if (timeout > 0) {
            loop.schedule(() -> {
                for (XdsType t : List.of(XdsType.CLUSTER, XdsType.LISTENER)) {
                    if (!closed.getAsBoolean() && config.lastUpdated(t) == null) {
                        log.accept(t.shortName() + ": no accepted response within the initial fetch timeout ("
                                + timeout + " ms); serving what is configured so far");
                    }
                }
            }, timeout, TimeUnit.MILLISECONDS);
        }
    }

    private void connect() {
        if (closed) {
            return;
        }
        int gen = ++generation;
        log.accept("ads: connecting to " + settings.host() + ":" + settings.port());
        AggregatedDiscoveryServiceGrpc.newStub(channel).streamAggregatedResources(
                new CurrentStreamObserver<DiscoveryRequest, DiscoveryResponse>(
                        gen, () -> generation, stream -> requests = stream, this::onResponse, this::streamClosed));
        for (XdsType t : ORDER) {
            TypeState s = state.get(t);
            s.nonce = "";
            s.names = null;
            if (t.wildcard() || !config.subscribedNames(t).isEmpty()) {
                send(t, s.acceptedVersion, null);
            }
        }
    }

    private void onResponse(DiscoveryResponse response) {
        config.stats().connected(true);
        backoffMillis = settings.backoffBase().toMillis();
        XdsType type = XdsType.ofTypeUrl(response.getTypeUrl());
        if (type == null) {
            log.accept("ads: ignoring a response of unsubscribed type " + response.getTypeUrl());
            return;
        }
        TypeState s = state.get(type);
        s.nonce = response.getNonce();
        List<Map<String, Object>> trees = new ArrayList<>();
        for (Any r : response.getResourcesList()) {
            try {
                trees.add(json.tree(r));
            } catch (InvalidProtocolBufferException e) {
                config.rejectedBeforeUpdate(type, response.getVersionInfo(), List.of(e.getMessage()));
                send(type, s.acceptedVersion, e.getMessage());
                return;
            }
        }
        DynamicConfig.Result result = config.update(type, response.getVersionInfo(), trees);
        if (result.accepted()) {
            s.acceptedVersion = response.getVersionInfo();
            send(type, s.acceptedVersion, null);
        } else {
            send(type, s.acceptedVersion, result.errorDetail());
        }
    }

    /** RDS or EDS names changed: ask for the new set (with the last version and nonce of that type). */
    private void resubscribe() {
        if (requests == null) {
            return;
        }
        for (XdsType t : List.of(XdsType.ENDPOINT, XdsType.ROUTE)) {
            TypeState s = state.get(t);
            Set<String> names = config.subscribedNames(t);
            if (!names.equals(s.names) && (s.names != null || !names.isEmpty())) {
                send(t, s.acceptedVersion, null);
            }
        }
    }

    private void send(XdsType type, String version, String errorDetail) {
        if (requests == null) {
            return;
        }
        TypeState s = state.get(type);
        Set<String> names = type.wildcard() ? Set.of() : new LinkedHashSet<>(config.subscribedNames(type));
        DiscoveryRequest.Builder b = DiscoveryRequest.newBuilder().setNode(settings.node()).setTypeUrl(type.typeUrl())
                .setVersionInfo(version).setResponseNonce(s.nonce).addAllResourceNames(names);
        if (errorDetail != null) {
            b.setErrorDetail(Status.newBuilder().setCode(Code.INVALID_ARGUMENT_VALUE).setMessage(errorDetail));
        }
        s.names = names;
        requests.onNext(b.build());
    }

    private void streamClosed(String why) {
        requests = null;
        config.stats().connected(false);
        if (closed) {
            return;
        }
        long delay = ThreadLocalRandom.current().nextLong(backoffMillis / 2, backoffMillis + 1);
        log.accept("ads: stream to " + settings.host() + ":" + settings.port() + " lost (" + why + "); retrying in "
                + delay + " ms");
        backoffMillis = Math.min(backoffMillis * 2, settings.backoffMax().toMillis());
        loop.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        closed = true;
        loop.execute(() -> {
            if (requests != null) {
                requests.cancel("proxy shutting down", null);
                requests = null;
            }
        });
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        loop.shutdown();
        config.stats().connected(false);
    }
}
