package io.tessera.datanode.storage;

import io.tessera.common.codec.ByteSink;
import io.tessera.common.codec.KeyCodec;
import io.tessera.common.types.PgType;
import java.util.Arrays;

/**
 * A local secondary index of a table as this datanode maintains it: which columns, in which order and direction,
 * make up the key of its entries (docs/storage-format.md "Secondary indexes"):
 * <pre>
 *   [table_id u32][0xFFFFFFFF][index_id u32][column 1]...[column n][shard u32][row key]  →  row key
 *   column:  null marker u8 (NULLS FIRST: 0x00 NULL, 0x01 value; NULLS LAST: 0x01 value, 0x02 NULL)
 *            then for a value {@link KeyCodec#writeValue}'s memcomparable bytes, each complemented for DESC
 *   shard:   the row's shard
 *   row key: the key part of the row's storage key (its primary-key encoding or hidden row id)
 * </pre>
 * Complementing a prefix-free, order-preserving encoding reverses its order and keeps it prefix-free, so DESC and
 * NULLS FIRST/LAST sort exactly as PostgreSQL's btree orders them, and an equality or range on leading columns is one
 * contiguous key range over every shard the datanode stores ({@link KeyCodec#INDEX_ENTRIES} stands where a row's key
 * has its shard): one seek per lookup. The shard and row key at the end make entries of equal values distinct and
 * say which row to read, {@code [table_id][shard][0][row key]}.
 *
 * <p>Entries carry no timestamp and are never deleted by writes: a reader re-checks every entry against the row
 * version its snapshot sees (the entry counts only when that version's key equals the entry's), so one entry per
 * (values, row) serves every version that had those values, and rolled-back or superseded writes leave entries that
 * are skipped. Immutable.
 *
 * @see IndexScanCursor
 */
public final class SecondaryIndex {
    static final byte NULL_FIRST = 0;
    static final byte VALUE = 1;
    static final byte NULL_LAST = 2;

    private final int id;
    private final String name;
    private final int[] columns;
    private final PgType[] types;
    private final boolean[] descending;
    private final boolean[] nullsFirst;
    private final boolean unique;
    private final boolean maintained;
    private final boolean readable;
    private boolean deferrable;
    private boolean initiallyDeferred;

    /**
     * @param id the index id (the index component of its storage keys; never 0, the rows' own)
     * @param name the index's name (messages)
     * @param columns the key columns as indexes into the table's columns, in key order
     * @param types the table's column types at those indexes
     * @param descending DESC per key column
     * @param nullsFirst NULLS FIRST per key column
     * @param unique UNIQUE
     * @param maintained whether writers add entries (write-only state or later)
     * @param readable whether the index is complete (public), so that scans may read it
     */
    public SecondaryIndex(int id, String name, int[] columns, PgType[] types, boolean[] descending,
            boolean[] nullsFirst, boolean unique, boolean maintained, boolean readable) {
        if (id == KeyCodec.PRIMARY_INDEX) {
            throw new IllegalArgumentException("index id 0 is the rows' own");
        }
        this.id = id;
        this.name = name;
        this.columns = columns.clone();
        this.types = types.clone();
        this.descending = descending.clone();
        this.nullsFirst = nullsFirst.clone();
        this.unique = unique;
        this.maintained = maintained;
        this.readable = readable;
    }

    public int id() {
        return id;
    }

    public String name() {
        return name;
    }

    /** The key columns (indexes into the table's columns), in key order. Do not modify. */
    public int[] columns() {
        return columns;
    }

    /** The key columns' types, in key order. Do not modify. */
    public PgType[] types() {
        return types;
    }

    public boolean descending(int keyColumn) {
        return descending[keyColumn];
    }

    public boolean nullsFirst(int keyColumn) {
        return nullsFirst[keyColumn];
    }

    public boolean unique() {
        return unique;
    }

    /**
     * Marks this unique index as a DEFERRABLE constraint's (before it is shared): its keys are checked at the end of
     * each write request, or at COMMIT while deferred, not as each row is written. Returns this index.
     */
    public SecondaryIndex deferrable(boolean initiallyDeferred) {
        this.deferrable = true;
        this.initiallyDeferred = initiallyDeferred;
        return this;
    }

    /** Whether a DEFERRABLE unique constraint owns this index. */
    public boolean deferrable() {
        return deferrable;
    }

    /** Whether this DEFERRABLE index is INITIALLY DEFERRED. */
    public boolean initiallyDeferred() {
        return initiallyDeferred;
    }

    /** Whether writers add entries (the index is write-only, being backfilled, or public). */
    public boolean maintained() {
        return maintained;
    }

    /** Whether the index is complete and may be read. */
    public boolean readable() {
        return readable;
    }

    /** The index-key part of the entry of {@code row} (all key columns, without the prefix and the row key). */
    public byte[] encodeValues(Object[] row) {
        ByteSink s = new ByteSink(32);
        for (int i = 0; i < columns.length; i++) {
            writeColumn(s, i, row[columns[i]]);
        }
        return s.toByteArray();
    }

    /** Appends key column {@code i}'s encoding of {@code value} (null: NULL). */
    public void writeColumn(ByteSink s, int i, Object value) {
        if (value == null) {
            s.writeByte(nullsFirst[i] ? NULL_FIRST : NULL_LAST);
            return;
        }
        s.writeByte(VALUE);
        if (!descending[i]) {
            KeyCodec.writeValue(s, value, types[i]);
            return;
        }
        ByteSink v = new ByteSink(16);
        KeyCodec.writeValue(v, value, types[i]);
        byte[] b = v.toByteArray();
        for (int k = 0; k < b.length; k++) {
            b[k] = (byte) ~b[k];
        }
        s.write(b);
    }

    /** The value bytes of key column {@code i} for a non-null value, complemented for DESC (no null marker). */
    public byte[] valueBytes(int i, Object value) {
        ByteSink v = new ByteSink(16);
        KeyCodec.writeValue(v, value, types[i]);
        byte[] b = v.toByteArray();
        if (descending[i]) {
            for (int k = 0; k < b.length; k++) {
                b[k] = (byte) ~b[k];
            }
        }
        return b;
    }

    /**
     * The storage key of the entry for the row stored under {@code rowIntentKey} ({@code [table][shard][0][row key]})
     * whose key-part encoding is {@code values} ({@link #encodeValues}): {@code [table][0xFFFFFFFF][index][values]
     * [shard][row key]}.
     */
    public byte[] entryKey(byte[] rowIntentKey, byte[] values) {
        int rowKeyLength = rowIntentKey.length - KeyCodec.INDEX_PREFIX_LENGTH;
        byte[] k = new byte[KeyCodec.INDEX_PREFIX_LENGTH + values.length + 4 + rowKeyLength];
        writeValuesPrefix(k, rowIntentKey, values);
        // the shard, then the row key: rowIntentKey's bytes 4.. less its index id
        System.arraycopy(rowIntentKey, KeyCodec.TABLE_PREFIX_LENGTH, k, KeyCodec.INDEX_PREFIX_LENGTH + values.length, 4);
        System.arraycopy(rowIntentKey, KeyCodec.INDEX_PREFIX_LENGTH, k, KeyCodec.INDEX_PREFIX_LENGTH + values.length + 4,
                rowKeyLength);
        return k;
    }

    /**
     * {@code [table][0xFFFFFFFF][index][values]} for the table of {@code rowIntentKey}: the prefix of every entry of
     * exactly these values (all key columns, {@link #encodeValues}, whose encoding is prefix-free) in every shard. A
     * unique index locks it and reads the rows under it ({@link DatanodeStorage#indexEntryRows}).
     */
    public byte[] uniqueKey(byte[] rowIntentKey, byte[] values) {
        byte[] k = new byte[KeyCodec.INDEX_PREFIX_LENGTH + values.length];
        writeValuesPrefix(k, rowIntentKey, values);
        return k;
    }

    private void writeValuesPrefix(byte[] k, byte[] rowIntentKey, byte[] values) {
        System.arraycopy(rowIntentKey, 0, k, 0, KeyCodec.TABLE_PREFIX_LENGTH);
        k[4] = (byte) 0xFF;
        k[5] = (byte) 0xFF;
        k[6] = (byte) 0xFF;
        k[7] = (byte) 0xFF;
        writeIndexId(k, id);
        System.arraycopy(values, 0, k, KeyCodec.INDEX_PREFIX_LENGTH, values.length);
    }

    /** The entry's value: the row's key part. */
    public static byte[] entryValue(byte[] rowIntentKey) {
        return Arrays.copyOfRange(rowIntentKey, KeyCodec.INDEX_PREFIX_LENGTH, rowIntentKey.length);
    }

    /** The shard of the row of entry {@code entryKey}, whose value (the row key) is {@code rowKeyLength} bytes. */
    static int entryShard(byte[] entryKey, int rowKeyLength) {
        return ByteSink.getInt(entryKey, entryKey.length - rowKeyLength - 4);
    }

    /**
     * The intent key {@code [table][shard][0][row key]} of the row of entry {@code entryKey}, whose value is
     * {@code rowKey}.
     */
    static byte[] rowIntentKey(byte[] entryKey, byte[] rowKey) {
        byte[] k = new byte[KeyCodec.INDEX_PREFIX_LENGTH + rowKey.length];
        System.arraycopy(entryKey, 0, k, 0, KeyCodec.TABLE_PREFIX_LENGTH);
        System.arraycopy(entryKey, entryKey.length - rowKey.length - 4, k, KeyCodec.TABLE_PREFIX_LENGTH, 4);
        System.arraycopy(rowKey, 0, k, KeyCodec.INDEX_PREFIX_LENGTH, rowKey.length); // index id 0: zeros
        return k;
    }

    /** Whether the entry {@code entryKey} (whose value is {@code rowKey}) records exactly {@code values}. */
    static boolean entryHolds(byte[] entryKey, byte[] rowKey, byte[] values) {
        int valuesLength = entryKey.length - KeyCodec.INDEX_PREFIX_LENGTH - 4 - rowKey.length;
        return valuesLength == values.length && Arrays.equals(entryKey, KeyCodec.INDEX_PREFIX_LENGTH,
                KeyCodec.INDEX_PREFIX_LENGTH + valuesLength, values, 0, values.length);
    }

    private static void writeIndexId(byte[] k, int indexId) {
        k[8] = (byte) (indexId >>> 24);
        k[9] = (byte) (indexId >>> 16);
        k[10] = (byte) (indexId >>> 8);
        k[11] = (byte) indexId;
    }

    /** Whether {@code t} has a btree key encoding (PostgreSQL's default btree operator class). */
    public static boolean indexable(PgType t) {
        switch (t) {
            case BOOL: case INT2: case INT4: case DATE: case OID: case FLOAT4: case INT8: case TIMESTAMP:
            case TIMESTAMPTZ: case FLOAT8: case NUMERIC: case BPCHAR: case TEXT: case VARCHAR: case NAME: case BYTEA:
            case JSONB:
                return true;
            default:
                return false;
        }
    }

    @Override
    public String toString() {
        return name + "#" + id + Arrays.toString(columns);
    }
}
