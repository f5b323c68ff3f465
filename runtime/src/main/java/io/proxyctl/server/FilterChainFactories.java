package io.proxyctl.server;

import io.proxyctl.accesslog.AccessLogFactory;
import io.proxyctl.config.model.DownstreamTls;
import io.proxyctl.config.model.FilterChain;
import io.proxyctl.config.model.HttpConnectionManager;
import io.proxyctl.config.model.Listener;
import io.proxyctl.config.model.NetworkFilter;
import io.proxyctl.config.model.RouteConfiguration;
import io.proxyctl.config.model.TcpProxy;
import io.proxyctl.http.HcmConfig;
import io.proxyctl.http.HttpConnectionManagerFactory;
import io.proxyctl.network.NetworkFilterFactory;
import io.proxyctl.network.ServerTlsContexts;
import io.proxyctl.network.TlsTerminatingFactory;
import io.proxyctl.router.RouteTable;
import io.proxyctl.stats.StatsStore;
import io.proxyctl.tcp.TcpProxyConfig;
import io.proxyctl.tcp.TcpProxyFactory;
import io.proxyctl.transport.Workers;
import io.proxyctl.upstream.UpstreamCluster;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/** Compiles a filter chain into the {@link NetworkFilterFactory} that serves it (HTTP connection manager or tcp_proxy). */
final class FilterChainFactories {
    private final Function<String, UpstreamCluster> clusters;
    private final StatsStore stats;
    private final Workers workers;
    private final AccessLogFactory accessLogs;
    private final Consumer<String> log;

    /** @param clusters resolves the cluster names of routes and tcp_proxy (the running set, or a reload's new one) */
    FilterChainFactories(Function<String, UpstreamCluster> clusters, StatsStore stats, Workers workers, AccessLogFactory accessLogs,
                         Consumer<String> log) {
        this.clusters = clusters;
        this.stats = stats;
        this.workers = workers;
        this.accessLogs = accessLogs;
        this.log = log;
    }

    /** The factory for a chain, or null when the runtime cannot serve it (its connections are then closed). */
    NetworkFilterFactory create(Listener l, FilterChain fc, String chainLabel) {
        String where = "listener '" + l.name() + "' " + chainLabel;
        DownstreamTls tls = null;
        if (fc.transportSocket() != null && !fc.transportSocket().isRawBuffer()) {
            if (!(fc.transportSocket().config() instanceof DownstreamTls t)) {
                log.accept("warning: " + where + ": transport socket " + fc.transportSocket().typeUrl()
                        + " is not implemented; its connections will be closed");
                return null;
            }
            tls = t;
        }
        NetworkFilterFactory plain = plain(l, fc, where);
        if (plain == null || tls == null) {
            return plain;
        }
        List<String> alpn = tls.alpnProtocols();
        if (plain instanceof HttpConnectionManagerFactory hf && alpn.contains("h2")
                && hf.config().config().codecType() == HttpConnectionManager.CodecType.HTTP1) {
            // An HTTP/1.1-only connection manager: never let ALPN pick h2 for it.
            alpn = alpn.stream().filter(p -> !p.equals("h2")).toList();
            log.accept("warning: " + where + ": ALPN h2 is not offered (codec_type HTTP1); offering "
                    + (alpn.isEmpty() ? "no ALPN" : String.join(",", alpn)));
        }
        ServerTlsContexts.ServerTls ctx = ServerTlsContexts.create(tls, alpn, where);
        javax.net.ssl.SSLEngine probe = ctx.first().newEngine(io.netty.buffer.ByteBufAllocator.DEFAULT);
        String[] protocols = probe.getEnabledProtocols();
        io.netty.util.ReferenceCountUtil.release(probe); // a BoringSSL engine holds native memory until released
        log.accept(where + ": TLS termination with " + io.proxyctl.transport.TlsProvider.describe() + " ("
                + String.join(", ", protocols)
                + (tls.requireClientCertificate() ? ", client certificate required" : "")
                + (ctx.bySni() ? ", " + tls.certificates().size() + " certificates chosen by SNI" : "") + ")");
        return new TlsTerminatingFactory(ctx, plain, stats.counter(l.statRoot() + ".ssl.handshake"),
                stats.counter(l.statRoot() + ".ssl.connection_error"));
    }

    private NetworkFilterFactory plain(Listener l, FilterChain fc, String where) {
        if (fc.filters().isEmpty()) {
            log.accept("warning: " + where + " has no filters; its connections will be closed");
            return null;
        }
        NetworkFilter terminal = fc.filters().get(fc.filters().size() - 1);
        if (terminal instanceof TcpProxy tcp) {
            return new TcpProxyFactory(new TcpProxyConfig(tcp, clusters, stats, accessLogs.create(tcp.accessLog())));
        }
        if (!(terminal instanceof HttpConnectionManager hcm)) {
            log.accept("warning: " + where + ": network filter '" + terminal.name()
                    + "' is not implemented; its connections will be closed");
            return null;
        }
        RouteConfiguration rc = hcm.routeConfig();
        if (rc == null) {
            log.accept("warning: " + where + ": RDS route configuration '" + hcm.rdsRouteConfigName()
                    + "' is not supported; every request gets 404");
            rc = new RouteConfiguration(hcm.rdsRouteConfigName(), List.of(), null, List.of(), false, false, false);
        }
        RouteTable routes = RouteTable.compile(rc, clusters);
        HcmConfig cfg = new HcmConfig(hcm, routes, HcmConfig.stats(stats, hcm.statPrefix(), l.statRoot()),
                accessLogs.create(hcm.accessLog()), workers, l.address().port());
        return new HttpConnectionManagerFactory(cfg);
    }
}
