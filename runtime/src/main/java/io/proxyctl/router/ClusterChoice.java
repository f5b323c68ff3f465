package io.proxyctl.router;

import io.proxyctl.upstream.UpstreamCluster;

/**
 * The outcome of cluster selection: the cluster (null when no cluster of that name exists) plus the mutations a
 * weighted-cluster entry adds.
 */
public final class ClusterChoice {
    private final String name;
    private final UpstreamCluster cluster;
    private final HeaderMutator requestHeaders;
    private final HeaderMutator responseHeaders;
    private final String hostRewrite;

    ClusterChoice(String name, UpstreamCluster cluster, HeaderMutator requestHeaders, HeaderMutator responseHeaders,
                  String hostRewrite) {
        this.name = name;
        this.cluster = cluster;
        this.requestHeaders = requestHeaders;
        this.responseHeaders = responseHeaders;
        this.hostRewrite = hostRewrite;
    }

    public String name() {
        return name;
    }

    /** The cluster, or null when the name is unknown (answered with cluster_not_found_response_code, flag NC). */
    public UpstreamCluster cluster() {
        return cluster;
    }

    public HeaderMutator requestHeaders() {
        return requestHeaders;
    }

    public HeaderMutator responseHeaders() {
        return responseHeaders;
    }

    /** A per-weighted-cluster Host rewrite, or null. */
    public String hostRewrite() {
        return hostRewrite;
    }
}
