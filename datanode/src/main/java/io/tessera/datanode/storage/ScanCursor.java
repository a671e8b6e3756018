package io.tessera.datanode.storage;

import io.tessera.common.codec.KeyCodec;
import io.tessera.common.codec.StoredRowCodec;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.util.Arrays;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.Snapshot;

/**
 * An MVCC scan over some shards of a table at a snapshot timestamp, one visible row at a time, with no
 * materialisation: each shard is read by its own iterator bounded to the shard's primary-index range
 * ({@code ReadOptions} iterate bounds), all iterators reading one RocksDB snapshot taken when the cursor opened.
 *
 * <p>Per key, entries arrive as: intent (if any), then versions newest first. The cursor
 * <ol>
 *   <li>asks the {@link IntentResolver} what an intent means to this reader: a version to return in place of the
 *       committed ones (the reader's own earlier write, a prepared write that committed before the snapshot), or
 *       nothing (read the versions below it). Without a resolver intents are invisible;</li>
 *   <li>for a version newer than the snapshot, seeks straight to {@code key ‖ ~snapshot};</li>
 *   <li>takes the first version at or below the snapshot as the key's visible one — a tombstone hides the key —
 *       and skips the key's older versions.</li>
 * </ol>
 * With a key prefix ({@link PrimaryKey#prefixOf}), each shard's iterator is bounded to the keys starting with it:
 * a lookup by primary key seeks to its key and reads only that key's intent and versions.
 * Not thread-safe; close it to release the snapshot and native iterators.
 */
public final class ScanCursor implements RowCursor {
    /** The end of the key part of a hidden-row-id storage key (the length of its intent key). */
    private static final int ROW_ID_KEY_END = KeyCodec.INDEX_PREFIX_LENGTH + KeyCodec.ROW_ID_LENGTH;

    private final RocksDB db;
    private final ColumnFamilyHandle cf;
    private final int tableId;
    private final int[] shards;
    private final long snapshotTs;
    private final Snapshot snapshot;
    private final IntentResolver resolver;
    /** The table's primary key, or null: hidden row ids. */
    private final PrimaryKey primaryKey;
    /** Only keys starting with these bytes (after the index prefix) are read; null: the whole shard. */
    private final byte[] keyPrefix;
    private int shardIndex = -1;
    private RocksIterator it;
    private ReadOptions readOptions;
    private Slice lower;
    private Slice upper;
    private byte[] lastKey;
    private int lastKeyEnd;
    private byte[] key;
    private int keyEnd;
    private byte[] value;
    private long valueTs;
    private boolean closed;
    /** Run once when the cursor closes (the storage counts open cursors). */
    private final Runnable onClose;
    /** Whether a key whose visible version is a tombstone is returned (with its tombstone value). */
    private boolean tombstones;

    ScanCursor(RocksDB db, ColumnFamilyHandle cf, int tableId, int[] shards, long snapshotTs, IntentResolver resolver,
               PrimaryKey primaryKey, byte[] keyPrefix, Runnable onClose) {
        this.onClose = onClose;
        this.db = db;
        this.cf = cf;
        this.tableId = tableId;
        this.shards = shards;
        this.snapshotTs = snapshotTs;
        this.resolver = resolver;
        this.primaryKey = primaryKey;
        this.keyPrefix = keyPrefix;
        this.snapshot = db.getSnapshot();
    }

    /**
     * Also returns keys whose visible version is a tombstone (a deleted row: {@link RowValue#isTombstone} of
     * {@link #value()}); a redistribution's catch-up needs the deletions. Call before the first {@link #next()}.
     */
    public ScanCursor includeTombstones() {
        this.tombstones = true;
        return this;
    }

    /** Moves to the next visible row; false when the scan is exhausted. */
    public boolean next() {
        if (closed) {
            return false;
        }
        while (true) {
            if (it == null || !it.isValid()) {
                if (it != null) {
                    checkStatus();
                }
                if (!openNextShard()) {
                    return false;
                }
                continue;
            }
            byte[] k = it.key();
            int end = keyEnd(k);
            if (k.length == end) {
                byte[] v = it.value();
                it.next();
                IntentResolver.Visible visible = resolver == null ? null : resolver.resolve(k, Intent.decode(v));
                if (visible == null) {
                    continue; // read the committed versions below the intent
                }
                lastKey = k; // the key is decided: skip its versions
                lastKeyEnd = end;
                if (!tombstones && RowValue.isTombstone(visible.value())) {
                    continue;
                }
                key = k;
                keyEnd = end;
                value = visible.value();
                valueTs = visible.commitTs();
                return true;
            }
            if (k.length != end + KeyCodec.TIMESTAMP_LENGTH) {
                throw new TesseraException(SqlState.DATA_CORRUPTED, "unexpected key of " + k.length + " bytes in table "
                        + Integer.toUnsignedString(tableId));
            }
            if (lastKey != null && Arrays.equals(k, 0, end, lastKey, 0, lastKeyEnd)) {
                it.next(); // an older version of a key already decided
                continue;
            }
            long ts = KeyCodec.commitTsOf(k, k.length);
            if (ts > snapshotTs) {
                byte[] seek = Arrays.copyOf(k, k.length);
                long complemented = ~snapshotTs;
                for (int i = 7; i >= 0; i--) {
                    seek[end + i] = (byte) complemented;
                    complemented >>>= 8;
                }
                it.seek(seek);
                continue;
            }
            lastKey = k;
            lastKeyEnd = end;
            byte[] v = it.value();
            it.next();
            if (!tombstones && (v.length == 0 || v[0] == DatanodeStorage.KIND_TOMBSTONE)) {
                continue;
            }
            key = k;
            keyEnd = end;
            value = v;
            valueTs = ts;
            return true;
        }
    }

    /** The end of the key part of storage key {@code k}. */
    private int keyEnd(byte[] k) {
        if (primaryKey == null) {
            return ROW_ID_KEY_END;
        }
        try {
            return primaryKey.keyEnd(k);
        } catch (TesseraException e) {
            throw new TesseraException(SqlState.DATA_CORRUPTED, "malformed key of " + k.length + " bytes in table "
                    + Integer.toUnsignedString(tableId) + " (primary key " + primaryKey + ")", e);
        }
    }

    private boolean openNextShard() {
        closeIterator();
        shardIndex++;
        if (shardIndex >= shards.length) {
            return false;
        }
        int shard = shards[shardIndex];
        byte[] from = KeyCodec.indexPrefix(tableId, shard, KeyCodec.PRIMARY_INDEX);
        byte[] to = null;
        if (keyPrefix != null) {
            from = Arrays.copyOf(from, from.length + keyPrefix.length);
            System.arraycopy(keyPrefix, 0, from, KeyCodec.INDEX_PREFIX_LENGTH, keyPrefix.length);
            to = KeyCodec.prefixUpperBound(from);
        }
        if (to == null) {
            to = KeyCodec.indexUpperBound(tableId, shard, KeyCodec.PRIMARY_INDEX);
        }
        lower = new Slice(from);
        upper = new Slice(to);
        readOptions = new ReadOptions()
                .setSnapshot(snapshot)
                .setIterateLowerBound(lower)
                .setIterateUpperBound(upper)
                .setFillCache(true);
        if (keyPrefix == null) {
            readOptions.setReadaheadSize(2 << 20); // a whole shard: read ahead; a key lookup reads one block or two
        }
        it = db.newIterator(cf, readOptions);
        it.seekToFirst();
        lastKey = null;
        return true;
    }

    private void checkStatus() {
        try {
            it.status();
        } catch (RocksDBException e) {
            throw new TesseraException(SqlState.IO_ERROR, "scan failed: " + e.getMessage(), e);
        }
    }

    /** The shard of the current row. */
    public int shard() {
        return shards[shardIndex];
    }

    /** The storage key of the current row's visible version (the intent key when read from an intent). */
    public byte[] key() {
        return key;
    }

    /** The current row's key without timestamp: its intent key. */
    public byte[] intentKey() {
        return Arrays.copyOf(key, keyEnd);
    }

    /**
     * The key part of the current row's storage key: its hidden row id (12 bytes: node id ‖ counter), or for a
     * table with a primary key the key columns' memcomparable encoding.
     */
    public byte[] rowId() {
        return Arrays.copyOfRange(key, KeyCodec.INDEX_PREFIX_LENGTH, keyEnd);
    }

    /** The commit timestamp of the current row's visible version; -1 when it is the reader's own intent. */
    public long commitTs() {
        return valueTs;
    }

    /** The current row's stored value ({@link RowValue}: kind byte, then the row); not a copy, do not change it. */
    public byte[] value() {
        return value;
    }

    /** Decodes the current row into {@code into} (length {@code codec.columnCount()}). */
    public void decode(StoredRowCodec codec, Object[] into) {
        RowValue.decode(value, codec, into);
    }

    private void closeIterator() {
        if (it != null) {
            it.close();
            readOptions.close();
            lower.close();
            upper.close();
            it = null;
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeIterator();
        try {
            db.releaseSnapshot(snapshot);
        } finally {
            onClose.run();
        }
    }
}
