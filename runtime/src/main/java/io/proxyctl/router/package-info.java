/**
 * The route table: a {@code RouteConfiguration} compiled once (domains indexed, regexes compiled, clusters
 * resolved, header mutations and format strings parsed) and matched per request without allocation-heavy work.
 */
package io.proxyctl.router;
