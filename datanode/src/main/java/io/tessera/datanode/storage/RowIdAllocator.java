package io.tessera.datanode.storage;

import io.tessera.common.codec.ByteSink;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.nio.charset.StandardCharsets;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;

/**
 * Hands out the counter half of hidden row ids. Ids are reserved in blocks: the block's end (the high-water mark)
 * is written to the meta column family with a synced write before any id of the block is returned, and a restart
 * continues from the stored mark, so no id is ever handed out twice even after SIGKILL. Thread-safe.
 */
final class RowIdAllocator {
    static final byte[] HWM_KEY = "rowid.hwm".getBytes(StandardCharsets.US_ASCII);
    static final long BLOCK = 1L << 20;

    private final RocksDB db;
    private final ColumnFamilyHandle meta;
    private final WriteOptions syncWrite;
    private long next;
    private long reservedUntil;

    RowIdAllocator(RocksDB db, ColumnFamilyHandle meta, WriteOptions syncWrite) throws RocksDBException {
        this.db = db;
        this.meta = meta;
        this.syncWrite = syncWrite;
        byte[] v = db.get(meta, HWM_KEY);
        this.next = v == null ? 1 : ByteSink.getLong(v, 0);
        this.reservedUntil = next;
    }

    /** Reserves {@code n} consecutive ids and returns the first. */
    synchronized long allocate(int n) {
        if (next + n > reservedUntil) {
            long mark = next + n + BLOCK;
            byte[] v = new byte[8];
            ByteSinkAccess.putLong(v, mark);
            try {
                db.put(meta, syncWrite, HWM_KEY, v);
            } catch (RocksDBException e) {
                throw new TesseraException(SqlState.IO_ERROR, "cannot reserve row ids: " + e.getMessage(), e);
            }
            reservedUntil = mark;
        }
        long first = next;
        next += n;
        return first;
    }

    /** The next id that would be handed out (for tests). */
    synchronized long peek() {
        return next;
    }

    private static final class ByteSinkAccess {
        static void putLong(byte[] b, long v) {
            for (int i = 7; i >= 0; i--) {
                b[i] = (byte) v;
                v >>>= 8;
            }
        }
    }
}
