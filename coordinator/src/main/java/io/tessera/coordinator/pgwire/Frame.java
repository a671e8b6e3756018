package io.tessera.coordinator.pgwire;

import io.netty.buffer.ByteBuf;

/**
 * One message from the client as {@link PgFrameDecoder} cut it: the type byte and the body after the length word.
 *
 * @param type the message type byte ({@code 'Q'}, {@code 'P'}, ...); {@link #STARTUP} for the untyped packets of
 *     the startup phase (StartupMessage, SSLRequest, GSSENCRequest, CancelRequest), {@link #MALFORMED} when the
 *     framing itself is broken
 * @param body the bytes after the length word (a retained slice the consumer releases); empty for MALFORMED
 * @param error for MALFORMED, what was wrong (sent as the 08P01 message)
 */
record Frame(byte type, ByteBuf body, String error) {
    static final byte STARTUP = 0;
    static final byte MALFORMED = -1;

    void release() {
        if (body != null && body.refCnt() > 0) {
            body.release();
        }
    }
}
