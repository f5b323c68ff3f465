package io.proxyctl.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Format strings: operators, missing values, truncation, START_TIME and JSON typing. */
class SubstitutionFormatTest {
    /** 2024-02-03T04:05:06.789Z */
    static final long T = 1706933106789L;

    static final class Ctx implements FormatContext {
        final Map<String, String> req = new LinkedHashMap<>();

        @Override
        public CharSequence requestHeader(String name) {
            return req.get(name);
        }

        @Override
        public CharSequence responseHeader(String name) {
            return name.equals("content-type") ? "text/plain" : null;
        }

        @Override
        public CharSequence responseTrailer(String name) {
            return name.equals("grpc-status") ? "0" : null;
        }

        @Override
        public long startTimeMillis() {
            return T;
        }

        @Override
        public long durationMillis() {
            return 12;
        }

        @Override
        public long requestDurationMillis() {
            return -1;
        }

        @Override
        public long responseDurationMillis() {
            return 5;
        }

        @Override
        public int responseCode() {
            return 503;
        }

        @Override
        public String responseFlags() {
            return "UF";
        }

        @Override
        public String responseCodeDetails() {
            return "upstream_reset_before_response_started{connection_failure}";
        }

        @Override
        public String upstreamHost() {
            return "10.0.0.1:8080";
        }

        @Override
        public String upstreamCluster() {
            return "web";
        }

        @Override
        public String routeName() {
            return null;
        }

        @Override
        public long bytesReceived() {
            return 0;
        }

        @Override
        public long bytesSent() {
            return 91;
        }

        @Override
        public String protocol() {
            return "HTTP/1.1";
        }

        @Override
        public String downstreamRemoteAddress() {
            return "[::1]:5555";
        }

        @Override
        public String downstreamDirectRemoteAddress() {
            return "192.0.2.1:1234";
        }

        @Override
        public String downstreamLocalAddress() {
            return "127.0.0.1:10000";
        }

        @Override
        public String upstreamLocalAddress() {
            return null;
        }

        @Override
        public String upstreamTransportFailureReason() {
            return null;
        }

        @Override
        public long connectionId() {
            return 7;
        }
    }

    private static String f(String format) {
        Ctx c = new Ctx();
        c.req.put(":method", "GET");
        c.req.put(":path", "/a/b?c");
        c.req.put("user-agent", "curl/8.0");
        return SubstitutionFormat.compile(format).format(c);
    }

    @Test
    void defaultFormat() {
        assertEquals("[2024-02-03T04:05:06.789Z] \"GET /a/b?c HTTP/1.1\" 503 UF 0 91 12 - \"-\" \"curl/8.0\" \"-\" \"-\" "
                + "\"10.0.0.1:8080\"\n", f(SubstitutionFormat.DEFAULT_ACCESS_LOG));
    }

    @Test
    void operators() {
        assertEquals("GET|curl|-|text/plain|0|5|-|web|::1|5555|192.0.2.1|127.0.0.1|10000|7|%",
                f("%REQ(:METHOD)%|%REQ(X-NONE?USER-AGENT):4%|%REQ(X-NONE)%|%RESP(CONTENT-TYPE)%|%TRAILER(GRPC-STATUS)%|"
                        + "%RESPONSE_DURATION%|%REQUEST_DURATION%|%UPSTREAM_CLUSTER%|%DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%|"
                        + "%DOWNSTREAM_REMOTE_PORT%|%DOWNSTREAM_DIRECT_REMOTE_ADDRESS_WITHOUT_PORT%|"
                        + "%DOWNSTREAM_LOCAL_ADDRESS_WITHOUT_PORT%|%DOWNSTREAM_LOCAL_PORT%|%CONNECTION_ID%|%%"));
    }

    @Test
    void startTimeFormats() {
        assertEquals("2024/02/03 04:05:06 +0000 1706933106 .789 06.789000 Sat Feb",
                f("%START_TIME(%Y/%m/%d %H:%M:%S %z %s .%3f %E6S %a %b)%"));
        assertEquals("2024-02-03T04:05:06.789Z", f("%START_TIME%"));
    }

    @Test
    void literalFormatsAreConstant() {
        SubstitutionFormat s = SubstitutionFormat.compile("plain 100%% text");
        assertTrue(s.isLiteral());
        assertEquals("plain 100% text", s.literal());
    }

    @Test
    void errorsAreReported() {
        assertEquals("unsupported format operator %NOPE%",
                assertThrows(FormatException.class, () -> SubstitutionFormat.compile("%NOPE%")).getMessage());
        assertThrows(FormatException.class, () -> SubstitutionFormat.compile("50% off"));
        assertThrows(FormatException.class, () -> SubstitutionFormat.compile("%REQ%"));
        assertThrows(FormatException.class, () -> SubstitutionFormat.compile("%REQ(X"));
        assertThrows(FormatException.class, () -> SubstitutionFormat.compile("%DURATION(x)%"));
    }

    @Test
    void jsonTypes() {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("status", "%RESPONSE_CODE%");
        spec.put("route", "%ROUTE_NAME%");
        spec.put("text", "%RESPONSE_CODE% %PROTOCOL%");
        spec.put("on", true);
        StringBuilder sb = new StringBuilder();
        JsonFormat.compile(spec, false).format(new Ctx(), sb);
        assertEquals("{\"status\":503,\"route\":null,\"text\":\"503 HTTP/1.1\",\"on\":true}\n", sb.toString());
        sb.setLength(0);
        JsonFormat.compile(spec, true).format(new Ctx(), sb);
        assertEquals("{\"status\":503,\"text\":\"503 HTTP/1.1\",\"on\":true}\n", sb.toString());
    }
}
