package io.tessera.datanode.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.codec.ByteSink;
import io.tessera.common.codec.KeyCodec;
import io.tessera.common.codec.StoredRowCodec;
import io.tessera.common.types.PgType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A receiver's path on a real RocksDB: rows in any order become several overlapping sorted SST runs, which one
 * ingestion makes readable under the new table id; and what a catch-up reads from the source (tombstones, the
 * version visible at an earlier snapshot).
 */
class SstRunsTest {
    private static final StoredRowCodec CODEC = StoredRowCodec.positional(List.of(PgType.INT4, PgType.TEXT));

    @TempDir
    Path dir;

    private static Set<String> scan(DatanodeStorage s, int table, int[] shards, long ts) {
        Set<String> out = new TreeSet<>();
        Object[] row = new Object[2];
        try (ScanCursor c = s.scan(table, shards, ts)) {
            while (c.next()) {
                c.decode(CODEC, row);
                out.add(row[0] + "/" + row[1] + "@" + c.commitTs());
            }
        }
        return out;
    }

    @Test
    void unsortedRowsBecomeOverlappingRunsThatIngestIntoTheNewTable() {
        try (DatanodeStorage s = DatanodeStorage.open(dir.resolve("db"), 1)) {
            List<Object[]> rows = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                rows.add(new Object[] {i, "row " + i});
            }
            s.insert(5, 0, CODEC, rows.subList(0, 250), 10);
            s.insert(5, 1, CODEC, rows.subList(250, 500), 11);
            // what the sources would send: key part, commit ts and value of each row, in scrambled order
            List<Object[]> sent = new ArrayList<>();
            try (ScanCursor c = s.scan(5, new int[] {0, 1}, 100)) {
                while (c.next()) {
                    sent.add(new Object[] {c.rowId(), c.commitTs(), c.value().clone()});
                }
            }
            Collections.shuffle(sent, new java.util.Random(1));
            SstRuns runs = new SstRuns(dir.resolve("job"), 4096);
            ByteSink key = new ByteSink(64);
            for (Object[] r : sent) {
                key.reset();
                KeyCodec.writeIndexPrefix(key, 9, 3, KeyCodec.PRIMARY_INDEX);
                key.write((byte[]) r[0]);
                KeyCodec.writeCommitTs(key, (Long) r[1]);
                runs.add(key.toByteArray(), (byte[]) r[2]);
            }
            List<String> files = runs.finish();
            assertTrue(files.size() > 3, "several runs: " + files.size());
            assertEquals(500, runs.entries());
            s.ingest(files, 0);
            Set<String> moved = scan(s, 9, new int[] {3}, 100);
            Set<String> original = scan(s, 5, new int[] {0, 1}, 100);
            assertEquals(500, moved.size());
            assertEquals(original, moved, "the same rows with their commit timestamps");
            assertEquals(Set.of(), scan(s, 9, new int[] {3}, 9), "invisible below their commit timestamps");
        }
    }

    /**
     * Moved rows keep their sources' commit timestamps: a target that committed something older before must still
     * see them at its own snapshot (its newest commit, what a single-node read takes), so ingesting records them.
     */
    @Test
    void ingestedRowsAreVisibleAtTheTargetsOwnSnapshot() {
        try (DatanodeStorage source = DatanodeStorage.open(dir.resolve("source"), 1);
             DatanodeStorage target = DatanodeStorage.open(dir.resolve("target"), 2)) {
            target.insert(7, 0, CODEC, List.<Object[]>of(new Object[] {1, "older, committed here"}), 5);
            assertEquals(5, target.newestCommitTs());
            source.insert(5, 0, CODEC, List.<Object[]>of(new Object[] {1, "a"}, new Object[] {2, "b"}), 20);
            SstRuns runs = new SstRuns(dir.resolve("job2"), 4096);
            ByteSink key = new ByteSink(64);
            long newest = 0;
            try (ScanCursor c = source.scan(5, new int[] {0}, 100)) {
                while (c.next()) {
                    key.reset();
                    KeyCodec.writeIndexPrefix(key, 9, 0, KeyCodec.PRIMARY_INDEX);
                    key.write(c.rowId());
                    KeyCodec.writeCommitTs(key, c.commitTs());
                    runs.add(key.toByteArray(), c.value().clone());
                    newest = Math.max(newest, c.commitTs());
                }
            }
            target.ingest(runs.finish(), newest);
            assertEquals(20, target.newestCommitTs());
            assertEquals(Set.of("1/a@20", "2/b@20"), scan(target, 9, new int[] {0}, target.newestCommitTs()));
        }
    }

    @Test
    void aCatchUpSeesDeletionsAndTheVersionVisibleAtTheLastRound() {
        try (DatanodeStorage s = DatanodeStorage.open(dir.resolve("db"), 1)) {
            s.insert(5, 0, CODEC, List.<Object[]>of(new Object[] {1, "a"}, new Object[] {2, "b"}), 10);
            byte[] deletedKey;
            byte[] rowId;
            try (ScanCursor c = s.scan(5, new int[] {0}, 100)) {
                c.next();
                deletedKey = c.intentKey();
                rowId = c.rowId();
            }
            try (StorageWrite w = s.newWrite(15)) {
                w.delete(5, 0, rowId);
                w.commit();
            }
            int rows = 0;
            int tombstones = 0;
            try (ScanCursor c = s.scan(5, new int[] {0}, 100).includeTombstones()) {
                while (c.next()) {
                    if (RowValue.isTombstone(c.value())) {
                        tombstones++;
                        assertArrayEquals(deletedKey, c.intentKey());
                        assertEquals(15, c.commitTs());
                    } else {
                        rows++;
                    }
                }
            }
            assertEquals(1, rows);
            assertEquals(1, tombstones);
            assertEquals(1, scan(s, 5, new int[] {0}, 100).size(), "a plain scan still hides the deleted row");
            assertNull(s.versionAt(deletedKey, 5), "nothing before the insert");
            assertTrue(!RowValue.isTombstone(s.versionAt(deletedKey, 12)), "the row between insert and delete");
            assertTrue(RowValue.isTombstone(s.versionAt(deletedKey, 15)), "the tombstone from the delete on");
        }
    }
}
