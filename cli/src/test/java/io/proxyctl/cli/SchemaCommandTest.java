package io.proxyctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.json.JSONObject;
import org.junit.jupiter.api.Test;

class SchemaCommandTest {
    @Test
    void printsDraft07SchemaForEachApi() {
        for (String api : new String[] {"v3", "v2"}) {
            CliRunner.Result r = CliRunner.run("schema", "--api", api);
            assertEquals(0, r.exitCode(), r.err());
            JSONObject doc = new JSONObject(r.out());
            assertTrue(doc.getString("$schema").contains("draft-07"), api);
            assertTrue(doc.getJSONObject("definitions").has("envoy.config.bootstrap." + api + ".Bootstrap"), api);
        }
    }

    @Test
    void rejectsUnknownApiAsUsageError() {
        CliRunner.Result r = CliRunner.run("schema", "--api", "v4");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--api must be v3 or v2"), r.err());
    }
}
