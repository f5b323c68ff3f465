package io.proxyctl.cli.render;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Writes a tree of maps, lists and scalars as block-style YAML in map insertion order, e.g. a config dump in the
 * shape {@code envoy.yaml} files use. Strings that would read back as another type are quoted; whole doubles print
 * as integers, as the JSON writer prints them, so both formats carry the same values.
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
        return new Yaml(new NumberRepresenter(o), o).dump(tree);
    }

    private static final class NumberRepresenter extends Representer {
        NumberRepresenter(DumperOptions options) {
            super(options);
            this.representers.put(Double.class, data -> {
                double d = (Double) data;
                if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                    return representScalar(Tag.INT, Long.toString((long) d));
                }
                String s = Double.isNaN(d) ? ".NaN" : Double.isInfinite(d) ? (d > 0 ? ".inf" : "-.inf") : Double.toString(d);
                return representScalar(Tag.FLOAT, s);
            });
        }
    }
}
