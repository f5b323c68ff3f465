package io.proxyctl.config.bind;

import io.proxyctl.config.model.Address;
import io.proxyctl.config.model.CircuitBreakers;
import io.proxyctl.config.model.HealthCheck;
import io.proxyctl.config.model.OutlierDetection;
import io.proxyctl.config.model.Cluster;
import io.proxyctl.config.model.LbConfig;
import io.proxyctl.config.model.LbEndpoint;
import io.proxyctl.config.model.LbPolicy;
import io.proxyctl.config.model.LoadAssignment;
import io.proxyctl.config.model.Locality;
import io.proxyctl.config.model.LocalityLbEndpoints;
import io.proxyctl.config.model.Http2Options;
import io.proxyctl.config.model.UpstreamHttpOptions;
import io.proxyctl.config.model.UpstreamTls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Binds clusters: discovery, endpoints, load balancing, TLS and protocol options. */
final class ClusterBinder {
    static final String UPSTREAM_TLS = "envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext";
    static final String UPSTREAM_TLS_V2 = "envoy.api.v2.auth.UpstreamTlsContext";
    static final String HTTP_PROTOCOL_OPTIONS = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";

    private ClusterBinder() {
    }

    static Cluster cluster(Obj c) {
        String name = c.reqStr("name");
        if (c.has("hosts")) {
            throw new BindException(c.ptr("hosts"), "cluster '" + name + "': v2 'hosts' must be upgraded to load_assignment");
        }
        Cluster.DiscoveryType type = c.enumValue("type", Cluster.DiscoveryType.class, Cluster.DiscoveryType.STATIC);
        LbPolicy lb = c.enumValue("lb_policy", LbPolicy.class, LbPolicy.ROUND_ROBIN, 0, 1, 2, 3, 5, 6, 7);
        String altStat = c.has("alt_stat_name") ? c.str("alt_stat_name", null) : c.str("observability_name", null);
        Obj fail = c.obj("dns_failure_refresh_rate");
        Duration failRate = fail == null ? null : fail.duration("base_interval", null);
        return new Cluster(name, altStat, type, c.duration("connect_timeout", Cluster.DEFAULT_CONNECT_TIMEOUT), lb,
                loadAssignment(c.obj("load_assignment"), name), c.enumValue("dns_lookup_family",
                Cluster.DnsLookupFamily.class, Cluster.DnsLookupFamily.AUTO),
                c.duration("dns_refresh_rate", Cluster.DEFAULT_DNS_REFRESH_RATE), failRate, lbConfig(c),
                tls(c, name), circuitBreakers(c.obj("circuit_breakers")), httpOptions(c),
                c.optInt("per_connection_buffer_limit_bytes"), healthChecks(c),
                outlierDetection(c.obj("outlier_detection")));
    }

    static OutlierDetection outlierDetection(Obj od) {
        if (od == null) {
            return null;
        }
        return new OutlierDetection(od.integer("consecutive_5xx", 5), od.integer("enforcing_consecutive_5xx", 100),
                od.duration("base_ejection_time", Duration.ofSeconds(30)),
                od.duration("max_ejection_time", Duration.ofSeconds(300)), od.integer("max_ejection_percent", 10));
    }

    /** {@code health_checks[]}: HTTP and TCP checkers; other kinds (gRPC, custom) are left to the coverage warning. */
    static List<HealthCheck> healthChecks(Obj c) {
        List<HealthCheck> out = new ArrayList<>();
        for (Obj hc : c.objs("health_checks")) {
            Obj http = hc.obj("http_health_check");
            HealthCheck.Kind kind;
            if (http != null) {
                kind = HealthCheck.Kind.HTTP;
            } else if (hc.has("tcp_health_check")) {
                kind = HealthCheck.Kind.TCP;
            } else {
                continue;
            }
            List<int[]> statuses = new ArrayList<>();
            List<String[]> headers = new ArrayList<>();
            if (http != null) {
                for (Obj r : http.objs("expected_statuses")) {
                    statuses.add(new int[]{(int) r.lng("start", 200), (int) r.lng("end", 201)});
                }
                for (Obj h : http.objs("request_headers_to_add")) {
                    Obj kv = h.obj("header");
                    if (kv != null) {
                        headers.add(new String[]{kv.reqStr("key"), kv.str("value", "")});
                    }
                }
            }
            out.add(new HealthCheck(hc.duration("timeout", Duration.ofSeconds(1)),
                    hc.duration("interval", Duration.ofSeconds(1)), hc.duration("interval_jitter", Duration.ZERO),
                    hc.duration("no_traffic_interval", HealthCheck.DEFAULT_NO_TRAFFIC_INTERVAL),
                    Math.max(1, hc.integer("unhealthy_threshold", 1)), Math.max(1, hc.integer("healthy_threshold", 1)),
                    kind, http == null ? "/" : http.str("path", "/"), http == null ? "" : http.str("host", ""),
                    statuses, headers));
        }
        return out;
    }

    static LoadAssignment loadAssignment(Obj la, String clusterName) {
        if (la == null) {
            return new LoadAssignment(clusterName, List.of(), 140);
        }
        List<LocalityLbEndpoints> groups = new ArrayList<>();
        for (Obj e : la.objs("endpoints")) {
            List<LbEndpoint> eps = new ArrayList<>();
            for (Obj lbe : e.objs("lb_endpoints")) {
                eps.add(lbEndpoint(lbe));
            }
            Obj loc = e.obj("locality");
            Locality locality = loc == null ? Locality.NONE
                    : new Locality(loc.str("region", ""), loc.str("zone", ""), loc.str("sub_zone", ""));
            groups.add(new LocalityLbEndpoints(locality, eps, e.integer("load_balancing_weight", 0),
                    e.integer("priority", 0)));
        }
        Obj policy = la.obj("policy");
        int overprovisioning = policy == null ? 140 : policy.integer("overprovisioning_factor", 140);
        return new LoadAssignment(la.str("cluster_name", clusterName), groups, overprovisioning);
    }

    static LbEndpoint lbEndpoint(Obj lbe) {
        Obj ep = lbe.obj("endpoint");
        if (ep == null) {
            throw new BindException(lbe.ptr("endpoint"), "lb endpoint has no endpoint (named endpoints are not supported)");
        }
        Address addr = CommonBinder.address(ep.obj("address"), "endpoint");
        if (addr == null) {
            throw new BindException(ep.ptr("address"), "endpoint has no address");
        }
        return new LbEndpoint(addr, ep.str("hostname", ""), lbe.integer("load_balancing_weight", 1),
                lbe.enumValue("health_status", LbEndpoint.HealthStatus.class, LbEndpoint.HealthStatus.UNKNOWN));
    }

    static LbConfig lbConfig(Obj c) {
        LbConfig d = LbConfig.DEFAULT;
        double panic = d.healthyPanicThreshold();
        boolean localityWeighted = false;
        Obj common = c.obj("common_lb_config");
        if (common != null) {
            Obj p = common.obj("healthy_panic_threshold");
            if (p != null) {
                panic = p.dbl("value", 0);
            }
            localityWeighted = common.has("locality_weighted_lb_config");
        }
        Obj lr = c.obj("least_request_lb_config");
        Obj rh = c.obj("ring_hash_lb_config");
        Obj mg = c.obj("maglev_lb_config");
        return new LbConfig(panic, localityWeighted, lr == null ? d.choiceCount() : lr.integer("choice_count", 2),
                rh == null ? d.minimumRingSize() : rh.lng("minimum_ring_size", d.minimumRingSize()),
                rh == null ? d.maximumRingSize() : rh.lng("maximum_ring_size", d.maximumRingSize()),
                mg == null ? d.maglevTableSize() : mg.lng("table_size", d.maglevTableSize()));
    }

    static UpstreamTls tls(Obj c, String cluster) {
        TypedConfig tc = null;
        if (c.has("transport_socket")) {
            Obj ts = c.obj("transport_socket");
            tc = TypedConfig.of(ts, "typed_config");
            if (tc == null) {
                String n = ts.str("name", "");
                if (n.equals("envoy.transport_sockets.raw_buffer") || n.equals("raw_buffer")) {
                    return null;
                }
                throw new BindException(ts.pointer(), "cluster '" + cluster + "': transport_socket has no typed_config");
            }
            if (tc.is("envoy.extensions.transport_sockets.raw_buffer.v3.RawBuffer", null)) {
                return null;
            }
            if (!tc.is(UPSTREAM_TLS, UPSTREAM_TLS_V2)) {
                throw new BindException(ts.pointer(), "cluster '" + cluster + "': transport socket " + tc.typeUrl()
                        + " is not supported");
            }
        } else if (c.has("tls_context")) {
            tc = new TypedConfig(TypedConfig.PREFIX + UPSTREAM_TLS, c.obj("tls_context"));
        }
        if (tc == null) {
            return null;
        }
        Obj t = tc.body();
        CommonTls common = commonTls(t.obj("common_tls_context"));
        return new UpstreamTls(t.str("sni", ""), common.alpn(), common.validation(), common.certificates(), common.min(),
                common.max(), common.ciphers());
    }

    /** The parts of a {@code CommonTlsContext} the runtime uses, shared by upstream and downstream TLS. */
    record CommonTls(List<String> alpn, UpstreamTls.Validation validation, List<UpstreamTls.Certificate> certificates,
                     String min, String max, List<String> ciphers) {
    }

    static CommonTls commonTls(Obj common) {
        List<String> alpn = List.of();
        UpstreamTls.Validation validation = null;
        List<UpstreamTls.Certificate> certs = new ArrayList<>();
        String min = null;
        String max = null;
        List<String> ciphers = List.of();
        if (common != null) {
            alpn = common.strings("alpn_protocols");
            Obj vc = common.obj("validation_context");
            if (vc == null && common.has("combined_validation_context")) {
                vc = common.obj("combined_validation_context").obj("default_validation_context");
            }
            if (vc != null) {
                List<UpstreamTls.SanMatcher> sans = new ArrayList<>();
                for (Obj m : vc.objs("match_typed_subject_alt_names")) {
                    Obj sm = m.obj("matcher");
                    if (sm != null) {
                        sans.add(new UpstreamTls.SanMatcher(m.str("san_type", "SAN_TYPE_UNSPECIFIED"),
                                CommonBinder.stringMatcher(sm)));
                    }
                }
                for (Obj m : vc.objs("match_subject_alt_names")) {
                    sans.add(new UpstreamTls.SanMatcher(null, CommonBinder.stringMatcher(m)));
                }
                validation = new UpstreamTls.Validation(CommonBinder.dataSource(vc.obj("trusted_ca")), sans);
            }
            for (Obj cert : common.objs("tls_certificates")) {
                certs.add(new UpstreamTls.Certificate(CommonBinder.dataSource(cert.obj("certificate_chain")),
                        CommonBinder.dataSource(cert.obj("private_key")), CommonBinder.dataSource(cert.obj("password"))));
            }
            Obj params = common.obj("tls_params");
            if (params != null) {
                min = params.str("tls_minimum_protocol_version", null);
                max = params.str("tls_maximum_protocol_version", null);
                ciphers = params.strings("cipher_suites");
            }
        }
        return new CommonTls(alpn, validation, certs, min, max, ciphers);
    }

    static CircuitBreakers circuitBreakers(Obj cb) {
        if (cb == null) {
            return CircuitBreakers.DEFAULT;
        }
        CircuitBreakers d = CircuitBreakers.DEFAULT;
        for (Obj t : cb.objs("thresholds")) {
            String p = t.str("priority", "DEFAULT");
            if (p.equalsIgnoreCase("DEFAULT") || p.equals("0")) {
                return new CircuitBreakers(t.integer("max_connections", d.maxConnections()),
                        t.integer("max_pending_requests", d.maxPendingRequests()),
                        t.integer("max_requests", d.maxRequests()), t.integer("max_retries", d.maxRetries()));
            }
        }
        return d;
    }

    static UpstreamHttpOptions httpOptions(Obj c) {
        UpstreamHttpOptions d = UpstreamHttpOptions.DEFAULT;
        Duration idle = d.idleTimeout();
        int maxRequests = c.integer("max_requests_per_connection", 0);
        int maxHeaders = d.maxHeadersCount();
        Obj h2 = c.obj("http2_protocol_options");
        boolean http2 = c.has("http2_protocol_options");
        boolean useDownstream = false;
        Obj common = c.obj("common_http_protocol_options");
        Obj typed = c.obj("typed_extension_protocol_options");
        if (typed != null) {
            Obj hpo = typed.obj(HTTP_PROTOCOL_OPTIONS);
            if (hpo != null) {
                if (hpo.has("common_http_protocol_options")) {
                    common = hpo.obj("common_http_protocol_options");
                }
                Obj explicit = hpo.obj("explicit_http_config");
                if (explicit != null && explicit.has("http2_protocol_options")) {
                    http2 = true;
                    h2 = explicit.obj("http2_protocol_options");
                }
                Obj downstream = hpo.obj("use_downstream_protocol_config");
                if (downstream != null) {
                    useDownstream = true;
                    if (downstream.has("http2_protocol_options")) {
                        h2 = downstream.obj("http2_protocol_options");
                    }
                }
            }
        }
        if (common != null) {
            idle = common.duration("idle_timeout", idle);
            maxRequests = common.integer("max_requests_per_connection", maxRequests);
            maxHeaders = common.integer("max_headers_count", maxHeaders);
        }
        return new UpstreamHttpOptions(idle, maxRequests, http2, maxHeaders, useDownstream, http2Options(h2));
    }

    /** {@code Http2ProtocolOptions} with Envoy's defaults for what is absent (null: all defaults). */
    static Http2Options http2Options(Obj o) {
        Http2Options d = Http2Options.DEFAULT;
        if (o == null) {
            return d;
        }
        return new Http2Options(o.lng("max_concurrent_streams", d.maxConcurrentStreams()),
                o.integer("initial_stream_window_size", d.initialStreamWindowSize()),
                o.integer("initial_connection_window_size", d.initialConnectionWindowSize()));
    }
}
