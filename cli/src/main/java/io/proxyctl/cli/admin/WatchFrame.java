package io.proxyctl.cli.admin;

import java.time.LocalTime;
import java.util.List;

/**
 * What the live view shows at one moment: the latest rows, how many samples were taken, when, and the last error
 * (the view keeps retrying while the proxy is unreachable, e.g. during a restart).
 */
record WatchFrame(List<WatchModel.Row> rows, int samples, LocalTime time, String error) {
    static final WatchFrame EMPTY = new WatchFrame(List.of(), 0, null, null);

    WatchFrame {
        rows = List.copyOf(rows);
    }

    WatchFrame withError(String message, LocalTime at) {
        return new WatchFrame(rows, samples, at, message);
    }
}
