package io.tessera.datanode.txn;

import io.tessera.common.codec.StoredRowCodec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.tessera.common.codec.RowCodec;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import io.tessera.datanode.storage.DatanodeStorage;
import io.tessera.datanode.storage.ScanCursor;
import io.tessera.protocol.datanode.Assignment;
import io.tessera.protocol.datanode.ColumnDescriptor;
import io.tessera.protocol.datanode.DeleteOp;
import io.tessera.protocol.datanode.InsertOp;
import io.tessera.protocol.datanode.Isolation;
import io.tessera.protocol.datanode.ModifyRequest;
import io.tessera.protocol.datanode.RowBatch;
import io.tessera.protocol.datanode.ShardRows;
import io.tessera.protocol.datanode.TableDescriptor;
import io.tessera.protocol.datanode.TxnContext;
import io.tessera.protocol.datanode.UpdateOp;
import io.tessera.protocol.expr.Call;
import io.tessera.protocol.expr.Expr;
import io.tessera.protocol.expr.Literal;
import io.tessera.protocol.expr.Op;
import io.tessera.protocol.gtm.Outcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The datanode's transaction layer against real RocksDB: visibility of intents, write conflicts, isolation levels,
 * two-phase and one-phase commit, restart. Table {@code t(id int4, c int4)}, one shard.
 */
@Timeout(60)
class TransactionManagerTest {
    static final List<PgType> TYPES = List.of(PgType.INT4, PgType.INT4);
    static final RowCodec CODEC = new RowCodec(TYPES);
    static final int TABLE_ID = 7;
    static final TableDescriptor TABLE = table();
    static final CompletableFuture<Void> NEVER = new CompletableFuture<>();

    @TempDir
    Path dir;
    DatanodeStorage storage;
    FakeGtm gtm = new FakeGtm();
    TransactionManager tm;
    long nextGxid = 1000;

    static TableDescriptor table() {
        TableDescriptor.Builder b = TableDescriptor.newBuilder().setTableId(TABLE_ID).setCatalogVersion(1);
        for (int i = 0; i < TYPES.size(); i++) {
            b.addColumns(ColumnDescriptor.newBuilder().setName(i == 0 ? "id" : "c").setTypeOid(TYPES.get(i).oid()));
        }
        return b.build();
    }

    @BeforeEach
    void open() {
        storage = DatanodeStorage.open(dir, 1);
        tm = new TransactionManager(storage, gtm, Duration.ofMillis(50));
    }

    @AfterEach
    void close() {
        storage.close();
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /** A transaction as a coordinator would drive it: gxid, start timestamp, command ids. */
    final class Txn {
        final long gxid;
        final long start;
        Isolation isolation = Isolation.READ_COMMITTED;
        long lockTimeoutMs;
        int cid;

        Txn() {
            this(nextGxid++, gtm.timestamp());
        }

        /** The transaction {@code gxid} as seen by this test's datanode (one transaction on several datanodes). */
        Txn(long gxid, long start) {
            this.gxid = gxid;
            this.start = start;
        }

        TxnContext ctx() {
            return TxnContext.newBuilder().setGxid(gxid).setStartTs(start).setCommandId(cid)
                    .setIsolation(isolation).setLockTimeoutMs(lockTimeoutMs).setCoordinator("cn1").build();
        }

        /** The next statement: a new command id and (READ COMMITTED) a new snapshot. */
        long statement() {
            cid++;
            return isolation == Isolation.REPEATABLE_READ ? start : gtm.timestamp();
        }

        long insert(int... idAndC) {
            long snap = statement();
            List<Object[]> rows = new ArrayList<>();
            for (int i = 0; i < idAndC.length; i += 2) {
                rows.add(new Object[] {idAndC[i], idAndC[i + 1]});
            }
            return tm.modify(ModifyRequest.newBuilder().setTable(TABLE).setTxn(ctx()).setSnapshotTs(snap)
                    .setInsert(InsertOp.newBuilder().addShards(ShardRows.newBuilder().setShard(0).setRows(RowBatch
                            .newBuilder().setRowCount(rows.size()).setData(ByteString.copyFrom(CODEC.encodeBatch(rows))))))
                    .build(), TYPES, NEVER);
        }

        long update(Expr filter, Expr newC) {
            return update(statement(), filter, newC, NEVER);
        }

        long update(long snap, Expr filter, Expr newC, CompletableFuture<?> cancel) {
            UpdateOp.Builder u = UpdateOp.newBuilder().addAssignments(Assignment.newBuilder().setColumn(1).setValue(newC));
            if (filter != null) {
                u.setFilter(filter);
            }
            return tm.modify(ModifyRequest.newBuilder().setTable(TABLE).setTxn(ctx()).setSnapshotTs(snap).addShards(0)
                    .setUpdate(u).build(), TYPES, cancel);
        }

        long delete(Expr filter) {
            DeleteOp.Builder d = DeleteOp.newBuilder();
            if (filter != null) {
                d.setFilter(filter);
            }
            long snap = statement(); // the next command id, before ctx() reads it
            return tm.modify(ModifyRequest.newBuilder().setTable(TABLE).setTxn(ctx()).setSnapshotTs(snap)
                    .addShards(0).setDelete(d).build(), TYPES, NEVER);
        }

        /** What a SELECT as the next statement sees. */
        List<String> select() {
            long snap = statement();
            return scan(ctx(), snap);
        }

        long commit() {
            tm.prepare(gxid);
            long ts = gtm.decide(gxid, true).getCommitTs();
            tm.commitPrepared(gxid, ts);
            return ts;
        }
    }

    /** Rows visible to a reader, as "id=c" sorted by id. */
    List<String> scan(TxnContext ctx, long snapshot) {
        return scan(ctx, snapshot, NEVER);
    }

    List<String> scan(TxnContext ctx, long snapshot, CompletableFuture<?> cancel) {
        List<Object[]> rows = new ArrayList<>();
        try (ScanCursor c = storage.scan(TABLE_ID, new int[] {0}, snapshot, tm.resolver(ctx, snapshot, cancel))) {
            while (c.next()) {
                Object[] r = new Object[2];
                c.decode(StoredRowCodec.positional(CODEC.types()), r);
                rows.add(r);
            }
        }
        rows.sort(Comparator.comparingInt(r -> (Integer) r[0]));
        List<String> out = new ArrayList<>();
        for (Object[] r : rows) {
            out.add(r[0] + "=" + r[1]);
        }
        return out;
    }

    /** What an autocommit reader with a fresh snapshot sees. */
    List<String> committed() {
        return scan(null, gtm.timestamp());
    }

    static Expr col(int i) {
        return Expr.newBuilder().setColumn(i).build();
    }

    static Expr lit(long v) {
        return Expr.newBuilder().setTypeOid(PgType.INT4.oid()).setLiteral(Literal.newBuilder().setIntValue(v)).build();
    }

    static Expr call(Op op, PgType type, Expr... operands) {
        return Expr.newBuilder().setTypeOid(type.oid()).setCall(Call.newBuilder().setOp(op).addAllOperands(List.of(operands)))
                .build();
    }

    static Expr idIs(int id) {
        return call(Op.EQ, PgType.BOOL, col(0), lit(id));
    }

    static Expr cIs(int c) {
        return call(Op.EQ, PgType.BOOL, col(1), lit(c));
    }

    static Expr cPlus(int n) {
        return call(Op.PLUS, PgType.INT4, col(1), lit(n));
    }

    static TesseraException sqlError(SqlState expected, Runnable r) {
        TesseraException e = assertThrows(TesseraException.class, r::run);
        assertEquals(expected, e.sqlState(), e.getMessage());
        return e;
    }

    static <T> T get(CompletableFuture<T> f) throws Exception {
        try {
            return f.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TesseraException te) {
                throw te;
            }
            throw e;
        }
    }

    static void assertBlocked(CompletableFuture<?> f) throws Exception {
        assertThrows(TimeoutException.class, () -> f.get(300, TimeUnit.MILLISECONDS), "expected to be waiting");
    }

    void seed(int... idAndC) {
        Txn t = new Txn();
        t.insert(idAndC);
        t.commit();
        tm.resolution.awaitQueued(); // its rows unlocked
    }

    // ---- visibility -------------------------------------------------------------------------------------------

    @Test
    void ownWritesAreVisibleFromTheNextCommandAndPendingWritesToNobodyElse() {
        Txn t = new Txn();
        t.insert(1, 10, 2, 20);
        TxnContext sameStatement = t.ctx();
        assertEquals(List.of(), scan(sameStatement, gtm.timestamp()), "a statement never sees its own writes");
        assertEquals(List.of("1=10", "2=20"), t.select());
        assertEquals(List.of(), committed(), "pending intents are invisible to others");
        long before = gtm.timestamp();
        long ts = t.commit();
        assertEquals(List.of("1=10", "2=20"), committed());
        assertEquals(List.of(), scan(null, before), "a snapshot before the commit does not see it");
        assertEquals(List.of("1=10", "2=20"), scan(null, ts));
        tm.resolution.awaitQueued(); // a commit releases its locks once its intents are resolved
        assertEquals(0, tm.lockedKeys());
        assertEquals(0, tm.activeTransactions());
    }

    @Test
    void updateSetCPlusOneAddsExactlyOnceAndASecondStatementOverwritesTheIntent() {
        seed(1, 0, 2, 0, 3, 0);
        Txn t = new Txn();
        assertEquals(3, t.update(null, cPlus(1)));
        assertEquals(List.of("1=1", "2=1", "3=1"), t.select());
        assertEquals(3, t.update(null, cPlus(1)), "the second statement sees the first's writes");
        assertEquals(List.of("1=2", "2=2", "3=2"), t.select());
        assertEquals(3, tm.lockedKeys(), "one intent per key");
        assertEquals(List.of("1=0", "2=0", "3=0"), committed());
        t.commit();
        assertEquals(List.of("1=2", "2=2", "3=2"), committed());
    }

    @Test
    void updateOfRowsInsertedByTheSameStatementIsNotSeen() {
        Txn t = new Txn();
        t.insert(1, 0);
        // the same command id again: its own insert is invisible to it, so nothing is updated
        long snap = gtm.timestamp();
        assertEquals(0, t.update(snap, null, cPlus(1), NEVER));
        assertEquals(List.of("1=0"), t.select());
    }

    @Test
    void deleteHidesTheRowFromItsTransactionAndRollbackRestoresIt() {
        seed(1, 10, 2, 20);
        Txn t = new Txn();
        assertEquals(1, t.delete(idIs(1)));
        assertEquals(List.of("2=20"), t.select());
        assertEquals(List.of("1=10", "2=20"), committed());
        tm.rollback(t.gxid);
        assertEquals(List.of("1=10", "2=20"), committed());
        tm.resolution.awaitQueued(); // a commit releases its locks once its intents are resolved
        assertEquals(0, tm.lockedKeys());

        Txn d = new Txn();
        assertEquals(2, d.delete(null));
        d.commit();
        assertEquals(List.of(), committed());
    }

    // ---- conflicts --------------------------------------------------------------------------------------------

    @Test
    void writerWaitsForAConflictingIntentAndProceedsAfterRollback() throws Exception {
        seed(1, 0);
        Txn t1 = new Txn();
        assertEquals(1, t1.update(idIs(1), cPlus(100)));
        Txn t2 = new Txn();
        CompletableFuture<Long> f = CompletableFuture.supplyAsync(() -> t2.update(idIs(1), cPlus(1)));
        assertBlocked(f);
        tm.rollback(t1.gxid);
        assertEquals(1L, get(f));
        t2.commit();
        assertEquals(List.of("1=1"), committed());
    }

    @Test
    void updatesAndDeletesLeaveTheLockTableEmptyAndTheirIntentsStillExcludeOtherWriters() throws Exception {
        int n = 3_000;
        int[] rows = new int[2 * n];
        for (int i = 0; i < n; i++) {
            rows[2 * i] = i + 1;
        }
        seed(rows);
        Txn t1 = new Txn();
        assertEquals(n, t1.update(null, cPlus(1)));
        assertEquals(1, t1.delete(idIs(n)));
        assertEquals(4, t1.insert(n + 1, 0, n + 2, 0, n + 3, 0, n + 4, 0));
        assertEquals(0, tm.lockTableEntries(), "no in-memory lock entry per written row");
        assertEquals(n + 4, tm.lockedKeys());
        Txn t2 = new Txn();
        CompletableFuture<Long> update = CompletableFuture.supplyAsync(() -> t2.update(idIs(1), cPlus(10)));
        Txn t3 = new Txn();
        CompletableFuture<Long> delete = CompletableFuture.supplyAsync(() -> t3.delete(idIs(2)));
        assertBlocked(update);
        assertBlocked(delete);
        tm.rollback(t1.gxid);
        assertEquals(1L, get(update));
        assertEquals(1L, get(delete));
        t2.commit();
        t3.commit();
        assertEquals(n - 1, committed().size());
        assertEquals("1=10", committed().get(0));
        tm.resolution.awaitQueued();
        assertEquals(0, tm.lockedKeys());
    }

    @Test
    void aReaderWhoseSnapshotPrecedesThePreparedMarkingSkipsTheWaitAndALaterOneWaits() throws Exception {
        seed(1, 0, 2, 0);
        Txn writer = new Txn();
        writer.update(idIs(1), cPlus(1));
        long early = gtm.timestamp(); // after the writer's start: it used to wait for the writer's outcome
        Txn other = new Txn(); // its start, received here before the Prepare, is above that snapshot
        other.update(idIs(2), cPlus(1));
        tm.prepare(writer.gxid);
        assertEquals(List.of("1=0", "2=0"), scan(null, early, NEVER),
                "the commit timestamp will be above the snapshot whatever the outcome: no wait");
        long late = gtm.timestamp(); // after the marking: the commit may still fall below it, so it waits
        CompletableFuture<List<String>> r = CompletableFuture.supplyAsync(() -> scan(null, late));
        assertBlocked(r);
        tm.commitPrepared(writer.gxid, gtm.decide(writer.gxid, true).getCommitTs());
        assertEquals(List.of("1=0", "2=0"), get(r), "committed after its snapshot");
        assertEquals(List.of("1=1", "2=0"), committed());
        assertEquals(List.of("1=0", "2=0"), scan(null, early));
        tm.rollback(other.gxid);
    }

    @Test
    void lockTimeoutRaises55P03() {
        seed(1, 0);
        Txn t1 = new Txn();
        t1.update(idIs(1), cPlus(1));
        Txn t2 = new Txn();
        t2.lockTimeoutMs = 100;
        long started = System.nanoTime();
        TesseraException e = sqlError(SqlState.LOCK_NOT_AVAILABLE, () -> t2.update(idIs(1), cPlus(1)));
        assertEquals("canceling statement due to lock timeout", e.getMessage());
        assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(100));
        assertEquals(1, tm.lockedKeys(), "the failed statement left no lock behind");
        tm.rollback(t2.gxid);
        t1.commit();
        assertEquals(List.of("1=1"), committed());
    }

    @Test
    void cancellingTheCallStopsTheWait() throws Exception {
        seed(1, 0);
        Txn t1 = new Txn();
        t1.update(idIs(1), cPlus(1));
        Txn t2 = new Txn();
        CompletableFuture<Void> cancel = new CompletableFuture<>();
        long snap = t2.statement();
        CompletableFuture<Long> f = CompletableFuture.supplyAsync(() -> t2.update(snap, idIs(1), cPlus(1), cancel));
        assertBlocked(f);
        cancel.complete(null);
        TesseraException e = assertThrows(TesseraException.class, () -> get(f));
        assertEquals(SqlState.QUERY_CANCELED, e.sqlState());
    }

    @Test
    void repeatableReadRaises40001OnAConcurrentUpdate() throws Exception {
        seed(1, 0, 2, 0);
        Txn rr = new Txn();
        rr.isolation = Isolation.REPEATABLE_READ;
        Txn t1 = new Txn();
        t1.update(idIs(1), cPlus(1));
        t1.commit();
        TesseraException e = sqlError(SqlState.SERIALIZATION_FAILURE, () -> rr.update(idIs(1), cPlus(10)));
        assertEquals("could not serialize access due to concurrent update", e.getMessage());
        assertEquals(List.of("1=0", "2=0"), rr.select(), "its snapshot still holds");

        // after waiting for a writer that then commits: 40001 as well
        Txn rr2 = new Txn();
        rr2.isolation = Isolation.REPEATABLE_READ;
        Txn t3 = new Txn();
        t3.update(idIs(2), cPlus(1));
        CompletableFuture<Long> f = CompletableFuture.supplyAsync(() -> rr2.update(idIs(2), cPlus(10)));
        assertBlocked(f);
        t3.commit();
        TesseraException e2 = assertThrows(TesseraException.class, () -> get(f));
        assertEquals(SqlState.SERIALIZATION_FAILURE, e2.sqlState());
    }

    @Test
    void repeatableReadProceedsWhenTheConflictingWriterRollsBack() throws Exception {
        seed(1, 0);
        Txn rr = new Txn();
        rr.isolation = Isolation.REPEATABLE_READ;
        Txn t1 = new Txn();
        t1.update(idIs(1), cPlus(1));
        CompletableFuture<Long> f = CompletableFuture.supplyAsync(() -> rr.update(idIs(1), cPlus(10)));
        assertBlocked(f);
        tm.rollback(t1.gxid);
        assertEquals(1L, get(f));
        rr.commit();
        assertEquals(List.of("1=10"), committed());
    }

    @Test
    void readCommittedReChecksTheFilterOnTheNewestVersion() throws Exception {
        seed(1, 0, 2, 0, 3, 0);
        Txn t1 = new Txn();
        t1.update(idIs(1), lit(10));
        t1.update(idIs(2), cPlus(5));
        t1.delete(idIs(3));

        // no lost update: "set c = c + 1 where id = 1" applies to the committed 10
        Txn a = new Txn();
        CompletableFuture<Long> fa = CompletableFuture.supplyAsync(() -> a.update(idIs(1), cPlus(1)));
        assertBlocked(fa);
        Txn b = new Txn();
        CompletableFuture<Long> fb = CompletableFuture.supplyAsync(() -> b.update(cIs(0), lit(99)));
        assertBlocked(fb);
        t1.commit();
        assertEquals(1L, get(fa));
        a.commit(); // b may be queued behind a on row 1, as in PostgreSQL
        assertEquals(0L, get(fb), "rows 1 and 2 no longer have c = 0 and row 3 is deleted");
        b.commit();
        assertEquals(List.of("1=11", "2=5"), committed());
    }

    @Test
    void readCommittedActsOnARowCommittedAfterItsSnapshotWithoutWaiting() {
        seed(1, 0);
        Txn t = new Txn();
        long snap = t.statement();
        Txn other = new Txn();
        other.update(idIs(1), cPlus(1));
        other.commit();
        // the snapshot sees c = 0; the newest version (c = 1) still passes the filter: act on it
        assertEquals(1, t.update(snap, idIs(1), cPlus(1), NEVER));
        t.commit();
        assertEquals(List.of("1=2"), committed());
    }

    @Test
    void aLocalDeadlockFailsOneTransactionWith40P01() throws Exception {
        seed(1, 0, 2, 0);
        Txn t1 = new Txn();
        Txn t2 = new Txn();
        t1.update(idIs(1), cPlus(1));
        t2.update(idIs(2), cPlus(1));
        CompletableFuture<Long> f1 = CompletableFuture.supplyAsync(() -> t1.update(idIs(2), cPlus(1)));
        assertBlocked(f1);
        sqlError(SqlState.DEADLOCK_DETECTED, () -> t2.update(idIs(1), cPlus(1)));
        tm.rollback(t2.gxid);
        assertEquals(1L, get(f1));
        t1.commit();
        assertEquals(List.of("1=1", "2=1"), committed());
    }

    // ---- prepared intents and readers -------------------------------------------------------------------------

    @Test
    void readerWaitsForAPreparedIntentThatMayCommitBelowItsSnapshot() throws Exception {
        tm = new TransactionManager(storage, gtm, Duration.ofHours(1)); // no GTM polls: only the local commit helps
        Txn t = new Txn();
        t.insert(1, 1);
        tm.prepare(t.gxid);
        long commitTs = gtm.decide(t.gxid, true).getCommitTs();
        long snapshot = gtm.timestamp(); // after the decision, before COMMIT PREPARED reaches this datanode
        CompletableFuture<List<String>> reader = CompletableFuture.supplyAsync(() -> scan(null, snapshot));
        assertBlocked(reader);
        tm.commitPrepared(t.gxid, commitTs);
        assertEquals(List.of("1=1"), get(reader));
    }

    @Test
    void readerOfAPreparedIntentSeesNothingAfterRollbackAndIgnoresPreparedTransactionsStartedLater() throws Exception {
        Txn t = new Txn();
        t.insert(1, 1);
        tm.prepare(t.gxid);
        long snapshot = gtm.timestamp();
        CompletableFuture<List<String>> reader = CompletableFuture.supplyAsync(() -> scan(null, snapshot));
        assertBlocked(reader);
        tm.rollback(t.gxid);
        assertEquals(List.of(), get(reader));

        long early = gtm.timestamp();
        Txn late = new Txn(); // starts after the snapshot `early`: its commit can only be later
        late.insert(2, 2);
        tm.prepare(late.gxid);
        assertEquals(List.of(), scan(null, early), "no wait for a transaction that started after the snapshot");
    }

    @Test
    void aReaderWaitingLongAsksTheGtmAndAppliesItsDecision() throws Exception {
        Txn t = new Txn();
        t.insert(1, 1);
        tm.prepare(t.gxid);
        long commitTs = gtm.decide(t.gxid, true).getCommitTs(); // the coordinator died before COMMIT PREPARED
        List<String> rows = get(CompletableFuture.supplyAsync(() -> scan(null, gtm.timestamp())));
        assertEquals(List.of("1=1"), rows);
        tm.resolution.awaitQueued(); // a commit releases its locks once its intents are resolved
        assertEquals(0, tm.lockedKeys(), "the decision was applied here");
        assertEquals(List.of("1=1"), scan(null, commitTs));
    }

    @Test
    void ownPreparedIntentsAndCancelledReaders() throws Exception {
        Txn t = new Txn();
        t.insert(1, 1);
        tm.prepare(t.gxid);
        CompletableFuture<Void> cancel = new CompletableFuture<>();
        long snap = gtm.timestamp();
        CompletableFuture<List<String>> reader = CompletableFuture.supplyAsync(() -> scan(null, snap, cancel));
        assertBlocked(reader);
        cancel.complete(null);
        TesseraException e = assertThrows(TesseraException.class, () -> get(reader));
        assertEquals(SqlState.QUERY_CANCELED, e.sqlState());
        tm.rollback(t.gxid);
    }

    // ---- two-phase commit -------------------------------------------------------------------------------------

    @Test
    void prepareCommitAndRollbackAreIdempotent() {
        Txn t = new Txn();
        t.insert(1, 1);
        sqlError(SqlState.INVALID_TRANSACTION_STATE, () -> tm.commitPrepared(t.gxid, gtm.timestamp()));
        tm.prepare(t.gxid);
        tm.prepare(t.gxid);
        sqlError(SqlState.INVALID_TRANSACTION_STATE, () -> t.insert(2, 2));
        long ts = gtm.timestamp();
        tm.commitPrepared(t.gxid, ts);
        tm.commitPrepared(t.gxid, ts);
        tm.commitPrepared(424242, ts); // unknown here: nothing to do
        sqlError(SqlState.INVALID_TRANSACTION_STATE, () -> tm.rollback(t.gxid));
        assertEquals(List.of("1=1"), committed());

        Txn r = new Txn();
        r.insert(3, 3);
        tm.prepare(r.gxid);
        tm.rollback(r.gxid);
        tm.rollback(r.gxid);
        tm.rollback(434343);
        sqlError(SqlState.INVALID_TRANSACTION_STATE, () -> tm.commitPrepared(r.gxid, gtm.timestamp()));
        sqlError(SqlState.TRANSACTION_ROLLBACK, () -> tm.prepare(r.gxid));
        sqlError(SqlState.TRANSACTION_ROLLBACK, () -> tm.prepare(454545));
        assertEquals(List.of("1=1"), committed());
        tm.resolution.awaitQueued(); // a commit releases its locks once its intents are resolved
        assertEquals(0, tm.lockedKeys());
    }

    @Test
    void preparedIntentsSurviveARestartAndPendingOnesAreDiscarded() {
        seed(1, 0);
        Txn prepared = new Txn();
        prepared.update(idIs(1), cPlus(1));
        prepared.insert(2, 2);
        tm.prepare(prepared.gxid);
        Txn pending = new Txn();
        pending.insert(3, 3);

        storage.close();
        storage = DatanodeStorage.open(dir, 1);
        tm = new TransactionManager(storage, gtm, Duration.ofMillis(50));

        assertEquals(List.of(prepared.gxid), tm.inDoubt());
        assertEquals(2, tm.lockedKeys(), "prepared intents keep their locks");
        sqlError(SqlState.TRANSACTION_ROLLBACK, () -> tm.prepare(pending.gxid));
        sqlError(SqlState.TRANSACTION_ROLLBACK, () -> pending.insert(4, 4));

        Txn writer = new Txn();
        writer.lockTimeoutMs = 50;
        sqlError(SqlState.LOCK_NOT_AVAILABLE, () -> writer.update(idIs(1), cPlus(1)));

        long ts = gtm.timestamp();
        tm.commitPrepared(prepared.gxid, ts);
        assertEquals(List.of("1=1", "2=2"), committed());
        tm.resolution.awaitQueued(); // a commit releases its locks once its intents are resolved
        assertEquals(0, tm.lockedKeys());
    }

    // ---- in-doubt resolution (InDoubtResolver) ----------------------------------------------------------------

    /** A resolver over {@code tm} seeing {@code live} as the registered owners; every rule applies at once. */
    private InDoubtResolver resolver(java.util.function.Supplier<java.util.Optional<java.util.Set<String>>> live,
                                     Duration askAfter, Duration abandonAfter) {
        return new InDoubtResolver(tm, live, Duration.ZERO, askAfter, abandonAfter);
    }

    @Test
    void transactionsOfAGoneOwnerAreFinished() {
        Txn active = new Txn();
        active.insert(10, 0);
        Txn decided = new Txn();
        decided.insert(11, 0);
        tm.prepare(decided.gxid);
        gtm.decide(decided.gxid, true); // its coordinator recorded commit, then died before COMMIT PREPARED
        Txn undecided = new Txn();
        undecided.insert(12, 0);
        tm.prepare(undecided.gxid);

        java.util.concurrent.atomic.AtomicReference<java.util.Set<String>> live =
                new java.util.concurrent.atomic.AtomicReference<>(java.util.Set.of("cn1"));
        InDoubtResolver r = resolver(() -> java.util.Optional.of(live.get()), Duration.ofHours(1), Duration.ofHours(1));
        assertEquals(0, r.resolveOnce(), "the owner is alive: nothing to do");
        assertEquals(3, tm.activeTransactions());

        live.set(java.util.Set.of("cn2")); // cn1's znode is gone
        assertEquals(3, r.resolveOnce());
        assertEquals(List.of("11=0"), committed());
        assertEquals(Outcome.ABORTED, gtm.decisions.get(undecided.gxid).getOutcome(), "the abort is recorded");
        tm.resolution.awaitQueued(); // a commit releases its locks once its intents are resolved
        assertEquals(0, tm.activeTransactions());
        assertEquals(0, tm.lockedKeys());
        sqlError(SqlState.TRANSACTION_ROLLBACK, () -> tm.prepare(active.gxid));
    }

    @Test
    void withoutZooKeeperOnlyTheOwnerlessRulesApply() {
        Txn active = new Txn();
        active.insert(20, 0);
        Txn prepared = new Txn();
        prepared.insert(21, 0);
        tm.prepare(prepared.gxid);
        assertEquals(0, resolver(java.util.Optional::empty, Duration.ofHours(1), Duration.ofHours(1)).resolveOnce());
        // a live owner's prepared transaction past the abandon limit: its coordinator gave up (08007)
        assertEquals(1, resolver(java.util.Optional::empty, Duration.ZERO, Duration.ZERO).resolveOnce());
        assertEquals(Outcome.ABORTED, gtm.decisions.get(prepared.gxid).getOutcome());
        assertEquals(1, tm.activeTransactions(), "an active transaction of an owner that may be alive stays");
    }

    @Test
    void transactionsFoundPreparedAtStartUpAreResolvedFromTheGtm() {
        Txn committedByGtm = new Txn();
        committedByGtm.insert(30, 0);
        tm.prepare(committedByGtm.gxid);
        gtm.decide(committedByGtm.gxid, true);
        Txn neverDecided = new Txn();
        neverDecided.insert(31, 0);
        tm.prepare(neverDecided.gxid);

        storage.close();
        storage = DatanodeStorage.open(dir, 1);
        tm = new TransactionManager(storage, gtm, Duration.ofMillis(50));
        assertEquals(2, resolver(() -> java.util.Optional.of(java.util.Set.of("cn1")), Duration.ofHours(1),
                Duration.ofHours(1)).resolveOnce(), "owner unknown after a restart: asked at once (grace 0)");
        assertEquals(List.of("30=0"), committed());
        tm.resolution.awaitQueued(); // a commit releases its locks once its intents are resolved
        assertEquals(0, tm.lockedKeys());
    }

    @Test
    void aOnePhaseCommitThatCannotTakeATimestampRollsBackAtOnce() {
        Txn t = new Txn();
        t.insert(40, 0);
        gtm.down = true;
        TesseraException e = sqlError(SqlState.TRANSACTION_ROLLBACK, () -> tm.commitOnePhase(t.gxid));
        assertTrue(e.getMessage().contains("no commit timestamp"), e.getMessage());
        tm.resolution.awaitQueued(); // a commit releases its locks once its intents are resolved
        assertEquals(0, tm.lockedKeys(), "nothing durable says it committed: rolled back, locks released");
        gtm.down = false;
        assertEquals(List.of(), committed());
        sqlError(SqlState.TRANSACTION_ROLLBACK, () -> tm.commitOnePhase(t.gxid));
    }

    @Test
    void onePhaseCommitTakesTheTimestampFromTheGtmAfterPreparingAndRecordsNoDecision() {
        Txn t = new Txn();
        t.insert(1, 1);
        long before = gtm.clock.get();
        long ts = tm.commitOnePhase(t.gxid);
        assertTrue(ts > before);
        assertNull(gtm.decisions.get(t.gxid), "one durable write, on this datanode: nothing at the GTM");
        assertEquals(ts, tm.commitOnePhase(t.gxid), "a repeat returns the same timestamp");
        assertEquals(List.of(), scan(null, ts - 1));
        assertEquals(List.of("1=1"), scan(null, ts));
    }

    @Test
    void aOnePhaseCommitInProgressIsLeftToItselfByTheInDoubtResolver() throws Exception {
        Txn t = new Txn();
        t.insert(41, 0);
        java.util.concurrent.CountDownLatch asked = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch answer = new java.util.concurrent.CountDownLatch(1);
        gtm.beforeTimestamp = () -> {
            asked.countDown();
            try {
                answer.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        };
        CompletableFuture<Long> commit = CompletableFuture.supplyAsync(() -> tm.commitOnePhase(t.gxid));
        asked.await();
        assertEquals(List.of(), tm.transactions(), "prepared by a one-phase commit: not in doubt");
        InDoubtResolver r = resolver(() -> java.util.Optional.of(java.util.Set.of()), Duration.ZERO, Duration.ZERO);
        assertEquals(0, r.resolveOnce(), "its owner is gone, yet only the commit itself finishes it");
        assertNull(gtm.decisions.get(t.gxid));
        answer.countDown();
        long ts = commit.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(List.of("41=0"), scan(null, ts));
    }

    @Test
    void aReaderMeetingTheIntentsOfAOnePhaseCommitInProgressWaitsForItsTimestamp() throws Exception {
        Txn w = new Txn();
        w.insert(42, 1);
        Txn r = new Txn();
        r.cid = 1;
        java.util.concurrent.CountDownLatch asked = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch answer = new java.util.concurrent.CountDownLatch(1);
        gtm.beforeTimestamp = () -> {
            asked.countDown();
            try {
                answer.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        };
        CompletableFuture<Long> commit = CompletableFuture.supplyAsync(() -> tm.commitOnePhase(w.gxid));
        asked.await(); // marked prepared (in memory only: the intent in storage is still pending), no timestamp yet
        long snapshot = gtm.clock.get() + 1_000; // its commit timestamp will fall below this snapshot
        CompletableFuture<List<String>> read = CompletableFuture.supplyAsync(() -> scan(r.ctx(), snapshot));
        while (tm.waitsFor().isEmpty()) {
            assertFalse(read.isDone(), () -> "the reader did not wait: " + read.join());
            Thread.sleep(1); // until the reader's wait for the committing transaction is registered
        }
        gtm.beforeTimestamp = () -> { };
        answer.countDown();
        long ts = commit.get(30, TimeUnit.SECONDS);
        assertTrue(ts <= snapshot);
        assertEquals(List.of("42=1"), read.get(30, TimeUnit.SECONDS), "committed below the reader's snapshot");
        assertEquals(List.of(), scan(null, ts - 1));
    }

    @Test
    void onePhaseCommitOfAPreparedTransactionTheGtmAbortedRollsBack() {
        Txn t = new Txn();
        t.insert(1, 1);
        tm.prepare(t.gxid);
        gtm.decide(t.gxid, false); // e.g. an in-doubt resolver presumed abort first
        TesseraException e = sqlError(SqlState.TRANSACTION_ROLLBACK, () -> tm.commitOnePhase(t.gxid));
        assertTrue(e.getMessage().contains("aborted"), e.getMessage());
        tm.resolution.awaitQueued(); // a commit releases its locks once its intents are resolved
        assertEquals(0, tm.lockedKeys());
        assertEquals(List.of(), committed());
    }

    @Test
    void onePhaseCommitOfAPreparedTransactionWithoutTheGtmLeavesItPreparedAndReports08007() {
        Txn t = new Txn();
        t.insert(1, 1);
        tm.prepare(t.gxid);
        gtm.down = true;
        sqlError(SqlState.TRANSACTION_RESOLUTION_UNKNOWN, () -> tm.commitOnePhase(t.gxid));
        assertEquals(1, tm.lockedKeys(), "never rolled back on a guess");
        gtm.down = false;
        long ts = tm.commitOnePhase(t.gxid);
        assertEquals(ts, gtm.decisions.get(t.gxid).getCommitTs(), "a prepared transaction commits by the GTM's decision");
        assertEquals(List.of("1=1"), scan(null, ts));
    }

    @Test
    void modifyWithoutATransactionIsRefused() {
        sqlError(SqlState.INVALID_TRANSACTION_STATE, () -> tm.modify(ModifyRequest.newBuilder().setTable(TABLE)
                .setSnapshotTs(1).setDelete(DeleteOp.getDefaultInstance()).build(), TYPES, NEVER));
        assertFalse(tm.activeTransactions() > 0);
    }

    /** The versions in storage at {@code snapshot}, intents left out (no resolver): what is resolved so far. */
    List<String> versions(long snapshot) {
        List<String> out = new ArrayList<>();
        try (ScanCursor c = storage.scan(TABLE_ID, new int[] {0}, snapshot)) {
            while (c.next()) {
                Object[] r = new Object[2];
                c.decode(StoredRowCodec.positional(CODEC.types()), r);
                out.add(r[0] + "=" + r[1]);
            }
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    /** Makes the intent resolution of {@link #tm} wait for {@code latch} before each transaction it resolves. */
    void holdResolution(java.util.concurrent.CountDownLatch latch) {
        tm.participant.inlineResolveMax = 0; // every commit leaves its intents to the resolution
        tm.resolution.beforeResolve = () -> {
            try {
                latch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    @Test
    void aOnePhaseCommitIsDurableByItsRecordAloneAndReadersSeeItBeforeItsIntentsAreResolved() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        holdResolution(release);
        Txn t = new Txn();
        t.insert(50, 1, 51, 2);
        long ts = tm.commitOnePhase(t.gxid);
        assertEquals(ts, tm.commitOnePhase(t.gxid), "a repeat while its intents are unresolved: the same timestamp");
        assertEquals(List.of(), versions(ts), "acknowledged with the intents still pending in storage");
        assertEquals(2, storage.countIntents());
        assertEquals(java.util.Map.of(t.gxid, ts), storage.transactionRecords());
        assertEquals(List.of("50=1", "51=2"), scan(null, ts), "a reader takes them as versions at the commit timestamp");
        assertEquals(List.of(), scan(null, ts - 1));
        Txn r = new Txn();
        assertEquals(List.of("50=1", "51=2"), scan(r.ctx(), gtm.timestamp()), "a transaction's reader too");

        // a writer of one of its rows waits for the resolution (the rows stay locked), then updates the version
        Txn u = new Txn();
        CompletableFuture<Long> updated = CompletableFuture.supplyAsync(() -> u.update(
                call(Op.EQ, PgType.BOOL, col(0), lit(50)), lit(9)));
        while (tm.waitsFor().isEmpty()) {
            assertFalse(updated.isDone(), () -> "the writer did not wait: " + updated.join());
            Thread.onSpinWait();
        }
        release.countDown();
        assertEquals(1, updated.get(30, TimeUnit.SECONDS));
        assertEquals(List.of("50=1", "51=2"), versions(ts), "resolved before the lock was released");
        assertEquals(java.util.Map.of(), storage.transactionRecords(), "the record went with the last intent");
        assertEquals(1, storage.countIntents(), "only the writer's");
        long ts2 = tm.commitOnePhase(u.gxid);
        assertEquals(List.of("50=9", "51=2"), scan(null, ts2));
    }

    @Test
    void aSmallCommitResolvesItsIntentsInItsOwnWriteAndReleasesItsRowsBeforeItReturns() throws Exception {
        tm.resolution.beforeResolve = () -> {
            throw new AssertionError("a small commit left its intents to the background resolution");
        };
        seed(90, 0);
        Txn one = new Txn();
        one.insert(91, 1, 92, 2);
        long ts = tm.commitOnePhase(one.gxid);
        assertEquals(List.of("90=0", "91=1", "92=2"), versions(ts), "versions at its commit timestamp");
        assertEquals(0, storage.countIntents());
        assertEquals(java.util.Map.of(), storage.transactionRecords(), "no record: the versions are the commit");
        assertEquals(0, tm.lockedKeys(), "its rows are free when the commit returns");
        assertEquals(ts, tm.commitOnePhase(one.gxid), "a repeat returns its timestamp");

        Txn two = new Txn();
        two.update(idIs(90), cPlus(5));
        tm.prepare(two.gxid);
        assertEquals(java.util.Map.of(two.gxid, 0L), storage.transactionRecords(), "prepared: its record");
        Txn waiting = new Txn(); // a writer of its row waits for the commit, not for a resolution
        CompletableFuture<Long> updated = CompletableFuture.supplyAsync(() -> waiting.update(idIs(90), cPlus(1)));
        assertBlocked(updated);
        long ts2 = gtm.decide(two.gxid, true).getCommitTs();
        tm.commitPrepared(two.gxid, ts2);
        assertEquals(1, get(updated));
        assertEquals(java.util.Map.of(), storage.transactionRecords(), "the record went with its intent");
        assertEquals(List.of("90=5", "91=1", "92=2"), versions(ts2));
        tm.commitPrepared(two.gxid, ts2); // a repeat succeeds
        sqlError(SqlState.INVALID_TRANSACTION_STATE, () -> tm.rollback(two.gxid));
        waiting.commit();
        assertEquals(List.of("90=6", "91=1", "92=2"), committed());
        assertEquals(0, storage.countIntents());
    }

    @Test
    void aOnePhaseCommitNotResolvedBeforeAStopIsResolvedAtStartUpFromItsRecord() {
        holdResolution(new java.util.concurrent.CountDownLatch(1)); // never: stopped before its resolution
        Txn t = new Txn();
        t.insert(60, 1, 62, 3);
        long ts = tm.commitOnePhase(t.gxid);
        Txn pending = new Txn();
        pending.insert(61, 1); // never committed: discarded at start-up

        storage.close();
        storage = DatanodeStorage.open(dir, 1);
        tm = new TransactionManager(storage, gtm, Duration.ofMillis(50));
        assertEquals(List.of("60=1", "62=3"), versions(ts), "committed from its record");
        assertEquals(List.of(), versions(ts - 1), "at its commit timestamp");
        assertEquals(0, storage.countIntents());
        assertEquals(java.util.Map.of(), storage.transactionRecords());
        assertEquals(ts, tm.commitOnePhase(t.gxid), "its outcome is known after the restart");
        assertEquals(List.of("60=1", "62=3"), committed());
    }

    // ---- change tracking (a redistribution's catch-up rounds) ---------------------------------------------------

    /** The rows stored at {@code keys} (intent keys) as a reader at {@code snapshot} sees them, "id=c" sorted. */
    List<String> rowsAt(List<byte[]> keys, long snapshot) {
        List<String> out = new ArrayList<>();
        for (byte[] k : keys) {
            byte[] rowId = java.util.Arrays.copyOfRange(k, io.tessera.common.codec.KeyCodec.INDEX_PREFIX_LENGTH, k.length);
            try (ScanCursor c = storage.scan(TABLE_ID, new int[] {io.tessera.common.codec.KeyCodec.shardOf(k)},
                    snapshot, tm.resolver(null, snapshot, NEVER), null, rowId)) {
                c.includeTombstones();
                if (c.next()) {
                    Object[] r = new Object[2];
                    if (io.tessera.datanode.storage.RowValue.isTombstone(c.value())) {
                        out.add("deleted");
                    } else {
                        c.decode(StoredRowCodec.positional(CODEC.types()), r);
                        out.add(r[0] + "=" + r[1]);
                    }
                }
            }
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    @Test
    void aChangeTrackerHoldsEveryKeyWhoseCommitASnapshotAfterItsOpeningCanSee() {
        seed(1, 10, 2, 20, 9, 90);
        Txn running = new Txn();
        running.update(idIs(1), cPlus(1)); // writing when the tracker opens
        Txn preparedBefore = new Txn();
        preparedBefore.delete(idIs(2));
        tm.prepare(preparedBefore.gxid); // prepared before it opens, committed after
        try (ChangeTracker tracker = tm.trackChanges(TABLE_ID, 100)) {
            long copy = gtm.timestamp(); // the first round's snapshot: sees none of what follows
            Txn later = new Txn();
            later.insert(3, 30);
            later.commit();
            running.commit();
            long ts = gtm.decide(preparedBefore.gxid, true).getCommitTs();
            tm.commitPrepared(preparedBefore.gxid, ts);
            Txn aborted = new Txn();
            aborted.insert(4, 40);
            tm.prepare(aborted.gxid);
            tm.rollback(aborted.gxid);
            Txn pending = new Txn();
            pending.update(idIs(9), cPlus(1)); // not prepared: not yet a change
            long round = gtm.timestamp();
            assertEquals(List.of("1=10", "2=20", "9=90"), scan(null, copy));
            List<byte[]> keys = tracker.take(round);
            assertEquals(List.of("1=11", "3=30", "deleted"), rowsAt(keys, round),
                    "the updated, inserted and deleted rows; the aborted insert left nothing; row 9 untouched");
            assertEquals(List.of(), tracker.take(gtm.timestamp()), "decided at or below the round: forgotten");
            long commit = pending.commit();
            assertEquals(List.of("9=90"), rowsAt(tracker.take(commit - 1), commit - 1),
                    "a round below the commit reads the old version, and keeps the key");
            assertEquals(List.of("9=91"), rowsAt(tracker.take(commit), commit));
            assertEquals(List.of(), tracker.take(gtm.timestamp()));
        }
        Txn afterClose = new Txn();
        afterClose.insert(5, 50);
        afterClose.commit();
        tm.resolution.awaitQueued(); // until its intents are resolved it is unfinished, and a new tracker records it
        try (ChangeTracker fresh = tm.trackChanges(TABLE_ID, 100)) {
            assertEquals(List.of(), fresh.take(gtm.timestamp()), "a tracker knows nothing from before it opened");
        }
    }

    @Test
    void aChangeTrackerPastItsLimitOverflowsAndForgetsItsKeys() {
        try (ChangeTracker tracker = tm.trackChanges(TABLE_ID, 2);
             ChangeTracker otherTable = tm.trackChanges(TABLE_ID + 1, 2)) {
            Txn t = new Txn();
            t.insert(1, 10, 2, 20);
            t.commit();
            assertFalse(tracker.overflowed());
            assertEquals(2, tracker.take(gtm.timestamp()).size());
            Txn big = new Txn();
            big.insert(3, 30, 4, 40, 5, 50);
            big.commit();
            assertTrue(tracker.overflowed());
            assertNull(tracker.take(gtm.timestamp()), "a scan must replace it");
            assertFalse(otherTable.overflowed());
            assertEquals(List.of(), otherTable.take(gtm.timestamp()), "keys of another table are not its changes");
        }
    }

    @Test
    void prepareWritesOneRecordAndCommitPreparedLeavesTheIntentsToBackgroundResolution() throws Exception {
        seed(70, 0);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        holdResolution(release);
        Txn t = new Txn();
        t.update(idIs(70), cPlus(1));
        t.insert(71, 1);
        tm.prepare(t.gxid);
        assertEquals(java.util.Map.of(t.gxid, 0L), storage.transactionRecords(), "prepared: one record");
        List<String> intents = new ArrayList<>();
        storage.forEachIntent((k, i) -> intents.add(i.gxid() + (i.prepared() ? " prepared" : " pending")));
        assertEquals(List.of(t.gxid + " pending", t.gxid + " pending"), intents,
                "the intents were not rewritten by Prepare");

        Txn r = new Txn();
        long snapshot = gtm.clock.get() + 1_000; // above the commit timestamp to come
        CompletableFuture<List<String>> reader = CompletableFuture.supplyAsync(() -> scan(r.ctx(), snapshot));
        assertBlocked(reader); // prepared by its record: the reader waits for the outcome
        long ts = gtm.decide(t.gxid, true).getCommitTs();
        tm.commitPrepared(t.gxid, ts);
        assertEquals(List.of("70=1", "71=1"), get(reader), "its outcome, not yet its resolution, ends the wait");
        assertEquals(java.util.Map.of(t.gxid, ts), storage.transactionRecords(), "the commit is in the record");
        assertEquals(2, storage.countIntents(), "the intents are still pending in storage");
        assertEquals(List.of("70=0"), versions(ts), "no version written yet");
        assertEquals(List.of("70=1", "71=1"), committed());
        tm.commitPrepared(t.gxid, ts); // a repeat meanwhile succeeds
        sqlError(SqlState.INVALID_TRANSACTION_STATE, () -> tm.rollback(t.gxid));

        Txn u = new Txn(); // a writer of one of its rows waits for the resolution
        CompletableFuture<Long> updated = CompletableFuture.supplyAsync(() -> u.update(idIs(71), lit(5)));
        assertBlocked(updated);
        release.countDown();
        assertEquals(1, get(updated));
        assertEquals(List.of("70=1", "71=1"), versions(ts), "resolved before the lock was released");
        assertEquals(java.util.Map.of(), storage.transactionRecords(), "the record went with the last intent");
        u.commit();
        assertEquals(List.of("70=1", "71=5"), committed());
    }

    @Test
    void aPreparedRecordKeepsTheTransactionInDoubtAcrossARestartAndACommittedOneIsResolvedAtStartUp() {
        holdResolution(new java.util.concurrent.CountDownLatch(1)); // never: stopped before the resolution
        Txn committedUnresolved = new Txn();
        committedUnresolved.insert(80, 1);
        long ts = committedUnresolved.commit();
        Txn prepared = new Txn();
        prepared.insert(81, 1);
        tm.prepare(prepared.gxid);
        Txn aborted = new Txn();
        aborted.insert(82, 1);
        tm.prepare(aborted.gxid);
        tm.rollback(aborted.gxid);

        storage.close();
        storage = DatanodeStorage.open(dir, 1);
        tm = new TransactionManager(storage, gtm, Duration.ofMillis(50));
        assertEquals(List.of("80=1"), versions(ts), "committed from its record at start-up");
        assertEquals(List.of(prepared.gxid), tm.inDoubt());
        assertEquals(java.util.Map.of(prepared.gxid, 0L), storage.transactionRecords());
        assertEquals(1, tm.lockedKeys(), "its intent keeps its lock");
        Txn writer = new Txn();
        writer.lockTimeoutMs = 50;
        sqlError(SqlState.LOCK_NOT_AVAILABLE, () -> writer.update(idIs(81), lit(2)));

        long ts2 = gtm.decide(prepared.gxid, true).getCommitTs();
        tm.commitPrepared(prepared.gxid, ts2);
        assertEquals(List.of("80=1", "81=1"), committed());
        tm.resolution.awaitQueued();
        assertEquals(java.util.Map.of(), storage.transactionRecords());
        assertEquals(0, storage.countIntents());
        tm.resolution.awaitQueued(); // a commit releases its locks once its intents are resolved
        assertEquals(0, tm.lockedKeys());
    }
}
