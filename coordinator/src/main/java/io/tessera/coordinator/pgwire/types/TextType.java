package io.tessera.coordinator.pgwire.types;

import io.tessera.common.types.PgType;

/** {@code text}: Java String; text and binary forms are the UTF-8 bytes. */
public final class TextType extends StringType {
    public static final TextType INSTANCE = new TextType();

    private TextType() {
    }

    @Override
    public int oid() {
        return PgType.TEXT.oid();
    }

    @Override
    public String typeName() {
        return "text";
    }
}
