package io.proxyctl.config.schema;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/** "Did you mean" candidates: the closest name by edit distance, offered only when it is reasonably close. */
final class Suggestions {
    private Suggestions() {
    }

    /**
     * The candidate closest to {@code typed}, ignoring case and underscores, or null when none is within a few
     * edits. Among equally close candidates a snake_case name wins over its lowerCamel twin.
     */
    static String closest(String typed, Collection<String> candidates) {
        String t = normalize(typed);
        int limit = Math.max(1, Math.min(3, t.length() / 4));
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(t, normalize(c), limit);
            if (d > limit) {
                continue;
            }
            if (d < bestDistance || d == bestDistance && better(c, best)) {
                best = c;
                bestDistance = d;
            }
        }
        return best;
    }

    private static boolean better(String c, String best) {
        boolean cSnake = c.equals(c.toLowerCase(Locale.ROOT));
        boolean bSnake = best.equals(best.toLowerCase(Locale.ROOT));
        return cSnake != bSnake ? cSnake : c.compareTo(best) < 0;
    }

    /**
     * The known type URL a mistyped one most likely meant: the same message with the right prefix, a message a
     * few edits away, or a message with the same simple name in another package (a v2 name in a v3 config).
     */
    static String typeUrl(String url, Map<String, String> types) {
        String name = url.substring(url.lastIndexOf('/') + 1);
        if (types.containsKey(name)) {
            return Shapes.TYPE_URL_PREFIX + name;
        }
        int limit = Math.max(2, name.length() / 12);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : types.keySet()) {
            if (Math.abs(c.length() - name.length()) > limit) {
                continue;
            }
            int d = distance(name, c, limit);
            if (d <= limit && d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        if (best == null) {
            String simple = name.substring(name.lastIndexOf('.') + 1);
            int bestRank = Integer.MAX_VALUE;
            for (Map.Entry<String, String> e : types.entrySet()) {
                String c = e.getKey();
                if (c.endsWith("." + simple) && !"test".equals(e.getValue())) {
                    // v3 first: a v2 or misspelt package most often means the current message
                    int rank = ("v3".equals(e.getValue()) ? 0 : 100_000) + distance(name, c, 10_000);
                    if (rank < bestRank) {
                        best = c;
                        bestRank = rank;
                    }
                }
            }
        }
        return best == null ? null : Shapes.TYPE_URL_PREFIX + best;
    }

    private static String normalize(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '_' && c != '-') {
                sb.append(Character.toLowerCase(c));
            }
        }
        return sb.toString();
    }

    /** Optimal-string-alignment distance (a swap of neighbours counts once), abandoned above {@code limit}. */
    static int distance(String a, String b, int limit) {
        int n = a.length();
        int m = b.length();
        if (Math.abs(n - m) > limit) {
            return limit + 1;
        }
        int[] prev2 = new int[m + 1];
        int[] prev = new int[m + 1];
        int[] cur = new int[m + 1];
        for (int j = 0; j <= m; j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= n; i++) {
            cur[0] = i;
            int rowMin = cur[0];
            for (int j = 1; j <= m; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, prev2[j - 2] + 1);
                }
                cur[j] = v;
                rowMin = Math.min(rowMin, v);
            }
            if (rowMin > limit) {
                return limit + 1;
            }
            int[] t = prev2;
            prev2 = prev;
            prev = cur;
            cur = t;
        }
        return prev[m];
    }
}
