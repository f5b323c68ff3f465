package io.proxyctl.accesslog;

import io.proxyctl.format.FormatContext;

/** Writes one line per completed request. Called on the event loop; must not block. */
public interface AccessLogger {
    void log(FormatContext ctx);
}
