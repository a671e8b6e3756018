package io.tessera.datanode.storage;

import io.tessera.common.codec.StoredRowCodec;

/**
 * The rows a scan returns, one visible row at a time at one snapshot: read from the table's own keys
 * ({@link ScanCursor}) or through a secondary index ({@link IndexScanCursor}). Not thread-safe; close it to release
 * the RocksDB snapshot and iterators.
 */
public interface RowCursor extends AutoCloseable {
    /** Moves to the next visible row; false when the scan is exhausted. */
    boolean next();

    /** The current row's storage key without timestamp: its intent key ({@code [table][shard][0][row key]}). */
    byte[] intentKey();

    /** Decodes the current row into {@code into} (length {@code codec.columnCount()}). */
    void decode(StoredRowCodec codec, Object[] into);

    @Override
    void close();
}
