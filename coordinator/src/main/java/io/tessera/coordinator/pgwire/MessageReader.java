package io.tessera.coordinator.pgwire;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Reads the fields of one message body. Every read checks the bytes left, so a truncated or inconsistent message
 * becomes a 08P01 {@link TesseraException} (PostgreSQL's {@code insufficient data left in message}), never an
 * IndexOutOfBoundsException.
 */
final class MessageReader {
    private final ByteBuf body;

    MessageReader(ByteBuf body) {
        this.body = body;
    }

    int int32() {
        need(4);
        return body.readInt();
    }

    short int16() {
        need(2);
        return body.readShort();
    }

    byte int8() {
        need(1);
        return body.readByte();
    }

    /** A NUL-terminated UTF-8 string. */
    String cstring() {
        int end = body.indexOf(body.readerIndex(), body.writerIndex(), (byte) 0);
        if (end < 0) {
            throw violation("invalid string in message");
        }
        String s = body.toString(body.readerIndex(), end - body.readerIndex(), StandardCharsets.UTF_8);
        body.readerIndex(end + 1);
        return s;
    }

    /** {@code n} raw bytes. */
    byte[] bytes(int n) {
        if (n < 0) {
            throw violation("invalid length in message");
        }
        need(n);
        byte[] b = new byte[n];
        body.readBytes(b);
        return b;
    }

    /** A count field ({@code int16}) that must be non-negative. */
    int count() {
        int n = int16() & 0xFFFF;
        return n;
    }

    int remaining() {
        return body.readableBytes();
    }

    /** Asserts the whole body was consumed ({@code pq_getmsgend}). */
    void end() {
        if (body.isReadable()) {
            throw violation("invalid message format");
        }
    }

    private void need(int n) {
        if (body.readableBytes() < n) {
            throw violation("insufficient data left in message");
        }
    }

    static ProtocolViolation violation(String message) {
        return new ProtocolViolation(message);
    }
}
