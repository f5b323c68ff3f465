package io.proxyctl.http;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** The HTTP {@code date} value, formatted at most once per second. */
final class DateHeader {
    private record Cached(long second, String value) {
    }

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.US);
    private static volatile Cached cached = new Cached(-1, "");

    private DateHeader() {
    }

    static String now() {
        long sec = System.currentTimeMillis() / 1000;
        Cached c = cached;
        if (c.second != sec) {
            c = new Cached(sec, FORMAT.format(
                    ZonedDateTime.ofInstant(java.time.Instant.ofEpochSecond(sec), ZoneOffset.UTC)));
            cached = c;
        }
        return c.value;
    }
}
