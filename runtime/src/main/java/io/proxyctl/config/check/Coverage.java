package io.proxyctl.config.check;

/**
 * What the proxyctl runtime ({@code proxyctl run}) implements: the fields it honours per API message, the enum
 * values it supports, and the extension config messages (typed_config "@type") it can run. The data plane owns
 * the authoritative answer; {@link StaticCoverage} states issue 3's scope until the data plane provides its own.
 *
 * <p>Messages and fields use proto names: {@code implementsField("envoy.config.cluster.v3.Cluster",
 * "outlier_detection")}.
 */
public interface Coverage {
    /** True when {@code proxyctl run} honours {@code field} of {@code message}. */
    boolean implementsField(String message, String field);

    /**
     * As {@link #implementsField(String, String)} for the field at {@code pointer}: a message used in several
     * places (e.g. {@code HttpProtocolOptions} in connection managers and clusters) may be honoured in some only.
     */
    default boolean implementsField(String message, String field, String pointer) {
        return implementsField(message, field);
    }

    /**
     * True when {@code proxyctl run} implements the extension whose config message is {@code typeUrl} (a type URL
     * such as {@code type.googleapis.com/envoy.extensions.filters.http.router.v3.Router}, or the bare message
     * name).
     */
    boolean implementsType(String typeUrl);

    /** True when {@code proxyctl run} supports {@code value} (an enum name or number, or a string) in the field. */
    default boolean implementsValue(String message, String field, Object value) {
        return true;
    }
}
