package io.proxyctl.xds.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.Code;
import com.google.rpc.Status;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.Resource;
import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCallStreamObserver;
import io.proxyctl.xds.AdsTransport;
import io.proxyctl.xds.DynamicConfig;
import io.proxyctl.xds.XdsType;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * An incremental (delta) ADS client: one {@code DeltaAggregatedResources} stream on which it subscribes to every
 * cluster and listener, then to the route configurations and load assignments those name (subscribe/unsubscribe
 * as they change). Each response's added, changed and removed resources are applied to this type's accepted set
 * and the resulting whole set goes to {@link DynamicConfig}; the reply ACKs the nonce, or NACKs it with our
 * diagnostics in error_detail (the set stays as it was). On reconnect the accepted resources' versions are sent
 * as initial_resource_versions so the server sends only what changed. Back-off and threading as
 * {@link GrpcAdsTransport}.
 */
public final class DeltaAdsTransport implements AdsTransport {
    /** Per type: the accepted resources (name to tree and version) and the names subscribed to. */
    private static final class TypeState {
        final Map<String, Map<String, Object>> trees = new LinkedHashMap<>();
        final Map<String, String> versions = new LinkedHashMap<>();
        Set<String> subscribed = new LinkedHashSet<>();
    }

    private static final List<XdsType> ORDER = List.of(XdsType.CLUSTER, XdsType.LISTENER, XdsType.ENDPOINT,
            XdsType.ROUTE);

    private final GrpcAdsTransport.Settings settings;
    private final DynamicConfig config;
    private final Consumer<String> log;
    private final ManagedChannel channel;
    private final ScheduledExecutorService loop;
    private final ResourceJson json = new ResourceJson();
    private final Map<XdsType, TypeState> state = new EnumMap<>(XdsType.class);
    private ClientCallStreamObserver<DeltaDiscoveryRequest> requests;
    private int generation;
    private long backoffMillis;
    private volatile boolean closed;

    public DeltaAdsTransport(GrpcAdsTransport.Settings settings, DynamicConfig config, Consumer<String> log) {
        this.settings = settings;
        this.config = config;
        this.log = log;
        this.loop = GrpcAdsTransport.newLoop("proxyctl-delta-ads");
        this.channel = GrpcAdsTransport.newChannel(settings, loop);
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
        GrpcAdsTransport.warnAfterInitialFetchTimeout(loop, settings, config, log, () -> closed);
    }

    private void connect() {
        if (closed) {
            return;
        }
        int gen = ++generation;
        log.accept("ads: connecting (delta) to " + settings.host() + ":" + settings.port());
        AggregatedDiscoveryServiceGrpc.newStub(channel).deltaAggregatedResources(
                new CurrentStreamObserver<DeltaDiscoveryRequest, DeltaDiscoveryResponse>(
                        gen, () -> generation, stream -> requests = stream, this::onResponse, this::streamClosed));
        for (XdsType t : ORDER) {
            TypeState s = state.get(t);
            Set<String> names = config.subscribedNames(t);
            if (!t.wildcard() && names.isEmpty()) {
                s.subscribed = new LinkedHashSet<>();
                continue;
            }
            DeltaDiscoveryRequest.Builder b = request(t).addAllResourceNamesSubscribe(names);
            // The server skips what we already hold at these versions.
            s.versions.forEach(b::putInitialResourceVersions);
            s.subscribed = new LinkedHashSet<>(names);
            requests.onNext(b.build());
        }
    }

    private DeltaDiscoveryRequest.Builder request(XdsType type) {
        return DeltaDiscoveryRequest.newBuilder().setNode(settings.node()).setTypeUrl(type.typeUrl());
    }

    private void onResponse(DeltaDiscoveryResponse response) {
        config.stats().connected(true);
        backoffMillis = settings.backoffBase().toMillis();
        XdsType type = XdsType.ofTypeUrl(response.getTypeUrl());
        if (type == null) {
            log.accept("ads: ignoring a response of unsubscribed type " + response.getTypeUrl());
            return;
        }
        TypeState s = state.get(type);
        Map<String, Map<String, Object>> trees = new LinkedHashMap<>(s.trees);
        Map<String, String> versions = new LinkedHashMap<>(s.versions);
        for (String removed : response.getRemovedResourcesList()) {
            trees.remove(removed);
            versions.remove(removed);
        }
        for (Resource r : response.getResourcesList()) {
            if (!r.hasResource()) {
                continue;
            }
            try {
                Map<String, Object> tree = json.tree(r.getResource());
                String name = r.getName().isEmpty() ? type.nameOf(tree) : r.getName();
                trees.put(name, tree);
                versions.put(name, r.getVersion());
            } catch (InvalidProtocolBufferException e) {
                config.rejectedBeforeUpdate(type, response.getSystemVersionInfo(), List.of(e.getMessage()));
                ack(type, response.getNonce(), e.getMessage());
                return;
            }
        }
        DynamicConfig.Result result = config.update(type, response.getSystemVersionInfo(),
                new ArrayList<>(trees.values()), true);
        if (result.accepted()) {
            s.trees.clear();
            s.trees.putAll(trees);
            s.versions.clear();
            s.versions.putAll(versions);
            ack(type, response.getNonce(), null);
        } else {
            ack(type, response.getNonce(), result.errorDetail());
        }
    }

    private void ack(XdsType type, String nonce, String errorDetail) {
        if (requests == null) {
            return;
        }
        DeltaDiscoveryRequest.Builder b = request(type).setResponseNonce(nonce);
        if (errorDetail != null) {
            b.setErrorDetail(Status.newBuilder().setCode(Code.INVALID_ARGUMENT_VALUE).setMessage(errorDetail));
        }
        requests.onNext(b.build());
    }

    /** RDS or EDS names changed: subscribe to the new ones, unsubscribe from the gone ones. */
    private void resubscribe() {
        if (requests == null) {
            return;
        }
        for (XdsType t : List.of(XdsType.ENDPOINT, XdsType.ROUTE)) {
            TypeState s = state.get(t);
            Set<String> names = config.subscribedNames(t);
            Set<String> added = new LinkedHashSet<>(names);
            added.removeAll(s.subscribed);
            Set<String> gone = new LinkedHashSet<>(s.subscribed);
            gone.removeAll(names);
            if (added.isEmpty() && gone.isEmpty()) {
                continue;
            }
            s.subscribed = new LinkedHashSet<>(names);
            gone.forEach(n -> {
                s.trees.remove(n);
                s.versions.remove(n);
            });
            requests.onNext(request(t).addAllResourceNamesSubscribe(added).addAllResourceNamesUnsubscribe(gone)
                    .build());
        }
    }

    private void streamClosed(String why) {
        requests = null;
        config.stats().connected(false);
        if (closed) {
            return;
        }
        long delay = ThreadLocalRandom.current().nextLong(backoffMillis / 2, backoffMillis + 1);
        log.accept("ads: delta stream to " + settings.host() + ":" + settings.port() + " lost (" + why
                + "); retrying in " + delay + " ms");
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
