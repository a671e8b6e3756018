package io.tessera.coordinator.pgwire.types;

import io.tessera.common.types.DateTimeInput;
import io.tessera.common.types.PgType;
import java.nio.ByteBuffer;

/**
 * {@code timestamp} ({@link #WITHOUT_ZONE}) and {@code timestamptz} ({@link #WITH_ZONE}): Java Long microseconds
 * since 1970-01-01 00:00 (for timestamptz: since the epoch, UTC); text {@code 2024-01-02 03:04:05.123456} (up to
 * six fraction digits), with
 * {@code +00} appended for timestamptz (the session zone is UTC); binary int64 microseconds since 2000-01-01
 * ({@code timestamp_send} / {@code timestamptz_send}, which share the format).
 */
public final class TimestampType extends PgWireType {
    public static final TimestampType WITHOUT_ZONE = new TimestampType(false);
    public static final TimestampType WITH_ZONE = new TimestampType(true);

    private final boolean withZone;

    private TimestampType(boolean withZone) {
        this.withZone = withZone;
    }

    @Override
    public int oid() {
        return (withZone ? PgType.TIMESTAMPTZ : PgType.TIMESTAMP).oid();
    }

    @Override
    public String typeName() {
        return withZone ? "timestamp with time zone" : "timestamp without time zone";
    }

    @Override
    public int typlen() {
        return 8;
    }

    @Override
    public String encodeText(Object value) {
        long v = ((Number) value).longValue();
        return DateTimes.formatTimestampMicros(v, withZone);
    }

    @Override
    public Object decodeText(String text) {
        return DateTimeInput.parseTimestampMicros(text, withZone);
    }

    @Override
    public byte[] encodeBinary(Object value) {
        long v = ((Number) value).longValue();
        return ByteBuffer.allocate(8).putLong(DateTimes.microsToPg(v)).array();
    }

    @Override
    public Object decodeBinary(byte[] bytes) {
        expectLength(bytes, 8);
        long pg = ByteBuffer.wrap(bytes).getLong();
        return DateTimes.microsFromPg(pg);
    }
}
