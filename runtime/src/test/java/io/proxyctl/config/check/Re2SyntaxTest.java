package io.proxyctl.config.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Re2SyntaxTest {
    @ParameterizedTest
    @ValueSource(strings = {"/api/v[0-9]+/.*", "^/(?P<id>[0-9]+)$", "(?i)/Static/.*", "[[:alpha:]]+", "a{1000}",
        "x{2,5}", "\\d+\\.\\d+", "[(?=]", "\\(?=", "\\pL+", "a|b|c", "https://.*\\.example\\.org", "[]a]"})
    void validRe2(String regex) {
        assertNull(Re2Syntax.problem(regex), regex);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "foo(?=bar)|lookaround (?=...) is not supported by RE2",
        "(?<!x)y|lookaround (?<!...) is not supported by RE2",
        "(a)\\1|backreference \\1 is not supported by RE2",
        "(?>ab)|atomic group (?>...) is not supported by RE2",
        "a*+|bad repetition operator: *+ (RE2 has no possessive quantifiers)",
        "a{1001}|bad repetition operator: {1001} (RE2 allows at most 1000)",
        "end\\Z|\\Z is not supported by RE2 (use \\z for end of text)"})
    void re2OnlyRejections(String regex, String problem) {
        assertEquals(problem, Re2Syntax.problem(regex));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[0-9", "(abc", "*abc", "a{2,1}"})
    void plainSyntaxErrors(String regex) {
        assertNotNull(Re2Syntax.problem(regex), regex);
    }
}
