package io.proxyctl.config.convert;

import io.proxyctl.common.Json;
import io.proxyctl.config.load.ConfigSource;
import io.proxyctl.config.upgrade.Change;
import io.proxyctl.config.upgrade.UpgradeResult;
import io.proxyctl.config.upgrade.V2Detector;
import io.proxyctl.config.upgrade.V2Upgrader;
import java.util.List;

/**
 * Converts a loaded configuration to v3 text: {@link V2Upgrader} rewrites the tree, then the tree is written as
 * YAML with the original comments placed back ({@link CommentPlacer}) or, on request, as JSON. Pure.
 *
 * <pre>
 * Conversion c = ConfigConverter.convert(source, false);
 * c.changes().forEach(...);   // what the upgrade did, positioned in the original file
 * c.text();                   // the v3 document
 * </pre>
 */
public final class ConfigConverter {
    private ConfigConverter() {
    }

    /**
     * The outcome of a conversion.
     *
     * @param text        the v3 document (YAML, or JSON when asked for)
     * @param wasV2       true when the input used the v2 API
     * @param changes     every edit, positioned in the original file, in file order
     * @param unconverted v2 constructs left as they were (the output will not validate as v3)
     */
    public record Conversion(String text, boolean wasV2, List<Change> changes, List<Change> unconverted) {
        public Conversion {
            changes = List.copyOf(changes);
            unconverted = List.copyOf(unconverted);
        }
    }

    /** Converts {@code source}; {@code json} writes JSON (no comments) instead of YAML. */
    public static Conversion convert(ConfigSource source, boolean json) {
        boolean v2 = V2Detector.detect(source).v2();
        UpgradeResult r = V2Upgrader.upgrade(source);
        Object tree = r.source().root();
        String text = json ? Json.pretty(tree) + "\n"
                : CommentPlacer.write(tree, source.text(), p -> r.source().sourceMap().key(p).line());
        return new Conversion(text, v2, r.changes(), r.unconverted());
    }
}
