package io.proxyctl.config.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
    private static final List<String> FIELDS = List.of("connect_timeout", "connectTimeout", "name", "type",
            "lb_policy", "lbPolicy", "load_assignment", "loadAssignment");

    @Test
    void closeMisspellingsFindTheSnakeCaseName() {
        assertEquals("connect_timeout", Suggestions.closest("conect_timeout", FIELDS));
        assertEquals("connect_timeout", Suggestions.closest("ConnectTimeout", FIELDS));
        assertEquals("lb_policy", Suggestions.closest("lb_polcy", FIELDS));
        assertEquals("type", Suggestions.closest("tpye", FIELDS));
    }

    @Test
    void distantNamesGetNoSuggestion() {
        assertNull(Suggestions.closest("flux_capacitor", FIELDS));
        assertNull(Suggestions.closest("x", FIELDS));
    }

    @Test
    void distanceCountsASwapOnce() {
        assertEquals(1, Suggestions.distance("tpye", "type", 3));
        assertEquals(2, Suggestions.distance("abc", "a", 3));
        assertEquals(4, Suggestions.distance("abcdefgh", "a", 3));
    }

    @Test
    void durationNearMissesAreRewrittenInSeconds() {
        assertEquals("60s", Durations.fix("1m"));
        assertEquals("0.5s", Durations.fix("500ms"));
        assertEquals("7200s", Durations.fix("2h"));
        assertEquals("30s", Durations.fix(30L));
        assertNull(Durations.fix("soon"));
    }
}
