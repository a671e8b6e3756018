package io.tessera.coordinator.pgwire.types;

import io.tessera.common.types.PgType;
import io.tessera.executor.expr.Times;

/**
 * {@code time} (without time zone): a {@link io.tessera.common.types.PgTime} of microseconds since midnight. Text is
 * {@code time_out}'s
 * {@code HH:MM:SS[.fff]} and {@code time_in}'s forms ({@link Times}); binary is int64 microseconds since midnight
 * ({@code time_send}/{@code time_recv}, integer datetimes).
 */
public final class TimeType extends PgWireType {
    public static final TimeType INSTANCE = new TimeType();

    private TimeType() {
    }

    @Override
    public int oid() {
        return PgType.TIME.oid();
    }

    @Override
    public String typeName() {
        return "time";
    }

    @Override
    public int typlen() {
        return 8;
    }

    @Override
    public String encodeText(Object value) {
        return Times.formatMicros(io.tessera.common.types.PgTime.toMicros(value));
    }

    @Override
    public Object decodeText(String text) {
        return new io.tessera.common.types.PgTime(Times.parseMicros(text));
    }

    @Override
    public byte[] encodeBinary(Object value) {
        return java.nio.ByteBuffer.allocate(8).putLong(io.tessera.common.types.PgTime.toMicros(value)).array();
    }

    @Override
    public Object decodeBinary(byte[] bytes) {
        expectLength(bytes, 8);
        long micros = java.nio.ByteBuffer.wrap(bytes).getLong();
        if (micros < 0 || micros > Times.MICROS_PER_DAY) {
            throw new io.tessera.common.error.TesseraException(io.tessera.common.error.SqlState.DATETIME_FIELD_OVERFLOW,
                    "time out of range");
        }
        return new io.tessera.common.types.PgTime(micros);
    }
}
