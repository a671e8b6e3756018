package io.tessera.datanode.storage;

import io.tessera.common.codec.ByteSink;
import io.tessera.common.codec.KeyCodec;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBatch;

/**
 * Scan-and-delete of MVCC versions below a GC safe point (DESIGN.md "Transactions", GC), and the exact version
 * counts of {@code pgxc_stat_gc}.
 *
 * <p>The rule, per key: keep every version newer than the safe point {@code S} and the newest version with
 * {@code commit_ts <= S}; delete the older ones. If that newest version is a tombstone, delete it too: a reader at
 * any snapshot {@code >= S} then finds no version at or below its snapshot older than the next newer one, which
 * reads the same as the tombstone. Intents (keys without a timestamp) are never touched.
 *
 * <p>How versions are told from intents without the tables' key shapes: a version key is its intent key plus 8
 * bytes, so versions of one key are the consecutive entries of one length sharing all but the last 8 bytes. An
 * intent key could look like a version of a shorter key, so an entry whose value could be an intent
 * ({@link Intent}'s header: its state byte in range) is looked up in the {@code intents} column family, whose
 * {@code gxid ‖ intent key} entry is written in the same batch as the intent (the gxid is the value's first 8 bytes),
 * and skipped when registered — a point read, never a set of every intent key in memory (a transaction writing
 * millions of rows ran the purge out of heap that way). Both column families are read at one RocksDB snapshot; an intent written later is not in that snapshot, and a version key is written only once (at
 * its commit), so deleting exactly the keys seen is safe against concurrent writers. Deletes are written without
 * fsync: a crash loses only the deletions, and the next purge redoes them.
 *
 * <p>Space comes back when the deleted entries are compacted away: each purged range is compacted
 * ({@code compactRange}) afterwards (stock rocksdbjni has no Java compaction filter, hence scan-and-delete).
 */
final class VersionPurge {
    /** Deletes per write batch. */
    private static final int BATCH = 10_000;
    /** The shortest possible version key: index prefix, at least one key byte, timestamp. */
    private static final int MIN_VERSION_KEY = KeyCodec.INDEX_PREFIX_LENGTH + 1 + KeyCodec.TIMESTAMP_LENGTH;

    private VersionPurge() {
    }

    /**
     * What one purge did.
     *
     * @param settled whether the walk saw every version and none newer than the safe point: each key is left with
     *     its one newest version, so until something is written again a purge at any later safe point deletes
     *     nothing
     */
    record Result(long keysScanned, long versionsPurged, boolean settled) {
    }

    /** Exact counts over the data column family. */
    record Counts(long versions, long keys, long intents) {
    }

    /** Called per version of a key, newest first; {@code first} is true for the key's newest version. */
    private interface VersionVisitor {
        void visit(byte[] key, byte[] value, long commitTs, boolean first);
    }

    static Result purge(DatanodeStorage s, RocksDB db, long safePoint, int[] tableIds, BooleanSupplier stop) {
        long[] keys = {0};
        long[] purged = {0};
        boolean[] above = {false};
        for (byte[][] range : ranges(tableIds)) {
            byte[][] deletedBounds = {null, null};
            WriteBatch[] batch = {new WriteBatch()};
            int[] pending = {0};
            boolean[] decided = {false};
            try {
                walk(s, db, range, stop, (key, value, ts, first) -> {
                    if (first) {
                        keys[0]++;
                        decided[0] = false;
                    }
                    boolean delete;
                    if (decided[0]) {
                        delete = true; // older than the key's newest version at or below the safe point
                    } else if (ts <= safePoint) {
                        decided[0] = true;
                        delete = RowValue.isTombstone(value);
                    } else {
                        above[0] = true;
                        delete = false;
                    }
                    if (!delete) {
                        return;
                    }
                    try {
                        batch[0].delete(s.dataFamily(), key);
                    } catch (RocksDBException e) {
                        throw new TesseraException(SqlState.IO_ERROR, "purge failed: " + e.getMessage(), e);
                    }
                    purged[0]++;
                    if (deletedBounds[0] == null) {
                        deletedBounds[0] = key;
                    }
                    deletedBounds[1] = key;
                    if (++pending[0] >= BATCH) {
                        s.write(batch[0], false);
                        batch[0].close();
                        batch[0] = new WriteBatch();
                        pending[0] = 0;
                    }
                });
                if (pending[0] > 0) {
                    s.write(batch[0], false);
                }
            } finally {
                batch[0].close();
            }
            if (deletedBounds[0] != null) {
                try {
                    // the upper bound of compactRange is inclusive
                    db.compactRange(s.dataFamily(), deletedBounds[0], deletedBounds[1]);
                } catch (RocksDBException e) {
                    throw new TesseraException(SqlState.IO_ERROR, "compaction after purge failed: " + e.getMessage(), e);
                }
            }
        }
        return new Result(keys[0], purged[0], !above[0] && !stop.getAsBoolean());
    }

    static Counts count(DatanodeStorage s, RocksDB db) {
        long[] c = {0, 0};
        long intents = walk(s, db, new byte[][] {null, null}, () -> false, (key, value, ts, first) -> {
            c[0]++;
            if (first) {
                c[1]++;
            }
        });
        return new Counts(c[0], c[1], intents);
    }

    /** The key ranges of the given tables ({@code [lower, upper)}, null: unbounded); all data when none given. */
    private static List<byte[][]> ranges(int[] tableIds) {
        List<byte[][]> out = new ArrayList<>();
        if (tableIds == null || tableIds.length == 0) {
            out.add(new byte[][] {null, null});
            return out;
        }
        int[] sorted = tableIds.clone();
        Arrays.sort(sorted); // unsigned order is the key order only for ids below 2^31, which is all of them
        for (int id : sorted) {
            out.add(new byte[][] {KeyCodec.tablePrefix(id), KeyCodec.tableUpperBound(id)});
        }
        return out;
    }

    /**
     * Visits every committed version in {@code range} at one RocksDB snapshot, skipping intents; returns the
     * number of entries of the intent registry (of the whole database) at that snapshot.
     */
    private static long walk(DatanodeStorage s, RocksDB db, byte[][] range, BooleanSupplier stop,
                             VersionVisitor visitor) {
        Snapshot snapshot = db.getSnapshot();
        try (ReadOptions registry = new ReadOptions().setSnapshot(snapshot)) {
            long intents = intentCount(s, db, registry);
            try (Slice lower = range[0] == null ? null : new Slice(range[0]);
                 Slice upper = range[1] == null ? null : new Slice(range[1]);
                 ReadOptions ro = new ReadOptions().setSnapshot(snapshot).setFillCache(false)
                         .setReadaheadSize(2 << 20)) {
                if (lower != null) {
                    ro.setIterateLowerBound(lower);
                }
                if (upper != null) {
                    ro.setIterateUpperBound(upper);
                }
                try (RocksIterator it = db.newIterator(s.dataFamily(), ro)) {
                    byte[] group = null;
                    long n = 0;
                    for (it.seekToFirst(); it.isValid(); it.next()) {
                        if ((++n & 0xFFF) == 0 && stop.getAsBoolean()) {
                            break;
                        }
                        byte[] k = it.key();
                        if (k.length >= KeyCodec.SHARD_PREFIX_LENGTH && KeyCodec.shardOf(k) == KeyCodec.INDEX_ENTRIES) {
                            // secondary-index entries (unversioned: SecondaryIndex), the end of their table's keys:
                            // onto the table's last key, so that next() leaves the table
                            byte[] next = KeyCodec.tableUpperBound(KeyCodec.tableIdOf(k));
                            if (next == null) {
                                break;
                            }
                            it.seek(next);
                            if (it.isValid()) {
                                it.prev();
                            } else {
                                it.seekToLast();
                            }
                            continue;
                        }
                        if (k.length < MIN_VERSION_KEY
                                || ByteSink.getInt(k, KeyCodec.SHARD_PREFIX_LENGTH) != KeyCodec.PRIMARY_INDEX) {
                            continue;
                        }
                        byte[] v = it.value();
                        if (isIntent(s, db, registry, k, v)) {
                            continue;
                        }
                        boolean first = group == null || group.length != k.length
                                || !Arrays.equals(group, 0, k.length - KeyCodec.TIMESTAMP_LENGTH,
                                        k, 0, k.length - KeyCodec.TIMESTAMP_LENGTH);
                        group = k;
                        visitor.visit(k, v, KeyCodec.commitTsOf(k, k.length), first);
                    }
                    it.status();
                }
            }
            return intents;
        } catch (RocksDBException e) {
            throw new TesseraException(SqlState.IO_ERROR, "reading versions failed: " + e.getMessage(), e);
        } finally {
            db.releaseSnapshot(snapshot);
        }
    }

    /**
     * Whether data entry {@code k → v} is an intent: its value has an intent's header and the intent registry holds
     * {@code gxid ‖ k} for the gxid the value starts with (read at {@code registry}'s snapshot).
     */
    private static boolean isIntent(DatanodeStorage s, RocksDB db, ReadOptions registry, byte[] k, byte[] v)
            throws RocksDBException {
        if (v.length < Intent.HEADER_LENGTH + 1 || (v[20] & ~(Intent.PREPARED | Intent.NO_KEY_UPDATE)) != 0) {
            return false;
        }
        byte[] rk = new byte[8 + k.length];
        System.arraycopy(v, 0, rk, 0, 8);
        System.arraycopy(k, 0, rk, 8, k.length);
        return db.get(s.intentFamily(), registry, rk) != null;
    }

    /** The entries of the intent registry at {@code registry}'s snapshot. */
    private static long intentCount(DatanodeStorage s, RocksDB db, ReadOptions registry) throws RocksDBException {
        long n = 0;
        try (RocksIterator it = db.newIterator(s.intentFamily(), registry)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                n++;
            }
            it.status();
        }
        return n;
    }
}
