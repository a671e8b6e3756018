package io.tessera.datanode.storage;

import io.tessera.common.codec.ByteSink;
import io.tessera.common.codec.KeyCodec;
import io.tessera.common.codec.RowCodec;
import io.tessera.common.codec.StoredRowCodec;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * One atomic, durable write: any number of rows over any tables and shards, all stamped with the same commit
 * timestamp, applied by {@link #commit()} as one RocksDB {@code WriteBatch}. Not thread-safe; close it (commit or
 * not) to free the native batch.
 */
public final class StorageWrite implements AutoCloseable {
    private final DatanodeStorage storage;
    private final long commitTs;
    private final WriteBatch batch = new WriteBatch();
    private boolean closed;
    private final ColumnFamilyHandle cf;
    private final ByteSink key = new ByteSink(64);
    private final ByteSink value = new ByteSink(256);
    private long rows;
    private boolean done;

    StorageWrite(DatanodeStorage storage, long commitTs) {
        this.storage = storage;
        this.commitTs = commitTs;
        this.cf = storage.dataFamily();
    }

    /** Adds one row with a fresh hidden row id. */
    public void insert(int tableId, int shard, StoredRowCodec codec, Object[] row) {
        long id = storage.allocateRowIds(1);
        value.reset();
        value.writeByte(DatanodeStorage.KIND_ROW);
        codec.encode(row, value);
        put(tableId, shard, id);
    }

    /**
     * Adds the {@code rowCount} rows of an encoded batch ({@link RowCodec} format for {@code codec}'s columns)
     * without decoding them, each with a fresh hidden row id.
     *
     * @throws TesseraException DATA_CORRUPTED when the batch holds fewer rows or more bytes than announced
     */
    public void insertEncoded(int tableId, int shard, StoredRowCodec codec, byte[] data, int rowCount) {
        if (rowCount == 0) {
            return;
        }
        long id = storage.allocateRowIds(rowCount);
        RowCodec.Reader reader = codec.rowCodec().reader(data, 0, data.length);
        for (int i = 0; i < rowCount; i++) {
            if (!reader.hasNext()) {
                throw new TesseraException(SqlState.DATA_CORRUPTED,
                        "row batch holds " + i + " rows, " + rowCount + " announced");
            }
            int start = reader.skip();
            value.reset();
            RowValue.writeEncoded(value, codec, data, start, reader.position());
            put(tableId, shard, id + i);
        }
        if (reader.hasNext()) {
            throw new TesseraException(SqlState.DATA_CORRUPTED, "row batch holds more than " + rowCount + " rows");
        }
    }

    /** Adds a tombstone for the row with this hidden row id: snapshots at or after the commit no longer see it. */
    public void delete(int tableId, int shard, byte[] rowId) {
        value.reset();
        value.writeByte(DatanodeStorage.KIND_TOMBSTONE);
        key.reset();
        KeyCodec.writeIndexPrefix(key, tableId, shard, KeyCodec.PRIMARY_INDEX);
        key.write(rowId);
        KeyCodec.writeCommitTs(key, commitTs);
        putRaw();
    }

    /**
     * Adds the version {@code intentKey ‖ ~commitTs} with {@code rowValue} (a {@link RowValue}): a row of a table
     * with a primary key, whose key the caller built (and checked for uniqueness).
     */
    public void putVersion(byte[] intentKey, byte[] rowValue) {
        key.reset();
        key.write(intentKey);
        KeyCodec.writeCommitTs(key, commitTs);
        value.reset();
        value.write(rowValue);
        putRaw();
        if (!RowValue.isTombstone(rowValue)) {
            rows++;
        }
    }

    private void put(int tableId, int shard, long counter) {
        key.reset();
        KeyCodec.writeIndexPrefix(key, tableId, shard, KeyCodec.PRIMARY_INDEX);
        KeyCodec.writeRowId(key, storage.nodeId(), counter);
        KeyCodec.writeCommitTs(key, commitTs);
        putRaw();
        rows++;
    }

    private void putRaw() {
        try {
            batch.put(cf, key.toByteArray(), value.toByteArray());
        } catch (RocksDBException e) {
            throw new TesseraException(SqlState.IO_ERROR, "write batch failed: " + e.getMessage(), e);
        }
    }

    /** Rows added so far. */
    public long rowCount() {
        return rows;
    }

    /** Applies the batch durably (WAL fsync) and returns the number of rows inserted. */
    public long commit() {
        if (done) {
            throw new IllegalStateException("write already committed");
        }
        done = true;
        storage.write(batch);
        storage.noteCommitTs(commitTs);
        return rows;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            batch.close();
            storage.exit(); // ends the use newWrite began
        }
    }
}
