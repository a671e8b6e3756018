package io.tessera.coordinator.pgwire.types;

import io.tessera.common.types.PgType;

/** {@code character varying}: Java String; text and binary forms are the UTF-8 bytes. */
public final class VarcharType extends StringType {
    public static final VarcharType INSTANCE = new VarcharType();

    private VarcharType() {
    }

    @Override
    public int oid() {
        return PgType.VARCHAR.oid();
    }

    @Override
    public String typeName() {
        return "character varying";
    }
}
