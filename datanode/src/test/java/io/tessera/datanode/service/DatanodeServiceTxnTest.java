package io.tessera.datanode.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.tessera.common.codec.RowCodec;
import io.tessera.common.error.SqlState;
import io.tessera.common.grpc.GrpcErrors;
import io.tessera.common.types.PgType;
import io.tessera.datanode.storage.DatanodeStorage;
import io.tessera.datanode.txn.GtmDecisions;
import io.tessera.datanode.txn.TransactionManager;
import io.tessera.protocol.datanode.Assignment;
import io.tessera.protocol.datanode.CommitPreparedRequest;
import io.tessera.protocol.datanode.DatanodeGrpc;
import io.tessera.protocol.datanode.InsertOp;
import io.tessera.protocol.datanode.ModifyRequest;
import io.tessera.protocol.datanode.RowBatch;
import io.tessera.protocol.datanode.ScanRequest;
import io.tessera.protocol.datanode.ShardRows;
import io.tessera.protocol.datanode.TableDescriptor;
import io.tessera.protocol.datanode.TxnContext;
import io.tessera.protocol.datanode.TxnRequest;
import io.tessera.protocol.datanode.UpdateOp;
import io.tessera.protocol.datanode.RollbackToSavepointRequest;
import io.tessera.protocol.datanode.WaitEdge;
import io.tessera.protocol.datanode.WaitsForRequest;
import io.tessera.protocol.expr.Call;
import io.tessera.protocol.expr.Expr;
import io.tessera.protocol.expr.Literal;
import io.tessera.protocol.expr.Op;
import io.tessera.protocol.gtm.Decision;
import io.tessera.protocol.gtm.DecideRequest;
import io.tessera.protocol.gtm.GetDecisionRequest;
import io.tessera.protocol.gtm.GtmGrpc;
import io.tessera.protocol.gtm.Outcome;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transactions through the real gRPC surface: a datanode server and a stand-in GTM server (the GtmGrpc service
 * with an in-memory decision log), both on loopback.
 */
@Timeout(60)
class DatanodeServiceTxnTest {
    static final List<PgType> TYPES = List.of(PgType.INT4, PgType.INT4);
    static final RowCodec CODEC = new RowCodec(TYPES);
    static final TableDescriptor TABLE = DatanodeServiceTest.table(9, TYPES);

    /** The GTM's Decide/GetDecision/GetTimestamps over gRPC, decisions compare-and-set in memory. */
    static final class GtmStandIn extends GtmGrpc.GtmImplBase {
        final AtomicLong clock = new AtomicLong(100);
        final ConcurrentHashMap<Long, Decision> log = new ConcurrentHashMap<>();

        @Override
        public void decide(DecideRequest r, StreamObserver<Decision> out) {
            out.onNext(log.computeIfAbsent(r.getGxid(), g -> Decision.newBuilder().setGxid(g)
                    .setOutcome(r.getCommit() ? Outcome.COMMITTED : Outcome.ABORTED)
                    .setCommitTs(r.getCommit() ? clock.incrementAndGet() : 0).build()));
            out.onCompleted();
        }

        @Override
        public void getTimestamps(io.tessera.protocol.gtm.TimestampRequest r,
                                  StreamObserver<io.tessera.protocol.gtm.TimestampResponse> out) {
            out.onNext(io.tessera.protocol.gtm.TimestampResponse.newBuilder()
                    .setFirst(clock.getAndAdd(r.getCount()) + 1).setCount(r.getCount()).build());
            out.onCompleted();
        }

        @Override
        public void getDecision(GetDecisionRequest r, StreamObserver<Decision> out) {
            out.onNext(log.getOrDefault(r.getGxid(), Decision.newBuilder().setGxid(r.getGxid())
                    .setOutcome(Outcome.UNDECIDED).build()));
            out.onCompleted();
        }
    }

    @TempDir
    Path dir;
    GtmStandIn gtm = new GtmStandIn();
    Server gtmServer;
    ManagedChannel gtmChannel;
    DatanodeStorage storage;
    TransactionManager txns;
    DatanodeService service;
    Server server;
    ManagedChannel channel;
    DatanodeGrpc.DatanodeBlockingStub stub;

    @BeforeEach
    void start() throws Exception {
        gtmServer = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(gtm).build().start();
        gtmChannel = NettyChannelBuilder.forAddress("127.0.0.1", gtmServer.getPort()).usePlaintext().build();
        storage = DatanodeStorage.open(dir, 3);
        txns = new TransactionManager(storage, GtmDecisions.grpc(gtmChannel, Duration.ofSeconds(5)));
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(ServerInterceptors.intercept(service = new DatanodeService("dn3", storage, txns)
                        .withTimestamps(gtm.clock::incrementAndGet), GrpcErrors.interceptor()))
                .build().start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
        stub = DatanodeGrpc.newBlockingStub(channel);
    }

    @AfterEach
    void stop() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        gtmChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        gtmServer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        storage.close();
    }

    static TxnContext txn(long gxid, long start, int cid, long lockTimeoutMs) {
        return TxnContext.newBuilder().setGxid(gxid).setStartTs(start).setCommandId(cid)
                .setLockTimeoutMs(lockTimeoutMs).build();
    }

    long insert(TxnContext t, long snapshot, int... idAndC) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < idAndC.length; i += 2) {
            rows.add(new Object[] {idAndC[i], idAndC[i + 1]});
        }
        return stub.modify(ModifyRequest.newBuilder().setTable(TABLE).setTxn(t).setSnapshotTs(snapshot)
                .setInsert(InsertOp.newBuilder().addShards(ShardRows.newBuilder().setShard(0).setRows(RowBatch.newBuilder()
                        .setRowCount(rows.size()).setData(ByteString.copyFrom(CODEC.encodeBatch(rows))))))
                .build()).getRows();
    }

    static ModifyRequest incrementAll(TxnContext t, long snapshot) {
        Expr plusOne = Expr.newBuilder().setTypeOid(PgType.INT4.oid()).setCall(Call.newBuilder().setOp(Op.PLUS)
                .addOperands(Expr.newBuilder().setColumn(1))
                .addOperands(Expr.newBuilder().setTypeOid(PgType.INT4.oid()).setLiteral(Literal.newBuilder().setIntValue(1))))
                .build();
        return ModifyRequest.newBuilder().setTable(TABLE).setTxn(t).setSnapshotTs(snapshot).addShards(0)
                .setUpdate(UpdateOp.newBuilder().addAssignments(Assignment.newBuilder().setColumn(1).setValue(plusOne)))
                .build();
    }

    List<String> scan(TxnContext t, long snapshot) {
        ScanRequest.Builder b = ScanRequest.newBuilder().setTable(TABLE).addShards(0).setSnapshotTs(snapshot);
        if (snapshot == 0) {
            b.setDatanodeSnapshot(true);
        }
        if (t != null) {
            b.setTxn(t);
        }
        List<String> out = new ArrayList<>();
        stub.scan(b.build()).forEachRemaining(batch -> {
            for (Object[] r : CODEC.decodeBatch(batch.getData().toByteArray(), batch.getRowCount())) {
                out.add(r[0] + "=" + r[1]);
            }
        });
        out.sort(null);
        return out;
    }

    @Test
    void modifyScanAndOnePhaseCommitOverGrpc() {
        long start = gtm.clock.incrementAndGet();
        assertEquals(2, insert(txn(1, start, 1, 0), start, 1, 0, 2, 0));
        assertEquals(2, stub.modify(incrementAll(txn(1, start, 2, 0), gtm.clock.incrementAndGet())).getRows());
        assertEquals(List.of("1=1", "2=1"), scan(txn(1, start, 3, 0), gtm.clock.incrementAndGet()));
        assertEquals(List.of(), scan(null, gtm.clock.incrementAndGet()), "today's Scan path does not see pending intents");
        long ts = stub.commitOnePhase(TxnRequest.newBuilder().setGxid(1).build()).getCommitTs();
        assertNull(gtm.log.get(1L), "a one-phase commit records no decision at the GTM");
        assertTrue(ts > start);
        assertEquals(List.of("1=1", "2=1"), scan(null, ts));
    }

    @Test
    void lockTimeoutAndCancellationReachTheClient() throws Exception {
        long start = gtm.clock.incrementAndGet();
        insert(txn(1, start, 1, 0), start, 1, 0);
        stub.prepare(TxnRequest.newBuilder().setGxid(1).build());
        stub.commitPrepared(CommitPreparedRequest.newBuilder().setGxid(1).setCommitTs(gtm.clock.incrementAndGet()).build());

        long s2 = gtm.clock.incrementAndGet();
        stub.modify(incrementAll(txn(2, s2, 1, 0), s2));

        long s3 = gtm.clock.incrementAndGet();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> stub.modify(incrementAll(txn(3, s3, 1, 100), s3)));
        assertEquals(SqlState.LOCK_NOT_AVAILABLE, GrpcErrors.fromStatus(e, "dn3").sqlState());
        assertEquals("canceling statement due to lock timeout", GrpcErrors.fromStatus(e, "dn3").getMessage());

        // a waiting Modify whose call is cancelled stops waiting on the server and releases nothing it did not take
        Context.CancellableContext ctx = Context.current().withCancellation();
        long s4 = gtm.clock.incrementAndGet();
        CompletableFuture<Long> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return ctx.call(() -> stub.modify(incrementAll(txn(4, s4, 1, 0), s4)).getRows());
            } catch (Exception ex) {
                throw new RuntimeException(ex);
            }
        });
        Thread.sleep(300);
        ctx.cancel(null);
        assertThrows(Exception.class, () -> waiting.get(10, TimeUnit.SECONDS));
        stub.rollback(TxnRequest.newBuilder().setGxid(4).build());
        stub.rollback(TxnRequest.newBuilder().setGxid(3).build());
        stub.rollback(TxnRequest.newBuilder().setGxid(2).build());
        stub.rollback(TxnRequest.newBuilder().setGxid(2).build());
        assertEquals(0, txns.lockedKeys());
        assertEquals(List.of("1=0"), scan(null, gtm.clock.incrementAndGet()));
    }

    @Test
    void waitsForAbortWaiterAndRollbackToSavepointOverGrpc() throws Exception {
        long s1 = gtm.clock.incrementAndGet();
        insert(txn(1, s1, 1, 0), s1, 1, 0);
        stub.commitOnePhase(TxnRequest.newBuilder().setGxid(1).build());

        long s2 = gtm.clock.incrementAndGet();
        stub.modify(incrementAll(txn(2, s2, 1, 0), s2));
        long s3 = gtm.clock.incrementAndGet();
        CompletableFuture<Long> waiting = CompletableFuture.supplyAsync(
                () -> stub.modify(incrementAll(txn(3, s3, 1, 0), s3)).getRows());
        WaitEdge edge = WaitEdge.newBuilder().setWaiter(3).setHolder(2).setWaiterStartTs(s3).build();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (stub.waitsFor(WaitsForRequest.getDefaultInstance()).getEdgesCount() == 0 && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertEquals(List.of(edge), stub.waitsFor(WaitsForRequest.getDefaultInstance()).getEdgesList());
        stub.abortWaiter(TxnRequest.newBuilder().setGxid(99).build()); // unknown: fine
        stub.abortWaiter(TxnRequest.newBuilder().setGxid(3).build());
        java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> waiting.get(10, TimeUnit.SECONDS));
        io.tessera.common.error.TesseraException te = GrpcErrors.fromStatus((StatusRuntimeException) e.getCause(), "dn3");
        assertEquals(SqlState.DEADLOCK_DETECTED, te.sqlState());
        assertEquals("deadlock detected", te.getMessage());
        assertEquals("Transaction 3 waits for transaction 2 on datanode 3 and was chosen as the victim of a deadlock.",
                te.detail());
        stub.rollback(TxnRequest.newBuilder().setGxid(3).build());
        assertEquals(List.of(), stub.waitsFor(WaitsForRequest.getDefaultInstance()).getEdgesList());

        // transaction 2: a second increment after a savepoint, rolled back
        stub.modify(incrementAll(txn(2, s2, 2, 0), gtm.clock.incrementAndGet()));
        assertEquals(List.of("1=2"), scan(txn(2, s2, 3, 0), gtm.clock.incrementAndGet()));
        stub.rollbackToSavepoint(RollbackToSavepointRequest.newBuilder().setGxid(2).setFromCommandId(2).build());
        stub.rollbackToSavepoint(RollbackToSavepointRequest.newBuilder().setGxid(2).setFromCommandId(2).build());
        assertEquals(List.of("1=1"), scan(txn(2, s2, 3, 0), gtm.clock.incrementAndGet()));
        long ts = stub.commitOnePhase(TxnRequest.newBuilder().setGxid(2).build()).getCommitTs();
        assertEquals(List.of("1=1"), scan(null, ts));
        StatusRuntimeException after = assertThrows(StatusRuntimeException.class, () -> stub.rollbackToSavepoint(
                RollbackToSavepointRequest.newBuilder().setGxid(2).setFromCommandId(2).build()));
        assertEquals(SqlState.INVALID_TRANSACTION_STATE, GrpcErrors.fromStatus(after, "dn3").sqlState());
    }

    /**
     * A single-shard autocommit read at a snapshot the datanode chooses (the newest applied commit) sees every
     * commit applied here without asking the GTM; while a transaction is prepared here — whose decided commit may
     * already be acknowledged to its client although COMMIT PREPARED has not arrived — it takes a GTM timestamp
     * instead, and so waits for that transaction and sees its commit.
     */
    @Test
    void aDatanodeChosenSnapshotSeesEveryAppliedCommitAndEveryDecidedPreparedOne() throws Exception {
        assertEquals(List.of(), scan(null, 0));
        assertTrue(storage.newestCommitTs() > 0, "a fresh datanode takes its first snapshot from the GTM");

        long s1 = gtm.clock.incrementAndGet();
        insert(txn(1, s1, 1, 0), s1, 1, 0, 2, 0);
        long c1 = stub.commitOnePhase(TxnRequest.newBuilder().setGxid(1).build()).getCommitTs();
        assertEquals(c1, storage.newestCommitTs());
        long clock = gtm.clock.get();
        assertEquals(List.of("1=0", "2=0"), scan(null, 0));
        assertEquals(clock, gtm.clock.get(), "nothing prepared: the newest applied commit is the snapshot");

        long s2 = gtm.clock.incrementAndGet();
        stub.modify(incrementAll(txn(2, s2, 1, 0), s2));
        assertEquals(List.of("1=0", "2=0"), scan(null, 0), "a pending intent is invisible, its commit comes later");
        stub.prepare(TxnRequest.newBuilder().setGxid(2).build());
        long c2 = gtm.clock.incrementAndGet(); // decided (and, say, acknowledged): this datanode has not applied it
        gtm.log.put(2L, Decision.newBuilder().setGxid(2).setOutcome(Outcome.COMMITTED).setCommitTs(c2).build());
        CompletableFuture<List<String>> read = CompletableFuture.supplyAsync(() -> scan(null, 0));
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (gtm.clock.get() == c2 && System.nanoTime() < until) {
            Thread.sleep(5); // the read asks the GTM for its snapshot, then waits for the prepared transaction
        }
        assertTrue(gtm.clock.get() > c2, "a prepared transaction sends the snapshot to the GTM");
        stub.commitPrepared(CommitPreparedRequest.newBuilder().setGxid(2).setCommitTs(c2).build());
        assertEquals(List.of("1=1", "2=1"), read.get(10, TimeUnit.SECONDS));
        assertEquals(List.of("1=1", "2=1"), scan(null, 0));
        assertEquals(5, service.ownSnapshots());
    }
}
