package io.proxyctl.config.bind;

import io.proxyctl.config.check.Coverage;
import io.proxyctl.config.model.RuntimeCoverage;

/**
 * The data plane's own answer to "what does {@code proxyctl run} implement", for the not-implemented check:
 * {@link RuntimeCoverage} behind the checker's {@link Coverage} interface.
 */
public final class DataPlaneCoverage implements Coverage {
    private static final DataPlaneCoverage INSTANCE = new DataPlaneCoverage();

    private DataPlaneCoverage() {
    }

    public static DataPlaneCoverage instance() {
        return INSTANCE;
    }

    @Override
    public boolean implementsField(String message, String field) {
        return RuntimeCoverage.honours(message, field);
    }

    @Override
    public boolean implementsField(String message, String field, String pointer) {
        // max_stream_duration is served for connection managers; a cluster's (upstream streams) is not.
        if (field.equals("max_stream_duration") && message.equals("envoy.config.core.v3.HttpProtocolOptions")
                && pointer.contains("/clusters/")) {
            return false;
        }
        return implementsField(message, field);
    }

    @Override
    public boolean implementsType(String typeUrl) {
        if (typeUrl == null) {
            return false;
        }
        String url = typeUrl.contains("/") ? typeUrl : "type.googleapis.com/" + typeUrl;
        return RuntimeCoverage.implementsTypeUrl(url);
    }

    @Override
    public boolean implementsValue(String message, String field, Object value) {
        return value == null || RuntimeCoverage.implementsValue(message, field, String.valueOf(value));
    }
}
