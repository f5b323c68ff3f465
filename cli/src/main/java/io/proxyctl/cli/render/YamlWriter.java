package io.proxyctl.cli.render;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Writes a tree of maps, lists and scalars as block-style YAML in map insertion order, e.g. a config dump in the
 * shape {@code envoy.yaml} files use. Strings that would read back as another type are quoted.
 */
public final class YamlWriter {
    private YamlWriter() {
    }

    public static String write(Object tree) {
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        o.setIndent(2);
        o.setIndicatorIndent(0);
        o.setSplitLines(false);
        o.setWidth(Integer.MAX_VALUE);
        return new Yaml(o).dump(tree);
    }
}
