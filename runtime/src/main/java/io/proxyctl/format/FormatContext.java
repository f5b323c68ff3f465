package io.proxyctl.format;

/**
 * What a format string can read about one request. Implemented by the HTTP stream; every method is cheap and
 * returns null (or a negative number) when the value is not known.
 */
public interface FormatContext {
    /** A request header by lower-case name; pseudo-headers {@code :method}, {@code :path}, {@code :authority}, {@code :scheme}. */
    CharSequence requestHeader(String name);

    /** A response header by lower-case name. */
    CharSequence responseHeader(String name);

    /** A response trailer by lower-case name. */
    CharSequence responseTrailer(String name);

    /** Wall-clock start of the request, epoch milliseconds. */
    long startTimeMillis();

    /** Total duration in ms (start to last byte sent), or -1 while in progress. */
    long durationMillis();

    /** Time to the last request byte received, or -1. */
    long requestDurationMillis();

    /** Time to the first response byte from upstream, or -1. */
    long responseDurationMillis();

    /** The response status, or 0 when none was sent. */
    int responseCode();

    /** Envoy's short response flags ("UF,URX"), or "" for none. */
    String responseFlags();

    /** The response code details (e.g. {@code route_not_found}), or null. */
    String responseCodeDetails();

    /** The upstream host as ip:port, or null. */
    String upstreamHost();

    /** The upstream cluster name, or null. */
    String upstreamCluster();

    /** The route name, or null. */
    String routeName();

    long bytesReceived();

    long bytesSent();

    /** "HTTP/1.1", "HTTP/1.0". */
    String protocol();

    /** The client address (ip:port), possibly taken from x-forwarded-for. */
    String downstreamRemoteAddress();

    /** The peer address of the connection (ip:port). */
    String downstreamDirectRemoteAddress();

    /** The local address the connection was accepted on (ip:port). */
    String downstreamLocalAddress();

    /** The upstream local address, or null. */
    String upstreamLocalAddress();

    /** A transport failure description, or null. */
    String upstreamTransportFailureReason();

    /** A per-connection id. */
    long connectionId();
}
