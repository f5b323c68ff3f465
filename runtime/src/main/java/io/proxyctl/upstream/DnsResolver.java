package io.proxyctl.upstream;

import io.netty.util.NetUtil;
import io.proxyctl.config.model.Cluster;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Resolves DNS names off the event loops, on one daemon thread, with the system resolver (so /etc/hosts and
 * "localhost" work offline), filtered by the cluster's {@code dns_lookup_family}.
 */
public final class DnsResolver implements AutoCloseable {
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "proxyctl-dns");
        t.setDaemon(true);
        return t;
    });

    ScheduledExecutorService executor() {
        return executor;
    }

    /** The addresses of {@code host} for the family; an IP literal resolves to itself. Blocking. */
    static List<InetAddress> resolve(String host, Cluster.DnsLookupFamily family) throws UnknownHostException {
        byte[] literal = NetUtil.createByteArrayFromIpAddressString(host);
        if (literal != null) {
            return List.of(InetAddress.getByAddress(host, literal));
        }
        InetAddress[] all = InetAddress.getAllByName(host);
        List<InetAddress> v4 = new ArrayList<>();
        List<InetAddress> v6 = new ArrayList<>();
        for (InetAddress a : all) {
            (a instanceof Inet4Address ? v4 : v6).add(a);
        }
        List<InetAddress> out = switch (family) {
            case V4_ONLY -> v4;
            case V6_ONLY -> v6;
            case V4_PREFERRED -> v4.isEmpty() ? v6 : v4;
            case AUTO -> v6.isEmpty() ? v4 : v6; // Envoy's AUTO prefers IPv6 and falls back to IPv4
            case ALL -> {
                List<InetAddress> both = new ArrayList<>(v4);
                both.addAll(v6);
                yield both;
            }
        };
        if (out.isEmpty()) {
            throw new UnknownHostException(host + ": no " + family + " address");
        }
        return out;
    }

    static boolean isV6(InetAddress a) {
        return a instanceof Inet6Address;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
