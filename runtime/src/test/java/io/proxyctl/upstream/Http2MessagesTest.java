package io.proxyctl.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import io.proxyctl.testing.LeakCheckExtension;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LeakCheckExtension.class)
class Http2MessagesTest {

    @Test
    void requestHeadersBecomeAnHttp1RequestWithHostJoinedCookiesAndChunkedFramingForABody() throws Exception {
        Http2Headers h = new DefaultHttp2Headers().method("POST").path("/a?b=1").scheme("https").authority("api.test");
        h.add("cookie", "a=1").add("cookie", "b=2").add("x-custom", "v");
        HttpRequest r = Http2Messages.request(3, h, false);
        assertEquals(HttpMethod.POST, r.method());
        assertEquals("/a?b=1", r.uri());
        assertEquals("api.test", r.headers().get("host"));
        assertEquals("a=1; b=2", r.headers().get("cookie"));
        assertEquals("v", r.headers().get("x-custom"));
        assertEquals("chunked", r.headers().get("transfer-encoding"));
        for (String name : r.headers().names()) {
            assertFalse(name.startsWith(":"), name);
        }
        // Ended on its HEADERS frame, or with a length: no chunked framing is invented.
        assertNull(Http2Messages.request(5, h, true).headers().get("transfer-encoding"));
        h.set("content-length", "3");
        assertNull(Http2Messages.request(7, h, false).headers().get("transfer-encoding"));
    }

    @Test
    void aRequestWithoutMethodIsAStreamErrorNotAConnectionError() {
        Http2Exception e = assertThrows(Http2Exception.class,
                () -> Http2Messages.request(9, new DefaultHttp2Headers().path("/"), true));
        assertTrue(e instanceof Http2Exception.StreamException, e.toString());
    }

    @Test
    void requestHeadBecomesAHeaderBlockWithPseudoHeadersAndWithoutConnectionSpecificFields() {
        DefaultHttpRequest r = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/x");
        r.headers().add("Host", "api.test").add("Connection", "keep-alive").add("Keep-Alive", "5")
                .add("Transfer-Encoding", "chunked").add("TE", "trailers").add("X-Mixed-Case", "1");
        Http2Headers h = Http2Messages.requestHeaders(r, "http");
        assertEquals("GET", h.method().toString());
        assertEquals("/x", h.path().toString());
        assertEquals("http", h.scheme().toString());
        assertEquals("api.test", h.authority().toString());
        assertNull(h.get("host"));
        assertNull(h.get("connection"));
        assertNull(h.get("keep-alive"));
        assertNull(h.get("transfer-encoding"));
        assertEquals("trailers", h.get("te").toString());
        assertEquals("1", h.get("x-mixed-case").toString());
        r.headers().set("TE", "gzip");
        assertNull(Http2Messages.requestHeaders(r, "http").get("te"));
    }

    @Test
    void responsesAndTrailersConvertBothWays() throws Exception {
        Http2Headers h = new DefaultHttp2Headers().status("404");
        h.add("content-type", "text/plain");
        HttpResponse r = Http2Messages.response(1, h);
        assertEquals(HttpResponseStatus.NOT_FOUND.code(), r.status().code());
        assertEquals("text/plain", r.headers().get("content-type"));

        Http2Headers back = Http2Messages.responseHeaders(new DefaultHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.OK));
        assertEquals("200", back.status().toString());

        LastHttpContent t = Http2Messages.trailers(new DefaultHttp2Headers().add("grpc-status", "0"));
        assertEquals("0", t.trailingHeaders().get("grpc-status"));
        assertEquals("0", Http2Messages.trailerHeaders(t.trailingHeaders()).get("grpc-status").toString());
        t.release();
    }

    @Test
    void dataIsRetainedForTheStreamAndTheEndSharesAnEmptyTrailerMap() {
        var buf = Unpooled.copiedBuffer("abc", StandardCharsets.US_ASCII);
        HttpContent middle = Http2Messages.content(buf, false);
        HttpContent end = Http2Messages.content(buf, true);
        assertFalse(middle instanceof LastHttpContent);
        assertTrue(end instanceof LastHttpContent last && last.trailingHeaders().isEmpty());
        assertEquals(3, buf.refCnt());
        middle.release();
        end.release();
        buf.release();
        assertEquals(0, buf.refCnt());
    }

    @Test
    void headersOnlyIsACompleteMessageWithoutBodyOrTrailers() {
        var empty = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        assertTrue(Http2Messages.headersOnly(empty));
        var body = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.copiedBuffer("x", StandardCharsets.US_ASCII));
        assertFalse(Http2Messages.headersOnly(body));
        assertFalse(Http2Messages.headersOnly(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK)));
        empty.release();
        body.release();
    }

    @Test
    void onlyPerMessageValuesAreNeverIndexed() {
        assertTrue(Http2Messages.UNIQUE_VALUES.isSensitive(AsciiString.of("x-request-id"), "1"));
        assertTrue(Http2Messages.UNIQUE_VALUES.isSensitive(AsciiString.of("x-envoy-upstream-service-time"), "3"));
        assertFalse(Http2Messages.UNIQUE_VALUES.isSensitive(AsciiString.of("content-type"), "text/plain"));
    }
}
