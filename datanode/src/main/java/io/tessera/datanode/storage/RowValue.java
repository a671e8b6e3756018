package io.tessera.datanode.storage;

import io.tessera.common.codec.ByteSink;
import io.tessera.common.codec.RowCodec;

/**
 * The value of a committed version (and the payload of an intent): {@code kind u8} then, for a row, the varint
 * column count and the row in {@link RowCodec} format; a tombstone is the kind byte alone.
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
    public static byte[] encode(RowCodec codec, Object[] row) {
        ByteSink s = new ByteSink(64);
        s.writeByte(DatanodeStorage.KIND_ROW);
        s.writeVarInt(codec.columnCount());
        codec.encode(row, s);
        return s.toByteArray();
    }

    /**
     * The value of a row of {@code columnCount} columns whose {@link RowCodec} encoding is
     * {@code data[from, to)} (a row of an encoded batch, stored without decoding it).
     */
    public static byte[] ofEncoded(int columnCount, byte[] data, int from, int to) {
        ByteSink s = new ByteSink(to - from + 6);
        s.writeByte(DatanodeStorage.KIND_ROW);
        s.writeVarInt(columnCount);
        s.write(data, from, to - from);
        return s.toByteArray();
    }

    /**
     * Decodes a row value into {@code into} (length {@code codec.columnCount()}); columns the stored row lacks
     * (added later) become NULL.
     */
    public static void decode(byte[] v, RowCodec codec, Object[] into) {
        int p = 1;
        int columns = 0;
        int shift = 0;
        while (true) {
            byte b = v[p++];
            columns |= (b & 0x7F) << shift;
            if (b >= 0) {
                break;
            }
            shift += 7;
        }
        codec.decodeRow(v, p, v.length, columns, into);
    }
}
