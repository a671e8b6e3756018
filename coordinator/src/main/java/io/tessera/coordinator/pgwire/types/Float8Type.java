package io.tessera.coordinator.pgwire.types;

import io.netty.buffer.ByteBuf;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import java.nio.ByteBuffer;

/**
 * {@code double precision}: Java Double. Text as PostgreSQL 12+ prints with {@code extra_float_digits > 0}
 * (the shortest exact form: {@code 0.1}, {@code 1e+20}, {@code Infinity}, {@code NaN}); binary the IEEE 754
 * bits big-endian ({@code float8send}).
 */
public final class Float8Type extends PgWireType {
    public static final Float8Type INSTANCE = new Float8Type();

    private Float8Type() {
    }

    @Override
    public int oid() {
        return PgType.FLOAT8.oid();
    }

    @Override
    public String typeName() {
        return "double precision";
    }

    @Override
    public int typlen() {
        return 8;
    }

    @Override
    public String encodeText(Object value) {
        return ShortestDecimal.format(((Number) value).doubleValue());
    }

    @Override
    public Object decodeText(String text) {
        Double d = FloatInput.parse(text);
        if (d == null) {
            throw invalidText(text);
        }
        if (Double.isInfinite(d) && !text.toLowerCase(java.util.Locale.ROOT).contains("inf")) {
            throw new TesseraException(SqlState.NUMERIC_VALUE_OUT_OF_RANGE,
                    "\"" + text + "\" is out of range for type double precision");
        }
        return d;
    }

    @Override
    public byte[] encodeBinary(Object value) {
        return ByteBuffer.allocate(8).putDouble(((Number) value).doubleValue()).array();
    }

    @Override
    public void writeBinary(ByteBuf out, Object value) {
        out.writeInt(8);
        out.writeDouble(((Number) value).doubleValue());
    }

    @Override
    public Object decodeBinary(byte[] bytes) {
        expectLength(bytes, 8);
        return ByteBuffer.wrap(bytes).getDouble();
    }
}
