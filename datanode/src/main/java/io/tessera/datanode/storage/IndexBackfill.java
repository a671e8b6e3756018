package io.tessera.datanode.storage;

import io.tessera.common.codec.ByteSink;
import io.tessera.common.codec.KeyCodec;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backfill of a secondary index and the removal of one, over every shard of a table this datanode stores.
 *
 * <p>The backfill adds an entry for <em>every</em> stored version and intent of every row (not only the newest):
 * entries are re-checked against the row version a reader sees, so an extra entry costs space only, while a missing
 * one would hide a row from a reader whose snapshot sees an older version. It reads one RocksDB snapshot taken when it
 * starts; the caller guarantees that every write not in that snapshot maintains the index itself (docs/sql.md
 * "CREATE INDEX": the write-only state is published and older writes drained first).
 *
 * <p>The entries are not written through the WAL and memtable (random keys, each written twice): they go into sorted
 * SST runs ({@link SstRuns}, bounded memory) under {@code <data dir>/index-build/<build>/}, ingested with one
 * {@code ingestExternalFile} at the end ({@link DatanodeStorage#ingest}: the files are moved in, durable when it
 * returns). Why that is safe beside concurrent writers:
 * <ul>
 *   <li>an ingested file's keys get a sequence number newer than every write before the ingestion, so an entry it
 *       holds may shadow an entry a concurrent writer put under the same key — with the same value, since an
 *       entry's value (the row key) is a function of its key ({@link SecondaryIndex#entryValue}); and writers never
 *       delete entries, so there is no deletion for a file to undo;
 *   <li>nothing is visible before the ingestion, which is atomic: a crash during the build leaves only run files,
 *       deleted when the storage opens, and the build's failure path drops the index's key range
 *       ({@link #drop}, a range deletion newer than the ingested files, so it covers them too);
 *   <li>the run files are deleted on every path (moved by a successful ingestion, the directory removed after it).
 * </ul>
 */
final class IndexBackfill {
    private static final Logger LOG = LoggerFactory.getLogger(IndexBackfill.class);
    /** The directory, beside the storage's own, holding the run files of builds in progress. */
    static final String BUILD_DIR = "index-build";
    /** Keys and values of one run (bytes); the heap holds about twice that while a run is sorted. */
    private static final long RUN_BYTES = 16L << 20;
    private static final int ROW_ID_KEY_END = KeyCodec.INDEX_PREFIX_LENGTH + KeyCodec.ROW_ID_LENGTH;
    private static final AtomicLong BUILDS = new AtomicLong();

    private IndexBackfill() {
    }

    /** The directory of the builds' run files of the storage in {@code storageDir}. */
    static Path buildDirectory(Path storageDir) {
        return storageDir.toAbsolutePath().resolveSibling(BUILD_DIR);
    }

    static long run(DatanodeStorage storage, RocksDB db, int tableId, PrimaryKey primaryKey, IndexEntries entries) {
        byte[] upper = KeyCodec.tableUpperBound(tableId);
        Path dir = buildDirectory(storage.directory()).resolve(Integer.toUnsignedString(tableId) + "-"
                + ProcessHandle.current().pid() + "-" + BUILDS.incrementAndGet());
        long started = System.nanoTime();
        Snapshot snapshot = db.getSnapshot();
        try (Slice lo = new Slice(KeyCodec.tablePrefix(tableId));
             Slice hi = new Slice(upper == null ? max() : upper);
             ReadOptions ro = new ReadOptions().setSnapshot(snapshot).setIterateLowerBound(lo)
                     .setIterateUpperBound(hi).setFillCache(false);
             RocksIterator it = db.newIterator(storage.dataFamily(), ro);
             SstRuns runs = new SstRuns(dir, RUN_BYTES)) {
            it.seekToFirst();
            while (it.isValid()) {
                byte[] k = it.key();
                if (KeyCodec.shardOf(k) == KeyCodec.INDEX_ENTRIES) {
                    break; // the secondary indexes' entries, after every shard's rows
                }
                if (ByteSink.getInt(k, KeyCodec.SHARD_PREFIX_LENGTH) != KeyCodec.PRIMARY_INDEX) {
                    throw new TesseraException(SqlState.DATA_CORRUPTED, "unexpected key of index "
                            + Integer.toUnsignedString(ByteSink.getInt(k, KeyCodec.SHARD_PREFIX_LENGTH))
                            + " among the rows of table " + Integer.toUnsignedString(tableId));
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
                entries.addAll(intentKey, payload, runs::add);
                it.next();
            }
            it.status();
            List<String> files = runs.finish();
            db.releaseSnapshot(snapshot);
            snapshot = null;
            long built = System.nanoTime();
            storage.ingest(files, 0);
            LOG.info("backfill of table {}: {} entries in {} files, read and written in {} ms, ingested in {} ms",
                    Integer.toUnsignedString(tableId), runs.entries(), files.size(), (built - started) / 1_000_000,
                    (System.nanoTime() - built) / 1_000_000);
            return runs.entries();
        } catch (RocksDBException e) {
            throw failed(e);
        } finally {
            if (snapshot != null) {
                db.releaseSnapshot(snapshot);
            }
            SstRuns.deleteTree(dir);
        }
    }

    /**
     * Deletes every entry of index {@code indexId} in every shard of the table: one range deletion of
     * {@code [table][0xFFFFFFFF][index]}, synced.
     */
    static void drop(DatanodeStorage storage, RocksDB db, int tableId, int indexId) {
        byte[] from = KeyCodec.indexEntriesPrefix(tableId, indexId);
        byte[] to = KeyCodec.indexEntriesUpperBound(tableId, indexId);
        try (WriteBatch batch = new WriteBatch()) {
            batch.deleteRange(storage.dataFamily(), from, to == null ? max() : to);
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
