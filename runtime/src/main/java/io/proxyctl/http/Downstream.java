package io.proxyctl.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;

/**
 * What an {@link HttpStream} drives on the client side: an HTTP/1.1 connection ({@link DownstreamConnection},
 * one stream at a time) or one HTTP/2 stream ({@link Http2DownstreamStream}, a stream of a multiplexed
 * connection). Owns writing toward the client and its flush batching, pausing reads from the client for
 * back-pressure, the stream's timers, and what "reset" and "done" mean for the protocol.
 *
 * <p>The fields are plain so the HTTP/1 hot path reads them directly; the methods are the only indirection.
 */
abstract class Downstream extends ChannelDuplexHandler {
    static final int PAUSE_PIPELINE = 1;
    static final int PAUSE_UPSTREAM = 2;
    static final int PAUSE_CONNECTING = 4;

    final HcmConfig cfg;
    final int worker;
    /** True for an HTTP/2 stream: no connection header, resets instead of closes, HTTP/2 stats. */
    final boolean http2;
    /** The client connection's channel (for HTTP/2, shared by all streams of the connection). */
    Channel channel;
    long id;
    String remoteAddress;
    String remoteIp;
    String localAddress;
    /** "https" when the connection is TLS-terminated here, else "http": Envoy's x-forwarded-proto and :scheme. */
    String scheme = "http";
    int requests;
    boolean closeAfterResponse;

    Downstream(HcmConfig cfg, int worker, boolean http2) {
        this.cfg = cfg;
        this.worker = worker;
        this.http2 = http2;
    }

    /** Writes toward the client without flushing. */
    abstract void write(Object msg);

    /** Flushes unless a read batch from the client is in progress (its completion flushes). */
    abstract void flushIfNotInRead();

    abstract void flushNow();

    /** Remembers to flush an upstream channel at the end of the current read batch from the client. */
    abstract void flushUpstreamLater(Channel upstream);

    /** The reasons reading from the client is paused (bits; several may hold at once). */
    int paused;
    /** The last activity on the stream, for its idle timeout. */
    long lastActivityNanos;

    /** Activity on the stream (resets the idle timeout). */
    final void touch() {
        lastActivityNanos = System.nanoTime();
    }

    /** True while the client side takes more writes without queueing beyond its limits. */
    boolean isWritable() {
        return channel.isWritable();
    }

    /** Stops reading from the client for {@code reason} (a bit; several may hold at once). */
    void pause(int reason) {
        if (paused == 0) {
            channel.config().setAutoRead(false);
        }
        paused |= reason;
    }

    abstract void resume(int reason);

    /** Ends the exchange once everything written so far is flushed (HTTP/1: closes the connection). */
    abstract void closeAfterFlush();

    /** Resets the stream after a failure mid-response (HTTP/1 can only close the connection). */
    abstract void reset();

    /** Switches to a raw byte tunnel for {@code stream} after a 101 response (HTTP/1 only). */
    abstract void startTunnel(HttpStream stream);

    /** The stream finished (stats and access logs are done). */
    abstract void streamDone(HttpStream stream);

    /** Makes sure the stream's timer runs no later than {@code deadlineNanos} (a route timeout). */
    abstract void checkBy(long deadlineNanos);
}
