package io.proxyctl.upstream;

import io.proxyctl.config.model.DataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/** Reads a {@link DataSource} (certificates, keys) at config time; shared by upstream and downstream TLS. */
public final class DataSources {
    private DataSources() {
    }

    public static byte[] read(DataSource ds, String what) {
        return switch (ds.kind()) {
            case INLINE_STRING -> ds.value().getBytes(StandardCharsets.UTF_8);
            case INLINE_BYTES -> Base64.getDecoder().decode(ds.value().replaceAll("\\s", ""));
            case ENVIRONMENT_VARIABLE -> {
                String v = System.getenv(ds.value());
                if (v == null) {
                    throw new IllegalArgumentException(what + ": environment variable '" + ds.value() + "' is not set");
                }
                yield v.getBytes(StandardCharsets.UTF_8);
            }
            case FILENAME -> {
                try {
                    yield Files.readAllBytes(Path.of(ds.value()));
                } catch (IOException e) {
                    throw new IllegalArgumentException(what + ": cannot read '" + ds.value() + "'");
                }
            }
        };
    }
}
