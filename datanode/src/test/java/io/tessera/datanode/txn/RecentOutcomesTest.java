package io.tessera.datanode.txn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tessera.datanode.txn.Transaction.Outcome;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RecentOutcomesTest {
    final AtomicLong now = new AtomicLong(1_000);
    final AtomicLong oldestSnapshot = new AtomicLong();
    final RecentOutcomes recent = new RecentOutcomes(2, 4, oldestSnapshot::get, now::get);

    @Test
    void withoutOpenSnapshotsOnlyTheNewestAreKept() {
        for (long g = 1; g <= 3; g++) {
            recent.put(g, new Outcome(true, 100 + g));
        }
        assertEquals(2, recent.size());
        assertNull(recent.get(1));
        assertEquals(new Outcome(true, 103), recent.get(3));
    }

    @Test
    void anOutcomeASnapshotMayStillNeedIsKeptUpToTheHardCap() {
        recent.put(1, Outcome.ABORTED); // finished at 1000
        oldestSnapshot.set(1_001);      // a scan opened within a second of it: may show its intent
        now.set(1_005);
        recent.put(2, new Outcome(true, 7));
        recent.put(3, new Outcome(true, 8));
        recent.put(4, new Outcome(true, 9));
        assertEquals(Outcome.ABORTED, recent.get(1), "kept for the scan");
        assertEquals(4, recent.size());
        recent.put(5, new Outcome(true, 10));
        assertNull(recent.get(1), "past the hard cap the oldest goes regardless");
        assertEquals(4, recent.size());
    }

    @Test
    void onceTheOldSnapshotsAreClosedTheMapShrinksBackToKeep() {
        oldestSnapshot.set(1_000);
        for (long g = 1; g <= 4; g++) {
            recent.put(g, Outcome.ABORTED);
        }
        assertEquals(4, recent.size());
        oldestSnapshot.set(0);
        recent.put(5, Outcome.ABORTED);
        assertEquals(2, recent.size());
        assertEquals(Outcome.ABORTED, recent.get(5));
        assertEquals(Outcome.ABORTED, recent.get(4));
    }

    @Test
    void aSnapshotOpenedTwoSecondsAfterTheFinishDoesNotHoldIt() {
        recent.put(1, Outcome.ABORTED);
        recent.put(2, Outcome.ABORTED);
        oldestSnapshot.set(1_002);
        recent.put(3, Outcome.ABORTED);
        assertNull(recent.get(1));
        assertEquals(2, recent.size());
    }
}
