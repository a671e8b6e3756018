package io.tessera.coordinator.txn.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class TableLockTableTest {
    private static final CompletableFuture<TesseraException> NEVER = new CompletableFuture<>();

    /** PostgreSQL's table 13.2, row by row ("X" = conflicts), in the order ACCESS SHARE ... ACCESS EXCLUSIVE. */
    @Test
    void conflictTableIsPostgresqls() {
        String[] rows = {
            ".......X",
            "......XX",
            "....XXXX",
            "...XXXXX",
            "..XX.XXX",
            "..XXXXXX",
            ".XXXXXXX",
            "XXXXXXXX",
        };
        TableLockMode[] m = TableLockMode.values();
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 8; j++) {
                assertEquals(rows[i].charAt(j) == 'X', m[i].conflictsWith(m[j]), m[i] + " vs " + m[j]);
                assertEquals(m[i].conflictsWith(m[j]), m[j].conflictsWith(m[i]), "symmetric");
            }
        }
        for (TableLockMode a : m) {
            for (TableLockMode b : m) {
                if (a.isWeak() && b.isWeak()) {
                    assertFalse(a.conflictsWith(b), "weak modes never conflict: the fast path relies on it");
                }
            }
        }
        assertEquals(TableLockMode.SHARE_ROW_EXCLUSIVE, TableLockMode.parse(" share  row exclusive "));
        assertEquals("AccessExclusiveLock", TableLockMode.ACCESS_EXCLUSIVE.pgLocksName());
    }

    @Test
    void aWaiterIsGrantedInQueueOrderWhenTheHolderEnds() {
        TableLockTable t = new TableLockTable();
        LockOwner reader = new LockOwner(1, 1, "c", 0);
        LockOwner dropper = new LockOwner(2, 2, "c", 0);
        LockOwner lateReader = new LockOwner(3, 3, "c", 0);
        assertTrue(t.request(reader, 7, TableLockMode.ACCESS_SHARE).isGranted());
        TableLockTable.Request drop = t.request(dropper, 7, TableLockMode.ACCESS_EXCLUSIVE);
        assertFalse(drop.isGranted());
        TableLockTable.Request late = t.request(lateReader, 7, TableLockMode.ACCESS_SHARE);
        assertFalse(late.isGranted(), "a reader queues behind a waiting ACCESS EXCLUSIVE, as in PostgreSQL");
        assertEquals(List.of(new TableLockTable.Edge(2, 1, 2), new TableLockTable.Edge(3, 2, 3)), t.waitEdges());
        t.releaseAll(reader);
        assertTrue(drop.isGranted());
        assertFalse(late.isGranted());
        t.releaseAll(dropper);
        assertTrue(late.isGranted());
    }

    @Test
    void nowaitAndLockTimeoutFailWith55P03AndLeaveNoRequest() {
        TableLockTable t = new TableLockTable();
        LockOwner holder = new LockOwner(1, 1, "c", 0);
        LockOwner other = new LockOwner(2, 2, "c", 0);
        t.acquire(holder, 7, "t", TableLockMode.SHARE, false, 0, NEVER);
        TesseraException nowait = assertThrows(TesseraException.class,
                () -> t.acquire(other, 7, "t", TableLockMode.ROW_EXCLUSIVE, true, 0, NEVER));
        assertEquals(SqlState.LOCK_NOT_AVAILABLE, nowait.sqlState());
        assertEquals("could not obtain lock on relation \"t\"", nowait.getMessage());
        TesseraException timeout = assertThrows(TesseraException.class,
                () -> t.acquire(other, 7, "t", TableLockMode.ROW_EXCLUSIVE, false, 20, NEVER));
        assertEquals("canceling statement due to lock timeout", timeout.getMessage());
        assertTrue(t.waitEdges().isEmpty());
        t.acquire(other, 7, "t", TableLockMode.SHARE, true, 0, NEVER); // SHARE is compatible with SHARE
    }

    @Test
    void aVictimsWaitEndsWith40P01() throws Exception {
        TableLockTable t = new TableLockTable();
        LockOwner holder = new LockOwner(1, 1, "c", 0);
        LockOwner waiter = new LockOwner(2, 2, "c", 0);
        t.acquire(holder, 7, "t", TableLockMode.ACCESS_EXCLUSIVE, false, 0, NEVER);
        CompletableFuture<TesseraException> failure = CompletableFuture.supplyAsync(() -> {
            try {
                t.acquire(waiter, 7, "t", TableLockMode.ACCESS_SHARE, false, 0, NEVER);
                return null;
            } catch (TesseraException e) {
                return e;
            }
        });
        while (t.waitEdges().isEmpty()) {
            Thread.onSpinWait();
        }
        assertTrue(t.abortWaiter(2, "chosen"));
        assertEquals(SqlState.DEADLOCK_DETECTED, failure.get().sqlState());
        assertTrue(t.waitEdges().isEmpty(), "the victim's request is withdrawn");
    }
}
