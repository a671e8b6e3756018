package io.tessera.coordinator.pgwire.types;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * {@code real}: Java Float. Text the shortest exact form with PostgreSQL's float4 layout (fixed notation only for
 * decimal exponents in {@code [-4, 6)}: {@code 100000}, {@code 1e+06}); binary the IEEE 754 bits
 * ({@code float4send}).
 */
public final class Float4Type extends PgWireType {
    public static final Float4Type INSTANCE = new Float4Type();

    private Float4Type() {
    }

    @Override
    public int oid() {
        return PgType.FLOAT4.oid();
    }

    @Override
    public String typeName() {
        return "real";
    }

    @Override
    public int typlen() {
        return 4;
    }

    @Override
    public String encodeText(Object value) {
        return ShortestDecimal.format(((Number) value).floatValue());
    }

    @Override
    public Object decodeText(String text) {
        Double d = FloatInput.parse(text);
        if (d == null) {
            throw invalidText(text);
        }
        float f = d.floatValue();
        boolean literalInfinity = text.toLowerCase(Locale.ROOT).contains("inf");
        if ((Float.isInfinite(f) && !literalInfinity) || (f == 0 && d != 0)) {
            throw new TesseraException(SqlState.NUMERIC_VALUE_OUT_OF_RANGE,
                    "\"" + text + "\" is out of range for type real");
        }
        return f;
    }

    @Override
    public byte[] encodeBinary(Object value) {
        return ByteBuffer.allocate(4).putFloat(((Number) value).floatValue()).array();
    }

    @Override
    public Object decodeBinary(byte[] bytes) {
        expectLength(bytes, 4);
        return ByteBuffer.wrap(bytes).getFloat();
    }
}
