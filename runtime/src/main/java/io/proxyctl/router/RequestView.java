package io.proxyctl.router;

/** The parts of a request that route matching and hashing read. Implemented by the HTTP stream. */
public interface RequestView {
    /** The method, e.g. GET. */
    String method();

    /** The request target as received: path plus optional query. */
    String path();

    /** All values of a header joined with ',' (pseudo-headers {@code :method}, {@code :path}, {@code :authority}, {@code :scheme} included), or null. */
    String header(String lowerCaseName);

    /** The first value of a query parameter (percent-decoded), or null. */
    String queryParameter(String name);

    /** The value of a request cookie, or null. */
    String cookie(String name);

    /** The downstream client IP (without port), or null. */
    String sourceIp();
}
