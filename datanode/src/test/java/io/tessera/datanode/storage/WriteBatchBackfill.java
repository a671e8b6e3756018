package io.tessera.datanode.storage;

import io.tessera.common.codec.ByteSink;
import io.tessera.common.codec.KeyCodec;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.util.Arrays;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBatch;

/**
 * The backfill of a secondary index and the removal of one, over every shard of a table this datanode stores.
 *
 * <p>The backfill adds an entry for <em>every</em> stored version and intent of every row (not only the newest):
 * entries are re-checked against the row version a reader sees, so an extra entry costs space only, while a missing
 * one would hide a row from a reader whose snapshot sees an older version. It reads one RocksDB snapshot taken when it
 * starts; the caller guarantees that every write not in that snapshot maintains the index itself (docs/sql.md
 * "CREATE INDEX": the write-only state is published and older writes drained first). Entries are written in batches
 * without fsync and the last batch with fsync, which makes all of them durable (the WAL is sequential).
 */
final class WriteBatchBackfill { // main's backfill, for the probe only
    private static final int BATCH_ENTRIES = 4096;
    private static final int ROW_ID_KEY_END = KeyCodec.INDEX_PREFIX_LENGTH + KeyCodec.ROW_ID_LENGTH;

    private WriteBatchBackfill() {
    }

    static long run(DatanodeStorage storage, RocksDB db, int tableId, PrimaryKey primaryKey, IndexEntries entries) {
        byte[] upper = KeyCodec.tableUpperBound(tableId);
        long written = 0;
        Snapshot snapshot = db.getSnapshot();
        try (Slice lo = new Slice(KeyCodec.tablePrefix(tableId));
             Slice hi = new Slice(upper == null ? max() : upper);
             ReadOptions ro = new ReadOptions().setSnapshot(snapshot).setIterateLowerBound(lo)
                     .setIterateUpperBound(hi).setFillCache(false);
             RocksIterator it = db.newIterator(storage.dataFamily(), ro)) {
            WriteBatch batch = new WriteBatch();
            int pending = 0;
            try {
                it.seekToFirst();
                while (it.isValid()) {
                    byte[] k = it.key();
                    int index = ByteSink.getInt(k, KeyCodec.SHARD_PREFIX_LENGTH);
                    if (index != KeyCodec.PRIMARY_INDEX) {
                        // a secondary index's entries: go to the next shard's rows
                        int shard = KeyCodec.shardOf(k);
                        byte[] next = KeyCodec.shardUpperBound(tableId, shard);
                        if (next == null) {
                            break;
                        }
                        it.seek(next);
                        continue;
                    }
                    int end = primaryKey == null ? ROW_ID_KEY_END : primaryKey.keyEnd(k);
                    byte[] payload;
                    if (k.length == end) {
                        payload = Intent.decode(it.value()).payload();
                    } else if (k.length == end + KeyCodec.TIMESTAMP_LENGTH) {
                        payload = it.value();
                    } else {
                        throw new TesseraException(SqlState.DATA_CORRUPTED, "unexpected key of " + k.length
                                + " bytes in table " + Integer.toUnsignedString(tableId));
                    }
                    byte[] intentKey = k.length == end ? k : Arrays.copyOf(k, end);
                    WriteBatch b = batch;
                    int[] added = {0};
                    entries.addAll(intentKey, payload, (ek, ev) -> {
                        try {
                            b.put(storage.dataFamily(), ek, ev);
                        } catch (RocksDBException e) {
                            throw failed(e);
                        }
                        added[0]++;
                    });
                    pending += added[0];
                    written += added[0];
                    if (pending >= BATCH_ENTRIES) {
                        storage.write(batch, false);
                        batch.close();
                        batch = new WriteBatch();
                        pending = 0;
                    }
                    it.next();
                }
                it.status();
                storage.write(batch, true);
            } finally {
                batch.close();
            }
        } catch (RocksDBException e) {
            throw failed(e);
        } finally {
            db.releaseSnapshot(snapshot);
        }
        return written;
    }

    /** Deletes every entry of index {@code indexId} in every shard of the table (one range delete per shard). */
    static void drop(DatanodeStorage storage, RocksDB db, int tableId, int indexId) {
        byte[] upper = KeyCodec.tableUpperBound(tableId);
        try (Slice lo = new Slice(KeyCodec.tablePrefix(tableId));
             Slice hi = new Slice(upper == null ? max() : upper);
             ReadOptions ro = new ReadOptions().setIterateLowerBound(lo).setIterateUpperBound(hi);
             RocksIterator it = db.newIterator(storage.dataFamily(), ro);
             WriteBatch batch = new WriteBatch()) {
            it.seekToFirst();
            while (it.isValid()) {
                int shard = KeyCodec.shardOf(it.key());
                byte[] to = KeyCodec.indexUpperBound(tableId, shard, indexId);
                batch.deleteRange(storage.dataFamily(), KeyCodec.indexPrefix(tableId, shard, indexId), to);
                byte[] next = KeyCodec.shardUpperBound(tableId, shard);
                if (next == null) {
                    break;
                }
                it.seek(next);
            }
            it.status();
            storage.write(batch, true);
        } catch (RocksDBException e) {
            throw failed(e);
        }
    }

    private static byte[] max() {
        byte[] b = new byte[64];
        Arrays.fill(b, (byte) 0xFF);
        return b;
    }

    private static TesseraException failed(RocksDBException e) {
        return new TesseraException(SqlState.IO_ERROR, "index build failed: " + e.getMessage(), e);
    }
}
