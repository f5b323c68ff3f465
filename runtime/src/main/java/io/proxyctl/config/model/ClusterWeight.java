package io.proxyctl.config.model;

/**
 * A weighted cluster entry.
 *
 * @param name               the cluster name ("" when {@code clusterHeader} is used)
 * @param clusterHeader      a header naming the cluster, or null
 * @param weight             the weight
 * @param headers            header mutations applied when this cluster is chosen
 * @param hostRewriteLiteral a Host rewrite for this cluster, or null
 */
public record ClusterWeight(String name, String clusterHeader, int weight, HeaderMutations headers,
                            String hostRewriteLiteral) {
    public ClusterWeight {
        name = name == null ? "" : name;
        headers = headers == null ? HeaderMutations.NONE : headers;
    }
}
