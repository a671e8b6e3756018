package io.tessera.coordinator.pgwire.types;

import io.tessera.common.types.PgType;
import java.nio.ByteBuffer;

/** {@code smallint}: Java Short; binary 2 bytes big-endian ({@code int2send}). */
public final class Int2Type extends IntegralType {
    public static final Int2Type INSTANCE = new Int2Type();

    private Int2Type() {
        super(Short.MIN_VALUE, Short.MAX_VALUE);
    }

    @Override
    public int oid() {
        return PgType.INT2.oid();
    }

    @Override
    public String typeName() {
        return "smallint";
    }

    @Override
    public int typlen() {
        return 2;
    }

    @Override
    public Object decodeText(String text) {
        return (short) parse(text);
    }

    @Override
    public byte[] encodeBinary(Object value) {
        return ByteBuffer.allocate(2).putShort(((Number) value).shortValue()).array();
    }

    @Override
    public Object decodeBinary(byte[] bytes) {
        expectLength(bytes, 2);
        return ByteBuffer.wrap(bytes).getShort();
    }
}
