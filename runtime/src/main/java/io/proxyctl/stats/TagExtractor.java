package io.proxyctl.stats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Envoy's default tag extraction ({@code TagNameValues} in {@code well_known_names.cc}), used by the Prometheus
 * output. Each extractor is a regex searched in the full stat name: its first group is cut out of the name, its
 * second (or first) group is the tag value. As in Envoy's {@code TagProducerImpl}, extractors whose regex does not
 * start with a literal name token run first, then those bound to the name's first token, each group in definition
 * order; a cheap substring check skips most regexes. Results are cached per name (names are fixed at config time).
 *
 * <p>The patterns are Envoy's, rewritten for {@code java.util.regex} ({@code [:digit:]} becomes {@code \d});
 * Java's backtracking semantics match the {@code std::regex} ones Envoy uses for all but the cluster-name
 * extractor, which is anchored and unambiguous.
 */
public final class TagExtractor {
    private static final TagExtractor DEFAULT = new TagExtractor();

    private record Extractor(String tag, Pattern regex, String substr) {
    }

    private final List<Extractor> unbound = new ArrayList<>();
    private final Map<String, List<Extractor>> byPrefix = new LinkedHashMap<>();
    private final ConcurrentHashMap<String, TaggedName> cache = new ConcurrentHashMap<>();

    private TagExtractor() {
        add("envoy.response_code", "_rq(_(\\d{3}))$", "_rq_");
        add("envoy.response_code_class", "_rq_(\\d)xx$", "_rq_");
        add("envoy.dynamo_partition_id", "^http(?=\\.).*?\\.dynamodb\\.table(?=\\.).*?\\.capacity(?=\\.).*?"
                + "(\\.__partition_id=(\\w{7}))$", ".dynamodb.table.");
        add("envoy.dynamo_operation", "^http(?=\\.).*?\\.dynamodb.(?:operation|table(?=\\.).*?\\.capacity)"
                + "(\\.(.*?))(?:\\.|$)", ".dynamodb.");
        add("envoy.mongo_callsite", "^mongo(?=\\.).*?\\.collection(?=\\.).*?\\.callsite\\.((.*?)\\.).*?query.\\w+?$",
                ".collection.");
        add("envoy.dynamo_table", "^http(?=\\.).*?\\.dynamodb.(?:table|error)\\.((.*?)\\.)", ".dynamodb.");
        add("envoy.mongo_collection", "^mongo(?=\\.).*?\\.collection\\.((.*?)\\.).*?query.\\w+?$", ".collection.");
        add("envoy.mongo_cmd", "^mongo(?=\\.).*?\\.cmd\\.((.*?)\\.)\\w+?$", ".cmd.");
        add("envoy.grpc_bridge_method", "^cluster(?=\\.).*?\\.grpc(?=\\.).*\\.((.*?)\\.)\\w+?$", ".grpc.");
        add("envoy.http_user_agent", "^http(?=\\.).*?\\.user_agent\\.((.*?)\\.)\\w+?$", ".user_agent.");
        add("envoy.virtual_cluster", "^vhost(?=\\.).*?\\.vcluster\\.((.*?)\\.)\\w+?$", ".vcluster.");
        add("envoy.fault_downstream_cluster", "^http(?=\\.).*?\\.fault\\.((.*?)\\.)\\w+?$", ".fault.");
        add("envoy.ssl_cipher", "^listener(?=\\.).*?\\.ssl\\.cipher(\\.(.*?))$", "");
        add("cipher_suite", "^cluster(?=\\.).*?\\.ssl\\.ciphers(\\.(.*?))$", ".ssl.ciphers.");
        add("envoy.grpc_bridge_service", "^cluster(?=\\.).*?\\.grpc\\.((.*?)\\.)", ".grpc.");
        add("envoy.tcp_prefix", "^tcp\\.((.*?)\\.)\\w+?$", "");
        add("envoy.udp_prefix", "^udp\\.((.*?)\\.)\\w+?$", "");
        add("envoy.clientssl_prefix", "^auth\\.clientssl\\.((.*?)\\.)\\w+?$", "");
        add("envoy.ratelimit_prefix", "^ratelimit\\.((.*?)\\.)\\w+?$", "");
        add("envoy.cluster_name", "^cluster\\.(([^\\.]+)\\.).*", "");
        add("envoy.http_conn_manager_prefix", "^listener(?=\\.).*?\\.http\\.((.*?)\\.)", ".http.");
        add("envoy.http_conn_manager_prefix", "^http\\.((.*?)\\.)", "");
        add("envoy.listener_address", "^listener\\.(((?:[_.\\d]*|[_\\[\\]aAbBcCdDeEfF\\d]*))\\.)", "");
        add("envoy.virtual_host", "^vhost\\.((.*?)\\.)", "");
        add("envoy.mongo_prefix", "^mongo\\.((.*?)\\.)", "");
        add("envoy.rds_route_config", "^http(?=\\.).*?\\.rds\\.((.*?)\\.)\\w+?$", ".rds.");
        add("envoy.worker_id", "^listener_manager\\.((worker_\\d+)\\.)", "listener_manager.worker_");
    }

    /** The extractor with Envoy's default regexes. */
    public static TagExtractor defaults() {
        return DEFAULT;
    }

    private void add(String tag, String regex, String substr) {
        Extractor e = new Extractor(tag, Pattern.compile(regex), substr);
        String prefix = prefix(regex);
        if (prefix.isEmpty()) {
            unbound.add(e);
        } else {
            byPrefix.computeIfAbsent(prefix, k -> new ArrayList<>()).add(e);
        }
    }

    /** Envoy's {@code extractRegexPrefix}: the literal first token of an anchored regex followed by a dot. */
    static String prefix(String regex) {
        if (!regex.startsWith("^")) {
            return "";
        }
        int i = 1;
        while (i < regex.length() && (Character.isLetterOrDigit(regex.charAt(i)) || regex.charAt(i) == '_')) {
            i++;
        }
        String rest = regex.substring(i);
        return i > 1 && (rest.startsWith("\\.") || rest.startsWith("(?=\\.)")) ? regex.substring(1, i) : "";
    }

    /** The tags and tag-extracted name of a stat. */
    public TaggedName extract(String name) {
        TaggedName t = cache.get(name);
        if (t == null) {
            t = compute(name);
            cache.put(name, t);
        }
        return t;
    }

    private TaggedName compute(String name) {
        List<Tag> tags = new ArrayList<>(2);
        boolean[] removed = new boolean[name.length()];
        for (Extractor e : unbound) {
            apply(e, name, tags, removed);
        }
        int dot = name.indexOf('.');
        if (dot > 0) {
            List<Extractor> bound = byPrefix.get(name.substring(0, dot));
            if (bound != null) {
                for (Extractor e : bound) {
                    apply(e, name, tags, removed);
                }
            }
        }
        if (tags.isEmpty()) {
            return new TaggedName(name, name, tags);
        }
        StringBuilder sb = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            if (!removed[i]) {
                sb.append(name.charAt(i));
            }
        }
        return new TaggedName(name, sb.toString(), tags);
    }

    private static void apply(Extractor e, String name, List<Tag> tags, boolean[] removed) {
        if (!e.substr.isEmpty() && !name.contains(e.substr)) {
            return;
        }
        Matcher m = e.regex.matcher(name);
        if (!m.find() || m.groupCount() < 1 || m.start(1) < 0) {
            return;
        }
        int valueGroup = m.groupCount() >= 2 && m.start(2) >= 0 ? 2 : 1;
        tags.add(new Tag(e.tag, m.group(valueGroup)));
        for (int i = m.start(1); i < m.end(1); i++) {
            removed[i] = true;
        }
    }
}
