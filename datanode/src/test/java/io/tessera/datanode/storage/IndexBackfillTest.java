package io.tessera.datanode.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.tessera.common.codec.KeyCodec;
import io.tessera.common.codec.StoredRowCodec;
import io.tessera.common.types.PgType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backfill builds the entries of every stored row version into SST files and ingests them; scans through the index
 * then find each row whose visible version has the value, in every shard, and a drop removes the ingested entries.
 */
class IndexBackfillTest {
    static final StoredRowCodec CODEC = StoredRowCodec.positional(List.of(PgType.INT4, PgType.TEXT));
    static final int TABLE = 5;
    static final int SHARDS = 32;

    @TempDir
    Path dir;

    private static SecondaryIndex index(boolean readable) {
        return new SecondaryIndex(9, "i", new int[] {0}, new PgType[] {PgType.INT4}, new boolean[] {false},
                new boolean[] {false}, false, true, readable);
    }

    /** Rows (k = i % mod, "row i") spread round the shards, {@code rows} of them, committed at 100. */
    private static void load(DatanodeStorage s, int rows, int mod) {
        for (int shard = 0; shard < SHARDS; shard++) {
            List<Object[]> batch = new ArrayList<>();
            for (int i = shard; i < rows; i += SHARDS) {
                batch.add(new Object[] {i % mod, "row " + i});
            }
            s.insert(TABLE, shard, CODEC, batch, 100);
        }
    }

    private static int[] allShards() {
        int[] shards = new int[SHARDS];
        for (int i = 0; i < SHARDS; i++) {
            shards[i] = i;
        }
        return shards;
    }

    /** The second column of the rows an equality lookup of {@code k} returns at {@code snapshotTs}, sorted. */
    private static List<String> lookup(DatanodeStorage s, SecondaryIndex index, int k, long snapshotTs) {
        byte[] values = index.encodeValues(new Object[] {k, null});
        List<byte[][]> ranges = List.<byte[][]>of(new byte[][] {values, KeyCodec.prefixUpperBound(values)});
        List<String> out = new ArrayList<>();
        try (IndexScanCursor c = s.indexScan(TABLE, allShards(), snapshotTs, null, index, CODEC, ranges)) {
            Object[] row = new Object[2];
            while (c.next()) {
                c.decode(CODEC, row);
                assertEquals(k, row[0]);
                out.add((String) row[1]);
            }
        }
        out.sort(null);
        return out;
    }

    private static List<String> expected(int k, int rows) {
        List<String> out = new ArrayList<>();
        for (int i = k; i < rows; i += 100) {
            out.add("row " + i);
        }
        out.sort(null);
        return out;
    }

    @Test
    void backfillIngestsEntriesThatLookupsFindInEveryShard() throws Exception {
        try (DatanodeStorage s = DatanodeStorage.open(dir.resolve("rocksdb"), 1)) {
            load(s, 10_000, 100);
            SecondaryIndex index = index(true);
            long written = s.backfillIndex(TABLE, null, new IndexEntries(CODEC, List.of(index), null));
            assertEquals(10_000, written);
            for (int k : new int[] {0, 1, 42, 99}) {
                assertEquals(expected(k, 10_000), lookup(s, index, k, 100), "k=" + k);
            }
            assertEquals(List.of(), lookup(s, index, 100, 100));
            assertEquals(List.of(), lookup(s, index, 5, 99), "a snapshot before the rows sees none");
            assertFalse(leftovers(), "the build's temporary SST files are gone");

            s.dropIndex(TABLE, 9);
            assertEquals(List.of(), lookup(s, index, 42, 100), "the drop removes the ingested entries");
            // a retried build after the drop finds the rows again
            s.backfillIndex(TABLE, null, new IndexEntries(CODEC, List.of(index), null));
            assertEquals(expected(42, 10_000), lookup(s, index, 42, 100));
        }
    }

    @Test
    void lookupSeesTheRowVersionOfItsSnapshot() {
        try (DatanodeStorage s = DatanodeStorage.open(dir.resolve("rocksdb"), 1)) {
            load(s, 1_000, 100);
            SecondaryIndex index = index(true);
            s.backfillIndex(TABLE, null, new IndexEntries(CODEC, List.of(index), null));
            // a tombstone of "row 142" (k = 42, shard 142 % 32) at 150, after the build
            byte[] rowId = null;
            try (ScanCursor c = s.scan(TABLE, new int[] {142 % SHARDS}, 100)) {
                Object[] row = new Object[2];
                while (c.next()) {
                    c.decode(CODEC, row);
                    if (row[1].equals("row 142")) {
                        rowId = c.rowId();
                    }
                }
            }
            try (StorageWrite w = s.newWrite(150)) {
                w.delete(TABLE, 142 % SHARDS, rowId);
                w.commit();
            }
            List<String> all = expected(42, 1_000);
            assertEquals(all, lookup(s, index, 42, 149), "the version before the tombstone");
            List<String> after = new ArrayList<>(all);
            after.remove("row 142");
            assertEquals(after, lookup(s, index, 42, 150), "the tombstone hides the row");
        }
    }

    /** The first column of the rows a scan of {@code shards} through {@code ranges} returns, in the order read. */
    private static List<Integer> keys(DatanodeStorage s, SecondaryIndex index, int[] shards, List<byte[][]> ranges) {
        List<Integer> out = new ArrayList<>();
        try (IndexScanCursor c = s.indexScan(TABLE, shards, 100, null, index, CODEC, ranges)) {
            Object[] row = new Object[2];
            while (c.next()) {
                c.decode(CODEC, row);
                out.add((Integer) row[0]);
            }
        }
        return out;
    }

    @Test
    void rangeScanReturnsEveryShardsRowsInIndexOrder() {
        try (DatanodeStorage s = DatanodeStorage.open(dir.resolve("rocksdb"), 1)) {
            load(s, 3_000, 100);
            SecondaryIndex index = index(true);
            s.backfillIndex(TABLE, null, new IndexEntries(CODEC, List.of(index), null));
            byte[] from = index.encodeValues(new Object[] {10, null});
            byte[] to = index.encodeValues(new Object[] {20, null});
            List<Integer> got = keys(s, index, allShards(), List.<byte[][]>of(new byte[][] {from, to}));
            List<Integer> want = new ArrayList<>();
            for (int k = 10; k < 20; k++) {
                for (int i = 0; i < 30; i++) {
                    want.add(k); // rows k, k + 100, ...: 30 of each value, spread over the shards
                }
            }
            assertEquals(want, got, "one iterator over all shards: the values in index order, every match");
        }
    }

    @Test
    void scanOfSomeShardsReturnsOnlyTheirRows() {
        try (DatanodeStorage s = DatanodeStorage.open(dir.resolve("rocksdb"), 1)) {
            load(s, 3_200, 100);
            SecondaryIndex index = index(true);
            s.backfillIndex(TABLE, null, new IndexEntries(CODEC, List.of(index), null));
            byte[] values = index.encodeValues(new Object[] {42, null});
            List<byte[][]> ranges = List.<byte[][]>of(new byte[][] {values, KeyCodec.prefixUpperBound(values)});
            // row i is in shard i % 32 with k = i % 100: k = 42 in rows 42, 142, ..., 3142; shards 10 and 14 hold
            // rows 42 (42 % 32 = 10), 142 (14), 842 (10), 942 (14), ...
            List<String> got = new ArrayList<>();
            try (IndexScanCursor c = s.indexScan(TABLE, new int[] {10, 14}, 100, null, index, CODEC, ranges)) {
                Object[] row = new Object[2];
                while (c.next()) {
                    c.decode(CODEC, row);
                    got.add((String) row[1]);
                }
            }
            List<String> want = new ArrayList<>();
            for (int i = 42; i < 3_200; i += 100) {
                if (i % SHARDS == 10 || i % SHARDS == 14) {
                    want.add("row " + i);
                }
            }
            got.sort(null);
            want.sort(null);
            assertFalse(want.isEmpty());
            assertEquals(want, got);
            assertEquals(List.of(), keys(s, index, new int[] {0}, ranges), "shard 0 has no row with k = 42");
        }
    }

    @Test
    void entriesOfTheFirstLayoutAreMovedWhenTheStorageOpens() throws Exception {
        SecondaryIndex index = index(true);
        try (DatanodeStorage s = DatanodeStorage.open(dir.resolve("rocksdb"), 1)) {
            load(s, 2_000, 100);
            s.backfillIndex(TABLE, null, new IndexEntries(CODEC, List.of(index), null));
            // rewrite every entry as the previous version stored it, [table][shard][index][values][row key], and
            // forget that the storage was migrated
            try (org.rocksdb.WriteBatch batch = new org.rocksdb.WriteBatch()) {
                for (int shard = 0; shard < SHARDS; shard++) {
                    try (ScanCursor c = s.scan(TABLE, new int[] {shard}, 100)) {
                        Object[] row = new Object[2];
                        while (c.next()) {
                            c.decode(CODEC, row);
                            byte[] intentKey = c.intentKey();
                            byte[] values = index.encodeValues(row);
                            byte[] rowKey = SecondaryIndex.entryValue(intentKey);
                            io.tessera.common.codec.ByteSink old = new io.tessera.common.codec.ByteSink(64);
                            KeyCodec.writeIndexPrefix(old, TABLE, shard, index.id());
                            old.write(values);
                            old.write(rowKey);
                            batch.put(s.dataFamily(), old.toByteArray(), rowKey);
                            batch.delete(s.dataFamily(), index.entryKey(intentKey, values));
                        }
                    }
                }
                batch.delete(s.metaFamily(), IndexLayout.MARKER_KEY);
                s.write(batch, true);
            }
            assertEquals(List.of(), lookup(s, index, 42, 100), "no entry in the current layout");
        }
        try (DatanodeStorage s = DatanodeStorage.open(dir.resolve("rocksdb"), 1)) {
            for (int k : new int[] {0, 42, 99}) {
                assertEquals(expected(k, 2_000), lookup(s, index, k, 100), "k=" + k);
            }
            // no entry is left among the rows: a backfill (which refuses keys of an index there) reads only rows
            SecondaryIndex other = new SecondaryIndex(10, "j", new int[] {0}, new PgType[] {PgType.INT4},
                    new boolean[] {false}, new boolean[] {false}, false, true, true);
            assertEquals(2_000, s.backfillIndex(TABLE, null, new IndexEntries(CODEC, List.of(other), null)));
            assertEquals(expected(7, 2_000), lookup(s, other, 7, 100));
        }
    }

    @Test
    void backfillOfAnEmptyTableWritesNothing() throws Exception {
        try (DatanodeStorage s = DatanodeStorage.open(dir.resolve("rocksdb"), 1)) {
            SecondaryIndex index = index(true);
            assertEquals(0, s.backfillIndex(TABLE, null, new IndexEntries(CODEC, List.of(index), null)));
            assertEquals(List.of(), lookup(s, index, 1, 100));
            assertFalse(leftovers());
        }
    }

    @Test
    void runFilesOfAnInterruptedBuildAreDeletedWhenTheStorageOpens() throws Exception {
        Path run = dir.resolve(IndexBackfill.BUILD_DIR).resolve("5-1234-1").resolve("run-00000.sst");
        Files.createDirectories(run.getParent());
        Files.write(run, new byte[] {1, 2, 3});
        try (DatanodeStorage s = DatanodeStorage.open(dir.resolve("rocksdb"), 1)) {
            assertFalse(Files.exists(run));
            assertFalse(leftovers());
        }
    }

    private boolean leftovers() throws Exception {
        Path builds = dir.resolve(IndexBackfill.BUILD_DIR);
        if (!Files.exists(builds)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(builds)) {
            return files.anyMatch(Files::isRegularFile);
        }
    }

    /** Not a test: prints the time of point lookups through the index (run by hand with -Dtessera.probe=true). */
    @Test
    @EnabledIfSystemProperty(named = "tessera.probe", matches = "true")
    void probeLookupTime() {
        try (DatanodeStorage s = DatanodeStorage.open(dir.resolve("rocksdb"), 1)) {
            load(s, 200_000, 200_000);
            SecondaryIndex index = index(true);
            s.backfillIndex(TABLE, null, new IndexEntries(CODEC, List.of(index), null));
            for (int round = 0; round < 5; round++) {
                long t = System.nanoTime();
                int n = 20_000;
                for (int i = 0; i < n; i++) {
                    lookup(s, index, 300_000 + i, 100); // no such value: the cost of visiting 32 shards
                }
                long miss = (System.nanoTime() - t) / n;
                t = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    lookup(s, index, i * 7, 100);
                }
                System.out.printf("round %d: lookup of a missing value %d us, of a present one %d us%n",
                        round, miss / 1000, (System.nanoTime() - t) / n / 1000);
            }
        }
    }
}
