package io.tessera.datanode.storage;

import io.tessera.common.codec.KeyCodec;
import io.tessera.common.codec.StoredRowCodec;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.Range;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;
import org.rocksdb.SizeApproximationFlag;
import org.rocksdb.Slice;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A datanode's storage engine: one RocksDB instance, multi-version rows keyed as {@link KeyCodec} describes
 * (see the package documentation for the layout, durability and lifecycle). Thread-safe.
 */
public final class DatanodeStorage implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DatanodeStorage.class);
    static final byte KIND_ROW = 2;
    static final byte KIND_TOMBSTONE = 1;
    /** The WAL size past which RocksDB flushes the column families that hold the oldest log file. */
    static final long MAX_TOTAL_WAL_BYTES = 128L << 20;

    private final Path dir;
    private final int nodeId;
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions cfOptions;
    private final LRUCache blockCache;
    private final List<ColumnFamilyHandle> handles;
    private final RocksDB db;
    private final ColumnFamilyHandle data;
    private final ColumnFamilyHandle intents;
    private final ColumnFamilyHandle history;
    private final ColumnFamilyHandle meta;
    private final ColumnFamilyHandle rowLocks;
    private final WriteOptions syncWrite;
    private final WriteOptions asyncWrite;
    private final RowIdAllocator rowIds;
    private volatile boolean closed;

    static {
        RocksDB.loadLibrary();
    }

    private DatanodeStorage(Path dir, int nodeId, DBOptions dbOptions, ColumnFamilyOptions cfOptions, LRUCache cache,
                            List<ColumnFamilyHandle> handles, RocksDB db) throws RocksDBException {
        this.dir = dir;
        this.nodeId = nodeId;
        this.dbOptions = dbOptions;
        this.cfOptions = cfOptions;
        this.blockCache = cache;
        this.handles = handles;
        this.db = db;
        this.data = handles.get(1);
        this.intents = handles.get(3);
        this.history = handles.get(4);
        this.meta = handles.get(2);
        this.rowLocks = handles.get(5);
        this.syncWrite = new WriteOptions().setSync(true);
        this.asyncWrite = new WriteOptions().setSync(false);
        this.rowIds = new RowIdAllocator(db, handles.get(2), syncWrite);
    }

    /**
     * Opens (creating if needed) the storage in {@code dir} for the datanode with node id {@code nodeId}.
     *
     * @throws TesseraException IO_ERROR when RocksDB cannot open the directory (for instance because another
     *     process holds its lock)
     */
    public static DatanodeStorage open(Path dir, int nodeId) {
        DBOptions dbOptions = null;
        ColumnFamilyOptions cfOptions = null;
        LRUCache cache = null;
        try {
            Files.createDirectories(dir);
            dbOptions = new DBOptions()
                    .setCreateIfMissing(true)
                    .setCreateMissingColumnFamilies(true)
                    .setMaxBackgroundJobs(2)
                    .setBytesPerSync(1 << 20)
                    // A WAL file is deleted only once every column family has flushed what it holds; the small
                    // families (meta, intents, history) rarely fill a memtable, so without a cap they would pin
                    // the WAL (RocksDB's default cap is 4 x all write buffers, GBs here) and the space garbage
                    // collection frees would stay on disk as log.
                    .setMaxTotalWalSize(MAX_TOTAL_WAL_BYTES);
            cache = new LRUCache(128L << 20);
            cfOptions = new ColumnFamilyOptions()
                    .setCompressionType(CompressionType.LZ4_COMPRESSION)
                    .setWriteBufferSize(64L << 20)
                    .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache).setBlockSize(16 * 1024));
            List<ColumnFamilyDescriptor> descriptors = List.of(
                    new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions),
                    new ColumnFamilyDescriptor("data".getBytes(StandardCharsets.US_ASCII), cfOptions),
                    new ColumnFamilyDescriptor("meta".getBytes(StandardCharsets.US_ASCII), cfOptions),
                    new ColumnFamilyDescriptor("intents".getBytes(StandardCharsets.US_ASCII), cfOptions),
                    new ColumnFamilyDescriptor("history".getBytes(StandardCharsets.US_ASCII), cfOptions),
                    new ColumnFamilyDescriptor("row_locks".getBytes(StandardCharsets.US_ASCII), cfOptions));
            List<ColumnFamilyHandle> handles = new ArrayList<>();
            RocksDB db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
            LOG.info("opened storage in {} (node id {})", dir, nodeId);
            // the run files of index builds a crash interrupted (never ingested; the lock just taken guarantees that
            // no other process builds into this directory)
            SstRuns.deleteTree(IndexBackfill.buildDirectory(dir));
            IndexLayout.migrate(db, handles.get(1), handles.get(2)); // entries of an older version's layout
            return new DatanodeStorage(dir, nodeId, dbOptions, cfOptions, cache, handles, db);
        } catch (RocksDBException | java.io.IOException e) {
            if (cfOptions != null) {
                cfOptions.close();
            }
            if (dbOptions != null) {
                dbOptions.close();
            }
            if (cache != null) {
                cache.close();
            }
            throw new TesseraException(SqlState.IO_ERROR, "cannot open storage in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The datanode's node id, the first half of every hidden row id it creates. */
    public int nodeId() {
        return nodeId;
    }

    /** The storage directory. */
    public Path directory() {
        return dir;
    }

    /** The newest commit timestamp of a version written here since start-up (0: none yet). */
    private final java.util.concurrent.atomic.AtomicLong newestCommitTs = new java.util.concurrent.atomic.AtomicLong();

    /**
     * The newest commit timestamp this datanode has stamped a version with since it started (0 when none): every
     * committed write that reached this datanode's storage, or whose intents are being turned into versions, is at
     * or below it. A single-shard read may take it as its snapshot ({@code ScanRequest.datanode_snapshot}).
     */
    public long newestCommitTs() {
        return newestCommitTs.get();
    }

    /** Records that versions stamped {@code commitTs} are (being) written; see {@link #newestCommitTs()}. */
    public void noteCommitTs(long commitTs) {
        newestCommitTs.accumulateAndGet(commitTs, Math::max);
    }

    /**
     * A new atomic write whose versions are stamped {@code commitTs}; commit it or close it to discard. The write is
     * one use of the database until it closes ({@link #close} waits for it).
     *
     * @throws TesseraException 22023 for a negative timestamp; 57P01 once {@link #close} has begun
     */
    public StorageWrite newWrite(long commitTs) {
        if (commitTs < 0) {
            throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, "commit timestamp must not be negative: " + commitTs);
        }
        enter();
        try {
            return new StorageWrite(this, commitTs);
        } catch (RuntimeException | Error e) {
            exit();
            throw e;
        }
    }

    /**
     * Inserts rows into one shard of a table, each with a fresh hidden row id, as committed versions stamped
     * {@code commitTs}, in one durable write batch.
     *
     * @return the number of rows written
     */
    public long insert(int tableId, int shard, StoredRowCodec codec, List<Object[]> rows, long commitTs) {
        try (StorageWrite w = newWrite(commitTs)) {
            for (Object[] row : rows) {
                w.insert(tableId, shard, codec, row);
            }
            return w.commit();
        }
    }

    /**
     * Opens a scan of the given shards of a table at {@code snapshotTs}: for each key the newest version with
     * {@code commit_ts <= snapshotTs}, skipping keys whose visible version is a tombstone. Shards are read in the
     * order given; the caller must close the cursor.
     */
    public ScanCursor scan(int tableId, int[] shards, long snapshotTs) {
        return scan(tableId, shards, snapshotTs, null);
    }

    /**
     * As {@link #scan(int, int[], long)}, with {@code resolver} deciding what each intent met means to the reader
     * (null: intents are invisible).
     */
    public ScanCursor scan(int tableId, int[] shards, long snapshotTs, IntentResolver resolver) {
        return scan(tableId, shards, snapshotTs, resolver, null);
    }

    /**
     * As {@link #scan(int, int[], long, IntentResolver)} for a table whose rows are keyed by {@code primaryKey}
     * (null: hidden row ids) — the scan needs it to tell where a key ends and its timestamp begins.
     */
    public ScanCursor scan(int tableId, int[] shards, long snapshotTs, IntentResolver resolver, PrimaryKey primaryKey) {
        return scan(tableId, shards, snapshotTs, resolver, primaryKey, null);
    }

    /**
     * As {@link #scan(int, int[], long, IntentResolver, PrimaryKey)}, reading in each shard only the keys that start
     * with {@code keyPrefix} (the encoding of leading primary-key columns, {@link PrimaryKey#prefixOf}, or for a
     * table without a primary key a whole 12-byte hidden row id; null: all keys): a point lookup seeks to its key
     * instead of reading the shard.
     */
    public ScanCursor scan(int tableId, int[] shards, long snapshotTs, IntentResolver resolver, PrimaryKey primaryKey,
                           byte[] keyPrefix) {
        if (keyPrefix != null && primaryKey == null && keyPrefix.length != KeyCodec.ROW_ID_LENGTH) {
            throw new IllegalArgumentException("a key prefix without a primary key must be a whole row id");
        }
        enter(); // held until the cursor closes: it keeps a snapshot and iterators of the database
        try {
            return new ScanCursor(db, data, tableId, shards.clone(), snapshotTs, resolver, primaryKey, keyPrefix,
                    this::exit);
        } catch (RuntimeException | Error e) {
            exit();
            throw e;
        }
    }

    /**
     * Opens a scan of the given shards of a table through secondary index {@code index}, reading only the index
     * entries in {@code ranges} (key parts after the index prefix, {from, to} with {@code to} null for the index's
     * end), each entry's row at {@code snapshotTs} as {@link #scan} would read it ({@link IndexScanCursor}).
     */
    public IndexScanCursor indexScan(int tableId, int[] shards, long snapshotTs, IntentResolver resolver,
            SecondaryIndex index, StoredRowCodec codec, List<byte[][]> ranges) {
        enter(); // held until the cursor closes
        try {
            return new IndexScanCursor(db, data, tableId, shards.clone(), snapshotTs, resolver, index, codec, ranges,
                    this::exit);
        } catch (RuntimeException | Error e) {
            exit();
            throw e;
        }
    }

    /**
     * Adds the entries of every stored version and intent of table {@code tableId}'s rows to the indexes of
     * {@code entries} ({@link IndexBackfill}); durable when it returns.
     *
     * @return the entries written
     */
    public long backfillIndex(int tableId, PrimaryKey primaryKey, IndexEntries entries) {
        enter();
        try {
            return IndexBackfill.run(this, db, tableId, primaryKey, entries);
        } finally {
            exit();
        }
    }

    /**
     * The intent keys of the rows named by the index entries that start with {@code prefix} ({@code [table]
     * [0xFFFFFFFF][index][values]}, {@link SecondaryIndex#uniqueKey}: every shard's), read from the live database:
     * a unique index's check of one key.
     */
    public List<byte[]> indexEntryRows(byte[] prefix) {
        enter();
        try {
            List<byte[]> out = new ArrayList<>();
            byte[] upperKey = KeyCodec.prefixUpperBound(prefix);
            try (Slice upper = new Slice(upperKey);
                 ReadOptions ro = new ReadOptions().setIterateUpperBound(upper);
                 RocksIterator it = db.newIterator(data, ro)) {
                for (it.seek(prefix); it.isValid(); it.next()) {
                    out.add(SecondaryIndex.rowIntentKey(it.key(), it.value()));
                }
                it.status();
                return out;
            } catch (RocksDBException e) {
                throw new TesseraException(SqlState.IO_ERROR, "read failed: " + e.getMessage(), e);
            }
        } finally {
            exit();
        }
    }

    /** Removes every entry of secondary index {@code indexId} of table {@code tableId}; durable when it returns. */
    public void dropIndex(int tableId, int indexId) {
        enter();
        try {
            IndexBackfill.drop(this, db, tableId, indexId);
        } finally {
            exit();
        }
    }

    /**
     * RocksDB's approximate size in bytes of some key ranges of one table: for each id of {@code indexIds}
     * (0 = the rows: versions, tombstones and intents; else a secondary index's entries), the sum over
     * {@code shards} of the range {@code [table][shard][0]} for the rows, and for an index the range
     * {@code [table][0xFFFFFFFF][index_id]}, which holds the entries of every shard stored here. Estimates from the SST files' index blocks and
     * the memtables ({@code GetApproximateSizes} with INCLUDE_FILES and INCLUDE_MEMTABLES): compressed bytes on
     * disk, nothing read; versions not yet purged by MVCC GC and deleted keys not yet compacted away still count.
     *
     * @return one size per entry of {@code indexIds}, in that order
     */
    public long[] approximateSizes(int tableId, int[] shards, int[] indexIds) {
        enter();
        try {
            List<Range> ranges = new ArrayList<>();
            List<Integer> owners = new ArrayList<>(); // position in indexIds of each range
            List<Slice> slices = new ArrayList<>();
            try {
                for (int i = 0; i < indexIds.length; i++) {
                    if (indexIds[i] != KeyCodec.PRIMARY_INDEX) {
                        addRange(ranges, slices, KeyCodec.indexEntriesPrefix(tableId, indexIds[i]));
                        owners.add(i);
                        continue;
                    }
                    for (int shard : shards) {
                        addRange(ranges, slices, KeyCodec.indexPrefix(tableId, shard, KeyCodec.PRIMARY_INDEX));
                        owners.add(i);
                    }
                }
                long[] sizes = new long[indexIds.length];
                if (ranges.isEmpty()) {
                    return sizes;
                }
                long[] each = db.getApproximateSizes(data, ranges, SizeApproximationFlag.INCLUDE_FILES,
                        SizeApproximationFlag.INCLUDE_MEMTABLES);
                for (int i = 0; i < each.length; i++) {
                    sizes[owners.get(i)] += each[i];
                }
                return sizes;
            } finally {
                slices.forEach(Slice::close);
            }
        } finally {
            exit();
        }
    }

    /** Adds the range of the keys starting with {@code prefix} (its slices to {@code slices}, to be closed). */
    private static void addRange(List<Range> ranges, List<Slice> slices, byte[] prefix) {
        byte[] upper = KeyCodec.prefixUpperBound(prefix);
        Slice start = new Slice(prefix);
        Slice limit = new Slice(upper != null ? upper : prefix);
        slices.add(start);
        slices.add(limit);
        ranges.add(new Range(start, limit));
    }

    /**
     * A new atomic write of intents; {@link IntentBatch#write} it, and close it in any case. The batch is one use of
     * the database until it closes (its column family handles must outlive it: {@link #close} waits for it).
     *
     * @throws TesseraException 57P01 once {@link #close} has begun
     */
    public IntentBatch newIntentBatch() {
        enter();
        try {
            return new IntentBatch(this);
        } catch (RuntimeException | Error e) {
            exit();
            throw e;
        }
    }

    /** The stored intent of {@code intentKey}, or null. */
    public Intent intent(byte[] intentKey) {
        enter();
        try {
            try {
                byte[] v = db.get(data, intentKey);
                return v == null ? null : Intent.decode(v);
            } catch (RocksDBException e) {
                throw new TesseraException(SqlState.IO_ERROR, "read failed: " + e.getMessage(), e);
            }
        } finally {
            exit();
        }
    }

    /**
     * The current state of one key (its intent and newest committed version), read from the live database, not
     * a snapshot: the transaction layer calls it while holding the key's lock, so nothing can change it meanwhile.
     */
    public KeyState latest(byte[] intentKey) {
        enter();
        try {
            byte[] upperKey = KeyCodec.prefixUpperBound(intentKey);
            try (Slice upper = new Slice(upperKey);
                 ReadOptions ro = new ReadOptions().setIterateUpperBound(upper);
                 RocksIterator it = db.newIterator(data, ro)) {
                it.seek(intentKey);
                Intent intent = null;
                if (it.isValid() && it.key().length == intentKey.length) {
                    intent = Intent.decode(it.value());
                    it.next();
                }
                long newestTs = -1;
                byte[] newest = null;
                if (it.isValid() && it.key().length == intentKey.length + KeyCodec.TIMESTAMP_LENGTH) {
                    byte[] k = it.key();
                    newestTs = KeyCodec.commitTsOf(k, k.length);
                    newest = it.value();
                }
                it.status();
                return new KeyState(intent, newestTs, newest);
            } catch (RocksDBException e) {
                throw new TesseraException(SqlState.IO_ERROR, "read failed: " + e.getMessage(), e);
            }
        } finally {
            exit();
        }
    }

    /** Receives one stored intent at start-up. */
    @FunctionalInterface
    public interface IntentVisitor {
        void visit(byte[] intentKey, Intent intent);
    }

    /**
     * Calls {@code visitor} for every intent in the database, found through the {@code intents} column family
     * (never a scan of the data). Entries whose intent is gone (its table was dropped) are removed on the way.
     * Meant for start-up, before the node serves.
     */
    public void forEachIntent(IntentVisitor visitor) {
        enter();
        try {
            try (RocksIterator it = db.newIterator(intents); IntentBatch stale = newIntentBatch()) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    byte[] rk = it.key();
                    long gxid = io.tessera.common.codec.ByteSink.getLong(rk, 0);
                    byte[] intentKey = Arrays.copyOfRange(rk, 8, rk.length);
                    Intent intent = intent(intentKey);
                    if (intent == null || intent.gxid() != gxid) {
                        stale.removeRegistryEntry(rk);
                        continue;
                    }
                    visitor.visit(intentKey, intent);
                }
                it.status();
                stale.write(true);
            } catch (RocksDBException e) {
                throw new TesseraException(SqlState.IO_ERROR, "reading intents failed: " + e.getMessage(), e);
            }
        } finally {
            exit();
        }
    }

    /** Receives one intent of a transaction; returns false to stop. */
    @FunctionalInterface
    public interface TxnIntentVisitor {
        boolean visit(byte[] intentKey, Intent intent);
    }

    /**
     * Calls {@code visitor} for each intent transaction {@code gxid} has in storage now whose key starts with
     * {@code keyPrefix} (empty: all of them), in key order, until it returns false: the {@code gxid ‖ intent key}
     * entries of the {@code intents} column family, each intent read from the live data (entries whose intent is
     * gone — a dropped table — are skipped). The iteration reads one RocksDB snapshot of the registry, so the
     * visitor may write meanwhile (a commit resolving the intents it is given). This is how the transaction layer
     * finds a transaction's writes: it keeps no per-row state in memory.
     */
    public void intentsOf(long gxid, byte[] keyPrefix, TxnIntentVisitor visitor) {
        enter();
        try {
            byte[] lower = IntentBatch.registryKey(gxid, keyPrefix);
            byte[] upperKey = KeyCodec.prefixUpperBound(lower); // gxids are positive: never all 0xFF
            try (Slice upper = new Slice(upperKey);
                 ReadOptions ro = new ReadOptions().setIterateUpperBound(upper);
                 RocksIterator it = db.newIterator(intents, ro)) {
                for (it.seek(lower); it.isValid(); it.next()) {
                    byte[] rk = it.key();
                    byte[] intentKey = Arrays.copyOfRange(rk, 8, rk.length);
                    Intent intent = intent(intentKey);
                    if (intent == null || intent.gxid() != gxid) {
                        continue;
                    }
                    if (!visitor.visit(intentKey, intent)) {
                        break;
                    }
                }
                it.status();
            } catch (RocksDBException e) {
                throw new TesseraException(SqlState.IO_ERROR, "reading the intents of transaction " + gxid
                        + " failed: " + e.getMessage(), e);
            }
        } finally {
            exit();
        }
    }

    /**
     * The number of intents in storage now (entries of the intent registry whose intent is present), read without
     * changing anything. A full pass over the registry: for monitoring and tests, not for hot paths.
     */
    public long countIntents() {
        enter();
        try {
            long n = 0;
            try (RocksIterator it = db.newIterator(intents)) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    byte[] rk = it.key();
                    Intent intent = intent(Arrays.copyOfRange(rk, 8, rk.length));
                    if (intent != null && intent.gxid() == io.tessera.common.codec.ByteSink.getLong(rk, 0)) {
                        n++;
                    }
                }
                it.status();
            } catch (RocksDBException e) {
                throw new TesseraException(SqlState.IO_ERROR, "reading intents failed: " + e.getMessage(), e);
            }
            return n;
        } finally {
            exit();
        }
    }

    /**
     * The transaction records in storage ({@link IntentBatch#putTxnRecord}): gxid → commit timestamp of each
     * commit whose intents were not all resolved yet, or {@link IntentBatch#PREPARED_RECORD} (0) for a transaction
     * prepared and not decided here ({@link IntentBatch#putPreparedRecord}). Meant for start-up, before the node
     * serves.
     */
    public java.util.Map<Long, Long> transactionRecords() {
        enter();
        try {
            java.util.Map<Long, Long> out = new java.util.TreeMap<>();
            byte[] prefix = IntentBatch.TXN_RECORD_PREFIX;
            try (Slice upper = new Slice(KeyCodec.prefixUpperBound(prefix));
                 ReadOptions ro = new ReadOptions().setIterateUpperBound(upper);
                 RocksIterator it = db.newIterator(meta, ro)) {
                for (it.seek(prefix); it.isValid(); it.next()) {
                    byte[] k = it.key();
                    byte[] v = it.value();
                    if (k.length != prefix.length + 8 || v.length != 8) {
                        throw new TesseraException(SqlState.DATA_CORRUPTED, "malformed transaction record of "
                                + k.length + "+" + v.length + " bytes");
                    }
                    out.put(io.tessera.common.codec.ByteSink.getLong(k, prefix.length),
                            io.tessera.common.codec.ByteSink.getLong(v, 0));
                }
                it.status();
            } catch (RocksDBException e) {
                throw new TesseraException(SqlState.IO_ERROR, "reading transaction records failed: " + e.getMessage(), e);
            }
            return out;
        } finally {
            exit();
        }
    }

    /** Receives one persisted row lock at start-up. */
    @FunctionalInterface
    public interface RowLockVisitor {
        void visit(long gxid, byte[] intentKey, byte mode);
    }

    /**
     * Calls {@code visitor} for every row lock a prepared transaction holds without an intent (SELECT ... FOR
     * SHARE / FOR UPDATE), from the {@code row_locks} column family ({@link IntentBatch#putRowLock}), in gxid
     * order. Meant for start-up, before the node serves.
     */
    public void forEachRowLock(RowLockVisitor visitor) {
        enter();
        try {
            try (RocksIterator it = db.newIterator(rowLocks)) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    byte[] k = it.key();
                    byte[] v = it.value();
                    if (k.length <= 8 || v.length != 1) {
                        throw new TesseraException(SqlState.DATA_CORRUPTED, "malformed row lock entry of " + k.length
                                + "+" + v.length + " bytes");
                    }
                    visitor.visit(io.tessera.common.codec.ByteSink.getLong(k, 0), Arrays.copyOfRange(k, 8, k.length), v[0]);
                }
                it.status();
            } catch (RocksDBException e) {
                throw new TesseraException(SqlState.IO_ERROR, "reading row locks failed: " + e.getMessage(), e);
            }
        } finally {
            exit();
        }
    }

    /** One overwritten intent kept for ROLLBACK TO SAVEPOINT (see {@link IntentBatch#putIntent(byte[], Intent, Intent)}). */
    public record HistoryEntry(byte[] intentKey, int overwrittenBy, Intent intent) {
    }

    /**
     * The history entries of transaction {@code gxid} whose overwriting command id is at least {@code fromCommandId},
     * in key order and, per key, in command-id order (read from the live database).
     */
    public List<HistoryEntry> history(long gxid, int fromCommandId) {
        enter();
        try {
            byte[] lower = IntentBatch.historyPrefix(gxid);
            byte[] upper = IntentBatch.historyPrefix(gxid + 1);
            List<HistoryEntry> out = new ArrayList<>();
            try (Slice up = new Slice(upper);
                 ReadOptions ro = new ReadOptions().setIterateUpperBound(up);
                 RocksIterator it = db.newIterator(history, ro)) {
                for (it.seek(lower); it.isValid(); it.next()) {
                    byte[] k = it.key();
                    int cid = io.tessera.common.codec.ByteSink.getInt(k, k.length - 4);
                    if (cid >= fromCommandId) {
                        out.add(new HistoryEntry(Arrays.copyOfRange(k, 8, k.length - 4), cid, Intent.decode(it.value())));
                    }
                }
                it.status();
            } catch (RocksDBException e) {
                throw new TesseraException(SqlState.IO_ERROR, "reading intent history failed: " + e.getMessage(), e);
            }
            return out;
        } finally {
            exit();
        }
    }

    /**
     * Removes every history entry, durably: at start-up no transaction is active (pending ones are discarded,
     * prepared ones dropped their history when they were prepared), so none of it can be needed again.
     *
     * @return whether there was anything to remove
     */
    public boolean clearHistory() {
        enter();
        try {
            try (RocksIterator it = db.newIterator(history)) {
                it.seekToFirst();
                if (!it.isValid()) {
                    it.status();
                    return false;
                }
                byte[] first = it.key();
                it.seekToLast();
                byte[] last = it.key();
                it.status();
                try (org.rocksdb.WriteBatch b = new org.rocksdb.WriteBatch()) {
                    b.deleteRange(history, first, last);
                    b.delete(history, last);
                    db.write(syncWrite, b);
                }
                return true;
            } catch (RocksDBException e) {
                throw new TesseraException(SqlState.IO_ERROR, "clearing intent history failed: " + e.getMessage(), e);
            }
        } finally {
            exit();
        }
    }

    /** Removes every key of the table — all shards, versions, intents and index entries — durably. */
    public void dropTable(int tableId) {
        enter();
        try {
            byte[] from = KeyCodec.tablePrefix(tableId);
            byte[] to = KeyCodec.tableUpperBound(tableId);
            if (to == null) {
                to = new byte[64];
                Arrays.fill(to, (byte) 0xFF);
            }
            try {
                db.deleteRange(data, syncWrite, from, to);
            } catch (RocksDBException e) {
                throw new TesseraException(SqlState.IO_ERROR, "cannot drop table " + Integer.toUnsignedString(tableId)
                        + ": " + e.getMessage(), e);
            }
        } finally {
            exit();
        }
    }

    /**
     * The committed version of a key visible at {@code snapshotTs} (its stored value, a tombstone included), or
     * null when the key had none; intents are not looked at. Read from the live database: versions at or below a
     * held GC safe point do not change.
     */
    public byte[] versionAt(byte[] intentKey, long snapshotTs) {
        enter();
        try {
            byte[] seek = Arrays.copyOf(intentKey, intentKey.length + KeyCodec.TIMESTAMP_LENGTH);
            long complemented = ~snapshotTs;
            for (int i = 7; i >= 0; i--) {
                seek[intentKey.length + i] = (byte) complemented;
                complemented >>>= 8;
            }
            byte[] upperKey = KeyCodec.prefixUpperBound(intentKey);
            try (Slice upper = new Slice(upperKey);
                 ReadOptions ro = new ReadOptions().setIterateUpperBound(upper);
                 RocksIterator it = db.newIterator(data, ro)) {
                it.seek(seek);
                if (it.isValid() && it.key().length == intentKey.length + KeyCodec.TIMESTAMP_LENGTH) {
                    return it.value();
                }
                it.status();
                return null;
            } catch (RocksDBException e) {
                throw new TesseraException(SqlState.IO_ERROR, "read failed: " + e.getMessage(), e);
            }
        } finally {
            exit();
        }
    }

    /**
     * Ingests SST files (built with {@code SstFileWriter} in this storage's key layout) into the data column
     * family, moving them into the database ({@code ingestExternalFile}); the files may overlap each other, and keys
     * already stored only where the file's value is the stored one (an ingested key shadows the stored key):
     * redistribution writes a table id nothing else uses, an index backfill entries whose value is a function of
     * their key ({@link IndexBackfill}).
     *
     * <p>The files' versions keep the commit timestamps they were stamped with elsewhere, so {@code newestCommitTs}
     * (their newest, µs) is recorded first ({@link #noteCommitTs}): a single-shard read that takes this datanode's
     * own snapshot ({@link #newestCommitTs()}) must see them, even when no transaction ever committed here after them.
     *
     * @param newestCommitTs the newest commit timestamp of a version in the files (0: none)
     */
    public void ingest(List<String> files, long newestCommitTs) {
        enter();
        try {
            if (files.isEmpty()) {
                return;
            }
            noteCommitTs(newestCommitTs);
            try (org.rocksdb.IngestExternalFileOptions o = new org.rocksdb.IngestExternalFileOptions()
                    .setMoveFiles(true).setSnapshotConsistency(true).setAllowGlobalSeqNo(true)) {
                db.ingestExternalFile(data, files, o);
            } catch (RocksDBException e) {
                throw new TesseraException(SqlState.IO_ERROR, "cannot ingest " + files.size() + " files: " + e.getMessage(), e);
            }
        } finally {
            exit();
        }
    }

    /**
     * The ids of the tables with at least one key (row version or intent) in this datanode's data, in unsigned
     * order: one seek per table, not a scan of the rows.
     */
    public java.util.List<Integer> tableIds() {
        enter();
        try {
            java.util.List<Integer> ids = new java.util.ArrayList<>();
            try (RocksIterator it = db.newIterator(data)) {
                it.seekToFirst();
                while (it.isValid()) {
                    byte[] k = it.key();
                    if (k.length < KeyCodec.TABLE_PREFIX_LENGTH) {
                        it.next();
                        continue;
                    }
                    int id = KeyCodec.tableIdOf(k);
                    ids.add(id);
                    byte[] next = KeyCodec.tableUpperBound(id);
                    if (next == null) {
                        break;
                    }
                    it.seek(next);
                }
            }
            return ids;
        } finally {
            exit();
        }
    }

    /** Reclaims the space of dropped ranges now (RocksDB would do it eventually through compaction). */
    public void compact() {
        enter();
        try {
            try {
                db.compactRange(data);
            } catch (RocksDBException e) {
                throw new TesseraException(SqlState.IO_ERROR, "compaction failed: " + e.getMessage(), e);
            }
        } finally {
            exit();
        }
    }

    // ---- MVCC garbage collection (io.tessera.datanode.gc drives these) -------------------------------------------

    private static final byte[] GC_HORIZON_KEY = "gc.horizon".getBytes(StandardCharsets.US_ASCII);

    /** The GC horizon stored by {@link #storeGcHorizon}, or 0 when none was ever stored. */
    public long storedGcHorizon() {
        enter();
        try {
            try {
                byte[] v = db.get(meta, GC_HORIZON_KEY);
                return v == null ? 0 : io.tessera.common.codec.ByteSink.getLong(v, 0);
            } catch (RocksDBException e) {
                throw new TesseraException(SqlState.IO_ERROR, "reading the GC horizon failed: " + e.getMessage(), e);
            }
        } finally {
            exit();
        }
    }

    /**
     * Stores the GC horizon durably (a synced write). Called before purging at it, so that after a crash the
     * datanode still refuses the snapshots whose versions may be gone.
     */
    public void storeGcHorizon(long horizon) {
        enter();
        try {
            io.tessera.common.codec.ByteSink b = new io.tessera.common.codec.ByteSink(8);
            b.writeLong(horizon);
            try {
                db.put(meta, syncWrite, GC_HORIZON_KEY, b.toByteArray());
            } catch (RocksDBException e) {
                throw new TesseraException(SqlState.IO_ERROR, "storing the GC horizon failed: " + e.getMessage(), e);
            }
        } finally {
            exit();
        }
    }

    /**
     * What {@link #purgeVersions} did: keys visited and versions deleted; {@code settled}: the purge saw every
     * version of the data and none newer than its safe point, so until the next write a purge at a later safe point
     * would delete nothing.
     */
    public record PurgeResult(long keysScanned, long versionsPurged, boolean settled) {
    }

    /**
     * RocksDB's latest sequence number: it grows by one for every key written or deleted, in any column family
     * (a write batch of n operations adds n), and by nothing else; so an unchanged number means nothing was written.
     */
    public long writeSequence() {
        enter();
        try {
            return db.getLatestSequenceNumber();
        } finally {
            exit();
        }
    }

    /**
     * Deletes, in the given tables (all data when {@code tableIds} is empty), every version of a key older than
     * its newest version with {@code commit_ts <= safePoint}, and that version too when it is a tombstone; then
     * compacts the purged ranges. Intents are never touched. The caller guarantees that no reader still needs a
     * snapshot below {@code safePoint} (see {@code io.tessera.datanode.gc.GarbageCollector}). The rule and why it is
     * safe against concurrent writers: {@link VersionPurge}.
     *
     * @param stop polled during the scan; true ends the purge early (at shutdown)
     * @throws TesseraException 58030 when RocksDB fails
     */
    public PurgeResult purgeVersions(long safePoint, int[] tableIds, java.util.function.BooleanSupplier stop) {
        enter();
        try {
            VersionPurge.Result r = VersionPurge.purge(this, db, safePoint, tableIds, stop);
            return new PurgeResult(r.keysScanned(), r.versionsPurged(), r.settled() && tableIds.length == 0);
        } finally {
            exit();
        }
    }

    /** Exact counts over all data: committed versions (tombstones included), keys with a version, intents. */
    public record VersionCounts(long versions, long keys, long intents) {
    }

    /** Counts versions, keys and intents exactly: a scan of all the data (cost proportional to its size). */
    public VersionCounts countVersions() {
        enter();
        try {
            VersionPurge.Counts c = VersionPurge.count(this, db);
            return new VersionCounts(c.versions(), c.keys(), c.intents());
        } finally {
            exit();
        }
    }

    /** A numeric RocksDB property of the data column family (e.g. {@code rocksdb.total-sst-files-size}), or -1. */
    public long dataProperty(String name) {
        enter();
        try {
            try {
                return db.getLongProperty(data, name);
            } catch (RocksDBException e) {
                return -1;
            }
        } finally {
            exit();
        }
    }

    /**
     * When the oldest open RocksDB snapshot (a scan's, {@link #scan}) was taken, in Unix seconds, or 0 when none is
     * open (RocksDB's {@code rocksdb.oldest-snapshot-time}).
     */
    public long oldestSnapshotSeconds() {
        enter();
        try {
            try {
                return db.getLongProperty("rocksdb.oldest-snapshot-time");
            } catch (RocksDBException e) {
                throw new TesseraException(SqlState.IO_ERROR, "read failed: " + e.getMessage(), e);
            }
        } finally {
            exit();
        }
    }

    /**
     * RocksDB's cumulative WAL line of {@code rocksdb.dbstats} since this process opened the storage, e.g.
     * {@code Cumulative WAL: 5000 writes, 1200 syncs, 4.17 writes per sync, written: 0.01 GB, 0.00 MB/s}: how
     * many synced writes shared an fsync (RocksDB's write group: a leader writes and syncs the log for every
     * writer queued behind it). Empty when RocksDB reports none.
     */
    public String walStats() {
        enter();
        try {
            try {
                for (String line : db.getProperty("rocksdb.dbstats").split("\n")) {
                    if (line.startsWith("Cumulative WAL")) {
                        return line.trim();
                    }
                }
                return "";
            } catch (RocksDBException e) {
                throw new TesseraException(SqlState.IO_ERROR, "read failed: " + e.getMessage(), e);
            }
        } finally {
            exit();
        }
    }

    long allocateRowIds(int n) {
        enter();
        try {
            return rowIds.allocate(n);
        } finally {
            exit();
        }
    }

    void write(org.rocksdb.WriteBatch batch) {
        write(batch, true);
    }

    void write(org.rocksdb.WriteBatch batch, boolean sync) {
        enter();
        try {
            try {
                db.write(sync ? syncWrite : asyncWrite, batch);
            } catch (RocksDBException e) {
                throw new TesseraException(SqlState.IO_ERROR, "write failed: " + e.getMessage(), e);
            }
        } finally {
            exit();
        }
    }

    ColumnFamilyHandle dataFamily() {
        return data;
    }

    ColumnFamilyHandle intentFamily() {
        return intents;
    }

    ColumnFamilyHandle historyFamily() {
        return history;
    }

    ColumnFamilyHandle rowLockFamily() {
        return rowLocks;
    }

    ColumnFamilyHandle metaFamily() {
        return meta;
    }

    /**
     * Starts one use of the database (a call, or an open cursor until it closes); {@link #close} waits for every use
     * to end before it closes RocksDB, whose Java API leaves closing a database under another thread's call
     * undefined (a native crash). Pair each call with {@link #exit}.
     *
     * @throws TesseraException 57P01 once {@link #close} has begun
     */
    private void enter() {
        synchronized (uses) {
            if (closing) {
                throw new TesseraException(SqlState.ADMIN_SHUTDOWN, "datanode storage is shut down");
            }
            users++;
        }
    }

    /** Ends one use begun by {@link #enter}. */
    void exit() {
        synchronized (uses) {
            if (--users == 0 && closing) {
                uses.notifyAll();
            }
        }
    }

    /** The monitor of {@link #users} and {@link #closing}. */
    private final Object uses = new Object();
    /** Calls and open cursors in the database now. */
    private int users;
    /** Set when {@link #close} begins: no use may begin after it. */
    private boolean closing;

    /** How long {@link #close} waits for the database's uses to end. */
    static final long CLOSE_WAIT_MILLIS = 10_000;

    /**
     * Closes RocksDB (flushing nothing extra: the WAL already holds every acknowledged write). New uses are refused
     * from the start (57P01); the calls and cursors in progress are waited for, up to {@link #CLOSE_WAIT_MILLIS}.
     * If some are still running then (a cursor nobody closed), the database is left open for the process's exit to
     * discard, as a crash would: every synced write is in the WAL already, and native memory is never freed under
     * a running call. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        try {
            LOG.info("storage in {}: {}", dir, walStats());
        } catch (RuntimeException e) {
            LOG.debug("no WAL statistics", e);
        }
        int left;
        synchronized (uses) {
            closing = true;
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MILLIS);
            long wait;
            while (users > 0 && (wait = deadline - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(uses, wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            left = users;
        }
        closed = true;
        if (left > 0) {
            LOG.warn("storage in {}: {} calls or cursors still use the database after {} ms; left open for the "
                    + "process exit to discard", dir, left, CLOSE_WAIT_MILLIS);
            return;
        }
        syncWrite.close();
        asyncWrite.close();
        for (ColumnFamilyHandle h : handles) {
            h.close();
        }
        try {
            db.syncWal();
        } catch (RocksDBException e) {
            LOG.warn("syncWal at close failed", e);
        }
        db.close();
        cfOptions.close();
        dbOptions.close();
        blockCache.close();
        LOG.info("closed storage in {}", dir);
    }
}
