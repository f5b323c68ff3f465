package io.proxyctl.cli.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.json.JSONArray;
import org.json.JSONObject;

/**
 * An in-test HTTP server on a loopback port that answers like Envoy's admin API from recorded replies (the files
 * in {@code src/test/resources/envoy-admin}, written from Envoy's documented formats): exact-path dispatch, 404
 * with the help text for unknown paths, 405 for GET on mutating endpoints, {@code ?format=json}, {@code ?filter=},
 * {@code ?type=} and {@code ?usedonly} on {@code /stats}. Every request is recorded as {@code METHOD /path?query}.
 */
final class RecordedEnvoyAdmin implements AutoCloseable {
    /** The gauges among the fixture's stats, so {@code ?type=} can be honoured as Envoy does. */
    static final Set<String> GAUGES = Set.of("cluster.service1.health_check.healthy", "cluster.service1.membership_healthy",
            "cluster.service1.membership_total", "cluster.service1.outlier_detection.ejections_active",
            "cluster.service1.upstream_cx_active", "cluster.service1.upstream_rq_active",
            "cluster.service1.upstream_rq_pending_active", "cluster.service2.membership_healthy",
            "cluster.service2.membership_total", "cluster.service2.upstream_cx_active", "cluster.service2.upstream_rq_active",
            "cluster_manager.active_clusters", "http.ingress_http.downstream_cx_active",
            "http.ingress_http.downstream_rq_active", "listener.0.0.0.0_8080.downstream_cx_active",
            "listener_manager.total_listeners_active", "server.concurrency", "server.live", "server.state",
            "server.total_connections", "server.uptime", "server.version");
    private static final Set<String> POST_ONLY = Set.of("/healthcheck/fail", "/healthcheck/ok", "/reset_counters",
            "/logging", "/drain_listeners", "/quitquitquit");
    private static final Set<String> GET = Set.of("/", "/help", "/stats", "/clusters", "/listeners", "/config_dump",
            "/server_info", "/ready");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "recorded-envoy-admin");
        t.setDaemon(true);
        return t;
    });
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, String> loggers = Collections.synchronizedMap(new LinkedHashMap<>());
    private final AtomicInteger valueRequests = new AtomicInteger();

    /** Server state for /ready. */
    volatile String state = "LIVE";
    /** Which config dump fixture /config_dump serves. */
    volatile String configDump = "config_dump.json";
    /** false: behave like an old Envoy that ignores format=json, filter, type and usedonly. */
    volatile boolean honorParams = true;
    /** Paths that answer like an Envoy without that endpoint (404 with the help text). */
    final Set<String> missing = Collections.synchronizedSet(new java.util.HashSet<>());
    /** When positive, cluster.service1.upstream_rq_total grows by this much per /stats request for all types. */
    volatile int rqPerRequest;
    /** Delay before every reply, for timeout tests. */
    volatile long delayMillis;

    private RecordedEnvoyAdmin(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        for (String line : fixture("logging.txt").split("\n")) {
            if (line.startsWith("  ")) {
                String[] kv = line.strip().split(": ");
                loggers.put(kv[0], kv[1]);
            }
        }
    }

    static RecordedEnvoyAdmin start() {
        return start(0);
    }

    /** Starts on a given loopback port (0: any free one). */
    static RecordedEnvoyAdmin start(int port) {
        try {
            RecordedEnvoyAdmin a = new RecordedEnvoyAdmin(port);
            a.server.start();
            return a;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** {@code 127.0.0.1:<port>} for --address. */
    String address() {
        return "127.0.0.1:" + port();
    }

    List<String> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    Map<String, String> loggers() {
        synchronized (loggers) {
            return Map.copyOf(loggers);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    static String fixture(String name) {
        try (InputStream in = RecordedEnvoyAdmin.class.getResourceAsStream("/envoy-admin/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String rawQuery = ex.getRequestURI().getRawQuery();
            String method = ex.getRequestMethod();
            requests.add(method + " " + path + (rawQuery == null ? "" : "?" + rawQuery));
            ex.getRequestBody().readAllBytes();
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
            Map<String, String> q = query(rawQuery);
            if (missing.contains(path) || !GET.contains(path) && !POST_ONLY.contains(path)) {
                send(ex, 404, "text/plain", "invalid path. " + fixture("help.txt"));
            } else if (POST_ONLY.contains(path) && !method.equals("POST")) {
                send(ex, 405, "text/plain", "Method " + method + " not allowed, POST required.");
            } else {
                dispatch(ex, path, q);
            }
        }
    }

    private void dispatch(HttpExchange ex, String path, Map<String, String> q) throws IOException {
        boolean json = honorParams && "json".equals(q.get("format"));
        switch (path) {
            case "/" -> send(ex, 200, "text/html; charset=UTF-8", "<!DOCTYPE html><html><head><title>Envoy Admin</title></head></html>");
            case "/help" -> send(ex, 200, "text/plain", fixture("help.txt"));
            case "/stats" -> stats(ex, q, json);
            case "/clusters" -> send(ex, 200, json ? "application/json" : "text/plain", fixture(json ? "clusters.json" : "clusters.txt"));
            case "/listeners" -> send(ex, 200, json ? "application/json" : "text/plain", fixture(json ? "listeners.json" : "listeners.txt"));
            case "/config_dump" -> send(ex, 200, "application/json", fixture(configDump));
            case "/server_info" -> send(ex, 200, "application/json", fixture("server_info.json").replace("\"state\": \"LIVE\"", "\"state\": \"" + state + "\""));
            case "/ready" -> send(ex, state.equals("LIVE") ? 200 : 503, "text/plain", state + "\n");
            case "/logging" -> logging(ex, q);
            default -> send(ex, 200, "text/plain", "OK\n");
        }
    }

    private void logging(HttpExchange ex, Map<String, String> q) throws IOException {
        Set<String> levels = Set.of("trace", "debug", "info", "warning", "error", "critical", "off");
        for (Map.Entry<String, String> e : q.entrySet()) {
            boolean known = e.getKey().equals("level") || loggers.containsKey(e.getKey());
            if (!known || !levels.contains(e.getValue())) {
                send(ex, 404, "text/plain", "usage: /logging?<name>=<level> (change single level)\n"
                        + "/logging?level=<level> (change all levels)\nlevels: trace debug info warning error critical off\n");
                return;
            }
            if (e.getKey().equals("level")) {
                loggers.replaceAll((k, v) -> e.getValue());
            } else {
                loggers.put(e.getKey(), e.getValue());
            }
        }
        StringBuilder sb = new StringBuilder("active loggers:\n");
        synchronized (loggers) {
            loggers.forEach((k, v) -> sb.append("  ").append(k).append(": ").append(v).append('\n'));
        }
        send(ex, 200, "text/plain", sb.toString());
    }

    private void stats(HttpExchange ex, Map<String, String> q, boolean json) throws IOException {
        String type = honorParams ? q.getOrDefault("type", "All") : "All";
        if (!Set.of("All", "Counters", "Gauges", "Histograms", "TextReadouts").contains(type)) {
            send(ex, 400, "text/plain", "invalid &type= param");
            return;
        }
        Pattern filter = honorParams && q.containsKey("filter") ? Pattern.compile(q.get("filter")) : null;
        boolean usedOnly = honorParams && q.containsKey("usedonly");
        long rq = 61;
        if (rqPerRequest > 0 && type.equals("All")) {
            rq += (long) rqPerRequest * valueRequests.getAndIncrement();
        }
        String growing = Long.toString(rq);
        if (json) {
            JSONObject root = new JSONObject(fixture("stats.json"));
            JSONArray out = new JSONArray();
            for (Object o : root.getJSONArray("stats")) {
                JSONObject e = (JSONObject) o;
                if (e.has("histograms")) {
                    JSONObject h = e.getJSONObject("histograms");
                    JSONArray kept = new JSONArray();
                    for (Object c : h.getJSONArray("computed_quantiles")) {
                        JSONObject cq = (JSONObject) c;
                        boolean used = !cq.getJSONArray("values").getJSONObject(0).isNull("cumulative");
                        if (keep(cq.getString("name"), "Histograms", type, filter) && (used || !usedOnly)) {
                            kept.put(cq);
                        }
                    }
                    if (!kept.isEmpty()) {
                        h.put("computed_quantiles", kept);
                        out.put(e);
                    }
                } else if (keep(e.getString("name"), kind(e.getString("name")), type, filter)) {
                    if (e.getString("name").equals("cluster.service1.upstream_rq_total")) {
                        e.put("value", rq);
                    }
                    out.put(e);
                }
            }
            root.put("stats", out);
            send(ex, 200, "application/json", root.toString(1));
            return;
        }
        String body = fixture("stats.txt").lines()
                .filter(l -> {
                    String name = l.substring(0, l.indexOf(": "));
                    boolean histogram = l.contains(": P0(") || l.endsWith("No recorded values");
                    return keep(name, histogram ? "Histograms" : kind(name), type, filter)
                            && !(usedOnly && l.endsWith("No recorded values"));
                })
                .map(l -> l.startsWith("cluster.service1.upstream_rq_total: ") ? "cluster.service1.upstream_rq_total: " + growing : l)
                .collect(Collectors.joining("\n", "", "\n"));
        send(ex, 200, "text/plain", body);
    }

    private static String kind(String name) {
        return GAUGES.contains(name) ? "Gauges" : "Counters";
    }

    private static boolean keep(String name, String kind, String type, Pattern filter) {
        return (type.equals("All") || type.equals(kind)) && (filter == null || filter.matcher(name).find());
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String p : raw.split("&")) {
            int eq = p.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? p : p.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8);
            q.put(k, v);
        }
        return q;
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(bytes);
        }
    }
}
