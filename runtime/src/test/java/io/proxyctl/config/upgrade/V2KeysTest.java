package io.proxyctl.config.upgrade;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.config.TestConfigs;
import io.proxyctl.config.load.ConfigSource;
import io.proxyctl.config.load.JsonPointer;
import io.proxyctl.config.tree.Tree;
import java.util.List;
import org.junit.jupiter.api.Test;

class V2KeysTest {
    @Test
    void everyV2SignalStartsAtAPreFilterField() {
        for (String cfg : List.of("v2/all-rules.yaml", "getting-started/envoy.yaml")) {
            ConfigSource s = TestConfigs.resource(cfg);
            assertTrue(V2Keys.mayHoldV2(s.root()));
            UpgradeContext cx = V2Upgrader.run(s, false).context();
            for (Change c : cx.changes) {
                if (!c.kind().isV2Signal()) {
                    continue;
                }
                List<String> tokens = JsonPointer.tokens(c.pointer());
                String last = Tree.snake(tokens.get(tokens.size() - 1));
                assertTrue(V2Keys.FIELDS.contains(last) || last.equals("@type") || last.equals("type_url")
                        || (tokens.size() > 1 && V2Keys.FIELDS.contains(Tree.snake(tokens.get(tokens.size() - 2)))),
                        () -> "signal not covered by the pre-filter: " + c);
            }
        }
    }

    @Test
    void cleanV3DocumentsSkipTheWalk() {
        assertFalse(V2Keys.mayHoldV2(TestConfigs.resource("examples/double-proxy/envoy.yaml").root()));
    }
}
