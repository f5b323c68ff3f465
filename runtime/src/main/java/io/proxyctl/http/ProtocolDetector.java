package io.proxyctl.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslHandler;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code codec_type: AUTO}: picks HTTP/1.1 or HTTP/2 for a connection as Envoy does, from the ALPN protocol
 * negotiated by TLS when there is one, else from the first bytes (the HTTP/2 client connection preface means
 * h2c with prior knowledge). Installs the chosen codec behind itself and leaves the pipeline; the bytes it read
 * go on to the codec. Runs once per connection, never per request.
 */
final class ProtocolDetector extends ByteToMessageDecoder {
    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final HttpConnectionManagerFactory factory;
    private final int worker;

    ProtocolDetector(HttpConnectionManagerFactory factory, int worker) {
        this.factory = factory;
        this.worker = worker;
    }

    /** Before a protocol is chosen nothing else handles errors (a failed TLS handshake, a reset): close quietly. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        String alpn = tls == null ? null : tls.applicationProtocol();
        Boolean h2 = "h2".equals(alpn) ? Boolean.TRUE : "http/1.1".equals(alpn) ? Boolean.FALSE : null;
        if (h2 == null) {
            int n = Math.min(in.readableBytes(), PREFACE.length);
            int start = in.readerIndex();
            for (int i = 0; i < n; i++) {
                if (in.getByte(start + i) != PREFACE[i]) {
                    h2 = Boolean.FALSE;
                    break;
                }
            }
            if (h2 == null && n == PREFACE.length) {
                h2 = Boolean.TRUE;
            }
        }
        if (h2 == null) {
            return; // a prefix of the preface so far: wait for more
        }
        if (h2) {
            factory.installHttp2(ctx.channel(), worker);
        } else {
            factory.installHttp1(ctx.channel(), worker);
        }
        ctx.pipeline().remove(this);
    }
}
