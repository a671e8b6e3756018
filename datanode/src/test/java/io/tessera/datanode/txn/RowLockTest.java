package io.tessera.datanode.txn;

import static io.tessera.datanode.txn.TransactionManagerTest.NEVER;
import static io.tessera.datanode.txn.TransactionManagerTest.TABLE;
import static io.tessera.datanode.txn.TransactionManagerTest.TYPES;
import static io.tessera.datanode.txn.TransactionManagerTest.assertBlocked;
import static io.tessera.datanode.txn.TransactionManagerTest.cIs;
import static io.tessera.datanode.txn.TransactionManagerTest.cPlus;
import static io.tessera.datanode.txn.TransactionManagerTest.get;
import static io.tessera.datanode.txn.TransactionManagerTest.idIs;
import static io.tessera.datanode.txn.TransactionManagerTest.lit;
import static io.tessera.datanode.txn.TransactionManagerTest.sqlError;
import static io.tessera.protocol.datanode.RowLockStrength.FOR_KEY_SHARE;
import static io.tessera.protocol.datanode.RowLockStrength.FOR_NO_KEY_UPDATE;
import static io.tessera.protocol.datanode.RowLockStrength.FOR_SHARE;
import static io.tessera.protocol.datanode.RowLockStrength.FOR_UPDATE;
import static io.tessera.protocol.datanode.RowLockWaitPolicy.LOCK_NOWAIT;
import static io.tessera.protocol.datanode.RowLockWaitPolicy.LOCK_SKIP_LOCKED;
import static io.tessera.protocol.datanode.RowLockWaitPolicy.LOCK_WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.datanode.storage.DatanodeStorage;
import io.tessera.datanode.txn.TransactionManagerTest.Txn;
import io.tessera.protocol.datanode.Isolation;
import io.tessera.protocol.datanode.ModifyRequest;
import io.tessera.protocol.datanode.RowLockStrength;
import io.tessera.protocol.datanode.RowLockWaitPolicy;
import io.tessera.protocol.datanode.UpdateOp;
import io.tessera.protocol.datanode.WaitEdge;
import io.tessera.protocol.expr.Expr;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The datanode's row-lock table (SELECT ... FOR KEY SHARE | SHARE | NO KEY UPDATE | UPDATE) against real
 * RocksDB: PostgreSQL's conflict table between lockers and writers, upgrades, NOWAIT and SKIP LOCKED, isolation
 * levels, savepoints, the wait-for edges of shared locks, and the locks of a prepared transaction across a restart.
 * Fixture and helpers are {@link TransactionManagerTest}'s (table {@code t(id int4, c int4)}, one shard).
 */
@Timeout(60)
class RowLockTest {
    @TempDir
    java.nio.file.Path dir;
    TransactionManagerTest dn;

    @BeforeEach
    void open() {
        dn = new TransactionManagerTest();
        dn.dir = dir;
        dn.open();
    }

    @AfterEach
    void close() {
        dn.close();
    }

    /** The locking step of {@code SELECT ... FROM t WHERE filter FOR strength [policy]} as the next statement. */
    long lock(Txn t, Expr filter, RowLockStrength strength, RowLockWaitPolicy policy) {
        long snap = t.statement();
        UpdateOp.Builder u = UpdateOp.newBuilder().setLock(strength).setLockWait(policy);
        if (filter != null) {
            u.setFilter(filter);
        }
        return dn.tm.modify(ModifyRequest.newBuilder().setTable(TABLE.toBuilder().setName("t")).setTxn(t.ctx())
                .setSnapshotTs(snap).addShards(0).setUpdate(u).build(), TYPES, NEVER);
    }

    long lock(Txn t, Expr filter, RowLockStrength strength) {
        return lock(t, filter, strength, LOCK_WAIT);
    }

    CompletableFuture<Long> async(java.util.function.Supplier<Long> statement) {
        return CompletableFuture.supplyAsync(statement);
    }

    /** The holders of row {@code id}'s lock, as {@code gxid:MODE}. */
    Set<String> holders(int id) {
        for (var e : dn.tm.rowLocks().entrySet()) {
            if (idOf(e.getKey()) == id) {
                return Set.copyOf(e.getValue());
            }
        }
        return Set.of();
    }

    /** Row ids are hidden: find a key's row by reading it back. */
    int idOf(String hexKey) {
        byte[] key = java.util.HexFormat.of().parseHex(hexKey);
        var state = dn.storage.latest(key);
        if (state.newestValue() == null) {
            return -1;
        }
        Object[] row = new Object[2];
        io.tessera.datanode.storage.RowValue.decode(state.newestValue(), io.tessera.common.codec.StoredRowCodec.positional(TransactionManagerTest.CODEC.types()), row);
        return (Integer) row[0];
    }

    static String h(Txn t, String mode) {
        return t.gxid + ":" + mode;
    }

    static Set<WaitEdge> edges(Collection<WaitEdge> edges) {
        return Set.copyOf(edges);
    }

    // ---- sharing and conflicts --------------------------------------------------------------------------------

    @Test
    void twoForShareLockersHoldARowTogetherAndWriteNothing() {
        dn.seed(1, 0, 2, 0);
        Txn t1 = dn.new Txn();
        Txn t2 = dn.new Txn();
        assertEquals(1, lock(t1, idIs(1), FOR_SHARE));
        assertEquals(1, lock(t2, idIs(1), FOR_SHARE), "no wait: shared");
        assertEquals(2, lock(t2, null, FOR_KEY_SHARE), "KEY SHARE is compatible with SHARE");
        assertEquals(Set.of(h(t1, "SHARE"), h(t2, "SHARE")), holders(1), "a weaker request is covered");
        assertEquals(Set.of(h(t2, "KEY_SHARE")), holders(2));
        long commitTs = t1.commit();
        tm().rollback(t2.gxid);
        tm().resolution.awaitQueued(); // a commit releases its locks once its intents are resolved
        assertEquals(0, tm().lockedKeys());
        Txn reader = dn.new Txn();
        assertEquals(List.of("1=0", "2=0"), reader.select(), "a lock is no write");
        assertTrue(dn.storage.latest(java.util.HexFormat.of().parseHex(anyRowKey())).newestTs() < commitTs,
                "no version was written by the lockers");
    }

    @Test
    void anUpdateWaitsForEverySharerAndReportsAnEdgeToEach() throws Exception {
        dn.seed(1, 0);
        Txn s1 = dn.new Txn();
        Txn s2 = dn.new Txn();
        lock(s1, idIs(1), FOR_SHARE);
        lock(s2, idIs(1), FOR_SHARE);
        Txn w = dn.new Txn();
        CompletableFuture<Long> f = async(() -> w.update(idIs(1), cPlus(1)));
        assertBlocked(f);
        assertEquals(edges(List.of(WaitsForAndSavepointTest.edge(w, s1), WaitsForAndSavepointTest.edge(w, s2))),
                edges(tm().waitsFor()));
        s1.commit();
        assertBlocked(f);
        assertEquals(List.of(WaitsForAndSavepointTest.edge(w, s2)), tm().waitsFor());
        tm().rollback(s2.gxid);
        assertEquals(1L, get(f));
        w.commit();
        assertEquals(List.of("1=1"), dn.committed());
    }

    @Test
    void forUpdateAndDeleteWaitForASharerAndASharerWaitsForAnExclusiveHolder() throws Exception {
        dn.seed(1, 0, 2, 0);
        Txn s = dn.new Txn();
        lock(s, idIs(1), FOR_SHARE);
        Txn x = dn.new Txn();
        CompletableFuture<Long> fx = async(() -> lock(x, idIs(1), FOR_UPDATE));
        assertBlocked(fx);
        s.commit();
        assertEquals(1L, get(fx));
        Txn s2 = dn.new Txn();
        CompletableFuture<Long> fs = async(() -> lock(s2, null, FOR_SHARE));
        assertBlocked(fs);
        tm().rollback(x.gxid);
        assertEquals(2L, get(fs));
        Txn d = dn.new Txn();
        d.lockTimeoutMs = 100;
        TesseraException e = sqlError(SqlState.LOCK_NOT_AVAILABLE, () -> d.delete(idIs(2)));
        assertEquals("canceling statement due to lock timeout", e.getMessage());
        tm().rollback(d.gxid);
        tm().rollback(s2.gxid);
    }

    @Test
    void keyShareLetsANonKeyUpdateThroughButNotADeleteOrForUpdate() throws Exception {
        dn.seed(1, 0);
        Txn ks = dn.new Txn();
        lock(ks, idIs(1), FOR_KEY_SHARE);
        Txn u = dn.new Txn();
        assertEquals(1, u.update(idIs(1), cPlus(1)), "UPDATE holds NO KEY UPDATE: compatible with KEY SHARE");
        Txn ks2 = dn.new Txn();
        assertEquals(1, lock(ks2, idIs(1), FOR_KEY_SHARE), "a KEY SHARE beside a pending non-key update");
        Txn nku = dn.new Txn();
        nku.lockTimeoutMs = 50;
        sqlError(SqlState.LOCK_NOT_AVAILABLE, () -> lock(nku, idIs(1), FOR_NO_KEY_UPDATE));
        Txn d = dn.new Txn();
        CompletableFuture<Long> fd = async(() -> d.delete(idIs(1)));
        assertBlocked(fd);
        u.commit();
        tm().rollback(ks.gxid);
        assertBlocked(fd);
        tm().rollback(ks2.gxid);
        assertEquals(1L, get(fd));
        d.commit();
        assertEquals(List.of(), dn.committed());
    }

    // ---- upgrades ---------------------------------------------------------------------------------------------

    @Test
    void aSharerUpgradesByWaitingForTheOtherSharersOnly() throws Exception {
        dn.seed(1, 0);
        Txn s1 = dn.new Txn();
        Txn s2 = dn.new Txn();
        lock(s1, idIs(1), FOR_SHARE);
        assertEquals(1, s1.update(idIs(1), cPlus(1)), "the only sharer upgrades at once");
        tm().rollback(s1.gxid);

        Txn a = dn.new Txn();
        lock(a, idIs(1), FOR_SHARE);
        lock(s2, idIs(1), FOR_SHARE);
        CompletableFuture<Long> fa = async(() -> a.update(idIs(1), cPlus(10)));
        assertBlocked(fa);
        assertEquals(List.of(WaitsForAndSavepointTest.edge(a, s2)), tm().waitsFor(), "not waiting for itself");
        s2.commit();
        assertEquals(1L, get(fa));
        a.commit();
        assertEquals(List.of("1=10"), dn.committed());
    }

    @Test
    void twoSharersUpgradingAtOnceDeadlock() throws Exception {
        dn.seed(1, 0);
        Txn s1 = dn.new Txn();
        Txn s2 = dn.new Txn();
        lock(s1, idIs(1), FOR_SHARE);
        lock(s2, idIs(1), FOR_SHARE);
        CompletableFuture<Long> f1 = async(() -> s1.update(idIs(1), cPlus(1)));
        assertBlocked(f1);
        sqlError(SqlState.DEADLOCK_DETECTED, () -> s2.update(idIs(1), cPlus(2)));
        tm().rollback(s2.gxid);
        assertEquals(1L, get(f1));
        s1.commit();
        assertEquals(List.of("1=1"), dn.committed());
    }

    // ---- NOWAIT and SKIP LOCKED -------------------------------------------------------------------------------

    @Test
    void nowaitFailsAtOnceOnAnIncompatibleHolderOnly() {
        dn.seed(1, 0);
        Txn s = dn.new Txn();
        lock(s, idIs(1), FOR_SHARE);
        Txn x = dn.new Txn();
        TesseraException e = sqlError(SqlState.LOCK_NOT_AVAILABLE, () -> lock(x, idIs(1), FOR_UPDATE, LOCK_NOWAIT));
        assertEquals("could not obtain lock on row in relation \"t\"", e.getMessage());
        Txn s2 = dn.new Txn();
        assertEquals(1, lock(s2, idIs(1), FOR_SHARE, LOCK_NOWAIT));
        assertEquals(Set.of(h(s, "SHARE"), h(s2, "SHARE")), holders(1), "the failed statement left nothing");
    }

    @Test
    void skipLockedLeavesOutRowsHeldIncompatiblyAndTheScanFilterSeesTheLockedOnes() {
        dn.seed(1, 0, 2, 0, 3, 0);
        Txn a = dn.new Txn();
        lock(a, idIs(2), FOR_UPDATE);
        Txn b = dn.new Txn();
        lock(b, idIs(3), FOR_SHARE);
        Txn c = dn.new Txn();
        assertEquals(1, lock(c, null, FOR_UPDATE, LOCK_SKIP_LOCKED), "2 and 3 are held by others");
        Txn d = dn.new Txn();
        assertEquals(1, lock(d, null, FOR_SHARE, LOCK_SKIP_LOCKED), "3 is shared; 1 and 2 are held exclusively");
        assertEquals(Set.of(h(c, "UPDATE")), holders(1));
        assertEquals(Set.of(h(b, "SHARE"), h(d, "SHARE")), holders(3));
        for (String k : tm().rowLocks().keySet()) {
            byte[] key = java.util.HexFormat.of().parseHex(k);
            assertEquals(idOf(k) == 1, tm().holdsRow(c.gxid, key), "row " + idOf(k));
        }
    }

    @Test
    void underALimitRowsAreLockedInTheQuerysOrderAndOnlyAsManyAsItReturns() {
        dn.seed(1, 30, 2, 10, 3, 20, 4, 10);
        Txn a = dn.new Txn();
        assertEquals(1, lockOrdered(a, null, FOR_UPDATE, LOCK_SKIP_LOCKED, 1, order(1, false), order(0, true)));
        assertEquals(Set.of(h(a, "UPDATE")), holders(4), "c = 10 first, then the highest id");
        Txn b = dn.new Txn();
        assertEquals(2, lockOrdered(b, null, FOR_UPDATE, LOCK_SKIP_LOCKED, 2, order(1, false), order(0, true)));
        assertEquals(Set.of(h(b, "UPDATE")), holders(2), "the next free rows");
        assertEquals(Set.of(h(b, "UPDATE")), holders(3));
        assertEquals(Set.of(), holders(1));
        Txn c = dn.new Txn();
        assertEquals(1, lockOrdered(c, null, FOR_SHARE, LOCK_NOWAIT, 1, order(1, true)),
                "descending: row 1 (c = 30) alone is locked, so held rows are never met");
        assertEquals(Set.of(h(c, "SHARE")), holders(1));
    }

    long lockOrdered(Txn t, Expr filter, RowLockStrength strength, RowLockWaitPolicy policy, long limit,
                     io.tessera.protocol.datanode.LockOrderKey... order) {
        long snap = t.statement();
        UpdateOp.Builder u = UpdateOp.newBuilder().setLock(strength).setLockWait(policy).setLockLimit(limit)
                .addAllLockOrder(List.of(order));
        if (filter != null) {
            u.setFilter(filter);
        }
        return dn.tm.modify(ModifyRequest.newBuilder().setTable(TABLE.toBuilder().setName("t")).setTxn(t.ctx())
                .setSnapshotTs(snap).addShards(0).setUpdate(u).build(), TYPES, NEVER);
    }

    static io.tessera.protocol.datanode.LockOrderKey order(int column, boolean descending) {
        return io.tessera.protocol.datanode.LockOrderKey.newBuilder().setColumn(column).setDescending(descending)
                .setNullsFirst(descending).build();
    }

    // ---- isolation levels -------------------------------------------------------------------------------------

    @Test
    void repeatableReadRaises40001WhenTheRowChangedAfterItsSnapshotAndALockIsNotAChange() {
        dn.seed(1, 0, 2, 0);
        Txn rr = dn.new Txn();
        rr.isolation = Isolation.REPEATABLE_READ;
        Txn w = dn.new Txn();
        w.update(idIs(1), cPlus(1));
        w.commit();
        Txn locker = dn.new Txn();
        lock(locker, idIs(2), FOR_UPDATE);
        locker.commit();
        TesseraException e = sqlError(SqlState.SERIALIZATION_FAILURE, () -> lock(rr, idIs(1), FOR_SHARE));
        assertEquals("could not serialize access due to concurrent update", e.getMessage());
        Txn rr2 = dn.new Txn();
        rr2.isolation = Isolation.REPEATABLE_READ;
        Txn locker2 = dn.new Txn();
        lock(locker2, idIs(2), FOR_SHARE);
        locker2.commit();
        assertEquals(1, rr2.update(idIs(2), lit(5)), "a committed lock left no version to conflict with");
    }

    @Test
    void readCommittedReChecksTheFilterOnTheNewestVersionAfterWaiting() throws Exception {
        dn.seed(1, 0, 2, 0);
        Txn w = dn.new Txn();
        w.update(idIs(1), lit(9));
        Txn s = dn.new Txn();
        CompletableFuture<Long> f = async(() -> lock(s, cIs(0), FOR_SHARE));
        assertBlocked(f);
        w.commit();
        assertEquals(1L, get(f), "row 1 no longer has c = 0");
        assertEquals(Set.of(), holders(1));
        assertEquals(Set.of(h(s, "SHARE")), holders(2));
    }

    // ---- savepoints, prepare, restart -------------------------------------------------------------------------

    @Test
    void rollbackToSavepointReleasesOnlyTheLocksTakenAfterIt() throws Exception {
        dn.seed(1, 0, 2, 0);
        Txn t = dn.new Txn();
        lock(t, idIs(1), FOR_SHARE);
        int savepoint = t.cid + 1;
        lock(t, idIs(1), FOR_UPDATE);
        lock(t, idIs(2), FOR_SHARE);
        assertEquals(Set.of(h(t, "SHARE"), h(t, "UPDATE")), holders(1));
        tm().rollbackToSavepoint(t.gxid, savepoint);
        assertEquals(Set.of(h(t, "SHARE")), holders(1), "the upgrade is gone, the earlier share stays");
        assertEquals(Set.of(), holders(2));
        Txn s = dn.new Txn();
        assertEquals(2, lock(s, null, FOR_SHARE, LOCK_NOWAIT));
        Txn w = dn.new Txn();
        w.lockTimeoutMs = 50;
        sqlError(SqlState.LOCK_NOT_AVAILABLE, () -> w.update(idIs(1), cPlus(1)));
    }

    @Test
    void aPreparedTransactionKeepsItsRowLocksAcrossARestartUntilItEnds() {
        dn.seed(1, 0, 2, 0);
        Txn s1 = dn.new Txn();
        Txn s2 = dn.new Txn();
        lock(s1, idIs(1), FOR_SHARE);
        lock(s2, idIs(1), FOR_KEY_SHARE);
        lock(s2, idIs(2), FOR_UPDATE);
        Txn active = dn.new Txn();
        lock(active, idIs(1), FOR_SHARE);
        tm().prepare(s1.gxid);
        tm().prepare(s2.gxid);

        restart();
        assertEquals(List.of(s1.gxid, s2.gxid), tm().inDoubt());
        assertEquals(Set.of(h(s1, "SHARE"), h(s2, "KEY_SHARE")), holders(1), "the active locker's lock died");
        assertEquals(Set.of(h(s2, "UPDATE")), holders(2));
        Txn x = dn.new Txn();
        x.lockTimeoutMs = 50;
        sqlError(SqlState.LOCK_NOT_AVAILABLE, () -> x.update(idIs(1), cPlus(1)));
        Txn s3 = dn.new Txn();
        assertEquals(1, lock(s3, idIs(1), FOR_SHARE, LOCK_NOWAIT));
        sqlError(SqlState.LOCK_NOT_AVAILABLE, () -> lock(s3, idIs(2), FOR_SHARE, LOCK_NOWAIT));
        tm().rollback(s3.gxid);

        tm().commitPrepared(s1.gxid, dn.gtm.timestamp());
        tm().rollback(s2.gxid);
        tm().resolution.awaitQueued(); // a commit releases its locks once its intents are resolved
        assertEquals(0, tm().lockedKeys());
        restart();
        assertEquals(List.of(), tm().inDoubt(), "commit and rollback removed the persisted locks");
        tm().resolution.awaitQueued(); // a commit releases its locks once its intents are resolved
        assertEquals(0, tm().lockedKeys());
        assertEquals(List.of("1=0", "2=0"), dn.committed());
    }

    void restart() {
        dn.storage.close();
        dn.storage = DatanodeStorage.open(dir, 1);
        dn.tm = new TransactionManager(dn.storage, dn.gtm, Duration.ofMillis(50));
    }

    TransactionManager tm() {
        return dn.tm;
    }

    /** The intent key of some row of the table (a scan's first). */
    String anyRowKey() {
        try (var c = dn.storage.scan(TransactionManagerTest.TABLE_ID, new int[] {0}, dn.gtm.timestamp())) {
            assertTrue(c.next());
            return java.util.HexFormat.of().formatHex(c.intentKey());
        }
    }
}
