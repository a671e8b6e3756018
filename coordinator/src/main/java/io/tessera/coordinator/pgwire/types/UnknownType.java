package io.tessera.coordinator.pgwire.types;

/**
 * {@code unknown} (OID 705), also used for parameters whose type the client left unspecified (OID 0) and for
 * result columns of a type the frontend has no codec for: values travel as their text.
 */
public final class UnknownType extends StringType {
    public static final UnknownType INSTANCE = new UnknownType();

    private UnknownType() {
    }

    @Override
    public int oid() {
        return 705;
    }

    @Override
    public String typeName() {
        return "unknown";
    }

    @Override
    public String encodeText(Object value) {
        if (value instanceof byte[] b) {
            return ByteaType.INSTANCE.encodeText(b);
        }
        return value.toString();
    }
}
