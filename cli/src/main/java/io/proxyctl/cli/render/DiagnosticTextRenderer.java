package io.proxyctl.cli.render;

import io.proxyctl.config.validate.Diagnostic;
import io.proxyctl.config.validate.Severity;
import java.util.function.IntFunction;

/**
 * Renders diagnostics like a compiler: {@code file:line:col: error[PX2001]: message}, then the source line with a
 * caret under the column, then the field path and the suggestion.
 */
public final class DiagnosticTextRenderer {
    private static final int MAX_EXCERPT = 160;
    private final Style style;

    public DiagnosticTextRenderer(Style style) {
        this.style = style;
    }

    /**
     * @param d     the diagnostic
     * @param lines source lines by 1-based number ("" when unknown), for the excerpt
     */
    public String render(Diagnostic d, IntFunction<String> lines) {
        StringBuilder sb = new StringBuilder();
        sb.append(style.bold(location(d))).append(": ");
        String label = d.severity().label() + "[" + d.code().id() + "]";
        sb.append(d.severity() == Severity.ERROR ? style.red(label)
                : d.severity() == Severity.WARNING ? style.yellow(label) : style.cyan(label));
        sb.append(": ").append(d.message()).append('\n');
        if (d.line() > 0) {
            String src = lines.apply(d.line());
            int col = Math.max(1, d.column());
            if (src != null && src.length() > MAX_EXCERPT) {
                // Show a window around the column of very long lines (minified JSON), never megabytes of text.
                int from = Math.max(0, Math.min(col - 1 - MAX_EXCERPT / 2, src.length() - MAX_EXCERPT));
                src = (from > 0 ? "..." : "") + src.substring(from, from + MAX_EXCERPT)
                        + (from + MAX_EXCERPT < src.length() ? "..." : "");
                col = col - from + (from > 0 ? 3 : 0);
            }
            if (src != null && !src.isEmpty()) {
                String num = String.valueOf(d.line());
                String pad = " ".repeat(num.length());
                sb.append(' ').append(style.dim(num + " | ")).append(expandTabs(src)).append('\n');
                sb.append(' ').append(style.dim(pad + " | ")).append(" ".repeat(visualColumn(src, col) - 1))
                        .append(style.green("^".repeat(caretWidth(src, col)))).append('\n');
            }
        }
        if (!d.pointer().isEmpty()) {
            sb.append("   = at: ").append(d.path()).append('\n');
        }
        if (d.suggestion() != null && !d.suggestion().isEmpty()) {
            sb.append("   = ").append(style.cyan("help")).append(": ").append(d.suggestion()).append('\n');
        }
        return sb.toString();
    }

    static String location(Diagnostic d) {
        if (d.line() <= 0) {
            return d.file();
        }
        return d.file() + ":" + d.line() + ":" + Math.max(1, d.column());
    }

    private static String expandTabs(String s) {
        return s.replace("\t", "    ");
    }

    private static int visualColumn(String src, int col) {
        int v = 1;
        for (int i = 0; i < Math.min(col - 1, src.length()); i++) {
            v += src.charAt(i) == '\t' ? 4 : 1;
        }
        return v;
    }

    /** Underlines the token at the column: up to the end of a key, a scalar, or one character. */
    private static int caretWidth(String src, int col) {
        int start = col - 1;
        if (start >= src.length()) {
            return 1;
        }
        char first = src.charAt(start);
        if (first == '"' || first == '\'') {
            int end = src.indexOf(first, start + 1);
            return end > start ? end - start + 1 : 1;
        }
        int end = start;
        while (end < src.length()) {
            char c = src.charAt(end);
            if (c == ':' && (end + 1 == src.length() || src.charAt(end + 1) == ' ')) {
                break;
            }
            if (c == ',' || c == '}' || c == ']' || c == '#' && end > start && src.charAt(end - 1) == ' ') {
                break;
            }
            end++;
        }
        while (end > start + 1 && src.charAt(end - 1) == ' ') {
            end--;
        }
        return Math.max(1, end - start);
    }
}
