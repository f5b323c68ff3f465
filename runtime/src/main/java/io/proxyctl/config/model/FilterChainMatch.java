package io.proxyctl.config.model;

import java.util.List;

/**
 * {@code filter_chain_match}: the connection properties a filter chain applies to. Empty lists and nulls match
 * anything.
 */
public record FilterChainMatch(Integer destinationPort, List<CidrRange> prefixRanges,
                               List<CidrRange> directSourcePrefixRanges, SourceType sourceType,
                               List<CidrRange> sourcePrefixRanges, List<Integer> sourcePorts,
                               List<String> serverNames, String transportProtocol,
                               List<String> applicationProtocols) {
    /** Matches every connection. */
    public static final FilterChainMatch ANY = new FilterChainMatch(null, List.of(), List.of(), SourceType.ANY,
            List.of(), List.of(), List.of(), null, List.of());

    public FilterChainMatch {
        prefixRanges = List.copyOf(prefixRanges);
        directSourcePrefixRanges = List.copyOf(directSourcePrefixRanges);
        sourcePrefixRanges = List.copyOf(sourcePrefixRanges);
        sourcePorts = List.copyOf(sourcePorts);
        serverNames = List.copyOf(serverNames);
        applicationProtocols = List.copyOf(applicationProtocols);
        sourceType = sourceType == null ? SourceType.ANY : sourceType;
    }

    /** {@code ConnectionSourceType}. */
    public enum SourceType { ANY, SAME_IP_OR_LOOPBACK, EXTERNAL }
}
