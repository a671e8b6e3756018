package io.tessera.datanode.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.codec.KeyCodec;
import io.tessera.common.codec.RowCodec;
import io.tessera.common.codec.StoredRowCodec;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatanodeStorageTest {
    static final StoredRowCodec CODEC = StoredRowCodec.positional(List.of(PgType.INT4, PgType.TEXT));
    static final int NODE = 0x0A0B0C0D;

    @TempDir
    Path dir;

    static List<Object[]> rows(int from, int to) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = from; i < to; i++) {
            rows.add(new Object[] {i, "row " + i});
        }
        return rows;
    }

    static List<Integer> scanIds(DatanodeStorage s, int table, int[] shards, long snapshot) {
        List<Integer> ids = new ArrayList<>();
        try (ScanCursor c = s.scan(table, shards, snapshot)) {
            Object[] row = new Object[2];
            while (c.next()) {
                c.decode(CODEC, row);
                ids.add((Integer) row[0]);
                assertEquals("row " + row[0], row[1]);
            }
        }
        return ids;
    }

    @Test
    void snapshotSeesOnlyVersionsCommittedAtOrBeforeIt() {
        try (DatanodeStorage s = DatanodeStorage.open(dir, NODE)) {
            s.insert(1, 0, CODEC, rows(0, 3), 100);
            s.insert(1, 0, CODEC, rows(3, 5), 200);
            assertEquals(List.of(), scanIds(s, 1, new int[] {0}, 99));
            assertEquals(List.of(0, 1, 2), scanIds(s, 1, new int[] {0}, 100));
            assertEquals(List.of(0, 1, 2), scanIds(s, 1, new int[] {0}, 199));
            assertEquals(List.of(0, 1, 2, 3, 4), scanIds(s, 1, new int[] {0}, 200));
        }
    }

    @Test
    void newestVisibleVersionWinsAndTombstoneHidesTheKey() {
        try (DatanodeStorage s = DatanodeStorage.open(dir, NODE)) {
            s.insert(1, 0, CODEC, rows(0, 2), 100);
            byte[] firstRowId;
            try (ScanCursor c = s.scan(1, new int[] {0}, 100)) {
                assertTrue(c.next());
                firstRowId = c.rowId();
                assertEquals(100, c.commitTs());
            }
            // a newer version of the first row (as an UPDATE will write), then a tombstone after it
            try (StorageWrite w = s.newWrite(150)) {
                w.delete(1, 0, firstRowId);
                w.commit();
            }
            assertEquals(List.of(0, 1), scanIds(s, 1, new int[] {0}, 149));
            assertEquals(List.of(1), scanIds(s, 1, new int[] {0}, 150));
            assertEquals(List.of(1), scanIds(s, 1, new int[] {0}, Long.MAX_VALUE));
        }
    }

    @Test
    void scansReadOnlyTheRequestedShardsOfTheTable() {
        try (DatanodeStorage s = DatanodeStorage.open(dir, NODE)) {
            s.insert(1, 0, CODEC, rows(0, 2), 10);
            s.insert(1, 1, CODEC, rows(10, 12), 10);
            s.insert(1, -1, CODEC, rows(20, 22), 10); // shard 0xFFFFFFFF: upper bound carries into the table id
            s.insert(2, 0, CODEC, rows(100, 102), 10);
            s.insert(0, 1, CODEC, rows(200, 202), 10);
            assertEquals(List.of(10, 11), scanIds(s, 1, new int[] {1}, 10));
            assertEquals(List.of(10, 11, 0, 1), scanIds(s, 1, new int[] {1, 0}, 10));
            assertEquals(List.of(20, 21), scanIds(s, 1, new int[] {-1}, 10));
            assertEquals(List.of(100, 101), scanIds(s, 2, new int[] {0}, 10));
            assertEquals(List.of(), scanIds(s, 1, new int[] {5}, 10));
        }
    }

    /**
     * approximateSizes measures only the asked shards of the asked table, index 0 being its rows: stored rows in
     * memtables and after a flush have a size, other shards, tables and an index with no entries have none.
     */
    @Test
    void approximateSizesMeasureTheAskedShardsOfOneTable() {
        try (DatanodeStorage s = DatanodeStorage.open(dir, NODE)) {
            assertArrayEquals(new long[] {0, 0}, s.approximateSizes(1, new int[] {0, 1}, new int[] {0, 5}));
            s.insert(1, 0, CODEC, rows(0, 2000), 10);
            s.insert(2, 1, CODEC, rows(0, 2000), 10);
            long[] memtable = s.approximateSizes(1, new int[] {0}, new int[] {0, 5});
            assertTrue(memtable[0] > 2000 * 8, () -> "2000 rows in the memtable: " + memtable[0]);
            assertEquals(0, memtable[1], "index 5 has no entries");
            assertArrayEquals(new long[] {0}, s.approximateSizes(1, new int[] {1, 2}, new int[] {0}));
            assertArrayEquals(new long[] {0}, s.approximateSizes(3, new int[] {0}, new int[] {0}));
            s.compact(); // flushes the memtable into SST files
            long[] flushed = s.approximateSizes(1, new int[] {0, 1}, new int[] {0});
            assertTrue(flushed[0] > 2000, () -> "2000 rows in SST files: " + flushed[0]);
        }
    }

    @Test
    void dropTableRemovesEveryShardAndNoOtherTable() {
        try (DatanodeStorage s = DatanodeStorage.open(dir, NODE)) {
            s.insert(1, 0, CODEC, rows(0, 100), 10);
            s.insert(1, 7, CODEC, rows(0, 100), 10);
            s.insert(2, 0, CODEC, rows(0, 5), 10);
            s.dropTable(1);
            assertEquals(List.of(), scanIds(s, 1, new int[] {0, 7}, 10));
            assertEquals(5, scanIds(s, 2, new int[] {0}, 10).size());
            s.compact();
        }
        try (DatanodeStorage s = DatanodeStorage.open(dir, NODE)) {
            assertEquals(List.of(), scanIds(s, 1, new int[] {0, 7}, 10));
        }
    }

    @Test
    void rowsAndRowIdsSurviveRestartAndIdsAreNeverReused() {
        Set<String> ids = new HashSet<>();
        long before;
        try (DatanodeStorage s = DatanodeStorage.open(dir, NODE)) {
            s.insert(1, 0, CODEC, rows(0, 10), 10);
            collectRowIds(s, ids);
            before = s.allocateRowIds(0);
        }
        try (DatanodeStorage s = DatanodeStorage.open(dir, NODE)) {
            assertEquals(10, scanIds(s, 1, new int[] {0}, 10).size());
            assertTrue(s.allocateRowIds(0) >= before, "counter went backwards");
            s.insert(1, 0, CODEC, rows(10, 20), 20);
            Set<String> all = new HashSet<>();
            collectRowIds(s, all);
            assertEquals(20, all.size());
            assertTrue(all.containsAll(ids));
        }
    }

    private static void collectRowIds(DatanodeStorage s, Set<String> into) {
        try (ScanCursor c = s.scan(1, new int[] {0}, Long.MAX_VALUE)) {
            while (c.next()) {
                byte[] id = c.rowId();
                assertEquals(KeyCodec.ROW_ID_LENGTH, id.length);
                assertEquals(NODE, io.tessera.common.codec.ByteSink.getInt(id, 0));
                into.add(java.util.HexFormat.of().formatHex(id));
            }
        }
    }

    @Test
    void encodedBatchesAreStoredWithoutDecodingAndValidated() {
        try (DatanodeStorage s = DatanodeStorage.open(dir, NODE)) {
            byte[] batch = CODEC.rowCodec().encodeBatch(rows(0, 50));
            try (StorageWrite w = s.newWrite(5)) {
                w.insertEncoded(3, 0, CODEC, batch, 50);
                assertEquals(50, w.commit());
            }
            assertEquals(50, scanIds(s, 3, new int[] {0}, 5).size());
            try (StorageWrite w = s.newWrite(6)) {
                TesseraException e = assertThrows(TesseraException.class, () -> w.insertEncoded(3, 0, CODEC, batch, 51));
                assertEquals(SqlState.DATA_CORRUPTED, e.sqlState());
            }
            assertEquals(50, scanIds(s, 3, new int[] {0}, 100).size());
        }
    }

    @Test
    void rowsWrittenWithFewerColumnsReadWithNewColumnsNull() {
        try (DatanodeStorage s = DatanodeStorage.open(dir, NODE)) {
            s.insert(4, 0, StoredRowCodec.positional(List.of(PgType.INT4)), List.<Object[]>of(new Object[] {9}), 1);
            try (ScanCursor c = s.scan(4, new int[] {0}, 1)) {
                assertTrue(c.next());
                Object[] row = {1, "x"};
                c.decode(CODEC, row);
                assertArrayEquals(new Object[] {9, null}, row);
                assertFalse(c.next());
            }
        }
    }

    @Test
    void rowsWrittenBeforeADropColumnReadWithoutTheDroppedColumn() {
        try (DatanodeStorage s = DatanodeStorage.open(dir, NODE)) {
            StoredRowCodec before = StoredRowCodec.positional(List.of(PgType.INT4, PgType.TEXT, PgType.INT8));
            s.insert(4, 0, before, List.<Object[]>of(new Object[] {9, "dropped", 90L}), 1);
            // DROP COLUMN (id 2), ADD COLUMN (id 4): no rewrite
            StoredRowCodec after = new StoredRowCodec(new int[] {1, 3, 4}, List.of(PgType.INT4, PgType.INT8, PgType.TEXT));
            s.insert(4, 0, after, List.<Object[]>of(new Object[] {10, 100L, "new"}), 2);
            List<Object[]> read = new ArrayList<>();
            try (ScanCursor c = s.scan(4, new int[] {0}, 2)) {
                while (c.next()) {
                    Object[] row = new Object[3];
                    c.decode(after, row);
                    read.add(row);
                }
            }
            read.sort(java.util.Comparator.comparing(r -> (Integer) r[0]));
            assertArrayEquals(new Object[] {9, 90L, null}, read.get(0));
            assertArrayEquals(new Object[] {10, 100L, "new"}, read.get(1));
        }
    }

    @Test
    void tableIdsListsEachStoredTableOnceAndForgetsDroppedOnes() {
        try (DatanodeStorage s = DatanodeStorage.open(dir, NODE)) {
            assertEquals(List.of(), s.tableIds());
            s.insert(7, 0, CODEC, rows(0, 20), 10);
            s.insert(7, 3, CODEC, rows(20, 30), 10);
            s.insert(2, 1, CODEC, rows(0, 5), 10);
            s.insert(-1, 0, CODEC, rows(0, 2), 10); // table 0xFFFFFFFF: no upper bound
            assertEquals(List.of(2, 7, -1), s.tableIds());
            s.dropTable(7);
            assertEquals(List.of(2, -1), s.tableIds());
        }
    }

    @Test
    void aSecondOpenOfTheSameDirectoryFailsClearly() {
        try (DatanodeStorage s = DatanodeStorage.open(dir, NODE)) {
            TesseraException e = assertThrows(TesseraException.class, () -> DatanodeStorage.open(dir, NODE));
            assertEquals(SqlState.IO_ERROR, e.sqlState());
            assertTrue(e.getMessage().contains("cannot open storage"));
        }
    }

    /** Spins until {@code s} refuses new uses, i.e. its {@link DatanodeStorage#close} has begun. */
    private static void awaitClosing(DatanodeStorage s) {
        while (true) {
            try {
                s.newestCommitTs();
                s.newWrite(1).close();
            } catch (TesseraException e) {
                assertEquals(SqlState.ADMIN_SHUTDOWN, e.sqlState());
                return;
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void closeWaitsForAnOpenCursorAndRefusesNewUses() throws Exception {
        DatanodeStorage s = DatanodeStorage.open(dir, NODE);
        s.insert(1, 0, CODEC, rows(0, 100), 100);
        ScanCursor c = s.scan(1, new int[] {0}, 100);
        assertTrue(c.next());
        Thread closer = new Thread(s::close, "closer");
        closer.start();
        awaitClosing(s);
        // the database is still open under the cursor: reading on is valid native access, not a crash
        int n = 1;
        while (c.next()) {
            n++;
        }
        assertEquals(100, n);
        assertTrue(closer.isAlive(), "close returned while a cursor was open");
        c.close();
        closer.join();
        TesseraException e = assertThrows(TesseraException.class, () -> s.scan(1, new int[] {0}, 100));
        assertEquals(SqlState.ADMIN_SHUTDOWN, e.sqlState());
    }

    @Test
    void closeUnderARunningWriterEndsItsWritesWithAdminShutdown() throws Exception {
        // a datanode stopped during a large rollback crashed in MemTable::Add: the storage closed under a write
        DatanodeStorage s = DatanodeStorage.open(dir, NODE);
        java.util.concurrent.atomic.AtomicReference<Throwable> ended = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.CountDownLatch writing = new java.util.concurrent.CountDownLatch(1);
        Thread writer = new Thread(() -> {
            try {
                for (int i = 0; ; i += 50) {
                    s.insert(1, 0, CODEC, rows(i, i + 50), 100 + i);
                    writing.countDown();
                }
            } catch (Throwable t) {
                ended.set(t);
            }
        }, "writer");
        writer.start();
        writing.await();
        s.close();
        writer.join();
        TesseraException e = assertInstanceOf(TesseraException.class, ended.get());
        assertEquals(SqlState.ADMIN_SHUTDOWN, e.sqlState());
    }
}
