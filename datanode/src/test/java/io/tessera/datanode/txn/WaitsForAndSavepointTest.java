package io.tessera.datanode.txn;

import static io.tessera.datanode.txn.TransactionManagerTest.assertBlocked;
import static io.tessera.datanode.txn.TransactionManagerTest.cPlus;
import static io.tessera.datanode.txn.TransactionManagerTest.get;
import static io.tessera.datanode.txn.TransactionManagerTest.idIs;
import static io.tessera.datanode.txn.TransactionManagerTest.lit;
import static io.tessera.datanode.txn.TransactionManagerTest.sqlError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.datanode.txn.TransactionManagerTest.Txn;
import io.tessera.protocol.datanode.WaitEdge;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The datanode's side of global deadlock detection (WaitsFor, AbortWaiter) and ROLLBACK TO SAVEPOINT, against
 * real RocksDB. Each datanode is a {@link TransactionManagerTest} fixture (its storage, transaction manager and
 * helpers, table {@code t(id int4, c int4)}), all sharing one {@link FakeGtm}.
 */
@Timeout(60)
class WaitsForAndSavepointTest {
    @TempDir
    Path root;
    final FakeGtm gtm = new FakeGtm();
    final List<TransactionManagerTest> nodes = new ArrayList<>();
    TransactionManagerTest dn;

    TransactionManagerTest datanode(String name) {
        TransactionManagerTest n = new TransactionManagerTest();
        n.dir = root.resolve(name);
        n.gtm = gtm;
        n.open();
        nodes.add(n);
        return n;
    }

    @BeforeEach
    void open() {
        dn = datanode("dn1");
    }

    @AfterEach
    void close() {
        nodes.forEach(TransactionManagerTest::close);
    }

    static WaitEdge edge(Txn waiter, Txn holder) {
        return WaitEdge.newBuilder().setWaiter(waiter.gxid).setHolder(holder.gxid).setWaiterStartTs(waiter.start)
                .build();
    }

    // ---- WaitsFor ---------------------------------------------------------------------------------------------

    @Test
    void waitsForReportsABlockedWriterAndNothingOnceItIsReleased() throws Exception {
        dn.seed(1, 0, 2, 0);
        assertEquals(List.of(), dn.tm.waitsFor());
        Txn t1 = dn.new Txn();
        t1.update(idIs(1), cPlus(1));
        Txn t2 = dn.new Txn();
        CompletableFuture<Long> f = CompletableFuture.supplyAsync(() -> t2.update(idIs(1), cPlus(10)));
        assertBlocked(f);
        assertEquals(List.of(edge(t2, t1)), dn.tm.waitsFor());
        assertEquals(List.of(edge(t2, t1)), dn.tm.waitsFor(), "polling changes nothing");
        t1.commit();
        assertEquals(1L, get(f));
        assertEquals(List.of(), dn.tm.waitsFor());

        // a transaction's reader waiting for a prepared intent is an edge too
        dn.tm.prepare(t2.gxid);
        Txn reader = dn.new Txn();
        long snap = reader.statement();
        CompletableFuture<List<String>> r = CompletableFuture.supplyAsync(() -> dn.scan(reader.ctx(), snap));
        assertBlocked(r);
        assertEquals(List.of(edge(reader, t2)), dn.tm.waitsFor());
        dn.tm.commitPrepared(t2.gxid, gtm.decide(t2.gxid, true).getCommitTs());
        assertEquals(List.of("1=1", "2=0"), get(r), "t2 committed after the reader's snapshot");
        assertEquals(List.of(), dn.tm.waitsFor());
    }

    @Test
    void waitsForReportsADeleteWaitingForAnotherDelete() throws Exception {
        dn.seed(1, 0);
        Txn t1 = dn.new Txn();
        t1.delete(idIs(1));
        Txn t2 = dn.new Txn();
        CompletableFuture<Long> f = CompletableFuture.supplyAsync(() -> t2.delete(idIs(1)));
        assertBlocked(f);
        assertEquals(List.of(edge(t2, t1)), dn.tm.waitsFor());
        dn.tm.rollback(t1.gxid);
        assertEquals(1L, get(f));
        assertEquals(List.of(), dn.tm.waitsFor());
        dn.tm.rollback(t2.gxid);
    }

    // ---- AbortWaiter ------------------------------------------------------------------------------------------

    @Test
    void abortWaiterEndsTheWaitWith40P01AndTheVictimCanBeRolledBack() throws Exception {
        dn.seed(1, 0, 2, 0);
        Txn holder = dn.new Txn();
        holder.update(idIs(1), cPlus(1));
        Txn victim = dn.new Txn();
        victim.update(idIs(2), cPlus(1)); // an earlier write: stays until the rollback
        CompletableFuture<Long> f = CompletableFuture.supplyAsync(() -> victim.update(idIs(1), cPlus(1)));
        assertBlocked(f);

        assertEquals(0, dn.tm.abortWaiter(holder.gxid), "the holder does not wait");
        assertEquals(0, dn.tm.abortWaiter(987654), "unknown gxid: nothing to do");
        assertBlocked(f);
        assertEquals(1, dn.tm.abortWaiter(victim.gxid));
        TesseraException e = assertThrows(TesseraException.class, () -> get(f));
        assertEquals(SqlState.DEADLOCK_DETECTED, e.sqlState());
        assertEquals("deadlock detected", e.getMessage());
        assertTrue(e.detail().contains("Transaction " + victim.gxid) && e.detail().contains("" + holder.gxid),
                e.detail());
        assertEquals(0, dn.tm.abortWaiter(victim.gxid), "idempotent");
        assertEquals(List.of(), dn.tm.waitsFor());
        assertEquals(2, dn.tm.lockedKeys(), "the holder's key and the victim's earlier write");

        // later waits of the same transaction are not affected
        CompletableFuture<Long> again = CompletableFuture.supplyAsync(() -> victim.update(idIs(1), cPlus(1)));
        assertBlocked(again);
        assertEquals(List.of(edge(victim, holder)), dn.tm.waitsFor());
        dn.tm.rollback(victim.gxid);
        TesseraException ended = assertThrows(TesseraException.class, () -> get(again));
        assertEquals(SqlState.INVALID_TRANSACTION_STATE, ended.sqlState(), "its own rollback ends that wait");
        assertEquals(1, dn.tm.lockedKeys(), "only the holder's key");
        holder.commit();
        assertEquals(List.of("1=1", "2=0"), dn.committed());
        dn.tm.resolution.awaitQueued(); // a commit releases its locks once its intents are resolved
        assertEquals(0, dn.tm.lockedKeys());
    }

    @Test
    void aCycleAcrossTwoDatanodesIsVisibleFromBothAndBrokenByAbortWaiter() throws Exception {
        TransactionManagerTest dn2 = datanode("dn2");
        dn.seed(1, 0);
        dn2.seed(2, 0);
        Txn t1 = dn.new Txn();
        Txn t2 = dn.new Txn();
        Txn t1on2 = dn2.new Txn(t1.gxid, t1.start);
        Txn t2on2 = dn2.new Txn(t2.gxid, t2.start);
        t1.update(idIs(1), cPlus(1));
        t2on2.update(idIs(2), cPlus(10));
        CompletableFuture<Long> f1 = CompletableFuture.supplyAsync(() -> t1on2.update(idIs(2), cPlus(1)));
        assertBlocked(f1);
        CompletableFuture<Long> f2 = CompletableFuture.supplyAsync(() -> t2.update(idIs(1), cPlus(10)));
        assertBlocked(f2);
        assertBlocked(f1); // neither datanode sees a local cycle

        assertEquals(List.of(edge(t2, t1)), dn.tm.waitsFor());
        assertEquals(List.of(edge(t1, t2)), dn2.tm.waitsFor());

        // the detector's victim: the youngest transaction of the cycle (the larger start timestamp), t2
        assertTrue(t2.start > t1.start);
        for (TransactionManagerTest n : nodes) {
            n.tm.abortWaiter(t2.gxid);
        }
        TesseraException e = assertThrows(TesseraException.class, () -> get(f2));
        assertEquals(SqlState.DEADLOCK_DETECTED, e.sqlState());
        assertBlocked(f1);
        for (TransactionManagerTest n : nodes) {
            n.tm.rollback(t2.gxid);
        }
        assertEquals(1L, get(f1));
        assertEquals(List.of(), dn.tm.waitsFor());
        assertEquals(List.of(), dn2.tm.waitsFor());

        dn.tm.prepare(t1.gxid);
        dn2.tm.prepare(t1.gxid);
        long ts = gtm.decide(t1.gxid, true).getCommitTs();
        dn.tm.commitPrepared(t1.gxid, ts);
        dn2.tm.commitPrepared(t1.gxid, ts);
        assertEquals(List.of("1=1"), dn.committed());
        assertEquals(List.of("2=1"), dn2.committed());
    }

    // ---- RollbackToSavepoint ----------------------------------------------------------------------------------

    @Test
    void rollbackToSavepointRestoresEarlierIntentsRemovesNewOnesAndUndoesDeletes() {
        dn.seed(1, 0, 2, 0);
        Txn t = dn.new Txn();
        t.update(idIs(1), lit(10));
        int savepoint = t.cid + 1; // SAVEPOINT a: the next command is the first after it
        t.update(idIs(1), lit(20));
        t.insert(3, 3);
        t.delete(idIs(2));
        assertEquals(List.of("1=20", "3=3"), t.select());
        assertEquals(3, dn.tm.lockedKeys());

        dn.tm.rollbackToSavepoint(t.gxid, savepoint);
        assertEquals(List.of("1=10", "2=0"), t.select(), "first update visible, insert gone, delete undone");
        assertEquals(1, dn.tm.lockedKeys(), "locks of keys first written after the savepoint are released");
        dn.tm.rollbackToSavepoint(t.gxid, savepoint);
        assertEquals(List.of("1=10", "2=0"), t.select(), "idempotent");
        assertEquals(List.of(), dn.storage.history(t.gxid, 0), "the undone writes' history is gone");

        t.commit();
        assertEquals(List.of("1=10", "2=0"), dn.committed(), "exactly the surviving writes commit");
        dn.tm.resolution.awaitQueued(); // a commit releases its locks once its intents are resolved
        assertEquals(0, dn.tm.lockedKeys());
    }

    @Test
    void nestedSavepointsAndWritesAfterARollback() {
        dn.seed(1, 0);
        Txn t = dn.new Txn();
        t.update(idIs(1), lit(1));
        int a = t.cid + 1;
        t.update(idIs(1), lit(2));
        int b = t.cid + 1;
        t.update(idIs(1), lit(3));
        t.insert(5, 5);
        dn.tm.rollbackToSavepoint(t.gxid, b);
        assertEquals(List.of("1=2"), t.select());
        t.update(idIs(1), lit(4));
        t.insert(6, 6);
        assertEquals(List.of("1=4", "6=6"), t.select());
        dn.tm.rollbackToSavepoint(t.gxid, a);
        assertEquals(List.of("1=1"), t.select());
        dn.tm.rollbackToSavepoint(t.gxid, 1); // everything this transaction did
        assertEquals(List.of("1=0"), t.select());
        dn.tm.resolution.awaitQueued(); // a commit releases its locks once its intents are resolved
        assertEquals(0, dn.tm.lockedKeys());
        t.update(idIs(1), cPlus(7));
        t.commit();
        assertEquals(List.of("1=7"), dn.committed());
        assertEquals(List.of(), dn.storage.history(t.gxid, 0));
    }

    @Test
    void rollbackToSavepointReleasesLocksTakenAfterItAndAWaiterProceeds() throws Exception {
        dn.seed(1, 0, 2, 0);
        Txn t1 = dn.new Txn();
        t1.update(idIs(1), cPlus(1));
        int savepoint = t1.cid + 1;
        t1.update(idIs(2), cPlus(1));
        Txn t2 = dn.new Txn();
        CompletableFuture<Long> f = CompletableFuture.supplyAsync(() -> t2.update(idIs(2), cPlus(10)));
        assertBlocked(f);
        dn.tm.rollbackToSavepoint(t1.gxid, savepoint);
        assertEquals(1L, get(f), "the waiter proceeds: row 2 is no longer t1's");
        t2.lockTimeoutMs = 100;
        sqlError(SqlState.LOCK_NOT_AVAILABLE, () -> t2.update(idIs(1), cPlus(10)));
        t1.commit();
        t2.commit();
        assertEquals(List.of("1=1", "2=10"), dn.committed());
    }

    @Test
    void rollbackToSavepointOfUnknownPreparedAndFinishedTransactions() {
        dn.tm.rollbackToSavepoint(424242, 1); // never wrote here: nothing to undo
        Txn t = dn.new Txn();
        t.insert(1, 1);
        t.update(idIs(1), lit(2));
        assertEquals(1, dn.storage.history(t.gxid, 0).size());
        dn.tm.prepare(t.gxid);
        assertEquals(List.of(), dn.storage.history(t.gxid, 0), "Prepare drops the history");
        sqlError(SqlState.INVALID_TRANSACTION_STATE, () -> dn.tm.rollbackToSavepoint(t.gxid, 2));
        dn.tm.commitPrepared(t.gxid, gtm.decide(t.gxid, true).getCommitTs());
        sqlError(SqlState.INVALID_TRANSACTION_STATE, () -> dn.tm.rollbackToSavepoint(t.gxid, 2));
        assertEquals(List.of("1=2"), dn.committed());

        Txn r = dn.new Txn();
        r.update(idIs(1), lit(3));
        r.update(idIs(1), lit(4));
        dn.tm.rollback(r.gxid);
        assertEquals(List.of(), dn.storage.history(r.gxid, 0), "Rollback drops the history");
        sqlError(SqlState.INVALID_TRANSACTION_STATE, () -> dn.tm.rollbackToSavepoint(r.gxid, 1));
        assertEquals(List.of("1=2"), dn.committed());
    }

    @Test
    void aRestartLeavesNoHistoryAndPreparedTransactionsCommitTheirLatestIntents() {
        dn.seed(1, 0, 2, 0);
        Txn prepared = dn.new Txn();
        prepared.update(idIs(1), lit(1));
        prepared.update(idIs(1), lit(2));
        Txn pending = dn.new Txn(); // writes before the prepare: its scans would wait for the prepared intent
        pending.update(idIs(2), lit(1));
        pending.update(idIs(2), lit(2));
        dn.tm.prepare(prepared.gxid);
        assertEquals(1, dn.storage.history(pending.gxid, 0).size());

        dn.close();
        dn.open();
        assertEquals(List.of(), dn.storage.history(pending.gxid, 0));
        assertEquals(List.of(), dn.storage.history(prepared.gxid, 0));
        dn.tm.commitPrepared(prepared.gxid, gtm.decide(prepared.gxid, true).getCommitTs());
        assertEquals(List.of("1=2", "2=0"), dn.committed());
        dn.tm.resolution.awaitQueued(); // a commit releases its locks once its intents are resolved
        assertEquals(0, dn.tm.lockedKeys());
    }
}
