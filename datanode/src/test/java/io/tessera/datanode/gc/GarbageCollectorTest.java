package io.tessera.datanode.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tessera.common.codec.RowCodec;
import io.tessera.common.codec.StoredRowCodec;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import io.tessera.datanode.storage.DatanodeStorage;
import io.tessera.datanode.storage.ScanCursor;
import io.tessera.datanode.storage.StorageWrite;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GarbageCollectorTest {
    static final StoredRowCodec CODEC = StoredRowCodec.positional(List.of(PgType.INT4));

    @TempDir
    Path dir;

    /** One row inserted at 100 and deleted at 200: two versions. */
    static void rowDeletedAt200(DatanodeStorage s) {
        s.insert(1, 0, CODEC, List.<Object[]>of(new Object[] {1}), 100);
        byte[] rowId;
        try (ScanCursor c = s.scan(1, new int[] {0}, 100)) {
            c.next();
            rowId = c.rowId();
        }
        try (StorageWrite w = s.newWrite(200)) {
            w.delete(1, 0, rowId);
            w.commit();
        }
    }

    @Test
    void aSnapshotBelowTheHorizonIsTooOldAndOneAtItIsNot() {
        try (DatanodeStorage s = DatanodeStorage.open(dir, 1);
             GarbageCollector gc = new GarbageCollector(s, "dn1", false, 0)) {
            rowDeletedAt200(s);
            GarbageCollector.Outcome o = gc.vacuum(250, new int[0]);
            assertEquals(250, o.horizon());
            assertEquals(2, o.versionsPurged());
            TesseraException e = assertThrows(TesseraException.class, () -> gc.enter(249));
            assertEquals(SqlState.SNAPSHOT_TOO_OLD, e.sqlState());
            assertEquals("snapshot too old", e.getMessage());
            gc.enter(250).close();
        }
    }

    @Test
    void aReadInProgressHoldsThePurgeBelowItsSnapshot() {
        try (DatanodeStorage s = DatanodeStorage.open(dir, 1);
             GarbageCollector gc = new GarbageCollector(s, "dn1", false, 0)) {
            rowDeletedAt200(s);
            try (GarbageCollector.Reader reading = gc.enter(150)) {
                GarbageCollector.Outcome o = gc.vacuum(250, new int[0]);
                assertEquals(150, o.horizon(), "not above the running read's snapshot");
                assertEquals(0, o.versionsPurged(), "the row at 100 is what a reader at 150 sees");
                assertEquals(1, DatanodeStorageReads.count(s, 150));
            }
            GarbageCollector.Outcome o = gc.vacuum(250, new int[0]);
            assertEquals(250, o.horizon());
            assertEquals(2, o.versionsPurged());
        }
    }

    @Test
    void theHorizonSurvivesARestartAndNeverGoesBack() {
        try (DatanodeStorage s = DatanodeStorage.open(dir, 1);
             GarbageCollector gc = new GarbageCollector(s, "dn1", false, 0)) {
            gc.vacuum(500, new int[0]);
            assertEquals(500, gc.vacuum(400, new int[0]).horizon(), "an older safe point purges at the horizon");
        }
        try (DatanodeStorage s = DatanodeStorage.open(dir, 1);
             GarbageCollector gc = new GarbageCollector(s, "dn1", false, 0)) {
            assertEquals(500, gc.horizon());
            assertThrows(TesseraException.class, () -> gc.enter(499));
        }
    }

    @Test
    void theBackgroundPurgeFollowsOfferedSafePoints() throws Exception {
        try (DatanodeStorage s = DatanodeStorage.open(dir, 1);
             GarbageCollector gc = new GarbageCollector(s, "dn1", true, 0)) {
            rowDeletedAt200(s);
            gc.start();
            gc.offerSafePoint(300);
            while (gc.horizon() < 300 || gc.purges() < 1) { // the purge thread's progress; surefire bounds the test
                Thread.onSpinWait();
            }
            assertEquals(2, gc.versionsPurged());
            assertEquals(0, s.countVersions().versions());
        }
    }

    @Test
    void aSettledPurgeIsNotRepeatedUntilSomethingIsWrittenAgain() throws Exception {
        try (DatanodeStorage s = DatanodeStorage.open(dir, 1);
             GarbageCollector gc = new GarbageCollector(s, "dn1", true, 0)) {
            s.insert(1, 0, CODEC, List.<Object[]>of(new Object[] {1}), 100);
            byte[] rowId;
            try (ScanCursor c = s.scan(1, new int[] {0}, 100)) {
                c.next();
                rowId = c.rowId();
            }
            gc.start();
            awaitPurges(gc, 300, 1);
            assertEquals(1, gc.walks(), "the first purge walks the data, and finds one version below 300");
            awaitPurges(gc, 400, gc.purges() + 1);
            assertEquals(1, gc.walks(), "nothing written since: the purge at 400 only moves the horizon");

            try (StorageWrite w = s.newWrite(700)) { // a version above the next level: the purge cannot settle
                w.delete(1, 0, rowId);
                w.commit();
            }
            awaitPurges(gc, 600, gc.purges() + 1);
            assertEquals(2, gc.walks());
            assertEquals(0, gc.versionsPurged(), "the row at 100 is what a reader at 600 sees");
            awaitPurges(gc, 800, gc.purges() + 1);
            assertEquals(3, gc.walks(), "the last walk saw a version above its level, so this one walks again");
            assertEquals(2, gc.versionsPurged(), "the insert at 100 and the deletion at 700");
            assertEquals(0, s.countVersions().versions());
        }
    }

    @Test
    void theBackgroundPurgeWalksOnlyOnceEnoughWasWrittenSinceItsLastWalk() throws Exception {
        try (DatanodeStorage s = DatanodeStorage.open(dir, 1);
             GarbageCollector gc = new GarbageCollector(s, "dn1", true, 0).withWalkThreshold(20, 0.5)) {
            for (int i = 0; i < 10; i++) {
                s.insert(1, 0, CODEC, List.<Object[]>of(new Object[] {i}), 100);
            }
            gc.start();
            awaitPurges(gc, 300, 1);
            assertEquals(1, gc.walks(), "the first purge walks");
            s.insert(1, 0, CODEC, List.<Object[]>of(new Object[] {10}), 400); // 1 write of the 20 + 0.5 × 10 needed
            awaitPurges(gc, 500, gc.purges() + 1);
            assertEquals(1, gc.walks(), "too little written: the purge only moves the horizon");
            assertEquals(500, gc.horizon());
            for (int i = 11; i < 40; i++) {
                s.insert(1, 0, CODEC, List.<Object[]>of(new Object[] {i}), 600);
            }
            awaitPurges(gc, 700, gc.purges() + 1);
            assertEquals(2, gc.walks(), "30 writes since the last walk: this one walks");
        }
    }

    /** Offers {@code safePoint} and waits (the purge thread's progress; surefire bounds the test) for the purges. */
    private static void awaitPurges(GarbageCollector gc, long safePoint, long purges) {
        gc.offerSafePoint(safePoint);
        while (gc.horizon() < safePoint || gc.purges() < purges) {
            Thread.onSpinWait();
        }
    }

    /** Reads through the storage API, as the service does. */
    static final class DatanodeStorageReads {
        static int count(DatanodeStorage s, long snapshot) {
            int n = 0;
            try (ScanCursor c = s.scan(1, new int[] {0}, snapshot)) {
                while (c.next()) {
                    n++;
                }
            }
            return n;
        }
    }
}
