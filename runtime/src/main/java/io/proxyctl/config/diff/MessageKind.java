package io.proxyctl.config.diff;

/**
 * The Envoy messages whose fields the normaliser knows (defaults, enums, list semantics). Everything else is
 * {@link #OTHER} and gets only the generic proto3 rules; {@link #STRUCT} subtrees (google.protobuf.Struct, JSON
 * log formats, metadata) are user data and kept verbatim.
 */
enum MessageKind {
    BOOTSTRAP,
    STATIC_RESOURCES,
    ADMIN,
    LISTENER,
    FILTER_CHAIN,
    FILTER_CHAIN_MATCH,
    FILTER,
    HTTP_CONNECTION_MANAGER,
    HTTP_FILTER,
    HTTP_PROTOCOL_OPTIONS,
    ROUTE_CONFIGURATION,
    VIRTUAL_HOST,
    ROUTE,
    ROUTE_MATCH,
    ROUTE_ACTION,
    REDIRECT,
    RETRY_POLICY,
    WEIGHTED_CLUSTERS,
    CLUSTER_WEIGHT,
    TCP_PROXY,
    CLUSTER,
    CIRCUIT_BREAKERS,
    THRESHOLDS,
    LOAD_ASSIGNMENT,
    LOCALITY_LB_ENDPOINTS,
    LB_ENDPOINT,
    ENDPOINT,
    ADDRESS,
    SOCKET_ADDRESS,
    OTHER,
    STRUCT
}
