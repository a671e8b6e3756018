package io.tessera.coordinator.pgwire.types;

import io.tessera.common.types.PgType;

/** {@code json (the document text as stored)}: Java String; text and binary forms are the UTF-8 bytes. */
public final class JsonType extends StringType {
    public static final JsonType INSTANCE = new JsonType();

    private JsonType() {
    }

    @Override
    public int oid() {
        return PgType.JSON.oid();
    }

    @Override
    public String typeName() {
        return "json";
    }
}
