package io.proxyctl.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Content-type detection, status mapping, grpc-timeout format and the timeout decisions, as Envoy makes them. */
class GrpcSemanticsTest {
    @Test
    void grpcContentTypes() {
        assertTrue(Grpc.isGrpc("application/grpc"));
        assertTrue(Grpc.isGrpc("application/grpc+proto"));
        assertFalse(Grpc.isGrpc("application/grpc-web"));
        assertFalse(Grpc.isGrpc("application/grpc-web+proto"));
        assertFalse(Grpc.isGrpc("application/json"));
        assertFalse(Grpc.isGrpc(null));
    }

    @ParameterizedTest
    @CsvSource({"400,13", "401,16", "403,7", "404,12", "429,14", "502,14", "503,14", "504,14", "408,2", "500,2",
            "200,2", "301,2"})
    void httpToGrpcStatus(int http, int grpc) {
        assertEquals(grpc, GrpcStatus.fromHttp(http));
    }

    @Test
    void messagesArePercentEncoded() {
        assertEquals("no healthy upstream", Grpc.percentEncode("no healthy upstream".getBytes(StandardCharsets.UTF_8)));
        assertEquals("100%25 d%C3%A9j%C3%A0 vu%0A%7E",
                Grpc.percentEncode("100% déjà vu\n~".getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest
    @CsvSource({"1H,3600000", "2M,120000", "3S,3000", "250m,250", "1500u,2", "1000u,1", "1n,1", "0m,0",
            "99999999m,99999999", "000000001m,1"})
    void parsesGrpcTimeout(String header, long millis) {
        assertEquals(millis, GrpcTimeout.parseMillis(header));
    }

    @ParameterizedTest
    @CsvSource({"''", "m", "10", "10x", "-1m", "1.5S", "100000000m"})
    void ignoresMalformedGrpcTimeout(String header) {
        assertEquals(-1, GrpcTimeout.parseMillis(header));
    }

    @Test
    void formatsGrpcTimeoutInTheSmallestUnitThatFits() {
        assertEquals("250m", GrpcTimeout.format(250));
        assertEquals("99999999m", GrpcTimeout.format(99_999_999));
        assertEquals("100000S", GrpcTimeout.format(100_000_000));
        assertEquals("99999999H", GrpcTimeout.format(Long.MAX_VALUE));
    }

    @Test
    void legacyMaxGrpcTimeout() {
        StreamTimeouts plain = StreamTimeouts.of(15_000);
        assertEquals(15_000, plain.routerTimeout(true, 200));
        assertNull(plain.legacyGrpcTimeoutHeader(true, 15_000));
        StreamTimeouts uncapped = new StreamTimeouts(15_000, 0, -1, false, -1, -1, -1);
        assertEquals(200, uncapped.routerTimeout(true, 200));
        assertEquals(0, uncapped.routerTimeout(true, -1), "no header and no cap: no timeout");
        assertEquals(15_000, uncapped.routerTimeout(false, 200), "only gRPC requests");
        assertEquals("200m", uncapped.legacyGrpcTimeoutHeader(true, 200));
        StreamTimeouts capped = new StreamTimeouts(15_000, 1_000, 50, false, -1, -1, -1);
        assertEquals(1_000, capped.routerTimeout(true, 5_000));
        assertEquals(1_000, capped.routerTimeout(true, -1));
        assertEquals(150, capped.routerTimeout(true, 200), "offset applied");
        assertEquals(40, capped.routerTimeout(true, 40), "an offset that would reach 0 is skipped");
    }

    @Test
    void expectedTimeoutPrefersAShorterPerTryTimeout() {
        assertEquals(100, StreamTimeouts.expectedTimeout(1_000, 100));
        assertEquals(1_000, StreamTimeouts.expectedTimeout(1_000, 2_000));
        assertEquals(1_000, StreamTimeouts.expectedTimeout(1_000, 0));
        assertEquals(100, StreamTimeouts.expectedTimeout(0, 100));
        assertEquals(0, StreamTimeouts.expectedTimeout(0, 0));
    }

    @Test
    void maxStreamDurationReplacesTheRouteTimeout() {
        StreamTimeouts t = new StreamTimeouts(100, -1, -1, true, 500, -1, -1);
        assertEquals(0, t.routerTimeout(false, -1));
        assertEquals(new StreamTimeouts.Duration(500, null), t.streamDuration(false, -1, 0));
        assertEquals(new StreamTimeouts.Duration(500, "500m"), t.streamDuration(true, -1, 0),
                "a gRPC upstream learns the limit");
        assertEquals(new StreamTimeouts.Duration(500, "500m"), t.streamDuration(true, 200, 0),
                "without grpc_timeout_header_max the header is not honoured");
        StreamTimeouts zero = new StreamTimeouts(100, -1, -1, true, 0, -1, -1);
        assertEquals(StreamTimeouts.Duration.NONE, zero.streamDuration(true, -1, 9_000));
    }

    @Test
    void grpcTimeoutHeaderMax() {
        StreamTimeouts t = new StreamTimeouts(15_000, -1, -1, true, -1, 1_000, 20);
        assertEquals(new StreamTimeouts.Duration(180, "180m"), t.streamDuration(true, 200, 0));
        assertEquals(new StreamTimeouts.Duration(980, "980m"), t.streamDuration(true, 5_000, 0));
        assertEquals(new StreamTimeouts.Duration(0, "0m"), t.streamDuration(true, 10, 0));
        assertEquals(StreamTimeouts.Duration.NONE, t.streamDuration(true, -1, 0), "no header, no limit");
        assertEquals(new StreamTimeouts.Duration(700, "700m"), t.streamDuration(true, -1, 700), "HCM limit");
        StreamTimeouts uncapped = new StreamTimeouts(15_000, -1, -1, true, -1, 0, -1);
        assertEquals(new StreamTimeouts.Duration(90_000, "90000m"), uncapped.streamDuration(true, 90_000, 0));
    }

    @Test
    void connectionManagerStreamDurationWithoutRouteSettings() {
        StreamTimeouts t = StreamTimeouts.of(15_000);
        assertEquals(new StreamTimeouts.Duration(700, null), t.streamDuration(true, -1, 700));
        assertEquals(StreamTimeouts.Duration.NONE, t.streamDuration(true, 100, 0));
    }
}
