package io.tessera.coordinator.pgwire.types;

import java.nio.charset.StandardCharsets;

/** The character types: text and binary forms are both the UTF-8 bytes ({@code textsend}). */
abstract class StringType extends PgWireType {
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
        return text;
    }

    @Override
    public byte[] encodeBinary(Object value) {
        return value.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Object decodeBinary(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
