package io.proxyctl.config.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyctl.config.validate.Diagnostic;
import io.proxyctl.config.validate.DiagnosticCode;
import org.junit.jupiter.api.Test;

/** The loader's limits report where they were crossed, and positions follow the text's own lines. */
class YamlLoaderLimitsTest {
    private static Diagnostic only(LoadResult r) {
        assertEquals(1, r.diagnostics().size(), r.diagnostics().toString());
        return r.diagnostics().get(0);
    }

    @Test
    void nestingIsReportedAtTheFirstLevelTooDeep() {
        Diagnostic d = only(YamlLoader.loadText("deep.yaml", "a: " + "[".repeat(150) + "]".repeat(150) + "\n"));
        assertEquals(DiagnosticCode.YAML_NESTING_LIMIT, d.code());
        // the root mapping is level 1, so the 100th '[' opens level 101
        assertEquals(new Position(1, 103), new Position(d.line(), d.column()));
        assertTrue(YamlLoader.loadText("ok.yaml", "a: " + "[".repeat(99) + "]".repeat(99) + "\n").ok());
    }

    @Test
    void manyAliasesAreFineOnlyTheirExpansionIsBounded() {
        StringBuilder sb = new StringBuilder("base: &b {x: 1, y: 2}\nlist:\n");
        for (int i = 0; i < 500; i++) {
            sb.append("- <<: *b\n  z: ").append(i).append('\n');
        }
        assertTrue(YamlLoader.loadText("aliases.yaml", sb.toString()).ok());

        StringBuilder bomb = new StringBuilder("a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n");
        char prev = 'a';
        for (char c = 'b'; c <= 'h'; c++) {
            bomb.append(c).append(": &").append(c).append(" [").append(("*" + prev + ", ").repeat(9))
                    .append('*').append(prev).append("]\n");
            prev = c;
        }
        Diagnostic d = only(YamlLoader.loadText("bomb.yaml", bomb.toString()));
        assertEquals(DiagnosticCode.YAML_ALIAS_LIMIT, d.code());
        // 'f' expands to 1,111,111 nodes and ~1.2 M come before the list of 'g', so its 3rd *f passes 4,000,000
        assertEquals(new Position(7, 16), new Position(d.line(), d.column()));
    }

    @Test
    void aSecondDocumentIsReportedAtItsSeparator() {
        Diagnostic d = only(YamlLoader.loadText("two.yaml", "a: 1\n---\nb: 2\n"));
        assertEquals(DiagnosticCode.YAML_MULTIPLE_DOCUMENTS, d.code());
        assertEquals(new Position(2, 1), new Position(d.line(), d.column()));
        assertTrue(YamlLoader.loadText("one.yaml", "---\na: 1\n...\n").ok());
    }

    @Test
    void lineSeparatorsInsideScalarsDoNotShiftLines() {
        LoadResult r = YamlLoader.loadText("ls.yaml", "a: \"x\u2028y\u0085z\"\nb: 1\n");
        assertTrue(r.ok(), r.diagnostics().toString());
        assertEquals(new Position(2, 4), r.source().sourceMap().value("/b"));
        Diagnostic d = only(YamlLoader.loadText("ls.yaml", "a: \"x\u2029\"\nb: ]\n"));
        assertEquals(2, d.line());
    }
}
