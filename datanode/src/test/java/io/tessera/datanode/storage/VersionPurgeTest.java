package io.tessera.datanode.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.tessera.common.codec.KeyCodec;
import io.tessera.common.codec.RowCodec;
import io.tessera.common.codec.StoredRowCodec;
import io.tessera.common.types.PgType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The purge rule of {@link DatanodeStorage#purgeVersions} on a real RocksDB. */
class VersionPurgeTest {
    static final StoredRowCodec CODEC = StoredRowCodec.positional(List.of(PgType.INT8, PgType.INT8, PgType.TEXT));
    static final int TABLE = 7;

    @TempDir
    Path dir;

    /**
     * The intent key of row (a, b) under a two-column bigint primary key: two keys with the same {@code a} differ
     * only in their last 8 bytes.
     */
    static byte[] key(int table, long a, long b) {
        return KeyCodec.intentKey(table, 0, KeyCodec.PRIMARY_INDEX, pk().encode(new Object[] {a, b, "-"}));
    }

    /** Commits version {@code text} (null: a tombstone) of row (a, b) at {@code ts}. */
    static void put(DatanodeStorage s, byte[] intentKey, long ts, String text) {
        Object[] row = ROWS.get(java.nio.ByteBuffer.wrap(intentKey));
        try (StorageWrite w = s.newWrite(ts)) {
            w.putVersion(intentKey, text == null ? RowValue.tombstone()
                    : RowValue.encode(CODEC, new Object[] {row[0], row[1], text}));
            w.commit();
        }
    }

    static final Map<java.nio.ByteBuffer, Object[]> ROWS = new java.util.HashMap<>();

    static {
        for (int table : new int[] {TABLE, TABLE + 1}) {
            for (long a = 0; a < 10; a++) {
                for (long b = 0; b < 10; b++) {
                    ROWS.put(java.nio.ByteBuffer.wrap(key(table, a, b)), new Object[] {a, b});
                }
            }
        }
    }

    static PrimaryKey pk() {
        return PrimaryKey.of("t", List.of("a", "b", "c"), List.of(PgType.INT8, PgType.INT8, PgType.TEXT), new int[] {0, 1});
    }

    /** What a scan at {@code snapshot} returns: "a/b=c" per visible row. */
    static List<String> read(DatanodeStorage s, int table, long snapshot) {
        List<String> out = new ArrayList<>();
        try (ScanCursor c = s.scan(table, new int[] {0}, snapshot, null, pk())) {
            Object[] row = new Object[3];
            while (c.next()) {
                c.decode(CODEC, row);
                out.add(row[0] + "/" + row[1] + "=" + row[2]);
            }
        }
        return out;
    }

    /** The reads at several snapshots, for before/after comparisons. */
    static Map<Long, List<String>> reads(DatanodeStorage s, long... snapshots) {
        Map<Long, List<String>> m = new LinkedHashMap<>();
        for (long t : snapshots) {
            m.put(t, read(s, TABLE, t));
        }
        return m;
    }

    @Test
    void keepsTheNewestVersionAtOrBelowTheSafePointAndEveryNewerOne() {
        try (DatanodeStorage s = DatanodeStorage.open(dir, 1)) {
            byte[] k = key(TABLE, 1, 1);
            put(s, k, 100, "v100");
            put(s, k, 200, "v200");
            put(s, k, 300, "v300");
            put(s, k, 400, "v400");
            Map<Long, List<String>> before = reads(s, 250, 299, 300, 399, 400, Long.MAX_VALUE);

            DatanodeStorage.PurgeResult r = s.purgeVersions(250, new int[0], () -> false);

            assertEquals(1, r.versionsPurged(), "only v100 is older than the newest version at or below 250");
            assertEquals(before, reads(s, 250, 299, 300, 399, 400, Long.MAX_VALUE),
                    "snapshots at or above the safe point read the same");
            assertEquals(List.of("1/1=v200"), read(s, TABLE, 250));
            assertEquals(new DatanodeStorage.VersionCounts(3, 1, 0), s.countVersions());
        }
    }

    @Test
    void aTombstoneAtOrBelowTheSafePointGoesWithEverythingOlder() {
        try (DatanodeStorage s = DatanodeStorage.open(dir, 1)) {
            byte[] deleted = key(TABLE, 1, 1);
            put(s, deleted, 100, "old");
            put(s, deleted, 200, null);
            byte[] reinserted = key(TABLE, 2, 1);
            put(s, reinserted, 100, "first");
            put(s, reinserted, 200, null);
            put(s, reinserted, 300, "again");
            byte[] deletedLater = key(TABLE, 3, 1);
            put(s, deletedLater, 100, "kept");
            put(s, deletedLater, 300, null);
            Map<Long, List<String>> before = reads(s, 250, 300, Long.MAX_VALUE);

            DatanodeStorage.PurgeResult r = s.purgeVersions(250, new int[0], () -> false);

            assertEquals(4, r.versionsPurged(), "both versions of 1/1, the tombstone and row below it of 2/1");
            assertEquals(before, reads(s, 250, 300, Long.MAX_VALUE));
            assertEquals(List.of("3/1=kept"), read(s, TABLE, 250));
            assertEquals(List.of("2/1=again"), read(s, TABLE, 300));
            // 2/1 keeps its row at 300; 3/1 keeps its row at 100 (newest at or below 250) and its tombstone at 300
            assertEquals(new DatanodeStorage.VersionCounts(3, 2, 0), s.countVersions());
        }
    }

    @Test
    void intentsAreNeverTouchedEvenWhenTheyLookLikeVersionsOfAShorterKey() {
        try (DatanodeStorage s = DatanodeStorage.open(dir, 1)) {
            // two intents whose keys differ only in their last 8 bytes: read as "versions" of one 8-byte-shorter
            // key, the older would be purged
            byte[] k1 = key(TABLE, 5, 1);
            byte[] k2 = key(TABLE, 5, 2);
            put(s, k1, 100, "c1");
            put(s, k2, 100, "c2");
            put(s, k2, 150, "c2b");
            try (IntentBatch b = s.newIntentBatch()) {
                b.putIntent(k1, new Intent(11, 120, 1, false, RowValue.encode(CODEC, new Object[] {5L, 1L, "i1"})));
                b.putIntent(k2, new Intent(12, 130, 1, true, RowValue.tombstone()));
                b.write(true);
            }

            DatanodeStorage.PurgeResult r = s.purgeVersions(Long.MAX_VALUE, new int[0], () -> false);

            assertEquals(1, r.versionsPurged(), "only c2's older version");
            assertNotNull(s.intent(k1));
            assertNotNull(s.intent(k2));
            assertEquals(11, s.intent(k1).gxid());
            assertEquals(12, s.intent(k2).gxid());
            assertEquals(new DatanodeStorage.VersionCounts(2, 2, 2), s.countVersions());
            assertEquals(List.of("5/1=c1", "5/2=c2b"), read(s, TABLE, Long.MAX_VALUE));
        }
    }

    @Test
    void aPurgeOfSomeTablesLeavesTheOthersAlone() {
        try (DatanodeStorage s = DatanodeStorage.open(dir, 1)) {
            for (int table : new int[] {TABLE, TABLE + 1}) {
                byte[] k = key(table, 1, 1);
                put(s, k, 100, "a");
                put(s, k, 200, "b");
            }
            assertEquals(1, s.purgeVersions(300, new int[] {TABLE + 1}, () -> false).versionsPurged());
            assertEquals(new DatanodeStorage.VersionCounts(3, 2, 0), s.countVersions());
            assertEquals(1, s.purgeVersions(300, new int[0], () -> false).versionsPurged());
            assertEquals(new DatanodeStorage.VersionCounts(2, 2, 0), s.countVersions());
        }
    }

    @Test
    void hiddenRowIdTablesArePurgedToo() {
        try (DatanodeStorage s = DatanodeStorage.open(dir, 1)) {
            StoredRowCodec codec = StoredRowCodec.positional(List.of(PgType.INT4, PgType.TEXT));
            s.insert(3, 0, codec, List.<Object[]>of(new Object[] {1, "x"}, new Object[] {2, "y"}), 100);
            byte[] rowId;
            try (ScanCursor c = s.scan(3, new int[] {0}, 100)) {
                c.next();
                rowId = c.rowId();
            }
            try (StorageWrite w = s.newWrite(200)) {
                w.delete(3, 0, rowId);
                w.commit();
            }
            assertEquals(2, s.purgeVersions(200, new int[0], () -> false).versionsPurged());
            assertEquals(new DatanodeStorage.VersionCounts(1, 1, 0), s.countVersions());
        }
    }

    @Test
    void theHorizonIsStoredAcrossARestart() {
        try (DatanodeStorage s = DatanodeStorage.open(dir, 1)) {
            assertEquals(0, s.storedGcHorizon());
            s.storeGcHorizon(12345);
        }
        try (DatanodeStorage s = DatanodeStorage.open(dir, 1)) {
            assertEquals(12345, s.storedGcHorizon());
        }
    }
}
