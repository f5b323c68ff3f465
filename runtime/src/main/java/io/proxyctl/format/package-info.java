/**
 * Envoy's substitution format strings ({@code %REQ(X)%}, {@code %RESPONSE_CODE%}, ...), compiled once into
 * operator lists and evaluated against a {@link io.proxyctl.format.FormatContext}; used by access logs and by
 * header values.
 */
package io.proxyctl.format;
