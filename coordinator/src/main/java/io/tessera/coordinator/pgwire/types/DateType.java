package io.tessera.coordinator.pgwire.types;

import io.tessera.common.types.PgType;
import java.nio.ByteBuffer;

/** {@code date}: Java Integer days since 1970-01-01; text {@code 2024-01-02}; binary int32 days since 2000-01-01. */
public final class DateType extends PgWireType {
    public static final DateType INSTANCE = new DateType();

    private DateType() {
    }

    @Override
    public int oid() {
        return PgType.DATE.oid();
    }

    @Override
    public String typeName() {
        return "date";
    }

    @Override
    public int typlen() {
        return 4;
    }

    @Override
    public String encodeText(Object value) {
        return DateTimes.formatDate(((Number) value).intValue());
    }

    @Override
    public Object decodeText(String text) {
        return io.tessera.common.types.DateTimeInput.parseDate(text);
    }

    @Override
    public byte[] encodeBinary(Object value) {
        int days = ((Number) value).intValue();
        int pg = (days == Integer.MAX_VALUE || days == Integer.MIN_VALUE) ? days : days - DateTimes.PG_EPOCH_DAYS;
        return ByteBuffer.allocate(4).putInt(pg).array();
    }

    @Override
    public Object decodeBinary(byte[] bytes) {
        expectLength(bytes, 4);
        int pg = ByteBuffer.wrap(bytes).getInt();
        return (pg == Integer.MAX_VALUE || pg == Integer.MIN_VALUE) ? pg : pg + DateTimes.PG_EPOCH_DAYS;
    }
}
