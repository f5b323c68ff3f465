package io.proxyctl.config.model;

import java.util.List;

/**
 * {@code LocalityLbEndpoints}: the endpoints of one locality at one priority.
 *
 * @param loadBalancingWeight the locality weight, or 0 when unset
 * @param priority            0 is the highest
 */
public record LocalityLbEndpoints(Locality locality, List<LbEndpoint> lbEndpoints, int loadBalancingWeight,
                                  int priority) {
    public LocalityLbEndpoints {
        locality = locality == null ? Locality.NONE : locality;
        lbEndpoints = List.copyOf(lbEndpoints);
    }
}
