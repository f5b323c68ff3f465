package io.proxyctl.config.upgrade;

import java.util.List;

/**
 * Which API version a document was read as, and why.
 *
 * @param v2          true when the document is taken as v2 (and should be upgraded)
 * @param signals     every v2 type URL and v2-only field found, in file order; for a v3 document these are v2
 *                    fields used by mistake (Envoy rejects them as unknown fields)
 * @param v3TypeUrls  true when the document also names v3 messages in "@type"
 */
public record V2Detection(boolean v2, List<V2Signal> signals, boolean v3TypeUrls) {
    public V2Detection {
        signals = List.copyOf(signals);
    }

    /** "v2" or "v3". */
    public String apiVersion() {
        return v2 ? "v2" : "v3";
    }
}
