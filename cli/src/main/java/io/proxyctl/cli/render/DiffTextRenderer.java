package io.proxyctl.cli.render;

import io.proxyctl.common.Json;
import io.proxyctl.config.diff.DiffResult;
import io.proxyctl.config.diff.FieldChange;
import io.proxyctl.config.diff.ResourceChange;
import java.util.List;
import java.util.Map;

/**
 * The readable form of a {@link DiffResult}: a summary of added, removed and modified resources, then each
 * modified resource's field changes with old and new values and where each side is. Formats only.
 *
 * <pre>
 * --- a.yaml
 * +++ b.yaml
 * 1 added, 0 removed, 1 modified (7 resources compared)
 *   + cluster api2                  b.yaml:60
 *   ~ cluster api                   a.yaml:48  b.yaml:48
 *
 * ~ cluster api
 *     ~ connect_timeout: 0.25s -> 1s   [a.yaml:50 | b.yaml:50]
 * </pre>
 */
public final class DiffTextRenderer {
    private static final int MAX_VALUE = 160;
    private final Style style;

    public DiffTextRenderer(Style style) {
        this.style = style;
    }

    public String render(DiffResult r) {
        StringBuilder sb = new StringBuilder();
        if (r.identical()) {
            sb.append(r.a()).append(" and ").append(r.b()).append(" are equivalent (").append(r.compared())
                    .append(" resources compared)\n");
            notes(sb, r.notes());
            return sb.toString();
        }
        sb.append(style.red("--- " + r.a())).append('\n').append(style.green("+++ " + r.b())).append('\n');
        sb.append(r.ofType(ResourceChange.Type.ADDED).size()).append(" added, ")
                .append(r.ofType(ResourceChange.Type.REMOVED).size()).append(" removed, ")
                .append(r.ofType(ResourceChange.Type.MODIFIED).size()).append(" modified (")
                .append(r.compared()).append(" resources compared)\n");
        int width = r.changes().stream().mapToInt(c -> c.kind().label().length() + 1 + c.name().length()).max().orElse(0);
        for (ResourceChange c : r.changes()) {
            String id = c.kind().label() + " " + c.name();
            sb.append("  ").append(symbol(c.type())).append(' ').append(style.bold(id))
                    .append(" ".repeat(Math.max(1, width - id.length() + 2)));
            if (c.a() != null) {
                sb.append(c.a());
            }
            if (c.a() != null && c.b() != null) {
                sb.append("  ");
            }
            if (c.b() != null) {
                sb.append(c.b());
            }
            sb.append('\n');
        }
        for (ResourceChange c : r.changes()) {
            if (c.type() != ResourceChange.Type.MODIFIED) {
                continue;
            }
            sb.append('\n').append(symbol(c.type())).append(' ').append(style.bold(c.kind().label() + " " + c.name())).append('\n');
            for (FieldChange f : c.fields()) {
                sb.append("    ").append(field(f)).append('\n');
            }
        }
        notes(sb, r.notes());
        return sb.toString();
    }

    private String field(FieldChange f) {
        return switch (f.type()) {
            case CHANGED -> style.yellow("~") + " " + f.path() + ": " + value(f.oldValue()) + " -> " + value(f.newValue())
                    + "   " + style.dim("[" + f.a() + " | " + f.b() + "]");
            case REORDERED -> style.yellow("~") + " " + f.path() + ": order " + value(f.oldValue()) + " -> "
                    + value(f.newValue()) + "   " + style.dim("[" + f.a() + " | " + f.b() + "]");
            case ADDED -> f.defaultValue() != null
                    ? style.yellow("~") + " " + f.path() + ": " + value(f.defaultValue()) + " (default) -> "
                            + value(f.newValue()) + "   " + style.dim("[" + f.a() + " | " + f.b() + "]")
                    : style.green("+") + " " + f.path() + ": " + value(f.newValue()) + "   " + style.dim("[" + f.b() + "]");
            case REMOVED -> f.defaultValue() != null
                    ? style.yellow("~") + " " + f.path() + ": " + value(f.oldValue()) + " -> " + value(f.defaultValue())
                            + " (default)   " + style.dim("[" + f.a() + " | " + f.b() + "]")
                    : style.red("-") + " " + f.path() + ": " + value(f.oldValue()) + "   " + style.dim("[" + f.a() + "]");
        };
    }

    private String symbol(ResourceChange.Type t) {
        return switch (t) {
            case ADDED -> style.green("+");
            case REMOVED -> style.red("-");
            case MODIFIED -> style.yellow("~");
        };
    }

    /** Scalars as written; maps and lists as compact JSON, shortened when long. */
    static String value(Object v) {
        String s;
        if (v instanceof Map<?, ?> || v instanceof List<?>) {
            s = Json.write(v);
        } else if (v instanceof String str) {
            s = str.isEmpty() || str.contains(" ") || str.contains("\n") ? Json.write(str) : str;
        } else {
            s = String.valueOf(v);
        }
        return s.length() > MAX_VALUE ? s.substring(0, MAX_VALUE - 3) + "..." : s;
    }

    private void notes(StringBuilder sb, List<String> notes) {
        for (String n : notes) {
            sb.append(style.dim("note: " + n)).append('\n');
        }
    }
}
