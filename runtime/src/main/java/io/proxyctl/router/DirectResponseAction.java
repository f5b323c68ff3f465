package io.proxyctl.router;

import io.proxyctl.config.model.DataSource;
import io.proxyctl.config.model.DirectResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/** A compiled direct response: the status and the body bytes, read once (files included) at config time. */
public final class DirectResponseAction {
    /** Envoy's default {@code max_direct_response_body_size_bytes}. */
    static final int MAX_BODY = 4096;

    private final int status;
    private final byte[] body;

    DirectResponseAction(DirectResponse d, String where) {
        this.status = d.status();
        this.body = read(d.body(), where);
    }

    static byte[] read(DataSource ds, String where) {
        if (ds == null) {
            return new byte[0];
        }
        byte[] b = switch (ds.kind()) {
            case INLINE_STRING -> ds.value().getBytes(StandardCharsets.UTF_8);
            case INLINE_BYTES -> Base64.getDecoder().decode(ds.value().replaceAll("\\s", ""));
            case ENVIRONMENT_VARIABLE -> {
                String v = System.getenv(ds.value());
                if (v == null) {
                    throw new RouteCompileException(where + ": environment variable '" + ds.value() + "' is not set");
                }
                yield v.getBytes(StandardCharsets.UTF_8);
            }
            case FILENAME -> {
                try {
                    yield Files.readAllBytes(Path.of(ds.value()));
                } catch (IOException e) {
                    throw new RouteCompileException(where + ": cannot read direct_response body file '" + ds.value() + "'");
                }
            }
        };
        if (b.length > MAX_BODY) {
            throw new RouteCompileException(where + ": direct_response body is " + b.length
                    + " bytes, more than the " + MAX_BODY + " bytes Envoy allows");
        }
        return b;
    }

    public int status() {
        return status;
    }

    /** The body; callers must not modify it. */
    public byte[] body() {
        return body;
    }
}
