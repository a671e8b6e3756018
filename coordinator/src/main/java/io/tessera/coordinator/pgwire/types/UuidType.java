package io.tessera.coordinator.pgwire.types;

import io.tessera.common.types.PgType;
import io.tessera.executor.expr.Uuids;
import java.util.UUID;

/**
 * {@code uuid}: Java {@link UUID}. Text output is lowercase 8-4-4-4-12 ({@code uuid_out}); text input takes
 * PostgreSQL's forms ({@link Uuids#parse}: braces, uppercase, hyphens after any four digits or none; 22P02
 * otherwise); binary is the 16 bytes in order ({@code uuid_send}/{@code uuid_recv}).
 */
public final class UuidType extends PgWireType {
    public static final UuidType INSTANCE = new UuidType();

    private UuidType() {
    }

    @Override
    public int oid() {
        return PgType.UUID.oid();
    }

    @Override
    public String typeName() {
        return "uuid";
    }

    @Override
    public int typlen() {
        return 16;
    }

    @Override
    public String encodeText(Object value) {
        return value.toString();
    }

    @Override
    public Object decodeText(String text) {
        return Uuids.parse(text);
    }

    @Override
    public byte[] encodeBinary(Object value) {
        return Uuids.toBytes((UUID) value);
    }

    @Override
    public Object decodeBinary(byte[] bytes) {
        expectLength(bytes, 16);
        return Uuids.fromBytes(bytes);
    }
}
