package io.proxyctl.schema.gen;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.LinkedHashMap;
import java.util.Map;
import udpa.annotations.Versioning;

/**
 * The fields a v3 message lost on the way from v2, each with what to write instead. The v3 message names its v2
 * ancestor in the {@code udpa.annotations.versioning} option; a v2 field absent from v3 was renamed when v3 has
 * a field with the same number, and otherwise removed, with the replacements Envoy's migration notes give for
 * the well-known cases.
 */
final class V2Fields {
    private V2Fields() {
    }

    /** Field name (snake and lowerCamel) to suggestion, for the fields of {@code v3}'s v2 ancestor it lacks. */
    static Map<String, String> of(Descriptor v3, Map<String, Descriptor> messages) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!v3.getOptions().hasExtension(Versioning.versioning)) {
            return out;
        }
        Descriptor v2 = messages.get(v3.getOptions().getExtension(Versioning.versioning).getPreviousMessageType());
        if (v2 == null) {
            return out;
        }
        for (FieldDescriptor old : v2.getFields()) {
            if (v3.findFieldByName(old.getName()) != null) {
                continue;
            }
            String hint = hint(v3, old);
            out.put(old.getName(), hint);
            if (!old.getJsonName().equals(old.getName())) {
                out.put(old.getJsonName(), hint);
            }
        }
        return out;
    }

    private static String hint(Descriptor v3, FieldDescriptor old) {
        String msg = v3.getName();
        switch (old.getName()) {
            case "hosts":
                return "use 'load_assignment' (a ClusterLoadAssignment: endpoints[].lb_endpoints[].endpoint.address)";
            case "tls_context":
                String side = msg.equals("FilterChain") ? "Downstream" : "Upstream";
                return "use 'transport_socket' {name: envoy.transport_sockets.tls, typed_config: {\"@type\": "
                        + "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3." + side + "TlsContext, ...}}";
            case "config":
                return "use 'typed_config' with a v3 \"@type\" (type.googleapis.com/<v3 message>)";
            case "per_filter_config":
                return "use 'typed_per_filter_config' (filter name to a typed config with a v3 \"@type\")";
            case "use_http2":
                return "use 'codec_client_type: HTTP2'";
            case "regex":
                return "use 'safe_regex: {regex: ...}'";
            case "regex_match":
                return "use 'string_match: {safe_regex: {regex: ...}}'";
            case "runtime":
                return "use 'layered_runtime'";
            case "verify_subject_alt_name":
                return "use 'match_typed_subject_alt_names'";
            case "idle_timeout":
                if (msg.equals("HttpConnectionManager")) {
                    return "use 'common_http_protocol_options.idle_timeout'";
                }
                break;
            default:
                break;
        }
        FieldDescriptor renamed = v3.findFieldByNumber(old.getNumber());
        if (renamed != null) {
            return "use '" + renamed.getName() + "' (its v3 name)";
        }
        return "'" + old.getName() + "' was removed in the v3 API (v2: " + old.getContainingType().getFullName() + ")";
    }
}
