package io.tessera.coordinator.pgwire.types;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import java.nio.ByteBuffer;

/**
 * {@code oid}: Java Integer holding an unsigned 32-bit value (printed unsigned, as {@code oidout}); input accepts
 * {@code -2147483648 .. 4294967295} like {@code oidin}; binary 4 bytes.
 */
public final class OidType extends PgWireType {
    public static final OidType INSTANCE = new OidType();

    private OidType() {
    }

    @Override
    public int oid() {
        return PgType.OID.oid();
    }

    @Override
    public String typeName() {
        return "oid";
    }

    @Override
    public int typlen() {
        return 4;
    }

    @Override
    public String encodeText(Object value) {
        return Integer.toUnsignedString(((Number) value).intValue());
    }

    @Override
    public Object decodeText(String text) {
        String s = text.strip();
        if (!s.matches("[+-]?\\d+")) {
            throw invalidText(text);
        }
        long v;
        try {
            v = Long.parseLong(s);
        } catch (NumberFormatException e) {
            v = Long.MAX_VALUE;
        }
        if (v < Integer.MIN_VALUE || v > 0xFFFF_FFFFL) {
            throw new TesseraException(SqlState.NUMERIC_VALUE_OUT_OF_RANGE,
                    "value \"" + text + "\" is out of range for type oid");
        }
        return (int) v;
    }

    @Override
    public byte[] encodeBinary(Object value) {
        return ByteBuffer.allocate(4).putInt(((Number) value).intValue()).array();
    }

    @Override
    public Object decodeBinary(byte[] bytes) {
        expectLength(bytes, 4);
        return ByteBuffer.wrap(bytes).getInt();
    }
}
