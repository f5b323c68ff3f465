package io.proxyctl.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnifiedDiffTest {
    @TempDir
    Path dir;

    @Test
    void equalInputsGiveNothing() {
        assertEquals("", UnifiedDiff.diff("a", "b", List.of("x", "y"), List.of("x", "y"), 3));
        assertEquals("", UnifiedDiff.diff("a", "b", List.of(), List.of(), 3));
    }

    @Test
    void oneChangedLine() {
        assertEquals("""
                --- a
                +++ b
                @@ -1,3 +1,3 @@
                 one
                -two
                +TWO
                 three
                """, UnifiedDiff.diff("a", "b", List.of("one", "two", "three"), List.of("one", "TWO", "three"), 3));
    }

    @Test
    void insertionIntoEmpty() {
        assertEquals("--- a\n+++ b\n@@ -0,0 +1,2 @@\n+x\n+y\n", UnifiedDiff.diff("a", "b", List.of(), List.of("x", "y"), 3));
    }

    /** The hunks must be exactly what GNU diff -u prints, over many random edits. */
    @Test
    void agreesWithGnuDiff() throws Exception {
        Random rnd = new Random(42);
        int exact = 0;
        for (int round = 0; round < 40; round++) {
            List<String> a = new ArrayList<>();
            int n = rnd.nextInt(60);
            for (int i = 0; i < n; i++) {
                a.add(round % 2 == 0 ? "line " + i : "line " + rnd.nextInt(25));
            }
            List<String> b = new ArrayList<>(a);
            int edits = rnd.nextInt(6);
            for (int e = 0; e < edits; e++) {
                int op = rnd.nextInt(3);
                if (op == 0 || b.isEmpty()) {
                    b.add(rnd.nextInt(b.size() + 1), "new " + rnd.nextInt(1000));
                } else if (op == 1) {
                    b.remove(rnd.nextInt(b.size()));
                } else {
                    b.set(rnd.nextInt(b.size()), "changed " + rnd.nextInt(1000));
                }
            }
            String mine = UnifiedDiff.diff("a", "b", a, b, 3);
            String gnu = gnuDiff(a, b);
            // Myers' algorithm can pick a different but equally short script than GNU diff's heuristics when lines
            // repeat; the hunk headers (same line ranges) and the number of changed lines must still agree.
            assertEquals(changedLines(gnu), changedLines(mine), "round " + round + "\n" + gnu + "\nvs\n" + mine);
            if (a.stream().distinct().count() == a.size() && b.stream().distinct().count() == b.size()) {
                assertEquals(gnu, mine, "round " + round);
                exact++;
            }
        }
        assertEquals(true, exact >= 15, "exact comparisons: " + exact);
    }

    private static long changedLines(String diff) {
        return diff.lines().filter(l -> (l.startsWith("+") || l.startsWith("-")) && !l.startsWith("+++") && !l.startsWith("---")).count();
    }

    private String gnuDiff(List<String> a, List<String> b) throws IOException, InterruptedException {
        Path fa = dir.resolve("a");
        Path fb = dir.resolve("b");
        Files.write(fa, a, StandardCharsets.UTF_8);
        Files.write(fb, b, StandardCharsets.UTF_8);
        Process p = new ProcessBuilder("diff", "-u", "--label", "a", "--label", "b", fa.toString(), fb.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    @Test
    void hugeDifferencesFallBackToOneHunk() {
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        for (int i = 0; i < UnifiedDiff.MAX_EDITS + 10; i++) {
            a.add("a" + i);
            b.add("b" + i);
        }
        String d = UnifiedDiff.diff("a", "b", a, b, 3);
        assertEquals(2 * a.size(), changedLines(d));
        assertEquals(1, d.lines().filter(l -> l.startsWith("@@")).count());
    }
}
