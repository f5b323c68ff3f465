package io.proxyctl.cli.render;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Aligned plain-text tables in the style of kubectl and istioctl: upper-case headers, columns padded to their widest
 * cell and separated by three spaces, no trailing blanks. Empty or null cells print as {@code -}.
 */
public final class TableRenderer {
    private static final String GAP = "   ";
    private final List<String> headers;
    private final List<String[]> rows = new ArrayList<>();

    public TableRenderer(String... headers) {
        this.headers = List.of(headers);
    }

    /** Adds a row; missing trailing cells print as {@code -}. */
    public TableRenderer row(Object... cells) {
        String[] r = new String[headers.size()];
        for (int i = 0; i < r.length; i++) {
            Object c = i < cells.length ? cells[i] : null;
            String s = c == null ? "" : String.valueOf(c);
            r[i] = s.isEmpty() ? "-" : s.replaceAll("[\\r\\n\\t]+", " ");
        }
        rows.add(r);
        return this;
    }

    /** The table, each line ending in a newline; just the header line when there are no rows. */
    public String render() {
        int[] width = new int[headers.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = headers.get(i).length();
        }
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, headers.toArray(new String[0]), width);
        for (String[] r : rows) {
            line(sb, r, width);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String[] cells, int[] width) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                l.append(GAP);
            }
            l.append(cells[i]);
            if (i < cells.length - 1) {
                char[] pad = new char[width[i] - cells[i].length()];
                Arrays.fill(pad, ' ');
                l.append(pad);
            }
        }
        sb.append(l.toString().stripTrailing()).append('\n');
    }
}
