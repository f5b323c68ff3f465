package io.proxyctl.xds;

import java.util.Map;
import java.util.function.Consumer;

/**
 * An ADS client (aggregated xDS over a stream to a management server) that feeds a {@link DynamicConfig}. The
 * runtime knows only this interface; the gRPC implementation lives in the {@code xds} module so that neither
 * the runtime nor {@code validate} loads gRPC or protobuf.
 */
public interface AdsTransport extends AutoCloseable {
    /** Connects (and keeps reconnecting with back-off) in the background; returns at once. */
    void start();

    /** Stops the stream and releases its threads and connections. */
    @Override
    void close();

    /** Creates the ADS client of a bootstrap whose dynamic_resources use {@code ads: {}}. */
    @FunctionalInterface
    interface Factory {
        /**
         * @param bootstrap the v3 bootstrap tree as loaded (node, dynamic_resources.ads_config, static clusters)
         * @param config    where responses go, and what to subscribe to
         * @param log       one line per connection event and rejected response
         */
        AdsTransport create(Map<String, Object> bootstrap, DynamicConfig config, Consumer<String> log);
    }
}
