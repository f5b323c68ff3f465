package io.proxyctl.config.model;

import java.util.List;

/**
 * A route configuration: virtual hosts plus configuration-wide header mutations.
 *
 * @param validateClusters whether unknown clusters fail loading (Envoy default: true for inline configs)
 */
public record RouteConfiguration(String name, List<VirtualHost> virtualHosts, HeaderMutations headers,
                                 List<String> internalOnlyHeaders, boolean ignorePortInHostMatching,
                                 boolean mostSpecificHeaderMutationsWins, boolean validateClusters) {
    public RouteConfiguration {
        name = name == null ? "" : name;
        virtualHosts = List.copyOf(virtualHosts);
        internalOnlyHeaders = List.copyOf(internalOnlyHeaders);
        headers = headers == null ? HeaderMutations.NONE : headers;
    }
}
