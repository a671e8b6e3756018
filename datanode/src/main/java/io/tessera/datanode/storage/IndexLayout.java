package io.tessera.datanode.storage;

import io.tessera.common.codec.ByteSink;
import io.tessera.common.codec.KeyCodec;
import java.nio.charset.StandardCharsets;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rewrite, once per storage, of secondary-index entries from the first layout to the second.
 *
 * <p>Entries were keyed {@code [table][shard][index][values][row key]}, inside each shard's key range, so a lookup
 * sought once per shard of the datanode. They are now keyed {@code [table][0xFFFFFFFF][index][values][shard]
 * [row key]} ({@link SecondaryIndex}): one range per index. A storage opened by this version without the marker
 * {@code "index.layout" = 2} in the meta column family is walked once — one seek per shard of each table, to the keys
 * after its rows — and every entry found there is rewritten under its new key (same value, the row key) and deleted,
 * in synced batches; then the marker is written. A crash midway leaves some entries moved and the rest not; the next
 * start moves the rest (a moved entry is never in a shard's range again). A new storage has no keys and gets the
 * marker at once. Entries carry no versions and writers never delete them, so moving them changes nothing a reader
 * can see, and it runs before the storage serves anything.
 */
final class IndexLayout {
    private static final Logger LOG = LoggerFactory.getLogger(IndexLayout.class);
    static final byte[] MARKER_KEY = "index.layout".getBytes(StandardCharsets.US_ASCII);
    /** The layout with the shard after the values. */
    static final byte CURRENT = 2;
    private static final int BATCH = 10_000;

    private IndexLayout() {
    }

    /**
     * Moves every entry of the first layout to its key in the second, unless the marker says it was done.
     *
     * @return the entries moved
     */
    static long migrate(RocksDB db, ColumnFamilyHandle data, ColumnFamilyHandle meta) throws RocksDBException {
        byte[] marker = db.get(meta, MARKER_KEY);
        if (marker != null && marker.length == 1 && marker[0] >= CURRENT) {
            return 0;
        }
        long moved = 0;
        try (WriteOptions sync = new WriteOptions().setSync(true);
             RocksIterator it = db.newIterator(data)) {
            WriteBatch batch = new WriteBatch();
            try {
                int pending = 0;
                it.seekToFirst();
                while (it.isValid()) {
                    byte[] k = it.key();
                    if (k.length < KeyCodec.INDEX_PREFIX_LENGTH) {
                        it.next();
                        continue;
                    }
                    int table = KeyCodec.tableIdOf(k);
                    int shard = KeyCodec.shardOf(k);
                    if (shard == KeyCodec.INDEX_ENTRIES) { // already in the second layout: the table's last keys
                        byte[] next = KeyCodec.tableUpperBound(table);
                        if (next == null) {
                            break;
                        }
                        it.seek(next);
                        continue;
                    }
                    if (ByteSink.getInt(k, KeyCodec.SHARD_PREFIX_LENGTH) == KeyCodec.PRIMARY_INDEX) {
                        it.seek(KeyCodec.indexPrefix(table, shard, 1)); // past the shard's rows
                        continue;
                    }
                    batch.put(data, moved(k, it.value()), it.value());
                    batch.delete(data, k);
                    moved++;
                    if (++pending >= BATCH) {
                        db.write(sync, batch);
                        batch.close();
                        batch = new WriteBatch();
                        pending = 0;
                    }
                    it.next();
                }
                it.status();
                if (pending > 0) {
                    db.write(sync, batch);
                }
            } finally {
                batch.close();
            }
            db.put(meta, sync, MARKER_KEY, new byte[] {CURRENT});
        }
        if (moved > 0) {
            LOG.info("moved {} secondary-index entries to the layout with the shard after the values", moved);
        }
        return moved;
    }

    /** The second layout's key of the first layout's entry {@code [t][s][i][values][row key]} whose value is rowKey. */
    static byte[] moved(byte[] old, byte[] rowKey) {
        int valuesEnd = old.length - rowKey.length;
        byte[] k = new byte[old.length + 4];
        System.arraycopy(old, 0, k, 0, KeyCodec.TABLE_PREFIX_LENGTH);
        k[4] = (byte) 0xFF; // KeyCodec.INDEX_ENTRIES in the shard's place
        k[5] = (byte) 0xFF;
        k[6] = (byte) 0xFF;
        k[7] = (byte) 0xFF;
        System.arraycopy(old, KeyCodec.SHARD_PREFIX_LENGTH, k, KeyCodec.SHARD_PREFIX_LENGTH,
                valuesEnd - KeyCodec.SHARD_PREFIX_LENGTH); // index id and values
        System.arraycopy(old, KeyCodec.TABLE_PREFIX_LENGTH, k, valuesEnd, 4); // the shard
        System.arraycopy(rowKey, 0, k, valuesEnd + 4, rowKey.length);
        return k;
    }
}
