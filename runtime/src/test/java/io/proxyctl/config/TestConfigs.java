package io.proxyctl.config;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.config.load.ConfigSource;
import io.proxyctl.config.load.LoadResult;
import io.proxyctl.config.load.YamlLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Loads test configurations from the classpath ({@code configs/...}) or from inline text. */
public final class TestConfigs {
    private TestConfigs() {
    }

    /** Loads {@code /configs/<path>} and fails the test if it does not load cleanly. */
    public static ConfigSource resource(String path) {
        String res = "/configs/" + path;
        try (InputStream in = TestConfigs.class.getResourceAsStream(res)) {
            assertNotNull(in, "missing test resource " + res);
            return text(path, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads YAML text named {@code name} and fails the test if it does not load cleanly. */
    public static ConfigSource text(String name, String yaml) {
        LoadResult r = YamlLoader.loadText(name, yaml);
        assertTrue(r.ok(), () -> "does not load: " + r.diagnostics());
        return r.source();
    }
}
