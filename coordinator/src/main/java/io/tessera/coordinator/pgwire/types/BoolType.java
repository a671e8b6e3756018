package io.tessera.coordinator.pgwire.types;

import io.tessera.common.types.PgType;
import java.util.Locale;

/** {@code boolean}: text {@code t}/{@code f}; input as PostgreSQL's {@code boolin}; binary one byte 0/1. */
public final class BoolType extends PgWireType {
    public static final BoolType INSTANCE = new BoolType();

    private BoolType() {
    }

    @Override
    public int oid() {
        return PgType.BOOL.oid();
    }

    @Override
    public String typeName() {
        return "boolean";
    }

    @Override
    public int typlen() {
        return 1;
    }

    @Override
    public String encodeText(Object value) {
        return ((Boolean) value) ? "t" : "f";
    }

    /** Accepts what {@code boolin} accepts: t/true/yes/on/1 and f/false/no/off/0, any case, unique prefixes. */
    @Override
    public Object decodeText(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        if (!s.isEmpty()) {
            if ("true".startsWith(s) || "yes".startsWith(s) || s.equals("1") || s.equals("on")) {
                return Boolean.TRUE;
            }
            if ("false".startsWith(s) || "no".startsWith(s) || s.equals("0") || (s.length() >= 2 && "off".startsWith(s))) {
                return Boolean.FALSE;
            }
        }
        throw invalidText(text);
    }

    @Override
    public byte[] encodeBinary(Object value) {
        return new byte[] {(byte) (((Boolean) value) ? 1 : 0)};
    }

    @Override
    public Object decodeBinary(byte[] bytes) {
        expectLength(bytes, 1);
        return bytes[0] != 0;
    }
}
