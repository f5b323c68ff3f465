package io.proxyctl.config.model;

import java.util.List;

/** Request and response headers to add and remove, as configured at route, virtual host or route config level. */
public record HeaderMutations(List<HeaderValueOption> requestHeadersToAdd, List<String> requestHeadersToRemove,
                              List<HeaderValueOption> responseHeadersToAdd, List<String> responseHeadersToRemove) {
    public static final HeaderMutations NONE = new HeaderMutations(List.of(), List.of(), List.of(), List.of());

    public HeaderMutations {
        requestHeadersToAdd = List.copyOf(requestHeadersToAdd);
        requestHeadersToRemove = List.copyOf(requestHeadersToRemove);
        responseHeadersToAdd = List.copyOf(responseHeadersToAdd);
        responseHeadersToRemove = List.copyOf(responseHeadersToRemove);
    }

    public boolean isEmpty() {
        return requestHeadersToAdd.isEmpty() && requestHeadersToRemove.isEmpty()
                && responseHeadersToAdd.isEmpty() && responseHeadersToRemove.isEmpty();
    }
}
