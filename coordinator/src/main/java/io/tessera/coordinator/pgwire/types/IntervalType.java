package io.tessera.coordinator.pgwire.types;

import io.tessera.common.types.PgInterval;
import io.tessera.common.types.PgType;
import io.tessera.executor.expr.Intervals;
import java.nio.ByteBuffer;

/**
 * {@code interval}: {@link PgInterval}. Text is {@code interval_out} in IntervalStyle {@code postgres} and
 * {@code interval_in}'s forms ({@link Intervals#parse}); binary is {@code interval_send}'s 16 bytes: int64
 * microseconds, int32 days, int32 months, big-endian.
 */
public final class IntervalType extends PgWireType {
    public static final IntervalType INSTANCE = new IntervalType();

    private IntervalType() {
    }

    @Override
    public int oid() {
        return PgType.INTERVAL.oid();
    }

    @Override
    public String typeName() {
        return "interval";
    }

    @Override
    public int typlen() {
        return 16;
    }

    @Override
    public String encodeText(Object value) {
        return value.toString();
    }

    @Override
    public Object decodeText(String text) {
        return Intervals.parse(text);
    }

    @Override
    public byte[] encodeBinary(Object value) {
        PgInterval i = (PgInterval) value;
        return ByteBuffer.allocate(16).putLong(i.micros()).putInt(i.days()).putInt(i.months()).array();
    }

    @Override
    public Object decodeBinary(byte[] bytes) {
        expectLength(bytes, 16);
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long micros = b.getLong();
        int days = b.getInt();
        return new PgInterval(b.getInt(), days, micros);
    }
}
