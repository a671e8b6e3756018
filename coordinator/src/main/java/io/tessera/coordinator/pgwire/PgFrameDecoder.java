package io.tessera.coordinator.pgwire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Cuts the client's byte stream into {@link Frame}s.
 *
 * <p>The stream starts untyped: {@code int32 length, int32 code, ...} (StartupMessage, SSLRequest,
 * GSSENCRequest, CancelRequest). SSLRequest and GSSENCRequest are answered with 'N' and followed by another
 * untyped packet, so the decoder stays in the startup phase after them; after any other untyped packet every
 * message is typed: {@code byte type, int32 length (counting itself), body}.
 *
 * <p>Limits follow PostgreSQL's {@code pqcomm.c}: a startup packet is at most 10000 bytes; Query, Parse, Bind,
 * FunctionCall and CopyData may be up to 1 GiB ({@code PQ_LARGE_MESSAGE_LIMIT}), every other message at most
 * 10000 bytes. A length below 4 (or below 8 for a startup packet) or above its limit yields one
 * {@link Frame#MALFORMED} frame; the decoder then discards everything else the client sends, since nothing
 * after a broken length can be framed. The connection answers 08P01 and closes.
 */
final class PgFrameDecoder extends ByteToMessageDecoder {
    static final int MAX_STARTUP_PACKET = 10_000;
    static final int LARGE_MESSAGE_LIMIT = 1 << 30;
    static final int SMALL_MESSAGE_LIMIT = 10_000;
    static final int SSL_REQUEST_CODE = 80877103;
    static final int GSSENC_REQUEST_CODE = 80877104;
    static final int CANCEL_REQUEST_CODE = 80877102;

    private boolean startupPhase = true;
    private boolean broken;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (broken) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (startupPhase) {
            if (in.readableBytes() < 4) {
                return;
            }
            int length = in.getInt(in.readerIndex());
            if (length < 8 || length > MAX_STARTUP_PACKET) {
                fail(in, out, "invalid length of startup packet");
                return;
            }
            if (in.readableBytes() < length) {
                return;
            }
            int code = in.getInt(in.readerIndex() + 4);
            if (code != SSL_REQUEST_CODE && code != GSSENC_REQUEST_CODE) {
                startupPhase = false;
            }
            in.skipBytes(4);
            out.add(new Frame(Frame.STARTUP, in.readRetainedSlice(length - 4), null));
            return;
        }
        if (in.readableBytes() < 5) {
            return;
        }
        byte type = in.getByte(in.readerIndex());
        int length = in.getInt(in.readerIndex() + 1);
        int limit = switch (type) {
            case 'Q', 'P', 'B', 'F', 'd' -> LARGE_MESSAGE_LIMIT;
            default -> SMALL_MESSAGE_LIMIT;
        };
        if (length < 4 || length > limit) {
            fail(in, out, "invalid message length");
            return;
        }
        if (in.readableBytes() < 1 + length) {
            return;
        }
        in.skipBytes(5);
        out.add(new Frame(type, in.readRetainedSlice(length - 4), null));
    }

    private void fail(ByteBuf in, List<Object> out, String error) {
        broken = true;
        in.skipBytes(in.readableBytes());
        out.add(new Frame(Frame.MALFORMED, null, error));
    }
}
