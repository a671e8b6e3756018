package io.tessera.coordinator.pgwire.types;

import io.netty.buffer.ByteBuf;
import io.tessera.common.types.PgType;
import java.nio.ByteBuffer;

/** {@code integer}: Java Integer; binary 4 bytes big-endian ({@code int4send}). */
public final class Int4Type extends IntegralType {
    public static final Int4Type INSTANCE = new Int4Type();

    private Int4Type() {
        super(Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    @Override
    public int oid() {
        return PgType.INT4.oid();
    }

    @Override
    public String typeName() {
        return "integer";
    }

    @Override
    public int typlen() {
        return 4;
    }

    @Override
    public Object decodeText(String text) {
        return (int) parse(text);
    }

    @Override
    public byte[] encodeBinary(Object value) {
        return ByteBuffer.allocate(4).putInt(((Number) value).intValue()).array();
    }

    @Override
    public void writeBinary(ByteBuf out, Object value) {
        out.writeInt(4);
        out.writeInt(((Number) value).intValue());
    }

    @Override
    public Object decodeBinary(byte[] bytes) {
        expectLength(bytes, 4);
        return ByteBuffer.wrap(bytes).getInt();
    }
}
