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
 * Main's backfill before it wrote SST runs (entries through WriteBatches, the WAL and the memtable), kept only for
 * {@link IndexBackfillTest#probeBackfillTime}'s comparison.
 */
final class WriteBatchBackfill {
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

    private static byte[] max() {
        byte[] b = new byte[64];
        Arrays.fill(b, (byte) 0xFF);
        return b;
    }

    private static TesseraException failed(RocksDBException e) {
        return new TesseraException(SqlState.IO_ERROR, "index build failed: " + e.getMessage(), e);
    }
}
