package io.proxyctl.xds.grpc;

import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.controlplane.server.DiscoveryServerCallbacks;
import io.envoyproxy.controlplane.server.V3DiscoveryServer;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * java-control-plane's management server on loopback: a SimpleCache (every node in one group) behind
 * V3DiscoveryServer's ADS service on a gRPC server. Records every DiscoveryRequest it receives. Can be stopped and
 * started again on the same port with the same cache, as a restarted control plane.
 */
final class ControlPlane implements AutoCloseable {
    static final String GROUP = "fleet";

    final SimpleCache<String> cache = new SimpleCache<>(node -> GROUP);
    final List<DiscoveryRequest> requests = new CopyOnWriteArrayList<>();
    final List<DeltaDiscoveryRequest> deltaRequests = new CopyOnWriteArrayList<>();

    /** A NACK as received: its type, version_info (empty for delta, which has none) and error message. */
    record Nack(String typeUrl, String versionInfo, String message) {
    }
    private final V3DiscoveryServer discovery;
    private Server server;
    private int port;

    ControlPlane() {
        discovery = new V3DiscoveryServer(new DiscoveryServerCallbacks() {
            @Override
            public void onV3StreamRequest(long streamId, DiscoveryRequest request) {
                requests.add(request);
            }

            @Override
            public void onV3StreamDeltaRequest(long streamId, DeltaDiscoveryRequest request) {
                deltaRequests.add(request);
            }
        }, cache);
    }

    /** Starts on {@code port} (0: any free port). */
    ControlPlane start(int port) {
        try {
            server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                    .addService(discovery.getAggregatedDiscoveryServiceImpl()).build().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.port = server.getPort();
        return this;
    }

    int port() {
        return port;
    }

    void snapshot(Snapshot s) {
        cache.setSnapshot(GROUP, s);
    }

    /** Kills the server: every stream breaks, the port is released. */
    void stop() throws InterruptedException {
        if (server != null) {
            server.shutdownNow();
            server.awaitTermination(5, TimeUnit.SECONDS);
            server = null;
        }
    }

    /** The NACKs received (state of the world and delta): requests carrying an error_detail. */
    List<Nack> nacks() {
        List<Nack> out = new java.util.ArrayList<>();
        requests.stream().filter(DiscoveryRequest::hasErrorDetail).forEach(r -> out.add(new Nack(r.getTypeUrl(),
                r.getVersionInfo(), r.getErrorDetail().getMessage())));
        deltaRequests.stream().filter(DeltaDiscoveryRequest::hasErrorDetail).forEach(r -> out.add(new Nack(
                r.getTypeUrl(), "", r.getErrorDetail().getMessage())));
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
