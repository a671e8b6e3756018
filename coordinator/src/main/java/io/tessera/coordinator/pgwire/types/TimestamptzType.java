package io.tessera.coordinator.pgwire.types;

import io.tessera.common.types.PgType;
import java.nio.ByteBuffer;

/**
 * {@code timestamptz}: Java Long milliseconds since the epoch; text in the session zone UTC, {@code 2024-01-02 03:04:05.123+00};
 * binary int64 microseconds since 2000-01-01 ({@code timestamp_send}).
 */
public final class TimestamptzType extends PgWireType {
    public static final TimestamptzType INSTANCE = new TimestamptzType();

    private TimestamptzType() {
    }

    @Override
    public int oid() {
        return PgType.TIMESTAMPTZ.oid();
    }

    @Override
    public String typeName() {
        return "timestamp with time zone";
    }

    @Override
    public int typlen() {
        return 8;
    }

    @Override
    public String encodeText(Object value) {
        return DateTimes.formatTimestamp(((Number) value).longValue(), true);
    }

    @Override
    public Object decodeText(String text) {
        return DateTimes.parseTimestamp(text, true);
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
