package io.proxyctl.config.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.proxyctl.config.load.ConfigSource;
import io.proxyctl.config.load.YamlLoader;
import io.proxyctl.config.validate.Diagnostic;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One validator shared by threads gives each document the same answer it gives alone. */
class ConcurrentValidationTest {
    @Test
    void sharedValidatorIsThreadSafe() throws Exception {
        List<ConfigSource> docs = new ArrayList<>();
        for (String f : List.of("examples/front-proxy--envoy.yaml", "examples/tls--envoy-https-https.yaml",
                "examples/dynamic-config-cp--envoy.yaml")) {
            docs.add(SchemaCorpusTest.resource(f));
        }
        docs.add(YamlLoader.loadText("bad.yaml", """
                static_resources:
                  clusters:
                  - name: c
                    connect_timeout: 1m
                    type: STRICT_DNZ
                """).source());
        SchemaValidator fresh = new SchemaValidator();
        List<List<Diagnostic>> expected = new ArrayList<>();
        for (ConfigSource d : docs) {
            expected.add(new SchemaValidator().validate(d, ApiVersion.V3));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Diagnostic>>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                ConfigSource d = docs.get(i % docs.size());
                results.add(pool.submit(() -> fresh.validate(d, ApiVersion.V3)));
            }
            for (int i = 0; i < results.size(); i++) {
                assertEquals(expected.get(i % docs.size()), results.get(i).get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(2, expected.get(3).size());
    }
}
