package io.proxyctl.config.convert;

import io.proxyctl.common.Yaml;
import io.proxyctl.config.load.JsonPointer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * Puts the comments of an original text into the YAML written for a (possibly rewritten) tree. Every output
 * entry knows the line it came from ({@code originLine}); a run of full-line comments goes before the first
 * entry from its anchor line, or, when that line's content was rewritten away, before the entry from the
 * nearest later line; an end-of-line comment goes after the first entry from its line. Comments whose place is
 * gone entirely end up after the document, so none is dropped.
 */
public final class CommentPlacer implements Yaml.Comments {
    private final Map<String, List<String>> before = new HashMap<>();
    private final Map<String, String> trailing = new HashMap<>();
    private final List<String> atEnd = new ArrayList<>();

    /** An output entry (map key or list item) and the original line it came from (0 when unknown). */
    private record Entry(String pointer, int line, boolean mapItem) {
    }

    /**
     * @param comments   the comments of the original text
     * @param tree       the tree about to be written
     * @param originLine the original line of the entry at an output pointer, 0 when unknown
     */
    public CommentPlacer(YamlComments comments, Object tree, ToIntFunction<String> originLine) {
        List<Entry> entries = new ArrayList<>();
        collect(tree, "", originLine, entries);
        for (YamlComments.Block b : comments.blocks()) {
            Entry e = b.anchorLine() == 0 ? null : place(entries, b.anchorLine());
            if (e == null) {
                atEnd.addAll(b.lines());
            } else {
                before.computeIfAbsent(e.pointer(), k -> new ArrayList<>()).addAll(b.lines());
            }
        }
        for (YamlComments.Trailing t : comments.trailing()) {
            Entry e = entries.stream().filter(x -> x.line() == t.line() && !x.mapItem()
                    && !trailing.containsKey(x.pointer())).findFirst().orElse(null);
            if (e != null) {
                trailing.put(e.pointer(), t.text());
            } else {
                Entry next = place(entries, t.line());
                if (next == null) {
                    atEnd.add(t.text());
                } else {
                    before.computeIfAbsent(next.pointer(), k -> new ArrayList<>()).add(t.text());
                }
            }
        }
    }

    /** Writes {@code tree} as YAML with the comments of {@code originalText} placed by {@code originLine}. */
    public static String write(Object tree, String originalText, ToIntFunction<String> originLine) {
        return Yaml.write(tree, new CommentPlacer(YamlComments.of(originalText), tree, originLine));
    }

    /** The first entry from {@code line}, else the first entry from the nearest later line. */
    private static Entry place(List<Entry> entries, int line) {
        Entry best = null;
        for (Entry e : entries) {
            if (e.line() == line) {
                return e;
            }
            if (e.line() > line && (best == null || e.line() < best.line())) {
                best = e;
            }
        }
        return best;
    }

    /** Entries in the order {@link Yaml} writes them. */
    private static void collect(Object v, String pointer, ToIntFunction<String> originLine,
                                List<Entry> out) {
        if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String p = JsonPointer.child(pointer, String.valueOf(e.getKey()));
                out.add(new Entry(p, originLine.applyAsInt(p), false));
                collect(e.getValue(), p, originLine, out);
            }
        } else if (v instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                String p = JsonPointer.child(pointer, i);
                Object item = l.get(i);
                // "- key: value" is written on its first key's line, which takes the trailing comment
                out.add(new Entry(p, originLine.applyAsInt(p), item instanceof Map<?, ?> im && !im.isEmpty()));
                collect(item, p, originLine, out);
            }
        }
    }

    @Override
    public List<String> before(String pointer) {
        return before.getOrDefault(pointer, List.of());
    }

    @Override
    public String trailing(String pointer) {
        return trailing.get(pointer);
    }

    @Override
    public List<String> atEnd() {
        return atEnd;
    }
}
