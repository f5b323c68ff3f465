package io.proxyctl.config.load;

import java.util.Arrays;
import org.yaml.snakeyaml.error.Mark;

/**
 * Turns the scanner's marks into positions in the text's own lines, the lines an editor shows and
 * {@link ConfigSource#line} returns ("\n"-separated). SnakeYAML follows YAML 1.1 and also breaks lines at U+0085,
 * U+2028, U+2029 and a lone '\r'; in a text holding one of those its line numbers drift, so positions are
 * recomputed from the mark's code point index. Columns count code points, as the scanner's do.
 */
final class MarkPositions {
    /** Code point index at which each line starts; null when the marks' own lines are the text's lines. */
    private final int[] lineStarts;

    MarkPositions(String text) {
        this.lineStarts = hasExtraLineBreaks(text) ? lineStarts(text) : null;
    }

    Position of(Mark m) {
        if (m == null) {
            return Position.UNKNOWN;
        }
        if (lineStarts == null) {
            return new Position(m.getLine() + 1, m.getColumn() + 1);
        }
        int index = m.getIndex();
        int line = Arrays.binarySearch(lineStarts, index);
        if (line < 0) {
            line = -line - 2;
        }
        return new Position(line + 1, index - lineStarts[line] + 1);
    }

    /** The position of a code point index (for errors that carry an index but no mark). */
    static Position ofIndex(String text, int codePointIndex) {
        int line = 1;
        int column = 1;
        int cp = 0;
        for (int i = 0; i < text.length() && cp < codePointIndex; i = text.offsetByCodePoints(i, 1), cp++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new Position(line, column);
    }

    /** The char offset in {@code text} of a mark's code point index, clamped to the text. */
    static int charOffset(String text, Mark m) {
        int cps = m.getIndex();
        try {
            return text.offsetByCodePoints(0, Math.min(cps, text.codePointCount(0, text.length())));
        } catch (IndexOutOfBoundsException e) {
            return text.length();
        }
    }

    private static boolean hasExtraLineBreaks(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0085' || c == '\u2028' || c == '\u2029'
                    || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'))) {
                return true;
            }
        }
        return false;
    }

    private static int[] lineStarts(String text) {
        int[] starts = new int[16];
        int n = 1;
        int cp = 0;
        for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) {
            cp++;
            if (text.charAt(i) == '\n') {
                if (n == starts.length) {
                    starts = Arrays.copyOf(starts, n * 2);
                }
                starts[n++] = cp;
            }
        }
        return Arrays.copyOf(starts, n);
    }
}
