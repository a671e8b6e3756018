package io.tessera.coordinator.pgwire.types;

import io.tessera.common.types.PgType;

/** {@code name (identifiers up to 63 bytes)}: Java String; text and binary forms are the UTF-8 bytes. */
public final class NameType extends StringType {
    public static final NameType INSTANCE = new NameType();

    private NameType() {
    }

    @Override
    public int oid() {
        return PgType.NAME.oid();
    }

    @Override
    public String typeName() {
        return "name";
    }

    @Override
    public int typlen() {
        return 64;
    }
}
