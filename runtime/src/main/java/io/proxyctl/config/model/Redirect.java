package io.proxyctl.config.model;

/**
 * {@code redirect}: answer with a redirect.
 *
 * @param scheme        {@code scheme_redirect} (or "https" for {@code https_redirect}), or null to keep it
 * @param host          {@code host_redirect}, or null
 * @param port          {@code port_redirect}, or 0 to keep it
 * @param path          {@code path_redirect}, or null
 * @param prefixRewrite {@code prefix_rewrite}, or null
 * @param regexRewrite  {@code regex_rewrite}, or null
 * @param responseCode  301 (default), 302, 303, 307 or 308
 * @param stripQuery    drop the query string
 */
public record Redirect(String scheme, String host, int port, String path, String prefixRewrite,
                       RegexRewrite regexRewrite, int responseCode, boolean stripQuery) implements Route.Action {
}
