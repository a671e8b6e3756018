package io.tessera.coordinator.pgwire.types;

import io.tessera.common.types.PgType;
import java.nio.charset.StandardCharsets;

/** {@code jsonb}: Java String; binary form is a version byte (1) followed by the text ({@code jsonb_send}). */
public final class JsonbType extends StringType {
    public static final JsonbType INSTANCE = new JsonbType();
    private static final byte VERSION = 1;

    private JsonbType() {
    }

    @Override
    public int oid() {
        return PgType.JSONB.oid();
    }

    @Override
    public String typeName() {
        return "jsonb";
    }

    @Override
    public byte[] encodeBinary(Object value) {
        byte[] text = value.toString().getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[text.length + 1];
        out[0] = VERSION;
        System.arraycopy(text, 0, out, 1, text.length);
        return out;
    }

    @Override
    public Object decodeBinary(byte[] bytes) {
        if (bytes.length < 1 || bytes[0] != VERSION) {
            throw invalidBinary();
        }
        return new String(bytes, 1, bytes.length - 1, StandardCharsets.UTF_8);
    }
}
