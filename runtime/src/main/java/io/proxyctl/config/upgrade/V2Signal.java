package io.proxyctl.config.upgrade;

import io.proxyctl.config.load.Position;

/**
 * Evidence that a document uses the v2 API: a v2 type URL or a field that exists only in v2.
 *
 * @param pointer  JSON pointer of the evidence in the document
 * @param position where it is in the file
 * @param what     a short description, e.g. {@code v2 type envoy.api.v2.auth.UpstreamTlsContext}
 */
public record V2Signal(String pointer, Position position, String what) {
}
