package io.proxyctl.config.validate;

/**
 * The catalogue of stable diagnostic codes. A code never changes meaning once released; new problems get new
 * codes. {@code proxyctl validate --list-codes} prints this table.
 *
 * <p>Ranges: PX1xxx reading and parsing the file, PX2xxx the Envoy API schema (what Envoy's proto parser and
 * protoc-gen-validate reject), PX3xxx the load-time checks Envoy makes beyond the schema, PX4xxx checks Envoy does
 * not make (warnings), PX5xxx API versions, PX6xxx what the proxyctl runtime does not implement.
 */
public enum DiagnosticCode {
    // --- PX1xxx: input
    FILE_NOT_FOUND("PX1001", Severity.ERROR, "The file does not exist."),
    FILE_UNREADABLE("PX1002", Severity.ERROR, "The path cannot be read as a file (a directory, or no permission)."),
    FILE_EMPTY("PX1003", Severity.ERROR, "The file is empty or holds only comments; Envoy needs a bootstrap object."),
    FILE_BINARY("PX1004", Severity.ERROR, "The file is not UTF-8 text (binary data or another encoding)."),
    FILE_TOO_LARGE("PX1005", Severity.ERROR, "The input exceeds a size limit: 64 MiB, 4,000,000 nodes, or a single value over 1 MiB."),
    YAML_SYNTAX("PX1010", Severity.ERROR, "The YAML (or JSON) is not well formed."),
    YAML_DUPLICATE_KEY("PX1011", Severity.ERROR, "A mapping repeats a key; YAML forbids it and Envoy rejects it."),
    YAML_ALIAS_LIMIT("PX1012", Severity.ERROR,
            "Aliases expand the document past 1,000,000 nodes (an alias bomb); the number of aliases is not limited."),
    YAML_NESTING_LIMIT("PX1013", Severity.ERROR, "The document nests deeper than 100 levels."),
    YAML_MULTIPLE_DOCUMENTS("PX1014", Severity.ERROR, "The file holds more than one YAML document (---)."),
    YAML_UNSUPPORTED_TAG("PX1015", Severity.ERROR, "A YAML tag names a type proxyctl does not construct."),
    ROOT_NOT_OBJECT("PX1020", Severity.ERROR, "The top level of the file must be a mapping (the Bootstrap message)."),

    // --- PX2xxx: schema
    UNKNOWN_FIELD("PX2001", Severity.ERROR,
            "The field does not exist in this message (Envoy: 'Protobuf message ... has unknown fields')."),
    WRONG_TYPE("PX2002", Severity.ERROR, "The value has the wrong JSON type for the field."),
    REQUIRED_FIELD_MISSING("PX2003", Severity.ERROR, "A required field (protoc-gen-validate 'required') is missing."),
    INVALID_ENUM("PX2004", Severity.ERROR, "The value is not a name or number of the field's enum."),
    INVALID_DURATION("PX2005", Severity.ERROR,
            "A Duration must be a string of seconds with an 's' suffix, such as \"5s\" or \"0.25s\"."),
    OUT_OF_RANGE("PX2006", Severity.ERROR, "A number (or Duration) is outside the range the field allows."),
    STRING_LENGTH("PX2007", Severity.ERROR, "A string is shorter or longer than the field allows."),
    PATTERN_MISMATCH("PX2008", Severity.ERROR,
            "A string does not match the field's required pattern (for example a valid HTTP header name)."),
    ONEOF_CONFLICT("PX2009", Severity.ERROR, "More than one member of a oneof is set; at most one may be."),
    ONEOF_REQUIRED("PX2010", Severity.ERROR, "None of the members of a required oneof is set; exactly one must be."),
    ITEMS_COUNT("PX2011", Severity.ERROR, "A list has fewer or more items than the field allows."),
    UNKNOWN_TYPE_URL("PX2012", Severity.ERROR,
            "The \"@type\" of a typed_config names no message of the Envoy API (Envoy: 'Invalid type URL, unknown type')."),
    ANY_WITHOUT_TYPE("PX2013", Severity.ERROR, "A typed_config (google.protobuf.Any) has no \"@type\"."),
    V2_FIELD_IN_V3("PX2014", Severity.ERROR,
            "A v3 configuration uses a field that exists only in the v2 API (hosts, tls_context, config, ...)."),
    DUPLICATE_FIELD("PX2015", Severity.ERROR,
            "A field is given twice, under its snake_case and its lowerCamel JSON name (connect_timeout, connectTimeout)."),
    SCHEMA_VIOLATION("PX2099", Severity.ERROR, "Another violation of the Envoy API schema."),

    // --- PX3xxx: Envoy's load-time checks
    UNKNOWN_CLUSTER("PX3001", Severity.ERROR,
            "A route names a cluster that is not defined (Envoy: \"route: unknown cluster 'x'\")."),
    DUPLICATE_CLUSTER("PX3002", Severity.ERROR, "Two clusters have the same name (Envoy: \"duplicate cluster\")."),
    DUPLICATE_LISTENER_NAME("PX3003", Severity.ERROR, "Two listeners have the same name."),
    DUPLICATE_LISTENER_ADDRESS("PX3004", Severity.ERROR, "Two listeners bind the same address and port."),
    MULTIPLE_WILDCARD_DOMAINS("PX3005", Severity.ERROR,
            "More than one virtual host in a route configuration has the domain \"*\"."),
    DUPLICATE_DOMAIN("PX3006", Severity.ERROR, "A domain appears twice in one route configuration."),
    ROUTER_NOT_LAST("PX3007", Severity.ERROR, "The router must be the last HTTP filter (and only the last)."),
    TERMINAL_FILTER_NOT_LAST("PX3008", Severity.ERROR,
            "A terminal network filter (http_connection_manager, tcp_proxy) is not the last filter of its chain."),
    ORIGINAL_DST_LB("PX3009", Severity.ERROR, "An ORIGINAL_DST cluster must use lb_policy CLUSTER_PROVIDED."),
    MISSING_TYPED_CONFIG("PX3010", Severity.ERROR,
            "A filter, listener filter or transport socket has no typed_config; Envoy >= 1.22 rejects it."),
    DUPLICATE_VIRTUAL_HOST("PX3011", Severity.ERROR, "Two virtual hosts of one route configuration share a name."),
    INVALID_VALUE("PX3012", Severity.ERROR, "A value Envoy rejects at load time (for example an invalid regex)."),
    // Reported by a running proxy only (hot reload): the config is valid on paper, but applying it failed.
    RELOAD_REJECTED("PX3013", Severity.ERROR,
            "A running proxy could not apply a reloaded config (a new listener address cannot be bound, or a cluster "
                    + "or route table cannot be built); it keeps serving the previous config."),
    XDS_ADS_NOT_CONFIGURED("PX3014", Severity.ERROR,
            "A config source says 'ads: {}' but dynamic_resources has no ads_config to say where the ADS server is."),
    XDS_API_TYPE("PX3015", Severity.ERROR,
            "ads_config must use a gRPC api_type (GRPC, DELTA_GRPC or an AGGREGATED_ variant); REST cannot carry ADS."),
    XDS_GRPC_SERVICE("PX3016", Severity.ERROR,
            "A gRPC api_config_source needs exactly one grpc_services entry (an envoy_grpc cluster) and no cluster_names."),
    XDS_CLUSTER_UNKNOWN("PX3017", Severity.ERROR,
            "The management server's cluster (envoy_grpc.cluster_name) must be a cluster of static_resources: "
                    + "it has to exist before any xDS arrives."),
    XDS_CLUSTER_NOT_HTTP2("PX3018", Severity.ERROR,
            "The management server's cluster must speak HTTP/2 (gRPC): set typed_extension_protocol_options "
                    + "HttpProtocolOptions explicit_http_config.http2_protocol_options, or http2_protocol_options."),
    XDS_FILE_MISSING("PX3019", Severity.WARNING,
            "A path_config_source (or path) names a file that does not exist or cannot be read here. Envoy's "
                    + "--mode validate rejects it and Envoy (and proxyctl run) cannot start without it; a warning "
                    + "because the file may exist only on the host the config is deployed to."),
    EDS_CONFIG_MISSING("PX3020", Severity.ERROR,
            "A cluster of type EDS has no eds_cluster_config (Envoy: 'cannot create an EDS cluster without an EDS config')."),
    XDS_RESOURCE_TYPE("PX3021", Severity.ERROR,
            "An xDS resource file holds a resource of another type than the one the subscription asks for "
                    + "(a Cluster in an LDS file), or mixes types, or a resource differs from the response's type_url."),

    // --- PX4xxx: checks Envoy does not make
    SHADOWED_ROUTE("PX4001", Severity.WARNING,
            "A route can never match because an earlier route in the same virtual host matches everything it does."),
    UNUSED_CLUSTER("PX4002", Severity.WARNING, "A cluster is not referenced by any route or TCP proxy."),
    CLUSTER_WITHOUT_ENDPOINTS("PX4003", Severity.WARNING, "A static or DNS cluster has no endpoints."),
    ADMIN_NOT_LOOPBACK("PX4004", Severity.WARNING,
            "The admin API listens on a non-loopback address; anyone who reaches it can stop the proxy."),
    DEPRECATED_FIELD("PX4005", Severity.WARNING, "The field is deprecated in the Envoy API."),

    // --- PX5xxx: API versions
    V2_CONFIG("PX5001", Severity.WARNING,
            "The configuration uses the v2 API, which Envoy removed in 1.18; proxyctl upgrades it on load."),

    // --- PX6xxx: proxyctl runtime coverage
    NOT_IMPLEMENTED("PX6001", Severity.WARNING,
            "The proxyctl runtime does not implement this field or extension; 'proxyctl run' ignores it."),
    ;

    private final String id;
    private final Severity defaultSeverity;
    private final String explanation;

    DiagnosticCode(String id, Severity defaultSeverity, String explanation) {
        this.id = id;
        this.defaultSeverity = defaultSeverity;
        this.explanation = explanation;
    }

    /** The stable identifier, e.g. {@code PX2001}. */
    public String id() {
        return id;
    }

    public Severity defaultSeverity() {
        return defaultSeverity;
    }

    public String explanation() {
        return explanation;
    }
}
