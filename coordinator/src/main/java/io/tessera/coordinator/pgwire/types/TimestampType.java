package io.tessera.coordinator.pgwire.types;

import io.tessera.common.types.PgType;
import java.nio.ByteBuffer;

/**
 * {@code timestamp}: Java Long milliseconds since 1970-01-01 00:00 (no zone); text {@code 2024-01-02 03:04:05.123};
 * binary int64 microseconds since 2000-01-01 ({@code timestamp_send}).
 */
public final class TimestampType extends PgWireType {
    public static final TimestampType INSTANCE = new TimestampType();

    private TimestampType() {
    }

    @Override
    public int oid() {
        return PgType.TIMESTAMP.oid();
    }

    @Override
    public String typeName() {
        return "timestamp without time zone";
    }

    @Override
    public int typlen() {
        return 8;
    }

    @Override
    public String encodeText(Object value) {
        return DateTimes.formatTimestamp(((Number) value).longValue(), false);
    }

    @Override
    public Object decodeText(String text) {
        return DateTimes.parseTimestamp(text, false);
    }

    @Override
    public byte[] encodeBinary(Object value) {
        return ByteBuffer.allocate(8).putLong(DateTimes.toPgMicros(((Number) value).longValue())).array();
    }

    @Override
    public Object decodeBinary(byte[] bytes) {
        expectLength(bytes, 8);
        return DateTimes.fromPgMicros(ByteBuffer.wrap(bytes).getLong());
    }
}
