package io.tessera.datanode.storage;

import io.tessera.common.codec.ByteSink;
import io.tessera.common.codec.StoredRowCodec;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;

/**
 * The value of a committed version (and the payload of an intent): {@code kind u8}, then for a row (kind 2) the
 * row in {@link StoredRowCodec} form (its column ids, then the values); a tombstone is the kind byte alone. Kind 0
 * was the positional row of the format before column ids and is refused.
 */
public final class RowValue {
    /** The tombstone value: the key is deleted as of this version. */
    private static final byte[] TOMBSTONE = {DatanodeStorage.KIND_TOMBSTONE};

    private RowValue() {
    }

    /** A new tombstone value. */
    public static byte[] tombstone() {
        return TOMBSTONE.clone();
    }

    /** Whether the value is a tombstone (an empty value counts as one, as scans have always treated it). */
    public static boolean isTombstone(byte[] v) {
        return v.length == 0 || v[0] == DatanodeStorage.KIND_TOMBSTONE;
    }

    /** Encodes a row of {@code codec}'s columns. */
    public static byte[] encode(StoredRowCodec codec, Object[] row) {
        ByteSink s = new ByteSink(64);
        s.writeByte(DatanodeStorage.KIND_ROW);
        codec.encode(row, s);
        return s.toByteArray();
    }

    /**
     * The value of a row of {@code codec}'s layout whose positional {@link io.tessera.common.codec.RowCodec}
     * encoding is {@code data[from, to)} (a row of an encoded batch, stored without decoding it).
     */
    public static byte[] ofEncoded(StoredRowCodec codec, byte[] data, int from, int to) {
        ByteSink s = new ByteSink(to - from + 1 + codec.headerLength());
        writeEncoded(s, codec, data, from, to);
        return s.toByteArray();
    }

    /** Appends the value {@link #ofEncoded} returns to {@code s}. */
    static void writeEncoded(ByteSink s, StoredRowCodec codec, byte[] data, int from, int to) {
        s.writeByte(DatanodeStorage.KIND_ROW);
        codec.writeHeader(s);
        s.write(data, from, to - from);
    }

    /**
     * Decodes a row value into {@code into} (length {@code codec.columnCount()}): stored columns the layout lacks
     * (dropped) are skipped, columns the row lacks (added later) get their missing value.
     *
     * @throws TesseraException DATA_CORRUPTED for a value that is no row of the current format
     */
    public static void decode(byte[] v, StoredRowCodec codec, Object[] into) {
        if (v.length == 0 || v[0] != DatanodeStorage.KIND_ROW) {
            throw new TesseraException(SqlState.DATA_CORRUPTED, v.length > 0 && v[0] == 0
                    ? "row stored in the format before column ids; this data directory predates it"
                    : "stored value of kind " + (v.length == 0 ? "none" : v[0]) + " is not a row");
        }
        codec.decode(v, 1, v.length, into);
    }
}
