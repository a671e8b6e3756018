package io.tessera.datanode.storage;

import io.tessera.common.codec.KeyCodec;
import io.tessera.common.codec.StoredRowCodec;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.util.Arrays;
import java.util.List;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.Snapshot;

/**
 * A scan through a secondary index at a snapshot: for each key range of the index (in index order) it reads the
 * entries of every shard this datanode stores, keeps those of the requested shards, and for each the row it names,
 * at the same RocksDB snapshot and MVCC snapshot timestamp as a {@link ScanCursor} would — intents are asked of the
 * {@link IntentResolver}, a version newer than the snapshot is passed over, a tombstone hides the row. An entry counts
 * only when the visible row version still has the entry's key values ({@link SecondaryIndex}: entries are not
 * versioned, the row is), so every row is returned at most once per range and exactly when a full scan would return
 * it with those values.
 *
 * <p>Entries are keyed by table, index, values, then shard ({@link SecondaryIndex}), so a range is one seek of one
 * iterator over all shards, and the rows come in the index's order across the datanode's shards (entries of equal
 * values by shard, then row key). Two iterators for the whole scan, both bounded by the table: one over the entries,
 * seeked to each range and stopped by comparing keys with the range's end, and one over the rows (seeking to each
 * entry's row), opened at the first entry (docs/BENCHMARKS.md, issue 8: a lookup once took one seek per shard).
 */
public final class IndexScanCursor implements RowCursor {
    private final RocksDB db;
    private final ColumnFamilyHandle cf;
    private final int tableId;
    /** The requested shards: entries of other shards stored here (none, outside a move) are passed over. */
    private final java.util.BitSet shards;
    private final long snapshotTs;
    private final Snapshot snapshot;
    private final IntentResolver resolver;
    private final SecondaryIndex index;
    private final StoredRowCodec codec;
    /** Key ranges after the index prefix: {from, to} with {@code to} null for the end of the index. */
    private final List<byte[][]> ranges;
    private final Object[] scratch;
    private int rangeIndex = -1;
    /** Bounds and options of both iterators: the table's keys. */
    private ReadOptions options;
    private Slice lower;
    private Slice upper;
    private RocksIterator entries;
    private RocksIterator rows;
    /** Whether {@link #entries} is positioned in the current range, whose end (exclusive, null: none) is rangeEnd. */
    private boolean inRange;
    private byte[] rangeEnd;
    private byte[] intentKey;
    private byte[] value;
    private boolean closed;
    /** Run once when the cursor closes (the storage counts open cursors). */
    private final Runnable onClose;

    IndexScanCursor(RocksDB db, ColumnFamilyHandle cf, int tableId, int[] shards, long snapshotTs,
            IntentResolver resolver, SecondaryIndex index, StoredRowCodec codec, List<byte[][]> ranges,
            Runnable onClose) {
        this.onClose = onClose;
        this.db = db;
        this.cf = cf;
        this.tableId = tableId;
        this.shards = new java.util.BitSet();
        for (int shard : shards) {
            this.shards.set(shard);
        }
        this.snapshotTs = snapshotTs;
        this.resolver = resolver;
        this.index = index;
        this.codec = codec;
        this.ranges = ranges;
        this.scratch = new Object[codec.columnCount()];
        this.snapshot = db.getSnapshot();
    }

    @Override
    public boolean next() {
        if (closed) {
            return false;
        }
        while (true) {
            if (!inRange) {
                if (!openNextRange()) {
                    return false;
                }
                continue;
            }
            if (!entries.isValid()) {
                check(entries);
                inRange = false;
                continue;
            }
            byte[] entryKey = entries.key();
            if (rangeEnd != null && Arrays.compareUnsigned(entryKey, rangeEnd) >= 0) {
                inRange = false;
                continue;
            }
            byte[] rowKey = entries.value();
            entries.next();
            int shard = SecondaryIndex.entryShard(entryKey, rowKey.length);
            if (shard < 0 || !shards.get(shard)) {
                continue;
            }
            byte[] k = SecondaryIndex.rowIntentKey(entryKey, rowKey);
            byte[] v = visible(k);
            if (v == null || RowValue.isTombstone(v)) {
                continue;
            }
            RowValue.decode(v, codec, scratch);
            if (!SecondaryIndex.entryHolds(entryKey, rowKey, index.encodeValues(scratch))) {
                continue; // a stale entry: the visible version has other values
            }
            intentKey = k;
            value = v;
            return true;
        }
    }

    /** The value of the row version of {@code k} visible to this reader, or null. */
    private byte[] visible(byte[] k) {
        if (rows == null) {
            rows = db.newIterator(cf, options);
        }
        rows.seek(k);
        byte[] found = rows.isValid() ? rows.key() : null;
        if (found != null && found.length == k.length && Arrays.equals(found, k)) {
            IntentResolver.Visible seen = resolver == null ? null : resolver.resolve(k, Intent.decode(rows.value()));
            if (seen != null) {
                return seen.value();
            }
            found = null;
        }
        byte[] seek = Arrays.copyOf(k, k.length + KeyCodec.TIMESTAMP_LENGTH);
        long complemented = ~snapshotTs;
        for (int i = 7; i >= 0; i--) {
            seek[k.length + i] = (byte) complemented;
            complemented >>>= 8;
        }
        // versions follow the intent key newest first (complemented timestamps): when the newest is not newer than
        // the snapshot, the first seek already found the visible one
        if (found == null || !isVersionAtOrAfter(found, seek)) {
            rows.seek(seek);
            found = rows.isValid() ? rows.key() : null;
        }
        if (found != null) {
            if (isVersionAtOrAfter(found, seek)) {
                return rows.value();
            }
        } else {
            check(rows);
        }
        return null;
    }

    /**
     * Whether {@code found} is a version key of the row of {@code seek} (a version key: the intent key and a
     * complemented timestamp) at or after {@code seek} in key order, i.e. committed at or before its timestamp.
     */
    private static boolean isVersionAtOrAfter(byte[] found, byte[] seek) {
        int rowEnd = seek.length - KeyCodec.TIMESTAMP_LENGTH;
        return found.length == seek.length && Arrays.equals(found, 0, rowEnd, seek, 0, rowEnd)
                && Arrays.compareUnsigned(found, rowEnd, found.length, seek, rowEnd, seek.length) >= 0;
    }

    private boolean openNextRange() {
        if (++rangeIndex >= ranges.size() || shards.isEmpty()) {
            return false;
        }
        if (entries == null) {
            byte[] tableEnd = KeyCodec.tableUpperBound(tableId);
            lower = new Slice(KeyCodec.tablePrefix(tableId));
            options = new ReadOptions().setSnapshot(snapshot).setIterateLowerBound(lower);
            if (tableEnd != null) {
                upper = new Slice(tableEnd);
                options.setIterateUpperBound(upper);
            }
            entries = db.newIterator(cf, options);
        }
        byte[] prefix = KeyCodec.indexEntriesPrefix(tableId, index.id());
        byte[][] r = ranges.get(rangeIndex);
        rangeEnd = r[1] == null ? KeyCodec.indexEntriesUpperBound(tableId, index.id()) : concat(prefix, r[1]);
        entries.seek(concat(prefix, r[0]));
        inRange = true;
        return true;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private void check(RocksIterator it) {
        try {
            it.status();
        } catch (RocksDBException e) {
            throw new TesseraException(SqlState.IO_ERROR, "index scan failed: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] intentKey() {
        return intentKey;
    }

    /** The current row's stored value ({@link RowValue}); not a copy. */
    public byte[] value() {
        return value;
    }

    @Override
    public void decode(StoredRowCodec rowCodec, Object[] into) {
        RowValue.decode(value, rowCodec, into);
    }

    private void closeIterators() {
        if (rows != null) {
            rows.close();
            rows = null;
        }
        if (entries != null) {
            entries.close();
            entries = null;
            options.close();
            lower.close();
            if (upper != null) {
                upper.close();
            }
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeIterators();
        try {
            db.releaseSnapshot(snapshot);
        } finally {
            onClose.run();
        }
    }
}
