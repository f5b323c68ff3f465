package io.proxyctl.stats;

import java.util.List;

/**
 * A stat name split by tag extraction: {@code cluster.web.upstream_rq_200} becomes the tag-extracted name
 * {@code cluster.upstream_rq} with tags {@code envoy.response_code=200, envoy.cluster_name=web}.
 *
 * @param name          the full stat name
 * @param extractedName the name with every extracted segment removed
 * @param tags          the tags, in extraction order
 */
public record TaggedName(String name, String extractedName, List<Tag> tags) {
    public TaggedName {
        tags = List.copyOf(tags);
    }
}
