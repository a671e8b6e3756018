package io.tessera.coordinator.pgwire.types;

import io.netty.buffer.ByteBuf;
import io.tessera.common.types.PgType;
import java.nio.ByteBuffer;

/** {@code bigint}: Java Long; binary 8 bytes big-endian ({@code int8send}). */
public final class Int8Type extends IntegralType {
    public static final Int8Type INSTANCE = new Int8Type();

    private Int8Type() {
        super(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    @Override
    public int oid() {
        return PgType.INT8.oid();
    }

    @Override
    public String typeName() {
        return "bigint";
    }

    @Override
    public int typlen() {
        return 8;
    }

    @Override
    public Object decodeText(String text) {
        return parse(text);
    }

    @Override
    public byte[] encodeBinary(Object value) {
        return ByteBuffer.allocate(8).putLong(((Number) value).longValue()).array();
    }

    @Override
    public void writeBinary(ByteBuf out, Object value) {
        out.writeInt(8);
        out.writeLong(((Number) value).longValue());
    }

    @Override
    public Object decodeBinary(byte[] bytes) {
        expectLength(bytes, 8);
        return ByteBuffer.wrap(bytes).getLong();
    }
}
