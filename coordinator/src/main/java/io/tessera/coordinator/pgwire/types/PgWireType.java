package io.tessera.coordinator.pgwire.types;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;

/**
 * One PostgreSQL type as the wire sees it: its OID and its text and binary forms.
 *
 * <p>Values on the Java side are in {@link io.tessera.common.types.PgType}'s representation (Integer days for a
 * date, Long milliseconds for a timestamp, ...). Encoders accept any {@link Number} where a number is expected, so a
 * column the SQL layer produced as Integer may still be sent as an int8. Text forms match PostgreSQL 15's output
 * functions ({@code int4out}, {@code float8out}, {@code date_out}, ...) byte for byte; binary forms match its
 * send/recv functions ({@code int4send}, {@code numeric_send}, ...).
 *
 * <p>Decoders throw {@link TesseraException}: 22P02 for malformed text (PostgreSQL's
 * {@code invalid input syntax for type integer: "abc"}), 22003 for out-of-range numbers, 22P03 for malformed
 * binary data. Implementations are stateless and thread-safe.
 */
public abstract class PgWireType {
    /** PostgreSQL's type OID. */
    public abstract int oid();

    /** The type name PostgreSQL uses in input error messages ({@code integer}, {@code double precision}). */
    public abstract String typeName();

    /** {@code pg_type.typlen}: bytes of the binary form, -1 for variable length. */
    public abstract int typlen();

    /** The text form of a non-null value, as PostgreSQL's output function prints it. */
    public abstract String encodeText(Object value);

    /** Parses PostgreSQL's text input form. */
    public abstract Object decodeText(String text);

    /** The binary form of a non-null value, as PostgreSQL's send function writes it. */
    public abstract byte[] encodeBinary(Object value);

    /** Parses the binary form, as PostgreSQL's receive function reads it. */
    public abstract Object decodeBinary(byte[] bytes);

    /**
     * Appends a DataRow field in text format: an int32 length followed by the UTF-8 bytes. Overridden where a
     * faster path exists; the default avoids an intermediate byte array.
     */
    public void writeText(ByteBuf out, Object value) {
        int lengthIndex = out.writerIndex();
        out.writeInt(0);
        int n = ByteBufUtil.writeUtf8(out, encodeText(value));
        out.setInt(lengthIndex, n);
    }

    /** Appends a DataRow field in binary format: an int32 length followed by the bytes. */
    public void writeBinary(ByteBuf out, Object value) {
        byte[] b = encodeBinary(value);
        out.writeInt(b.length);
        out.writeBytes(b);
    }

    /** 22P02 {@code invalid input syntax for type <name>: "<text>"}. */
    protected TesseraException invalidText(String text) {
        return new TesseraException(SqlState.INVALID_TEXT_REPRESENTATION,
                "invalid input syntax for type " + typeName() + ": \"" + text + "\"");
    }

    /** 22P03 for binary data of the wrong shape. */
    protected TesseraException invalidBinary() {
        return new TesseraException(SqlState.INVALID_BINARY_REPRESENTATION,
                "incorrect binary data format for type " + typeName());
    }

    /** Checks a fixed-length binary value's size. */
    protected void expectLength(byte[] bytes, int length) {
        if (bytes.length != length) {
            throw invalidBinary();
        }
    }

    @Override
    public String toString() {
        return typeName() + "(" + oid() + ")";
    }
}
