package io.tessera.datanode.storage;

import io.tessera.common.codec.StoredRowCodec;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The secondary-index maintenance of one table's writes: for a row written under {@code [table][shard][0][row key]}
 * it computes the entry of every maintained index ({@link SecondaryIndex#entryKey}: {@code [table][0xFFFFFFFF]
 * [index][values][shard][row key]}) and hands it to the batch.
 * Before the entry is put, {@link UniqueCheck} (when given) checks a unique index's key against the other rows.
 * Entries are only ever added: an update adds the entry of the new values and leaves the old one, which readers skip
 * once the row version they see no longer has its values (docs/storage-format.md "Secondary indexes").
 */
public final class IndexEntries {
    /** Checks that no other live row holds a unique index's key values; throws 23505 when one does. */
    public interface UniqueCheck {
        /**
         * @param index the unique index
         * @param rowIntentKey the written row's intent key
         * @param row the written row (the table's columns)
         * @param values the row's key-part encoding in the index ({@link SecondaryIndex#encodeValues})
         */
        void check(SecondaryIndex index, byte[] rowIntentKey, Object[] row, byte[] values);
    }

    private final StoredRowCodec codec;
    private final List<SecondaryIndex> indexes;
    private final UniqueCheck unique;
    private final java.util.function.BiFunction<SecondaryIndex, Object[], RuntimeException> duplicate;
    private final Object[] row;
    /** Unique keys written by this batch (not in storage yet): index id ‖ values → the row key that has them. */
    private final java.util.Map<java.nio.ByteBuffer, java.nio.ByteBuffer> written = new java.util.HashMap<>();
    /** index id ‖ row key → the unique key this batch last wrote for the row. */
    private final java.util.Map<java.nio.ByteBuffer, java.nio.ByteBuffer> current = new java.util.HashMap<>();

    /**
     * @param codec the table's stored-row codec (to decode the written row)
     * @param indexes the table's indexes; those not {@link SecondaryIndex#maintained} are passed over
     * @param unique the uniqueness check of unique indexes, or null for none
     */
    public IndexEntries(StoredRowCodec codec, List<SecondaryIndex> indexes, UniqueCheck unique) {
        this(codec, indexes, unique, null);
    }

    /**
     * As above, with {@code duplicate} making the 23505 of a unique key that two rows of this batch (one statement)
     * write: storage does not hold the batch's entries yet, so {@code unique} cannot see them.
     */
    public IndexEntries(StoredRowCodec codec, List<SecondaryIndex> indexes, UniqueCheck unique,
            java.util.function.BiFunction<SecondaryIndex, Object[], RuntimeException> duplicate) {
        this.codec = codec;
        this.indexes = List.copyOf(indexes);
        this.unique = unique;
        this.duplicate = duplicate;
        this.row = new Object[codec.columnCount()];
    }

    /** Fails when another row of this batch wrote the same unique key and still has it. */
    private void checkBatch(SecondaryIndex index, byte[] rowIntentKey, byte[] values) {
        for (int c : index.columns()) {
            if (row[c] == null) {
                return;
            }
        }
        java.nio.ByteBuffer rowKey = java.nio.ByteBuffer.wrap(index.entryKey(rowIntentKey, new byte[0]));
        java.nio.ByteBuffer key = java.nio.ByteBuffer.wrap(index.uniqueKey(rowIntentKey, values));
        java.nio.ByteBuffer before = current.put(rowKey, key);
        if (before != null && !before.equals(key) && rowKey.equals(written.get(before))) {
            written.remove(before);
        }
        java.nio.ByteBuffer owner = written.putIfAbsent(key, rowKey);
        if (owner != null && !owner.equals(rowKey) && duplicate != null) {
            throw duplicate.apply(index, row.clone());
        }
    }

    /** Whether any index is maintained (else there is nothing to do). */
    public boolean any() {
        return indexes.stream().anyMatch(SecondaryIndex::maintained);
    }

    /** Computes the entries of the row {@code payload} ({@link RowValue}) stored under {@code rowIntentKey}. */
    void add(byte[] rowIntentKey, byte[] payload, BiConsumer<byte[], byte[]> put) {
        RowValue.decode(payload, codec, row);
        byte[] value = null;
        for (SecondaryIndex index : indexes) {
            if (!index.maintained()) {
                continue;
            }
            byte[] values = index.encodeValues(row);
            if (unique != null && index.unique()) {
                if (!index.deferrable()) { // a deferrable one's keys are checked once the batch is in storage
                    checkBatch(index, rowIntentKey, values);
                }
                unique.check(index, rowIntentKey, row, values);
            }
            if (value == null) {
                value = SecondaryIndex.entryValue(rowIntentKey);
            }
            put.accept(index.entryKey(rowIntentKey, values), value);
        }
    }

    /** Computes the entries of a stored row version or intent payload for a backfill. */
    public void addAll(byte[] rowIntentKey, byte[] payload, BiConsumer<byte[], byte[]> put) {
        if (!RowValue.isTombstone(payload)) {
            add(rowIntentKey, payload, put);
        }
    }
}
