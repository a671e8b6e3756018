package io.tessera.datanode.storage;

import io.tessera.common.codec.ByteSink;
import io.tessera.common.codec.KeyCodec;
import io.tessera.common.codec.RowCodec;
import io.tessera.common.codec.StoredRowCodec;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * One atomic write of the transaction layer: places, rewrites, commits and removes intents, applied by
 * {@link #write} as one RocksDB {@code WriteBatch}. Every intent in the data column family has a twin entry
 * {@code gxid u64 ‖ intent key → ∅} in the {@code intents} column family, kept in the same batch, so that a
 * restart finds every intent by reading that small family instead of the whole database
 * ({@link DatanodeStorage#forEachIntent}). Not thread-safe; close it to free the native batch.
 *
 * <h2>History (ROLLBACK TO SAVEPOINT)</h2>
 * When a transaction overwrites its own intent from an earlier command, the overwritten intent is kept in the
 * {@code history} column family, in the same batch, under {@code gxid u64 ‖ intent key ‖ command id u32} where the
 * command id is the <em>overwriting</em> write's ({@link #putIntent(byte[], Intent, Intent)}). Rolling back to a
 * savepoint taken before command {@code c} restores, for each key whose intent was written at {@code >= c}, the
 * value of its history entry with the smallest command id {@code >= c} (the intent as it stood before command
 * {@code c} first touched the key) or, without such an entry, removes the intent (the key was first written at
 * {@code >= c}). Intent keys are prefix-free, so the entries of a key sort together, by command id.
 * Only active transactions need their history: Prepare, commit and rollback remove it ({@link #clearHistory}, a
 * range delete in their own batch), and start-up clears the whole family
 * ({@link DatanodeStorage#clearHistory}) because pending transactions are discarded then. Entries are written
 * without fsync, like the pending intents they belong to; batches apply in WAL order, so a crash never leaves
 * an intent without the history entry written with it.
 */
public final class IntentBatch implements AutoCloseable {
    private static final byte[] EMPTY = new byte[0];

    private final DatanodeStorage storage;
    private final ColumnFamilyHandle data;
    private final ColumnFamilyHandle intents;
    private final ColumnFamilyHandle history;
    private final ColumnFamilyHandle rowLocks;
    private final WriteBatch batch = new WriteBatch();
    private int operations;
    private int historyEntries;
    /** Adds the secondary-index entries of each row intent placed (a statement's batch); null: none. */
    private IndexEntries indexEntries;

    private boolean closed;

    IntentBatch(DatanodeStorage storage) {
        this.storage = storage;
        this.data = storage.dataFamily();
        this.intents = storage.intentFamily();
        this.history = storage.historyFamily();
        this.rowLocks = storage.rowLockFamily();
    }

    static byte[] historyPrefix(long gxid) {
        ByteSink s = new ByteSink(8);
        s.writeLong(gxid);
        return s.toByteArray();
    }

    static byte[] historyKey(long gxid, byte[] intentKey, int commandId) {
        ByteSink s = new ByteSink(8 + intentKey.length + 4);
        s.writeLong(gxid);
        s.write(intentKey);
        s.writeInt(commandId);
        return s.toByteArray();
    }

    static byte[] registryKey(long gxid, byte[] intentKey) {
        ByteSink s = new ByteSink(8 + intentKey.length);
        s.writeLong(gxid);
        s.write(intentKey);
        return s.toByteArray();
    }

    /**
     * Places an insert intent for each of the {@code rowCount} rows of an encoded batch ({@link RowCodec} format),
     * each under a fresh hidden row id, without decoding the rows.
     *
     * @return the intent keys, in row order
     * @throws TesseraException DATA_CORRUPTED when the batch holds fewer rows or more bytes than announced
     */
    public List<byte[]> insertEncoded(int tableId, int shard, StoredRowCodec codec, byte[] rows, int rowCount, long gxid,
                                      long startTs, int commandId) {
        List<byte[]> keys = new ArrayList<>(rowCount);
        if (rowCount == 0) {
            return keys;
        }
        long id = storage.allocateRowIds(rowCount);
        RowCodec.Reader reader = codec.rowCodec().reader(rows, 0, rows.length);
        ByteSink value = new ByteSink(256);
        for (int i = 0; i < rowCount; i++) {
            if (!reader.hasNext()) {
                throw new TesseraException(SqlState.DATA_CORRUPTED,
                        "row batch holds " + i + " rows, " + rowCount + " announced");
            }
            int start = reader.skip();
            value.reset();
            RowValue.writeEncoded(value, codec, rows, start, reader.position());
            byte[] key = KeyCodec.intentKey(tableId, shard, KeyCodec.PRIMARY_INDEX,
                    KeyCodec.rowId(storage.nodeId(), id + i));
            putIntent(key, new Intent(gxid, startTs, commandId, false, value.toByteArray()));
            keys.add(key);
        }
        if (reader.hasNext()) {
            throw new TesseraException(SqlState.DATA_CORRUPTED, "row batch holds more than " + rowCount + " rows");
        }
        return keys;
    }

    /**
     * From now on, each row intent placed with {@link #putIntent} also puts its row's entry in every maintained
     * secondary index of {@code entries}' table, in this batch ({@link SecondaryIndex}). A statement's writes set it;
     * prepare, commit and rollback rewrite intents whose entries exist already and do not.
     */
    public void maintainIndexes(IndexEntries entries) {
        this.indexEntries = entries;
    }

    /** Places (or overwrites) the intent of {@code intentKey}. */
    public void putIntent(byte[] intentKey, Intent intent) {
        try {
            batch.put(data, intentKey, intent.encode());
            batch.put(intents, registryKey(intent.gxid(), intentKey), EMPTY);
        } catch (RocksDBException e) {
            throw failed(e);
        }
        operations++;
        if (indexEntries != null && !intent.isTombstone()) {
            indexEntries.add(intentKey, intent.payload(), this::putIndexEntry);
        }
    }

    /** Puts one secondary-index entry (not an intent: entries are re-checked against the row by readers). */
    void putIndexEntry(byte[] entryKey, byte[] entryValue) {
        try {
            batch.put(data, entryKey, entryValue);
        } catch (RocksDBException e) {
            throw failed(e);
        }
        operations++;
    }

    /**
     * Places the intent of {@code intentKey} over {@code overwritten}, the key's current intent (null if none).
     * When that is the same transaction's intent from an earlier command, it is kept in the history (see the
     * class documentation) so ROLLBACK TO SAVEPOINT can restore it.
     *
     * @return whether a history entry was written
     */
    public boolean putIntent(byte[] intentKey, Intent intent, Intent overwritten) {
        putIntent(intentKey, intent);
        if (overwritten == null || overwritten.gxid() != intent.gxid()
                || overwritten.commandId() >= intent.commandId()) {
            return false;
        }
        try {
            batch.put(history, historyKey(intent.gxid(), intentKey, intent.commandId()), overwritten.encode());
        } catch (RocksDBException e) {
            throw failed(e);
        }
        operations++;
        historyEntries++;
        return true;
    }

    /** Removes one history entry (its intent was restored or removed by ROLLBACK TO SAVEPOINT). */
    public void removeHistory(long gxid, byte[] intentKey, int overwrittenBy) {
        try {
            batch.delete(history, historyKey(gxid, intentKey, overwrittenBy));
        } catch (RocksDBException e) {
            throw failed(e);
        }
        operations++;
    }

    /** Removes all history of {@code gxid} (it is prepared, committed or rolled back: no savepoint remains). */
    public void clearHistory(long gxid) {
        try {
            batch.deleteRange(history, historyPrefix(gxid), historyPrefix(gxid + 1));
        } catch (RocksDBException e) {
            throw failed(e);
        }
        operations++;
    }

    /** Turns the intent of {@code gxid} on {@code intentKey} into the version {@code key ‖ ~commitTs}. */
    public void commitIntent(byte[] intentKey, long gxid, long commitTs, byte[] payload) {
        storage.noteCommitTs(commitTs); // before the write: a reader meanwhile finds the intent still prepared
        ByteSink s = new ByteSink(intentKey.length + KeyCodec.TIMESTAMP_LENGTH);
        s.write(intentKey);
        KeyCodec.writeCommitTs(s, commitTs);
        try {
            batch.put(data, s.toByteArray(), payload);
            batch.delete(data, intentKey);
            batch.delete(intents, registryKey(gxid, intentKey));
        } catch (RocksDBException e) {
            throw failed(e);
        }
        operations++;
    }

    /** The prefix of transaction records in the {@code meta} column family ({@link #putTxnRecord}). */
    static final byte[] TXN_RECORD_PREFIX = "txn.record.".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** {@code "txn.record." ‖ gxid u64}: the key of {@code gxid}'s transaction record. */
    static byte[] txnRecordKey(long gxid) {
        ByteSink s = new ByteSink(TXN_RECORD_PREFIX.length + 8);
        s.write(TXN_RECORD_PREFIX);
        s.writeLong(gxid);
        return s.toByteArray();
    }

    /**
     * Writes {@code gxid}'s transaction record, {@code "txn.record." ‖ gxid u64 → commit_ts u64} in the {@code meta}
     * column family: the transaction committed at {@code commitTs} although its intents are still pending in
     * storage. A one-phase commit is durable once this alone is written (synced); its intents become versions
     * later ({@link #commitIntent}) in a batch that also removes the record ({@link #removeTxnRecord}), so a record
     * exists for as long as an intent of its transaction does, and start-up commits whatever intents a record
     * still names ({@link DatanodeStorage#transactionRecords}).
     */
    public void putTxnRecord(long gxid, long commitTs) {
        ByteSink v = new ByteSink(8);
        v.writeLong(commitTs);
        try {
            batch.put(storage.metaFamily(), txnRecordKey(gxid), v.toByteArray());
        } catch (RocksDBException e) {
            throw failed(e);
        }
        operations++;
    }

    /**
     * Writes {@code gxid}'s transaction record in its prepared state, {@code "txn.record." ‖ gxid u64 → 0 u64} (commit
     * timestamp 0: no outcome yet): the two-phase participant's Prepare, one key whatever the number of intents,
     * which stay pending in storage. Start-up treats the pending intents of a transaction with such a record as
     * prepared (in doubt); CommitPrepared overwrites it with the commit timestamp ({@link #putTxnRecord}).
     */
    public void putPreparedRecord(long gxid) {
        putTxnRecord(gxid, PREPARED_RECORD);
    }

    /** The commit timestamp stored in a prepared transaction's record ({@link #putPreparedRecord}). */
    public static final long PREPARED_RECORD = 0;

    /** Removes {@code gxid}'s transaction record: every intent it names is resolved by this same batch. */
    public void removeTxnRecord(long gxid) {
        try {
            batch.delete(storage.metaFamily(), txnRecordKey(gxid));
        } catch (RocksDBException e) {
            throw failed(e);
        }
        operations++;
    }

    /** Removes the intent of {@code gxid} on {@code intentKey} (a rollback). */
    public void removeIntent(byte[] intentKey, long gxid) {
        try {
            batch.delete(data, intentKey);
            batch.delete(intents, registryKey(gxid, intentKey));
        } catch (RocksDBException e) {
            throw failed(e);
        }
        operations++;
    }

    /**
     * Persists a row lock that {@code gxid} holds on {@code intentKey} without an intent (a locking SELECT), as
     * {@code gxid u64 ‖ intent key → mode u8} in the {@code row_locks} column family: written when the transaction
     * is prepared, so that its locks outlive a restart as its intents do; active transactions keep row locks in
     * memory only (a restart discards them along with their pending intents).
     */
    public void putRowLock(long gxid, byte[] intentKey, byte mode) {
        try {
            batch.put(rowLocks, registryKey(gxid, intentKey), new byte[] {mode});
        } catch (RocksDBException e) {
            throw failed(e);
        }
        operations++;
    }

    /** Removes every persisted row lock of {@code gxid} (it committed or rolled back). */
    public void clearRowLocks(long gxid) {
        try {
            batch.deleteRange(rowLocks, historyPrefix(gxid), historyPrefix(gxid + 1));
        } catch (RocksDBException e) {
            throw failed(e);
        }
        operations++;
    }

    /** Removes an {@code intents} entry whose intent no longer exists (a dropped table). */
    void removeRegistryEntry(byte[] registryKey) {
        try {
            batch.delete(intents, registryKey);
        } catch (RocksDBException e) {
            throw failed(e);
        }
        operations++;
    }

    /** History entries written so far ({@link #putIntent(byte[], Intent, Intent)}). */
    public int historyEntries() {
        return historyEntries;
    }

    /** Intents placed, committed or removed so far. */
    public int size() {
        return operations;
    }

    /**
     * Applies the batch atomically. With {@code sync} the WAL is fsynced before returning (prepare, commit,
     * rollback of prepared work); without, the write is in the WAL but may be lost by a crash — acceptable for
     * pending intents, which a restart discards anyway, and made durable by the next synced write.
     */
    public void write(boolean sync) {
        if (operations > 0) {
            storage.write(batch, sync);
        }
    }

    private static TesseraException failed(RocksDBException e) {
        return new TesseraException(SqlState.IO_ERROR, "write batch failed: " + e.getMessage(), e);
    }

    /** Frees the batch and ends its use of the storage; a second call does nothing. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            batch.close();
            storage.exit();
        }
    }
}
