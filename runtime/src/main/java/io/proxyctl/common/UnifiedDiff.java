package io.proxyctl.common;

import java.util.ArrayList;
import java.util.List;

/**
 * Line diff in the unified format of {@code diff -u}, by Myers' O(ND) algorithm. Inputs that differ in more than
 * {@link #MAX_EDITS} lines (after their common head and tail) are shown as one replacement hunk, which keeps time
 * and memory bounded.
 */
public final class UnifiedDiff {
    static final int MAX_EDITS = 4000;

    private UnifiedDiff() {
    }

    private enum Op { KEEP, DELETE, INSERT }

    private record Edit(Op op, int a, int b) {
    }

    /** The unified diff of {@code a} and {@code b}, or "" when they are equal. */
    public static String diff(String nameA, String nameB, List<String> a, List<String> b, int context) {
        List<Edit> edits = edits(a, b);
        if (edits.stream().allMatch(e -> e.op() == Op.KEEP)) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        sb.append("--- ").append(nameA).append('\n').append("+++ ").append(nameB).append('\n');
        int i = 0;
        while (i < edits.size()) {
            if (edits.get(i).op() == Op.KEEP) {
                i++;
                continue;
            }
            int start = Math.max(0, i - context);
            int end = i;
            // extend the hunk while the next change is within 2 * context unchanged lines
            int j = i;
            while (j < edits.size()) {
                if (edits.get(j).op() != Op.KEEP) {
                    end = j;
                    j++;
                    continue;
                }
                int k = j;
                while (k < edits.size() && edits.get(k).op() == Op.KEEP) {
                    k++;
                }
                if (k < edits.size() && k - j <= 2 * context) {
                    j = k;
                } else {
                    break;
                }
            }
            int stop = Math.min(edits.size(), end + 1 + context);
            hunk(sb, edits.subList(start, stop), a, b);
            i = stop;
        }
        return sb.toString();
    }

    private static void hunk(StringBuilder sb, List<Edit> h, List<String> a, List<String> b) {
        int aLen = 0;
        int bLen = 0;
        for (Edit e : h) {
            if (e.op() != Op.INSERT) {
                aLen++;
            }
            if (e.op() != Op.DELETE) {
                bLen++;
            }
        }
        Edit first = h.get(0);
        sb.append("@@ -").append(range(first.a(), aLen)).append(" +").append(range(first.b(), bLen)).append(" @@\n");
        for (Edit e : h) {
            switch (e.op()) {
                case KEEP -> sb.append(' ').append(a.get(e.a())).append('\n');
                case DELETE -> sb.append('-').append(a.get(e.a())).append('\n');
                case INSERT -> sb.append('+').append(b.get(e.b())).append('\n');
                default -> throw new IllegalStateException();
            }
        }
    }

    /** "start,len" with 1-based start; an empty range names the line before it, as diff -u does. */
    private static String range(int zeroBasedStart, int len) {
        if (len == 0) {
            return zeroBasedStart + ",0";
        }
        return len == 1 ? String.valueOf(zeroBasedStart + 1) : (zeroBasedStart + 1) + "," + len;
    }

    /** The edit script; every edit carries the index it stands at in a and in b. */
    private static List<Edit> edits(List<String> a, List<String> b) {
        int head = 0;
        while (head < a.size() && head < b.size() && a.get(head).equals(b.get(head))) {
            head++;
        }
        int tail = 0;
        while (tail < a.size() - head && tail < b.size() - head
                && a.get(a.size() - 1 - tail).equals(b.get(b.size() - 1 - tail))) {
            tail++;
        }
        List<Edit> out = new ArrayList<>();
        for (int i = 0; i < head; i++) {
            out.add(new Edit(Op.KEEP, i, i));
        }
        List<String> ma = a.subList(head, a.size() - tail);
        List<String> mb = b.subList(head, b.size() - tail);
        List<Edit> middle = myers(ma, mb);
        if (middle == null) {
            middle = new ArrayList<>();
            for (int i = 0; i < ma.size(); i++) {
                middle.add(new Edit(Op.DELETE, i, 0));
            }
            for (int j = 0; j < mb.size(); j++) {
                middle.add(new Edit(Op.INSERT, ma.size(), j));
            }
        }
        for (Edit e : middle) {
            out.add(new Edit(e.op(), e.a() + head, e.b() + head));
        }
        for (int i = 0; i < tail; i++) {
            out.add(new Edit(Op.KEEP, a.size() - tail + i, b.size() - tail + i));
        }
        return out;
    }

    /** Myers' greedy algorithm with the trace kept per d (only the diagonals -d..d), or null past MAX_EDITS. */
    private static List<Edit> myers(List<String> a, List<String> b) {
        int n = a.size();
        int m = b.size();
        int max = n + m;
        if (max == 0) {
            return new ArrayList<>();
        }
        int limit = Math.min(max, MAX_EDITS);
        int[] v = new int[2 * limit + 3];
        int off = limit + 1;
        List<int[]> trace = new ArrayList<>();
        for (int d = 0; d <= limit; d++) {
            int[] snapshot = new int[2 * d + 3];
            System.arraycopy(v, off - d - 1, snapshot, 0, 2 * d + 3);
            trace.add(snapshot);
            for (int k = -d; k <= d; k += 2) {
                int x = k == -d || (k != d && v[off + k - 1] < v[off + k + 1]) ? v[off + k + 1] : v[off + k - 1] + 1;
                int y = x - k;
                while (x < n && y < m && a.get(x).equals(b.get(y))) {
                    x++;
                    y++;
                }
                v[off + k] = x;
                if (x >= n && y >= m) {
                    return backtrack(trace, n, m, d);
                }
            }
        }
        return null;
    }

    private static List<Edit> backtrack(List<int[]> trace, int n, int m, int dEnd) {
        List<Edit> rev = new ArrayList<>();
        int x = n;
        int y = m;
        for (int d = dEnd; d > 0; d--) {
            int[] v = trace.get(d); // state before step d: diagonals -d-1 .. d+1 at index k + d + 1
            int k = x - y;
            int prevK = k == -d || (k != d && at(v, d, k - 1) < at(v, d, k + 1)) ? k + 1 : k - 1;
            int prevX = at(v, d, prevK);
            int prevY = prevX - prevK;
            while (x > prevX && y > prevY) {
                rev.add(new Edit(Op.KEEP, x - 1, y - 1));
                x--;
                y--;
            }
            if (x == prevX) {
                rev.add(new Edit(Op.INSERT, x, y - 1));
            } else {
                rev.add(new Edit(Op.DELETE, x - 1, y));
            }
            x = prevX;
            y = prevY;
        }
        while (x > 0 && y > 0) {
            rev.add(new Edit(Op.KEEP, x - 1, y - 1));
            x--;
            y--;
        }
        List<Edit> out = new ArrayList<>(rev.size());
        for (int i = rev.size() - 1; i >= 0; i--) {
            out.add(rev.get(i));
        }
        return out;
    }

    private static int at(int[] snapshot, int d, int k) {
        int i = k + d + 1;
        return i >= 0 && i < snapshot.length ? snapshot[i] : 0;
    }
}
