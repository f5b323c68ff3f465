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
        OutlierDetection d = OutlierDetection.DEFAULTS;
        return new OutlierDetection(od.integer("consecutive_5xx", d.consecutive5xx()),
                od.integer("consecutive_gateway_failure", d.consecutiveGatewayFailure()),
                od.integer("consecutive_local_origin_failure", d.consecutiveLocalOriginFailure()),
                od.duration("interval", d.interval()), od.duration("base_ejection_time", d.baseEjectionTime()),
                od.duration("max_ejection_time", d.maxEjectionTime()),
                od.integer("max_ejection_percent", d.maxEjectionPercent()),
                od.integer("enforcing_consecutive_5xx", d.enforcingConsecutive5xx()),
                od.integer("enforcing_consecutive_gateway_failure", d.enforcingConsecutiveGatewayFailure()),
                od.integer("enforcing_consecutive_local_origin_failure", d.enforcingConsecutiveLocalOriginFailure()),
                od.integer("enforcing_success_rate", d.enforcingSuccessRate()),
                od.integer("enforcing_local_origin_success_rate", d.enforcingLocalOriginSuccessRate()),
                od.integer("enforcing_failure_percentage", d.enforcingFailurePercentage()),
                od.integer("enforcing_failure_percentage_local_origin", d.enforcingFailurePercentageLocalOrigin()),
                od.integer("success_rate_minimum_hosts", d.successRateMinimumHosts()),
                od.integer("success_rate_request_volume", d.successRateRequestVolume()),
                od.integer("success_rate_stdev_factor", d.successRateStdevFactor()),
                od.integer("failure_percentage_threshold", d.failurePercentageThreshold()),
                od.integer("failure_percentage_minimum_hosts", d.failurePercentageMinimumHosts()),
                od.integer("failure_percentage_request_volume", d.failurePercentageRequestVolume()),
                od.bool("split_external_local_origin_errors", d.splitExternalLocalOriginErrors()),
                od.bool("successful_active_health_check_uneject_host", d.successfulActiveHealthCheckUnejectHost()),
                od.bool("always_eject_one_host", d.alwaysEjectOneHost()),
                od.duration("max_ejection_time_jitter", d.maxEjectionTimeJitter()));
    }

    /** {@code health_checks[]}: HTTP and TCP checkers; other kinds (gRPC, custom) are left to the coverage warning. */
    static List<HealthCheck> healthChecks(Obj c) {
        List<HealthCheck> out = new ArrayList<>();
        for (Obj hc : c.objs("health_checks")) {
            Obj http = hc.obj("http_health_check");
            Obj tcp = hc.obj("tcp_health_check");
            HealthCheck.Kind kind;
            if (http != null) {
                kind = HealthCheck.Kind.HTTP;
            } else if (hc.has("tcp_health_check")) {
                kind = HealthCheck.Kind.TCP;
            } else {
                continue;
            }
            out.add(new HealthCheck(hc.duration("timeout", Duration.ofSeconds(1)),
                    hc.duration("interval", Duration.ofSeconds(1)), hc.duration("interval_jitter", Duration.ZERO),
                    hc.integer("interval_jitter_percent", 0), hc.duration("initial_jitter", Duration.ZERO),
                    hc.duration("no_traffic_interval", HealthCheck.DEFAULT_NO_TRAFFIC_INTERVAL),
                    hc.duration("no_traffic_healthy_interval", null), hc.duration("unhealthy_interval", null),
                    hc.duration("unhealthy_edge_interval", null), hc.duration("healthy_edge_interval", null),
                    Math.max(1, hc.integer("unhealthy_threshold", 1)), Math.max(1, hc.integer("healthy_threshold", 1)),
                    kind, http == null ? null : httpCheck(http), tcp == null ? null : tcpCheck(tcp),
                    hc.bool("reuse_connection", true), hc.integer("alt_port", 0)));
        }
        return out;
    }

    private static HealthCheck.Http httpCheck(Obj http) {
        List<String[]> headers = new ArrayList<>();
        for (Obj h : http.objs("request_headers_to_add")) {
            Obj kv = h.obj("header");
            if (kv != null) {
                headers.add(new String[]{kv.reqStr("key"), kv.str("value", "")});
            }
        }
        String method = http.str("method", "GET").toUpperCase(java.util.Locale.ROOT);
        if (method.equals("CONNECT")) {
            throw new BindException(http.ptr("method"), "http_health_check method CONNECT is not allowed");
        }
        return new HealthCheck.Http(http.str("path", "/"), http.str("host", ""), method,
                statusRanges(http, "expected_statuses"), statusRanges(http, "retriable_statuses"), headers,
                http.strings("request_headers_to_remove"));
    }

    private static List<int[]> statusRanges(Obj http, String field) {
        List<int[]> out = new ArrayList<>();
        for (Obj r : http.objs(field)) {
            out.add(new int[]{(int) r.lng("start", 200), (int) r.lng("end", 201)});
        }
        return out;
    }

    private static HealthCheck.Tcp tcpCheck(Obj tcp) {
        Obj send = tcp.obj("send");
        List<byte[]> receive = new ArrayList<>();
        for (Obj r : tcp.objs("receive")) {
            receive.add(payload(r));
        }
        return new HealthCheck.Tcp(send == null ? null : payload(send), receive);
    }

    /** A health-check {@code Payload}: {@code text} is hex (as Envoy), {@code binary} base64 in YAML/JSON. */
    private static byte[] payload(Obj p) {
        if (p.has("binary")) {
            try {
                return java.util.Base64.getDecoder().decode(p.str("binary", ""));
            } catch (IllegalArgumentException e) {
                throw new BindException(p.ptr("binary"), "invalid base64 payload");
            }
        }
        String text = p.str("text", "");
        byte[] b = hex(text);
        if (b == null) {
            throw new BindException(p.ptr("text"), "invalid hex string '" + text + "'");
        }
        return b;
    }

    /** Decodes hex as Envoy's {@code Hex::decode}: null for an empty or odd-length string or a non-hex digit. */
    static byte[] hex(String s) {
        if (s.isEmpty() || s.length() % 2 != 0) {
            return null;
        }
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = Character.digit(s.charAt(2 * i), 16);
            int lo = Character.digit(s.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                return null;
            }
            out[i] = (byte) (hi << 4 | lo);
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
        Obj hcc = ep.obj("health_check_config");
        return new LbEndpoint(addr, ep.str("hostname", ""), lbe.integer("load_balancing_weight", 1),
                lbe.enumValue("health_status", LbEndpoint.HealthStatus.class, LbEndpoint.HealthStatus.UNKNOWN),
                hcc == null ? 0 : hcc.integer("port_value", 0));
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
        CircuitBreakers.Thresholds def = CircuitBreakers.Thresholds.DEFAULT;
        CircuitBreakers.Thresholds high = CircuitBreakers.Thresholds.DEFAULT;
        boolean seenDefault = false;
        boolean seenHigh = false;
        for (Obj t : cb.objs("thresholds")) {
            String p = t.str("priority", "DEFAULT");
            // Envoy keeps the first thresholds entry of each priority.
            if ((p.equalsIgnoreCase("HIGH") || p.equals("1")) && !seenHigh) {
                seenHigh = true;
                high = thresholds(t);
            } else if ((p.equalsIgnoreCase("DEFAULT") || p.equals("0")) && !seenDefault) {
                seenDefault = true;
                def = thresholds(t);
            }
        }
        // per_host_thresholds: Envoy honours max_connections only, per priority (first entry wins).
        boolean perHostDefault = false;
        boolean perHostHigh = false;
        for (Obj t : cb.objs("per_host_thresholds")) {
            String p = t.str("priority", "DEFAULT");
            if (!t.has("max_connections")) {
                continue;
            }
            int max = t.integer("max_connections", Integer.MAX_VALUE);
            if ((p.equalsIgnoreCase("HIGH") || p.equals("1")) && !perHostHigh) {
                perHostHigh = true;
                high = high.withMaxConnectionsPerHost(max);
            } else if ((p.equalsIgnoreCase("DEFAULT") || p.equals("0")) && !perHostDefault) {
                perHostDefault = true;
                def = def.withMaxConnectionsPerHost(max);
            }
        }
        return new CircuitBreakers(def, high);
    }

    private static CircuitBreakers.Thresholds thresholds(Obj t) {
        CircuitBreakers.Thresholds d = CircuitBreakers.Thresholds.DEFAULT;
        Obj rb = t.obj("retry_budget");
        CircuitBreakers.RetryBudget budget = null;
        if (rb != null) {
            Obj percent = rb.obj("budget_percent");
            budget = new CircuitBreakers.RetryBudget(
                    percent == null ? CircuitBreakers.RetryBudget.DEFAULT.budgetPercent() : percent.dbl("value", 20.0),
                    rb.integer("min_retry_concurrency", CircuitBreakers.RetryBudget.DEFAULT.minRetryConcurrency()));
        }
        return new CircuitBreakers.Thresholds(t.integer("max_connections", d.maxConnections()),
                t.integer("max_pending_requests", d.maxPendingRequests()), t.integer("max_requests", d.maxRequests()),
                t.integer("max_retries", d.maxRetries()), budget, t.bool("track_remaining", false),
                d.maxConnectionsPerHost());
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
