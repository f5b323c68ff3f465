package io.proxyctl.config.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EcmaPatternsTest {
    @Test
    void onlyBareDollarsBecomeEndOfInput() {
        assertEquals("^a\\z", EcmaPatterns.toJava("^a$"));
        assertEquals("^[$]\\$\\z", EcmaPatterns.toJava("^[$]\\$$"));
        assertEquals("^(a\\z|b\\z)", EcmaPatterns.toJava("^(a$|b$)"));
        assertEquals("[\\]$]x", EcmaPatterns.toJava("[\\]$]x"));
    }

    @Test
    void aTrailingNewlineNoLongerSlipsPastTheAnchor() {
        String loose = "^[^\\u0000\\u000A\\u000D]*$";
        assertTrue(java.util.regex.Pattern.compile(loose).matcher("x-name\n").find(), "java.util.regex's own '$'");
        assertFalse(EcmaPatterns.compile(loose).matcher("x-name\n").find());
        assertTrue(EcmaPatterns.compile(loose).matcher("x-name").find());
        assertFalse(new EcmaPatterns().createHandler(loose).patternMatchingFailure("x-name").isPresent());
        assertTrue(new EcmaPatterns().createHandler(loose).patternMatchingFailure("x-name\r\n").isPresent());
    }
}
