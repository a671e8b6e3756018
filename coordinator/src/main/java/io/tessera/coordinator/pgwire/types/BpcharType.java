package io.tessera.coordinator.pgwire.types;

import io.tessera.common.types.PgType;

/** {@code character (blank-padded by the SQL layer; sent as is)}: Java String; text and binary forms are the UTF-8 bytes. */
public final class BpcharType extends StringType {
    public static final BpcharType INSTANCE = new BpcharType();

    private BpcharType() {
    }

    @Override
    public int oid() {
        return PgType.BPCHAR.oid();
    }

    @Override
    public String typeName() {
        return "character";
    }
}
