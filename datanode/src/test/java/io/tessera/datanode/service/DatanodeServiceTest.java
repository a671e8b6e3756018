package io.tessera.datanode.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import io.tessera.common.config.NodeIds;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.grpc.GrpcErrors;
import io.tessera.common.types.PgType;
import io.tessera.datanode.storage.DatanodeStorage;
import io.tessera.protocol.datanode.ColumnDescriptor;
import io.tessera.protocol.datanode.DatanodeGrpc;
import io.tessera.protocol.datanode.DropTableRequest;
import io.tessera.protocol.datanode.PingRequest;
import io.tessera.protocol.datanode.PingResponse;
import io.tessera.protocol.datanode.RowBatch;
import io.tessera.protocol.datanode.ScanRequest;
import io.tessera.protocol.datanode.ShardRows;
import io.tessera.protocol.datanode.TableDescriptor;
import io.tessera.protocol.datanode.CommitPreparedRequest;
import io.tessera.protocol.datanode.InsertOp;
import io.tessera.protocol.datanode.ModifyRequest;
import io.tessera.protocol.datanode.TxnContext;
import io.tessera.protocol.datanode.TxnRequest;
import io.tessera.protocol.expr.Call;
import io.tessera.protocol.expr.Expr;
import io.tessera.protocol.expr.Literal;
import io.tessera.protocol.expr.Op;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Datanode service over a real loopback gRPC server (Netty), against real RocksDB. */
class DatanodeServiceTest {
    static final String NODE = "dn1";
    static final List<PgType> TYPES = List.of(PgType.INT4, PgType.TEXT, PgType.NUMERIC);
    static final RowCodec CODEC = new RowCodec(TYPES);
    static final TableDescriptor TABLE = table(42, TYPES);

    @TempDir
    Path dir;
    DatanodeStorage storage;
    DatanodeService service;
    Server server;
    ManagedChannel channel;
    DatanodeGrpc.DatanodeBlockingStub stub;

    static TableDescriptor table(int id, List<PgType> types) {
        TableDescriptor.Builder b = TableDescriptor.newBuilder().setTableId(id).setCatalogVersion(1);
        for (int i = 0; i < types.size(); i++) {
            b.addColumns(ColumnDescriptor.newBuilder().setName("c" + i).setTypeOid(types.get(i).oid()).setTypmod(-1));
        }
        return b.build();
    }

    @BeforeEach
    void start() throws Exception {
        storage = DatanodeStorage.open(dir, NodeIds.of(NODE));
        service = new DatanodeService(NODE, storage);
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .maxInboundMessageSize(DatanodeService.MAX_INBOUND_MESSAGE_BYTES)
                .addService(ServerInterceptors.intercept(service, GrpcErrors.interceptor()))
                .build().start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
        stub = DatanodeGrpc.newBlockingStub(channel);
    }

    @AfterEach
    void stop() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        storage.close();
    }

    static List<Object[]> rows(int from, int to, int textLength) {
        List<Object[]> rows = new ArrayList<>();
        String pad = "x".repeat(textLength);
        for (int i = from; i < to; i++) {
            rows.add(new Object[] {i, "name" + i + pad, i % 10 == 0 ? null : new java.math.BigDecimal(i).movePointLeft(2)});
        }
        return rows;
    }

    static ShardRows shard(int shard, List<Object[]> rows) {
        return ShardRows.newBuilder().setShard(shard).setRows(RowBatch.newBuilder().setRowCount(rows.size())
                .setData(ByteString.copyFrom(CODEC.encodeBatch(rows)))).build();
    }

    private final java.util.concurrent.atomic.AtomicLong gxids = new java.util.concurrent.atomic.AtomicLong(1000);

    long write(long commitTs, ShardRows... shards) {
        return write(TABLE, commitTs, shards);
    }

    /**
     * Writes the rows as one transaction committed at {@code commitTs} (Modify, Prepare, CommitPrepared: the
     * commit timestamp is the caller's, as a coordinator's two-phase commit gives it); rolled back on an error.
     */
    long write(TableDescriptor table, long commitTs, ShardRows... shards) {
        long gxid = gxids.incrementAndGet();
        long start = commitTs - 1;
        try {
            long rows = stub.modify(ModifyRequest.newBuilder().setTable(table)
                    .setTxn(TxnContext.newBuilder().setGxid(gxid).setStartTs(start).setCommandId(1))
                    .setSnapshotTs(start).setInsert(InsertOp.newBuilder().addAllShards(List.of(shards))).build())
                    .getRows();
            stub.prepare(TxnRequest.newBuilder().setGxid(gxid).build());
            stub.commitPrepared(CommitPreparedRequest.newBuilder().setGxid(gxid).setCommitTs(commitTs).build());
            return rows;
        } catch (StatusRuntimeException e) {
            try {
                stub.rollback(TxnRequest.newBuilder().setGxid(gxid).build());
            } catch (StatusRuntimeException ignored) {
                // nothing of the transaction reached the datanode
            }
            throw e;
        }
    }

    List<Object[]> scan(ScanRequest request, List<PgType> outTypes) {
        RowCodec codec = new RowCodec(outTypes);
        List<Object[]> out = new ArrayList<>();
        stub.scan(request).forEachRemaining(b -> out.addAll(codec.decodeBatch(b.getData().toByteArray(), b.getRowCount())));
        return out;
    }

    static Expr col(int i) {
        return Expr.newBuilder().setColumn(i).build();
    }

    static Expr intLit(long v) {
        return Expr.newBuilder().setTypeOid(PgType.INT4.oid()).setLiteral(Literal.newBuilder().setIntValue(v)).build();
    }

    static Expr call(Op op, PgType type, Expr... operands) {
        return Expr.newBuilder().setTypeOid(type.oid()).setCall(Call.newBuilder().setOp(op).addAllOperands(List.of(operands))).build();
    }

    @Test
    void writeThenScanAllShardsReturnsEveryRow() {
        assertEquals(30, write(100, shard(0, rows(0, 10, 0)), shard(1, rows(10, 20, 0)), shard(2, rows(20, 30, 0))));
        List<Object[]> all = scan(ScanRequest.newBuilder().setTable(TABLE).addShards(0).addShards(1).addShards(2)
                .setSnapshotTs(100).build(), TYPES);
        assertEquals(30, all.size());
        for (int i = 0; i < 30; i++) {
            assertEquals(i, all.get(i)[0]);
            assertEquals("name" + i, all.get(i)[1]);
        }
        assertEquals(0, scan(ScanRequest.newBuilder().setTable(TABLE).addShards(0).setSnapshotTs(99).build(), TYPES).size());
        assertEquals(10, scan(ScanRequest.newBuilder().setTable(TABLE).addShards(1).setSnapshotTs(100).build(), TYPES).size());
    }

    @Test
    void keyedTableWritesInKeyOrderScansAndRefusesDuplicates() {
        // c0 int4, c1 text, c2 numeric; primary key (c1, c0)
        TableDescriptor keyed = TABLE.toBuilder().setTableId(43).setName("keyed").addPrimaryKey(1).addPrimaryKey(0)
                .build();
        List<Object[]> first = List.of(new Object[] {2, "b", null}, new Object[] {1, "b", BigDecimal.ONE},
                new Object[] {9, "a", BigDecimal.TEN});
        assertEquals(3, write(keyed, 10, shard(0, first)));
        List<Object[]> out = scan(ScanRequest.newBuilder().setTable(keyed).addShards(0).setSnapshotTs(10).build(), TYPES);
        assertEquals(List.of("9 a 10", "1 b 1", "2 b null"), out.stream().map(r -> r[0] + " " + r[1] + " " + r[2])
                .toList(), "rows come back in key order (c1, c0)");
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> write(keyed, 11,
                shard(0, List.of(new Object[] {3, "c", null}, new Object[] {1, "b", null}))));
        TesseraException te = GrpcErrors.fromStatus(e, NODE);
        assertEquals(SqlState.UNIQUE_VIOLATION, te.sqlState());
        assertEquals("duplicate key value violates unique constraint \"keyed_pkey\"", te.getMessage());
        assertEquals("Key (c1, c0)=(b, 1) already exists.", te.detail());
        assertEquals(3, scan(ScanRequest.newBuilder().setTable(keyed).addShards(0).setSnapshotTs(20).build(), TYPES)
                .size(), "the failed write wrote nothing");
    }

    @Test
    void scanAppliesFilterAndProjectionWithXcNodeId() {
        write(5, shard(3, rows(0, 100, 0)));
        // WHERE c0 >= 90 AND c2 IS NOT NULL  →  SELECT c1, xc_node_id, c0
        Expr filter = call(Op.AND, PgType.BOOL, call(Op.GE, PgType.BOOL, col(0), intLit(90)),
                call(Op.IS_NOT_NULL, PgType.BOOL, col(2)));
        List<Object[]> out = scan(ScanRequest.newBuilder().setTable(TABLE).addShards(3).setSnapshotTs(5)
                .setFilter(filter).addProjection(1).addProjection(DatanodeService.XC_NODE_ID).addProjection(0)
                .setBatchRows(3).build(), List.of(PgType.TEXT, PgType.INT4, PgType.INT4));
        assertEquals(9, out.size()); // 90 has a NULL c2
        for (Object[] r : out) {
            assertEquals("name" + r[2], r[0]);
            assertEquals(NodeIds.of(NODE), r[1]);
        }
        assertEquals(91, out.get(0)[2]);
    }

    @Test
    void unaryReadReturnsTheScansRowsInOneBatchAndRefusesWhatOnlyAScanDoes() {
        write(5, shard(3, rows(0, 100, 0)));
        // WHERE c0 = 42  →  SELECT c1, c0: the point read's row, as the Scan of the same request gives it
        ScanRequest point = ScanRequest.newBuilder().setTable(TABLE).addShards(3).setSnapshotTs(5)
                .setFilter(call(Op.EQ, PgType.BOOL, col(0), intLit(42))).addProjection(1).addProjection(0).build();
        List<PgType> out = List.of(PgType.TEXT, PgType.INT4);
        RowBatch batch = stub.read(point);
        List<Object[]> rows = new RowCodec(out).decodeBatch(batch.getData().toByteArray(), batch.getRowCount());
        assertEquals(List.of("name42 42"), rows.stream().map(r -> r[0] + " " + r[1]).toList());
        assertEquals(List.of("name42 42"), scan(point, out).stream().map(r -> r[0] + " " + r[1]).toList());
        assertEquals(0, stub.read(point.toBuilder().setSnapshotTs(4).build()).getRowCount(), "before the write");
        assertEquals(100, stub.read(point.toBuilder().clearFilter().build()).getRowCount(), "a read of many rows");
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub.read(point.toBuilder()
                .setTopN(io.tessera.protocol.datanode.TopN.newBuilder().setLimit(1)).build()));
        assertEquals(SqlState.INVALID_PARAMETER_VALUE, GrpcErrors.fromStatus(e, NODE).sqlState());
    }

    /**
     * As the datanode serves: Read on the transport thread, other calls on workers. A read that meets no prepared
     * intent answers there; one that meets a prepared intent it must wait for runs again on a worker, waits for
     * the outcome, and gives the committed row (read at a snapshot above the commit).
     */
    @Test
    void aReadThatWouldWaitOnTheTransportThreadRunsAgainOnAWorkerAndSeesTheCommit() throws Exception {
        java.util.concurrent.ExecutorService workers = java.util.concurrent.Executors.newCachedThreadPool();
        service.withReadWorkers(workers);
        Server direct = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .directExecutor().callExecutor(DatanodeService.callExecutors(workers))
                .addService(ServerInterceptors.intercept(service, GrpcErrors.interceptor()))
                .build().start();
        ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", direct.getPort()).usePlaintext().build();
        try {
            DatanodeGrpc.DatanodeBlockingStub dn = DatanodeGrpc.newBlockingStub(ch);
            write(5, shard(3, rows(0, 100, 0)));
            // transaction 77 inserts c0 = 500 into shard 4 and is prepared there, undecided
            dn.modify(ModifyRequest.newBuilder().setTable(TABLE)
                    .setTxn(TxnContext.newBuilder().setGxid(77).setStartTs(9).setCommandId(1)).setSnapshotTs(9)
                    .setInsert(InsertOp.newBuilder().addShards(shard(4, rows(500, 501, 0)))).build());
            dn.prepare(TxnRequest.newBuilder().setGxid(77).build());
            List<PgType> out = List.of(PgType.INT4);
            ScanRequest inShard3 = ScanRequest.newBuilder().setTable(TABLE).addShards(3).setSnapshotTs(20)
                    .setFilter(call(Op.EQ, PgType.BOOL, col(0), intLit(42))).addProjection(0).build();
            RowBatch b = dn.read(inShard3);
            assertEquals(1, b.getRowCount());
            assertEquals(0, service.readsHandedOff(), "no intent met: answered on the transport thread");

            ScanRequest inShard4 = inShard3.toBuilder().clearShards().addShards(4)
                    .setFilter(call(Op.EQ, PgType.BOOL, col(0), intLit(500))).build();
            java.util.concurrent.CompletableFuture<RowBatch> waiting = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> dn.read(inShard4), workers);
            while (service.readsHandedOff() == 0 && !waiting.isDone()) {
                java.util.concurrent.locks.LockSupport.parkNanos(100_000); // until the read met the intent
            }
            assertEquals(1, service.readsHandedOff(), "the prepared intent sent the read to a worker");
            dn.commitPrepared(CommitPreparedRequest.newBuilder().setGxid(77).setCommitTs(15).build());
            RowBatch row = waiting.get(30, TimeUnit.SECONDS);
            assertEquals(List.of(500), new RowCodec(out).decodeBatch(row.getData().toByteArray(), row.getRowCount())
                    .stream().map(r -> r[0]).toList(), "committed at 15, read at 20");
            assertEquals(1, dn.read(inShard4).getRowCount(), "committed: answered on the transport thread again");
            assertEquals(1, service.readsHandedOff());
        } finally {
            ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            direct.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            workers.shutdownNow();
        }
    }

    @Test
    void slowReaderHoldsBackTheServerAndStillGetsEveryRow() throws Exception {
        int total = 100_000;
        for (int from = 0; from < total; from += 10_000) {
            write(1, shard(0, rows(from, from + 10_000, 100)));
        }
        long before = service.batchesSent();
        Iterator<RowBatch> it = stub.scan(ScanRequest.newBuilder().setTable(TABLE).addShards(0).setSnapshotTs(1)
                .setBatchRows(100).build());
        int rows = 0;
        for (int i = 0; i < 2; i++) {
            rows += it.next().getRowCount();
        }
        Thread.sleep(1_000); // the reader stalls: the server must stop at the flow-control window
        long sentWhileStalled = service.batchesSent() - before;
        assertTrue(sentWhileStalled < 400, "server ran ahead of a stalled reader: " + sentWhileStalled + " of 1000 batches");
        while (it.hasNext()) {
            rows += it.next().getRowCount();
        }
        assertEquals(total, rows);
        assertEquals(1000, service.batchesSent() - before);
        waitFor(() -> service.openScans() == 0);
    }

    @Test
    void cancelledScanReleasesItsCursor() throws Exception {
        for (int from = 0; from < 50_000; from += 10_000) {
            write(1, shard(0, rows(from, from + 10_000, 100)));
        }
        Context.CancellableContext ctx = Context.current().withCancellation();
        Iterator<RowBatch> it = ctx.call(() -> stub.scan(ScanRequest.newBuilder().setTable(TABLE).addShards(0)
                .setSnapshotTs(1).setBatchRows(100).build()));
        it.next();
        waitFor(() -> service.openScans() == 1);
        ctx.cancel(null);
        waitFor(() -> service.openScans() == 0);
    }

    @Test
    void errorsReachTheClientWithTheirSqlState() {
        write(1, shard(0, rows(0, 10, 0)));
        Expr divByZero = call(Op.EQ, PgType.BOOL, call(Op.DIVIDE, PgType.INT4, col(0), intLit(0)), intLit(1));
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> scan(ScanRequest.newBuilder()
                .setTable(TABLE).addShards(0).setSnapshotTs(1).setFilter(divByZero).build(), TYPES));
        TesseraException te = GrpcErrors.fromStatus(e, NODE);
        assertEquals(SqlState.DIVISION_BY_ZERO, te.sqlState());
        assertEquals("division by zero", te.getMessage());

        TableDescriptor badType = TableDescriptor.newBuilder().setTableId(1)
                .addColumns(ColumnDescriptor.newBuilder().setName("p").setTypeOid(600)).build();
        StatusRuntimeException e2 = assertThrows(StatusRuntimeException.class, () -> write(badType, 1));
        assertEquals(SqlState.FEATURE_NOT_SUPPORTED, GrpcErrors.fromStatus(e2, NODE).sqlState());

        // a batch whose row count lies
        StatusRuntimeException e3 = assertThrows(StatusRuntimeException.class, () -> write(TABLE, 2,
                ShardRows.newBuilder().setShard(0).setRows(RowBatch.newBuilder().setRowCount(5)
                        .setData(ByteString.copyFrom(CODEC.encodeBatch(rows(0, 2, 0))))).build()));
        assertEquals(SqlState.DATA_CORRUPTED, GrpcErrors.fromStatus(e3, NODE).sqlState());
        assertEquals(10, scan(ScanRequest.newBuilder().setTable(TABLE).addShards(0).setSnapshotTs(10).build(), TYPES).size());
    }

    @Test
    void unreachableDatanodeIsReportedByName() throws Exception {
        int port = server.getPort();
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        ManagedChannel dead = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                    () -> DatanodeGrpc.newBlockingStub(dead).withDeadlineAfter(5, TimeUnit.SECONDS)
                            .ping(PingRequest.getDefaultInstance()));
            TesseraException te = GrpcErrors.fromStatus(e, "dn2");
            assertEquals(SqlState.DATANODE_UNAVAILABLE, te.sqlState());
            assertTrue(te.getMessage().startsWith("datanode \"dn2\" is unavailable: "), te.getMessage());
        } finally {
            dead.shutdownNow();
        }
    }

    @Test
    void dropTableAndPing() {
        write(1, shard(0, rows(0, 10, 0)), shard(9, rows(10, 20, 0)));
        stub.dropTable(DropTableRequest.newBuilder().setTableId(42).build());
        assertEquals(0, scan(ScanRequest.newBuilder().setTable(TABLE).addShards(0).addShards(9).setSnapshotTs(10).build(),
                TYPES).size());
        PingResponse pong = stub.ping(PingRequest.getDefaultInstance());
        assertEquals(NODE, pong.getNodeName());
        assertEquals(NodeIds.of(NODE), pong.getNodeId());
    }

    static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within 10 s");
            }
            Thread.sleep(10);
        }
    }
}
