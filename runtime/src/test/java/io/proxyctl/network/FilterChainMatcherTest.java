package io.proxyctl.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.proxyctl.config.model.CidrRange;
import io.proxyctl.config.model.FilterChain;
import io.proxyctl.config.model.FilterChainMatch;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Envoy's filter chain selection order and specificity, without sockets. */
class FilterChainMatcherTest {
    private static FilterChainMatch match(Integer port, List<String> names, String transport, List<String> alpn,
                                          List<CidrRange> sources, List<Integer> sourcePorts) {
        return new FilterChainMatch(port, List.of(), List.of(), FilterChainMatch.SourceType.ANY, sources, sourcePorts,
                names, transport, alpn);
    }

    private static FilterChainMatch names(String... n) {
        return match(null, List.of(n), null, List.of(), List.of(), List.of());
    }

    private static List<FilterChainMatcher.Candidate<String>> chains(Object... nameThenMatch) {
        List<FilterChainMatcher.Candidate<String>> out = new ArrayList<>();
        for (int i = 0; i < nameThenMatch.length; i += 2) {
            FilterChainMatch m = (FilterChainMatch) nameThenMatch[i + 1];
            out.add(new FilterChainMatcher.Candidate<>(new FilterChain((String) nameThenMatch[i], m, List.of(), null),
                    (String) nameThenMatch[i], "test"));
        }
        return out;
    }

    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 443);
    private static final InetSocketAddress REMOTE = new InetSocketAddress("10.1.2.3", 40000);

    private static String pick(List<FilterChainMatcher.Candidate<String>> c, String sni, String transport, String... alpn) {
        return FilterChainMatcher.select(c, LOCAL, REMOTE, sni, transport, List.of(alpn));
    }

    @Test
    void exactServerNamesBeatTheLongestWildcardWhichBeatsShorterOnes() {
        var c = chains("exact", names("www.example.com"), "wild", names("*.example.com"), "tld", names("*.com"),
                "none", FilterChainMatch.ANY);
        assertEquals("exact", pick(c, "www.example.com", "tls"));
        assertEquals("exact", pick(c, "WWW.Example.com", "tls"));
        assertEquals("wild", pick(c, "api.example.com", "tls"));
        assertEquals("wild", pick(c, "a.b.example.com", "tls"));
        assertEquals("tld", pick(c, "other.com", "tls"));
        assertEquals("none", pick(c, "other.org", "tls"));
        assertEquals("none", pick(c, null, "raw_buffer"));
        assertNull(pick(chains("exact", names("www.example.com")), "other.org", "tls"));
    }

    @Test
    void destinationPortIsDecidedBeforeServerNames() {
        var c = chains("port", match(443, List.of(), null, List.of(), List.of(), List.of()),
                "name", names("www.example.com"));
        assertEquals("port", pick(c, "www.example.com", "tls"));
    }

    @Test
    void transportThenApplicationProtocols() {
        var c = chains("tls-h2", match(null, List.of(), "tls", List.of("h2"), List.of(), List.of()),
                "tls", match(null, List.of(), "tls", List.of(), List.of(), List.of()),
                "raw", match(null, List.of(), "raw_buffer", List.of(), List.of(), List.of()));
        assertEquals("tls-h2", pick(c, null, "tls", "h2", "http/1.1"));
        assertEquals("tls", pick(c, null, "tls", "http/1.1"));
        assertEquals("raw", pick(c, null, "raw_buffer"));
    }

    @Test
    void sourceRangesAndPortsAreTheLastCriteria() {
        var c = chains("narrow", match(null, List.of(), null, List.of(), List.of(new CidrRange("10.1.0.0", 16)), List.of()),
                "wide", match(null, List.of(), null, List.of(), List.of(new CidrRange("10.0.0.0", 8)), List.of()),
                "port", match(null, List.of(), null, List.of(), List.of(), List.of(40000)));
        assertEquals("narrow", pick(c, null, "raw_buffer"));
        var p = chains("port", match(null, List.of(), null, List.of(), List.of(), List.of(40000)),
                "other", match(null, List.of(), null, List.of(), List.of(), List.of(1)));
        assertEquals("port", pick(p, null, "raw_buffer"));
    }
}
