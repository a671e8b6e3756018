package io.tessera.datanode.storage;

/**
 * Decides what a scan reads for a key that has an intent (the transaction layer's visibility rules; see
 * {@code io.tessera.datanode.txn.TransactionManager#resolver}). May block — for instance until a prepared
 * transaction resolves — and may throw a {@link io.tessera.common.error.TesseraException} (cancellation).
 */
@FunctionalInterface
public interface IntentResolver {
    /**
     * The version the reader sees for this key instead of the committed versions below the intent, or null to
     * read those versions as if the intent were not there.
     *
     * @param intentKey the key without timestamp
     * @param intent the intent as the scan's RocksDB snapshot holds it
     */
    Visible resolve(byte[] intentKey, Intent intent);

    /**
     * A version read from an intent: {@code commitTs} is its commit timestamp when its transaction committed, or
     * -1 for the reader's own uncommitted write; {@code value} a {@link RowValue} (a tombstone hides the key).
     */
    record Visible(long commitTs, byte[] value) {
    }
}
