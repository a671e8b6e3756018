package io.tessera.coordinator.pgwire.types;

import io.tessera.common.types.BitStrings;
import io.tessera.common.types.PgType;
import io.tessera.executor.expr.Bits;
import java.nio.ByteBuffer;

/**
 * {@code bit} (1560) and {@code bit varying} (1562): a String of 0 and 1. Text output is the digits
 * ({@code bit_out}); text input is {@code bit_in}'s ({@link Bits#parse}: binary digits, or hexadecimal after an
 * {@code x}; 22P02 otherwise); binary is {@code varbit_send}'s: int32 bit length, then the bits packed
 * ({@link BitStrings}).
 */
public final class BitStringType extends PgWireType {
    public static final BitStringType BIT = new BitStringType(PgType.BIT);
    public static final BitStringType VARBIT = new BitStringType(PgType.VARBIT);

    private final PgType type;

    private BitStringType(PgType type) {
        this.type = type;
    }

    @Override
    public int oid() {
        return type.oid();
    }

    @Override
    public String typeName() {
        return type == PgType.BIT ? "bit" : "varbit";
    }

    @Override
    public int typlen() {
        return -1;
    }

    @Override
    public String encodeText(Object value) {
        return value.toString();
    }

    @Override
    public Object decodeText(String text) {
        return Bits.parse(text);
    }

    @Override
    public byte[] encodeBinary(Object value) {
        String bits = value.toString();
        byte[] packed = BitStrings.pack(bits);
        return ByteBuffer.allocate(4 + packed.length).putInt(bits.length()).put(packed).array();
    }

    @Override
    public Object decodeBinary(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int length = b.getInt();
        return BitStrings.unpack(bytes, 4, length);
    }
}
