package io.tessera.datanode.service;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.tessera.common.codec.ByteSink;
import io.tessera.common.codec.RowCodec;
import io.tessera.common.codec.StoredRowCodec;
import io.tessera.datanode.catalog.TableSchema;
import io.tessera.datanode.catalog.TableSchemas;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.grpc.GrpcErrors;
import io.tessera.common.types.PgType;
import io.tessera.datanode.fragment.ScanAggregation;
import io.tessera.datanode.fragment.ScanTopN;
import io.tessera.datanode.gc.GarbageCollector;
import io.tessera.datanode.storage.DatanodeStorage;
import io.tessera.datanode.storage.PrimaryKey;
import io.tessera.datanode.storage.ScanCursor;
import io.tessera.datanode.storage.StorageWrite;
import io.tessera.datanode.txn.GtmDecisions;
import io.tessera.datanode.txn.TransactionManager;
import io.tessera.datanode.txn.WouldWait;
import io.tessera.executor.expr.CompiledExpr;
import io.tessera.protocol.datanode.ColumnDescriptor;
import io.tessera.protocol.datanode.DatanodeGrpc;
import io.tessera.protocol.datanode.DropTableRequest;
import io.tessera.protocol.datanode.DropTableResponse;
import io.tessera.protocol.datanode.GcSafePointRequest;
import io.tessera.protocol.datanode.GcSafePointResponse;
import io.tessera.protocol.datanode.GcStatsRequest;
import io.tessera.protocol.datanode.GcStatsResponse;
import io.tessera.protocol.datanode.VacuumRequest;
import io.tessera.protocol.datanode.VacuumResponse;
import io.tessera.protocol.datanode.PingRequest;
import io.tessera.protocol.datanode.PingResponse;
import io.tessera.protocol.datanode.RowBatch;
import io.tessera.protocol.datanode.ScanRequest;
import io.tessera.protocol.datanode.ShardRows;
import io.tessera.protocol.datanode.TableDescriptor;
import io.tessera.protocol.datanode.CommitOnePhaseResponse;
import io.tessera.protocol.datanode.CommitPreparedRequest;
import io.tessera.protocol.datanode.ModifyRequest;
import io.tessera.protocol.datanode.ModifyResponse;
import io.tessera.protocol.datanode.TxnRequest;
import io.tessera.protocol.datanode.TxnResponse;
import io.tessera.protocol.datanode.RollbackToSavepointRequest;
import io.tessera.protocol.datanode.WaitsForRequest;
import io.tessera.protocol.datanode.WaitsForResponse;
import io.grpc.Context;
import java.util.concurrent.CompletableFuture;
import com.google.protobuf.UnsafeByteOperations;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The datanode's gRPC service ({@code datanode.proto}): writes rows into shards, scans them back with the
 * fragment's filter and projection applied here, places and commits transactions' intents, drops tables, answers
 * pings.
 *
 * <p>Scan streams with real flow control: the handler only produces a batch while the transport says
 * {@code isReady()}, and resumes from {@code onReadyHandler} when the client has read enough, so a slow reader
 * holds at most a couple of batches in memory on this side no matter how large the table is. A cancelled call
 * (client gone, deadline passed) closes the cursor at once. All callbacks of one call run serialised on the
 * server's executor, so the per-call state needs no locking.
 *
 * <pre>
 *   Scan ──▶ open cursor ──▶ drain() ◀── onReady
 *                              │ while isReady: fill a batch (filter, project, RowCodec) → onNext
 *                              └ exhausted: onCompleted, close cursor;  cancelled: close cursor
 * </pre>
 * Transactions (Modify, Prepare, CommitPrepared, Rollback, CommitOnePhase, RollbackToSavepoint, the deadlock
 * detector's WaitsFor and AbortWaiter, and scans' visibility of intents) are the {@link TransactionManager}'s; their handlers may block while waiting for another transaction, on the
 * server's executor, and stop when the call is cancelled. A scan that meets a prepared intent it must wait for
 * blocks inside {@code drain()} the same way. The datanode's server runs {@code Read} alone on its transport
 * threads, which must never wait: see {@link #read} and {@link #callExecutors}.
 *
 * <p>Errors reach the client through {@link GrpcErrors} with their SQLSTATE.
 */
public final class DatanodeService extends DatanodeGrpc.DatanodeImplBase {
    private static final Logger LOG = LoggerFactory.getLogger(DatanodeService.class);
    /** Rows per scan batch when the caller does not say. */
    public static final int DEFAULT_BATCH_ROWS = 1024;
    /** A batch is sent early once its encoding reaches this size. */
    static final int MAX_BATCH_BYTES = 256 * 1024;
    /**
     * The largest request the datanode accepts (gRPC's default is 4 MiB). Coordinators should still split writes
     * into requests of a few MiB so one statement does not hold a huge request in memory on both sides.
     */
    public static final int MAX_INBOUND_MESSAGE_BYTES = 64 << 20;
    /** Projection pseudo-index for the system column xc_node_id. */
    public static final int XC_NODE_ID = -1;

    private final String nodeName;
    private final int nodeId;
    /** Writes in progress per table and schema version: a CREATE INDEX backfill waits for the older ones. */
    private final io.tessera.datanode.index.IndexWriteBarrier indexWrites =
            new io.tessera.datanode.index.IndexWriteBarrier();
    private final DatanodeStorage storage;
    private final TransactionManager txns;
    private final GarbageCollector gc;
    private final TableSchemas schemas;
    private final AtomicInteger openScans = new AtomicInteger();
    private final AtomicLong batchesSent = new AtomicLong();
    /** Tables whose writes a redistribution job pauses (io.tessera.datanode.redistribute). */
    private volatile io.tessera.datanode.redistribute.WriteFences writeFences = new io.tessera.datanode.redistribute.WriteFences();
    /** Scans and Modifies that ran at a snapshot this datanode chose ({@code datanode_snapshot}). */
    private final AtomicLong ownSnapshots = new AtomicLong();
    /** Where a {@link #read} that would wait runs, or null when reads run (and wait) where gRPC calls them. */
    private volatile java.util.concurrent.Executor readWorkers;
    private final AtomicLong readsHandedOff = new AtomicLong();
    /** GTM timestamps, for a datanode-chosen snapshot that cannot be the newest applied commit. */
    private java.util.function.LongSupplier timestamps = () -> {
        throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "this datanode has no GTM to take a snapshot from");
    };

    /** A service without a GTM: everything works except what needs a decision (CommitOnePhase, in-doubt polls). */
    public DatanodeService(String nodeName, DatanodeStorage storage) {
        this(nodeName, storage, new TransactionManager(storage, GtmDecisions.none()));
    }

    /** A service whose transaction layer is {@code txns} (one per storage: it owns the intents' in-memory state). */
    public DatanodeService(String nodeName, DatanodeStorage storage, TransactionManager txns) {
        this(nodeName, storage, txns, new GarbageCollector(storage, nodeName, false, 0));
    }

    /** As above, with {@code gc} (one per storage) checking snapshots against its horizon and purging. */
    public DatanodeService(String nodeName, DatanodeStorage storage, TransactionManager txns, GarbageCollector gc) {
        this(nodeName, storage, txns, gc, TableSchemas.none());
    }

    /**
     * As above, with requests' schema versions checked against, and rows decoded with, {@code schemas} (this
     * datanode's copy of the catalog's table schemas).
     */
    public DatanodeService(String nodeName, DatanodeStorage storage, TransactionManager txns, GarbageCollector gc,
            TableSchemas schemas) {
        this.schemas = schemas;
        this.nodeName = nodeName;
        this.nodeId = storage.nodeId();
        this.storage = storage;
        this.txns = txns;
        this.gc = gc;
    }

    /** This node's reduce endpoint and channels to its peers', for the exchanges of plan fragments. */
    private volatile io.tessera.datanode.fragment.FragmentCall.Exchanges exchanges;

    /** Runs the exchanges of plan fragments through {@code reduce} (this node's endpoint) and {@code channels}. */
    public void exchanges(io.tessera.reduce.ReduceService reduce, io.tessera.reduce.ReduceChannels channels) {
        this.exchanges = new io.tessera.datanode.fragment.FragmentCall.Exchanges(reduce, channels, nodeName);
    }

    /** Uses {@code fences} to hold writes to tables a redistribution job has paused. */
    public void writeFences(io.tessera.datanode.redistribute.WriteFences fences) {
        this.writeFences = fences;
    }

    /** Takes GTM timestamps from {@code gtm} (microseconds) where it must choose a snapshot; returns this. */
    public DatanodeService withTimestamps(java.util.function.LongSupplier gtm) {
        this.timestamps = gtm;
        return this;
    }

    /** How many Scans and Modifies have run at a snapshot this datanode chose ({@code datanode_snapshot}). */
    public long ownSnapshots() {
        return ownSnapshots.get();
    }

    /** The garbage collector. */
    public GarbageCollector gc() {
        return gc;
    }

    /** The transaction layer. */
    public TransactionManager transactions() {
        return txns;
    }

    /**
     * A future completed when the current call is cancelled (client gone, deadline, statement cancel). Read from
     * the call's gRPC context, whose listeners run on the cancelling thread: a handler blocked in a wait is not
     * serialised behind it, as the call's own onCancel handler would be.
     */
    private static CompletableFuture<Void> callCancellation() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        Context.current().addListener(ctx -> f.complete(null), Runnable::run);
        return f;
    }

    @Override
    public void scan(ScanRequest request, StreamObserver<RowBatch> responseObserver) {
        ServerCallStreamObserver<RowBatch> call = (ServerCallStreamObserver<RowBatch>) responseObserver;
        CompletableFuture<Void> cancelled = callCancellation();
        if (request.hasFragment()) { // a plan fragment (datanode.fragment): joins and more over local shards
            io.tessera.datanode.fragment.FragmentCall.start(new io.tessera.datanode.fragment.FragmentCall.Datanode(
                    storage, txns, gc, schemas, nodeId, openScans, batchesSent, exchanges), request, call, cancelled);
            return;
        }
        ScanState state;
        try {
            state = new ScanState(request, call, cancelled);
        } catch (RuntimeException e) {
            call.onError(GrpcErrors.toStatus(e));
            return;
        }
        call.setOnCancelHandler(state::cancel);
        call.setOnReadyHandler(state::drain);
        state.drain();
    }

    /** The largest result of a unary {@link #read}: a point read's row, far below gRPC's message limit. */
    static final int MAX_READ_BYTES = 4 << 20;

    /**
     * Scan's read as one unary call (datanode.proto {@code Read}): the rows of {@code request} in one batch, for a
     * read of at most a row or a few (a point select). The read's snapshot, intent waits and cancellation are the
     * Scan's; a result past {@link #MAX_READ_BYTES} fails with 54000.
     *
     * <p>With {@link #withReadWorkers} the call runs on the gRPC transport thread that received it ({@link
     * #callExecutors}): a read that would wait — for a prepared intent's outcome, a GTM timestamp or decision, a
     * re-read of the table's schema ({@link WouldWait}) — releases what it opened and runs again from the start on
     * a worker, where it may wait. Nothing was sent before, so the client sees one answer either way.
     */
    @Override
    public void read(ScanRequest request, StreamObserver<RowBatch> responseObserver) {
        CompletableFuture<Void> cancelled = callCancellation();
        java.util.concurrent.Executor workers = readWorkers;
        if (workers == null) {
            answerRead(request, responseObserver, cancelled, true);
            return;
        }
        try {
            answerRead(request, responseObserver, cancelled, false);
        } catch (WouldWait w) {
            readsHandedOff.incrementAndGet();
            workers.execute(Context.current().wrap(() -> answerRead(request, responseObserver, cancelled, true)));
        }
    }

    /** Answers a {@link #read}; without {@code mayWait}, throws {@link WouldWait} where it would wait. */
    private void answerRead(ScanRequest request, StreamObserver<RowBatch> responseObserver,
                            CompletableFuture<Void> cancelled, boolean mayWait) {
        try {
            if (request.hasFragment() || request.hasAggregate() || request.hasTopN() || request.getAnalyze()) {
                throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE,
                        "a Read is a plain scan: no fragment, aggregate, top-N or analyze (use Scan)");
            }
            RowBatch batch = new ScanState(request, null, cancelled, mayWait).readAll();
            batchesSent.incrementAndGet();
            responseObserver.onNext(batch);
            responseObserver.onCompleted();
        } catch (WouldWait w) {
            throw w; // nothing answered yet: the caller runs the read again where it may wait
        } catch (RuntimeException e) {
            responseObserver.onError(GrpcErrors.toStatus(e));
        }
    }

    private static final String READ_METHOD = DatanodeGrpc.getReadMethod().getFullMethodName();

    /** Reads that would have waited on the transport thread and ran again on a worker ({@link #read}). */
    public long readsHandedOff() {
        return readsHandedOff.get();
    }

    /**
     * Runs {@link #read} on the transport thread, and a read that would wait on {@code workers}; without this
     * call, reads run wherever gRPC calls the service (and may wait there). Returns this.
     */
    public DatanodeService withReadWorkers(java.util.concurrent.Executor workers) {
        this.readWorkers = workers;
        return this;
    }

    /**
     * The executors of a server whose default executor is the transport's own ({@code directExecutor()}) serving
     * this service: {@code Read} stays on the transport thread (it never waits there, see {@link #read}); every
     * other call, of every service of the server, runs on {@code workers}, where it may wait for locks, fsyncs and
     * other nodes.
     */
    public static io.grpc.ServerCallExecutorSupplier callExecutors(java.util.concurrent.Executor workers) {
        return new io.grpc.ServerCallExecutorSupplier() {
            @Override
            public <Q, R> java.util.concurrent.Executor getExecutor(io.grpc.ServerCall<Q, R> call,
                                                                    io.grpc.Metadata headers) {
                return READ_METHOD.equals(call.getMethodDescriptor().getFullMethodName()) ? null : workers;
            }
        };
    }

    @Override
    public void modify(ModifyRequest request, StreamObserver<ModifyResponse> responseObserver) {
        try (io.tessera.datanode.redistribute.WriteFences.Pass pass = writeFences.enter(
                request.getTable().getTableId(), request.getTable().getName(), request.getTxn().getStartTs(),
                request.getTxn().getLockTimeoutMs(), callCancellation());
             io.tessera.datanode.index.IndexWriteBarrier.Pass indexed = indexWrites.enter(
                     request.getTable().getTableId(), request.getTable().getCatalogVersion());
             GarbageCollector.Reader reading = !request.getDatanodeSnapshot() ? gc.enter(request.getSnapshotTs())
                     : readsNoSnapshot(request) ? gc.enter(0) : enterOwnSnapshot()) {
            ModifyRequest at = request.getDatanodeSnapshot() && reading.snapshotTs() > 0
                    ? request.toBuilder().setSnapshotTs(reading.snapshotTs()).build() : request;
            io.tessera.datanode.catalog.TableSchema schema = schemas.resolve(request.getTable());
            List<Object[]> returned = request.getReturnRows() ? new ArrayList<>() : null;
            long rows = txns.modify(at, schema, callCancellation(), returned);
            ModifyResponse.Builder response = ModifyResponse.newBuilder().setRows(rows);
            if (returned != null) { // RETURNING
                response.setReturned(RowBatch.newBuilder().setRowCount(returned.size())
                        .setData(com.google.protobuf.ByteString.copyFrom(schema.codec().rowCodec().encodeBatch(returned))));
            }
            responseObserver.onNext(response.build());
            responseObserver.onCompleted();
        } catch (RuntimeException e) {
            responseObserver.onError(GrpcErrors.toStatus(e));
        }
    }

    @Override
    public void prepare(TxnRequest request, StreamObserver<TxnResponse> responseObserver) {
        try {
            txns.prepare(request.getGxid());
            responseObserver.onNext(TxnResponse.getDefaultInstance());
            responseObserver.onCompleted();
        } catch (RuntimeException e) {
            responseObserver.onError(GrpcErrors.toStatus(e));
        }
    }

    @Override
    public void commitPrepared(CommitPreparedRequest request, StreamObserver<TxnResponse> responseObserver) {
        try {
            txns.commitPrepared(request.getGxid(), request.getCommitTs());
            responseObserver.onNext(TxnResponse.getDefaultInstance());
            responseObserver.onCompleted();
        } catch (RuntimeException e) {
            responseObserver.onError(GrpcErrors.toStatus(e));
        }
    }

    @Override
    public void rollback(TxnRequest request, StreamObserver<TxnResponse> responseObserver) {
        try {
            txns.rollback(request.getGxid());
            responseObserver.onNext(TxnResponse.getDefaultInstance());
            responseObserver.onCompleted();
        } catch (RuntimeException e) {
            responseObserver.onError(GrpcErrors.toStatus(e));
        }
    }

    @Override
    public void commitOnePhase(TxnRequest request, StreamObserver<CommitOnePhaseResponse> responseObserver) {
        try {
            long ts = txns.commitOnePhase(request.getGxid());
            responseObserver.onNext(CommitOnePhaseResponse.newBuilder().setCommitTs(ts).build());
            responseObserver.onCompleted();
        } catch (RuntimeException e) {
            responseObserver.onError(GrpcErrors.toStatus(e));
        }
    }

    @Override
    public void rollbackToSavepoint(RollbackToSavepointRequest request, StreamObserver<TxnResponse> responseObserver) {
        try {
            txns.rollbackToSavepoint(request.getGxid(), request.getFromCommandId());
            responseObserver.onNext(TxnResponse.getDefaultInstance());
            responseObserver.onCompleted();
        } catch (RuntimeException e) {
            responseObserver.onError(GrpcErrors.toStatus(e));
        }
    }

    @Override
    public void waitsFor(WaitsForRequest request, StreamObserver<WaitsForResponse> responseObserver) {
        try {
            responseObserver.onNext(WaitsForResponse.newBuilder().addAllEdges(txns.waitsFor()).build());
            responseObserver.onCompleted();
        } catch (RuntimeException e) {
            responseObserver.onError(GrpcErrors.toStatus(e));
        }
    }

    @Override
    public void abortWaiter(TxnRequest request, StreamObserver<TxnResponse> responseObserver) {
        try {
            txns.abortWaiter(request.getGxid());
            responseObserver.onNext(TxnResponse.getDefaultInstance());
            responseObserver.onCompleted();
        } catch (RuntimeException e) {
            responseObserver.onError(GrpcErrors.toStatus(e));
        }
    }

    @Override
    public void buildIndex(io.tessera.protocol.datanode.BuildIndexRequest request,
            StreamObserver<io.tessera.protocol.datanode.BuildIndexResponse> responseObserver) {
        try {
            long entries = io.tessera.datanode.index.IndexScans.build(storage, schemas, indexWrites, request);
            responseObserver.onNext(io.tessera.protocol.datanode.BuildIndexResponse.newBuilder().setEntries(entries)
                    .build());
            responseObserver.onCompleted();
        } catch (RuntimeException e) {
            responseObserver.onError(GrpcErrors.toStatus(e));
        }
    }

    @Override
    public void dropIndex(io.tessera.protocol.datanode.DropIndexRequest request,
            StreamObserver<io.tessera.protocol.datanode.DropIndexResponse> responseObserver) {
        try {
            storage.dropIndex(request.getTableId(), request.getIndexId());
            responseObserver.onNext(io.tessera.protocol.datanode.DropIndexResponse.getDefaultInstance());
            responseObserver.onCompleted();
        } catch (RuntimeException e) {
            responseObserver.onError(GrpcErrors.toStatus(e));
        }
    }

    @Override
    public void relationSizes(io.tessera.protocol.datanode.RelationSizesRequest request,
            StreamObserver<io.tessera.protocol.datanode.RelationSizesResponse> responseObserver) {
        try {
            var response = io.tessera.protocol.datanode.RelationSizesResponse.newBuilder();
            for (var table : request.getTablesList()) {
                int[] shards = table.getShardsList().stream().mapToInt(Integer::intValue).toArray();
                int[] ids = new int[table.getIndexIdsCount() + 1]; // ids[0] = 0: the rows
                for (int i = 0; i < table.getIndexIdsCount(); i++) {
                    ids[i + 1] = table.getIndexIds(i);
                }
                long[] sizes = storage.approximateSizes(table.getTableId(), shards, ids);
                for (int i = 0; i < ids.length; i++) {
                    response.addSizes(io.tessera.protocol.datanode.RelationSizesResponse.Size.newBuilder()
                            .setTableId(table.getTableId()).setIndexId(ids[i]).setBytes(sizes[i]));
                }
            }
            responseObserver.onNext(response.build());
            responseObserver.onCompleted();
        } catch (RuntimeException e) {
            responseObserver.onError(GrpcErrors.toStatus(e));
        }
    }

    /**
     * Failpoint (test only, {@link io.tessera.common.failpoint.Failpoints}): while armed, {@code DropTable} fails with
     * 08006 as a datanode that is up but cannot answer in time would, so the coordinator's retry of the drop is tested.
     */
    public static final String DROP_TABLE_FAILS_FAILPOINT = "datanode.drop-table.fails";

    @Override
    public void dropTable(DropTableRequest request, StreamObserver<DropTableResponse> responseObserver) {
        try {
            if (io.tessera.common.failpoint.Failpoints.armed(DROP_TABLE_FAILS_FAILPOINT)) {
                throw new TesseraException(SqlState.CONNECTION_FAILURE, "DropTable refused (failpoint "
                        + DROP_TABLE_FAILS_FAILPOINT + ")");
            }
            txns.awaitResolutions(); // no resolution of an earlier commit may write the table back after the drop
            storage.dropTable(request.getTableId());
            LOG.info("dropped table {}", Integer.toUnsignedString(request.getTableId()));
            responseObserver.onNext(DropTableResponse.getDefaultInstance());
            responseObserver.onCompleted();
        } catch (RuntimeException e) {
            responseObserver.onError(GrpcErrors.toStatus(e));
        }
    }

    @Override
    public void setGcSafePoint(GcSafePointRequest request, StreamObserver<GcSafePointResponse> responseObserver) {
        try {
            long horizon = gc.offerSafePoint(request.getSafePoint());
            responseObserver.onNext(GcSafePointResponse.newBuilder().setHorizon(horizon).build());
            responseObserver.onCompleted();
        } catch (RuntimeException e) {
            responseObserver.onError(GrpcErrors.toStatus(e));
        }
    }

    @Override
    public void vacuum(VacuumRequest request, StreamObserver<VacuumResponse> responseObserver) {
        try {
            int[] tables = request.getTableIdsList().stream().mapToInt(Integer::intValue).toArray();
            GarbageCollector.Outcome o = gc.vacuum(request.getSafePoint(), tables);
            responseObserver.onNext(VacuumResponse.newBuilder().setHorizon(o.horizon())
                    .setVersionsPurged(o.versionsPurged()).setKeysScanned(o.keysScanned()).build());
            responseObserver.onCompleted();
        } catch (RuntimeException e) {
            responseObserver.onError(GrpcErrors.toStatus(e));
        }
    }

    @Override
    public void gcStats(GcStatsRequest request, StreamObserver<GcStatsResponse> responseObserver) {
        try {
            GcStatsResponse.Builder b = GcStatsResponse.newBuilder().setAutovacuum(gc.autovacuum())
                    .setHorizon(gc.horizon()).setSafePoint(gc.safePoint()).setPurges(gc.purges())
                    .setVersionsPurged(gc.versionsPurged())
                    .setSstBytes(storage.dataProperty("rocksdb.total-sst-files-size"))
                    .setLiveDataBytes(storage.dataProperty("rocksdb.estimate-live-data-size"))
                    .setEstimatedKeys(storage.dataProperty("rocksdb.estimate-num-keys"));
            if (request.getCountVersions()) {
                DatanodeStorage.VersionCounts c = storage.countVersions();
                b.setVersions(c.versions()).setKeys(c.keys()).setIntents(c.intents());
            } else {
                b.setVersions(-1).setKeys(-1).setIntents(-1);
            }
            responseObserver.onNext(b.build());
            responseObserver.onCompleted();
        } catch (RuntimeException e) {
            responseObserver.onError(GrpcErrors.toStatus(e));
        }
    }

    @Override
    public void sample(io.tessera.protocol.datanode.SampleRequest request,
            StreamObserver<io.tessera.protocol.datanode.SampleChunk> responseObserver) {
        io.tessera.datanode.analyze.SampleCall.run(storage, txns, gc, schemas, request, responseObserver,
                callCancellation());
    }

    @Override
    public void ping(PingRequest request, StreamObserver<PingResponse> responseObserver) {
        responseObserver.onNext(PingResponse.newBuilder().setNodeName(nodeName).setNodeId(nodeId)
                .setActiveTransactions(txns.activeTransactions()).setLockedKeys(txns.lockedKeys())
                .setIntents(storage.countIntents()).setOpenScans(openScans.get())
                .setOpenReduceStreams(exchanges == null ? 0 : exchanges.reduce().openStreams())
                .setTempFiles(io.tessera.executor.spill.TempDirectory.process().filesCreated())
                .setTempBytes(io.tessera.executor.spill.TempDirectory.process().bytesWritten()).build());
        responseObserver.onCompleted();
    }

    /** Scans whose cursor is open (a RocksDB snapshot pinned). */
    public int openScans() {
        return openScans.get();
    }

    /** Row batches sent by all scans since start. */
    public long batchesSent() {
        return batchesSent.get();
    }

    /**
     * Registers a single-datanode statement at a snapshot this datanode chooses ({@code datanode_snapshot} of
     * ScanRequest and ModifyRequest): the newest commit timestamp applied here, unless a transaction is prepared
     * here (its decided commit may not be applied yet) or nothing was applied since start-up — then a GTM timestamp.
     * Either includes every commit acknowledged before the request that wrote here; any commit not yet applied
     * here gets a later timestamp. The caller's own intents are visible by its transaction id, whatever the snapshot.
     *
     * @throws TesseraException the GTM's errors
     */
    private GarbageCollector.Reader enterOwnSnapshot() {
        return enterOwnSnapshot(true);
    }

    /** As {@link #enterOwnSnapshot()}; without {@code mayAskGtm}, {@link WouldWait} where it needs the GTM. */
    private GarbageCollector.Reader enterOwnSnapshot(boolean mayAskGtm) {
        long newest = storage.newestCommitTs();
        if (newest <= 0 || txns.anyPrepared()) {
            if (!mayAskGtm) {
                throw WouldWait.INSTANCE;
            }
            newest = timestamps.getAsLong();
            storage.noteCommitTs(newest); // nothing at or below it is still to come: it was issued after the checks
        }
        ownSnapshots.incrementAndGet();
        return gc.enterAtLeast(newest);
    }

    /**
     * Whether a Modify reads nothing at its snapshot: an INSERT without ON CONFLICT checks its keys (and unique
     * index values) against the newest version and the intents of each key, whatever the snapshot, as PostgreSQL's
     * unique checks do. Its datanode-chosen snapshot is then not taken at all: no GTM round trip while a
     * transaction is prepared here (TPC-B's history INSERT, inside the row locks of its block).
     */
    private static boolean readsNoSnapshot(ModifyRequest request) {
        return INSERTS_WITHOUT_SNAPSHOT && request.getOpCase() == ModifyRequest.OpCase.INSERT
                && !request.getInsert().hasOnConflict();
    }

    /** {@code -Dtessera.insert_snapshots=true} on a datanode: an INSERT takes its snapshot as before (A/B runs). */
    private static final boolean INSERTS_WITHOUT_SNAPSHOT = !Boolean.getBoolean("tessera.insert_snapshots");

    /** The state of one Scan call; touched only from the call's serialised callbacks. */
    private final class ScanState {
        /** The Scan call the rows stream to, or null for a unary {@link #read} ({@link #readAll}). */
        private final ServerCallStreamObserver<RowBatch> call;
        /** Completed when the call is cancelled. */
        private final CompletableFuture<Void> cancelled;
        private final io.tessera.datanode.storage.RowCursor cursor;
        private final StoredRowCodec tableCodec;
        private final RowCodec outCodec;
        private final CompiledExpr filter;
        private final int[] projection;
        private final Object[] row;
        private final Object[] out;
        private final int batchRows;
        /** SELECT ... SKIP LOCKED's read: the transaction whose locked rows alone are returned, or 0. */
        private final long lockedBy;
        /** A stream's batches are up to MAX_BATCH_BYTES; a unary read is a row or a few (the sink grows if not). */
        private final ByteSink sink;
        private final GarbageCollector.Reader reading;
        /** The request's partial aggregation over the output rows, or null for a plain scan. */
        private final ScanAggregation aggregation;
        /** The request's work_mem and this datanode's temporary directory, for the aggregate or top-N. */
        private final io.tessera.executor.spill.SpillContext spill;
        /** The request's top-N over the output rows (sorted), or null. */
        private final ScanTopN topN;
        /** Output rows still to return before the scan stops: a LIMIT without ORDER BY; -1 for no limit. */
        private long remaining = -1;
        /** Whether the scan reads through a secondary index (a unary read of it answers at most batch_rows rows). */
        private final boolean throughIndex;
        private boolean finished;
        /** Whether every scan row has been fed to {@link #aggregation} or {@link #topN}. */
        private boolean cursorDrained;

        ScanState(ScanRequest request, ServerCallStreamObserver<RowBatch> call, CompletableFuture<Void> cancelled) {
            this(request, call, cancelled, true);
        }

        /** Without {@code mayWait}, a scan that throws {@link WouldWait} where it would wait (see {@link #read}). */
        ScanState(ScanRequest request, ServerCallStreamObserver<RowBatch> call, CompletableFuture<Void> cancelled,
                  boolean mayWait) {
            this.call = call;
            this.cancelled = cancelled;
            this.throughIndex = request.getIndexId() != 0;
            this.sink = new ByteSink(call == null ? 512 : 64 * 1024);
            if (!mayWait && !schemas.resolvesWithoutReading(request.getTable())) {
                throw WouldWait.INSTANCE;
            }
            TableSchema schema = schemas.resolve(request.getTable());
            List<PgType> types = schema.types();
            this.tableCodec = schema.codec();
            this.filter = request.hasFilter() ? CompiledExpr.compile(request.getFilter(), types) : null;
            if (filter != null && filter.type() != PgType.BOOL) {
                throw new TesseraException(SqlState.DATATYPE_MISMATCH,
                        "argument of WHERE must be type boolean, not type " + filter.type().sqlName());
            }
            int n = request.getProjectionCount();
            if (n == 0) {
                projection = new int[types.size()];
                for (int i = 0; i < projection.length; i++) {
                    projection[i] = i;
                }
            } else {
                projection = new int[n];
                for (int i = 0; i < n; i++) {
                    int p = request.getProjection(i);
                    if (p != XC_NODE_ID && (p < 0 || p >= types.size())) {
                        throw new TesseraException(SqlState.INTERNAL_ERROR,
                                "projection index " + p + " is outside the table's " + types.size() + " columns");
                    }
                    projection[i] = p;
                }
            }
            List<PgType> outTypes = new ArrayList<>(projection.length);
            for (int p : projection) {
                outTypes.add(p == XC_NODE_ID ? PgType.INT4 : types.get(p));
            }
            this.spill = io.tessera.executor.spill.SpillContext.ofKb(request.getWorkMemKb());
            this.aggregation = request.hasAggregate() ? new ScanAggregation(request.getAggregate(), outTypes, spill)
                    : null;
            if (request.hasTopN() && request.hasAggregate()) {
                throw new TesseraException(SqlState.INTERNAL_ERROR, "a scan cannot carry both a top-N and an aggregate");
            }
            this.topN = request.hasTopN() && request.getTopN().getKeysCount() > 0
                    ? new ScanTopN(request.getTopN(), outTypes.size(), outTypes, spill)
                    : null;
            if (request.hasTopN() && topN == null) {
                this.remaining = Math.max(0, request.getTopN().getLimit());
            }
            this.outCodec = new RowCodec(aggregation != null ? aggregation.outputTypes() : outTypes);
            this.row = new Object[types.size()];
            this.out = new Object[projection.length];
            this.batchRows = request.getBatchRows() > 0 ? request.getBatchRows() : DEFAULT_BATCH_ROWS;
            if (request.getLockedOnly() && (!request.hasTxn() || request.getTxn().getGxid() == 0)) {
                throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, "a locked_only scan needs a transaction");
            }
            this.lockedBy = request.getLockedOnly() ? request.getTxn().getGxid() : 0;
            int[] shards = new int[request.getShardsCount()];
            for (int i = 0; i < shards.length; i++) {
                shards[i] = request.getShards(i);
            }
            // registered until the scan ends: no purge passes its snapshot meanwhile (72000 if one already has)
            this.reading = request.getDatanodeSnapshot() ? enterOwnSnapshot(mayWait)
                    : gc.enter(request.getSnapshotTs());
            long snapshotTs = request.getDatanodeSnapshot() ? reading.snapshotTs() : request.getSnapshotTs();
            try {
                // without a transaction too: a prepared intent below the snapshot must be waited for
                PrimaryKey pk = schema.primaryKey();
                io.tessera.protocol.datanode.TxnContext txn = request.hasTxn() ? request.getTxn() : null;
                io.tessera.datanode.storage.IntentResolver resolver = mayWait
                        ? txns.resolver(txn, snapshotTs, cancelled) : txns.resolverWithoutWaits(txn, snapshotTs);
                this.cursor = request.getIndexId() != 0
                        ? io.tessera.datanode.index.IndexScans.open(storage, schema, request, shards, snapshotTs,
                                resolver)
                        : storage.scan(request.getTable().getTableId(), shards, snapshotTs, resolver,
                        pk, pk == null || !request.hasFilter() ? null : pk.prefixFor(request.getFilter(), types));
            } catch (RuntimeException e) {
                reading.close();
                throw e;
            }
            openScans.incrementAndGet();
        }

        void drain() {
            if (finished) {
                return;
            }
            try {
                while (call.isReady() && !call.isCancelled()) {
                    sink.reset();
                    int count = 0;
                    boolean more = true;
                    while (count < batchRows && sink.size() < MAX_BATCH_BYTES) {
                        Object[] o = aggregation != null ? nextAggregated() : topN != null ? nextTopN() : nextRow();
                        if (o == null) {
                            more = false;
                            break;
                        }
                        outCodec.encode(o, sink);
                        count++;
                    }
                    if (call.isCancelled()) {
                        break;
                    }
                    if (count > 0) {
                        call.onNext(RowBatch.newBuilder().setRowCount(count)
                                .setData(UnsafeByteOperations.unsafeWrap(sink.toByteArray())).build());
                        batchesSent.incrementAndGet();
                    }
                    if (!more) {
                        finish();
                        call.onCompleted();
                        return;
                    }
                }
                if (call.isCancelled()) {
                    cancel();
                }
            } catch (RuntimeException e) {
                finish();
                call.onError(GrpcErrors.toStatus(e));
            }
        }

        /** Every row of the read in one batch, the state finished after it (a unary {@link #read}). */
        RowBatch readAll() {
            try {
                sink.reset();
                int count = 0;
                // through an index, a lookup's few rows: past batch_rows the coordinator reads the part with a Scan
                int maxRows = throughIndex ? batchRows : Integer.MAX_VALUE;
                for (Object[] o = nextRow(); o != null; o = nextRow()) {
                    if (count == maxRows) {
                        throw new TesseraException(SqlState.PROGRAM_LIMIT_EXCEEDED,
                                "a lookup read through an index has more than " + maxRows + " rows");
                    }
                    outCodec.encode(o, sink);
                    count++;
                    if (sink.size() > MAX_READ_BYTES) {
                        throw new TesseraException(SqlState.PROGRAM_LIMIT_EXCEEDED,
                                "a point read's result exceeds " + MAX_READ_BYTES + " bytes");
                    }
                }
                if (isCancelled()) {
                    throw new TesseraException(SqlState.QUERY_CANCELED, "canceling statement: the read was cancelled");
                }
                return RowBatch.newBuilder().setRowCount(count)
                        .setData(UnsafeByteOperations.unsafeWrap(sink.toByteArray())).build();
            } finally {
                finish();
            }
        }

        private boolean isCancelled() {
            return call != null ? call.isCancelled() : cancelled.isDone();
        }

        /** The next visible row passing the filter, projected (in {@code out}, reused), or null at the end. */
        private Object[] nextRow() {
            if (remaining == 0) {
                return null; // a LIMIT reached: the cursor is not read further
            }
            while (cursor.next()) {
                if (lockedBy != 0 && !txns.holdsRow(lockedBy, cursor.intentKey())) {
                    continue;
                }
                cursor.decode(tableCodec, row);
                if (filter != null && !filter.test(row)) {
                    continue;
                }
                for (int i = 0; i < projection.length; i++) {
                    int p = projection[i];
                    out[i] = p == XC_NODE_ID ? (Object) nodeId : row[p];
                }
                if (remaining > 0) {
                    remaining--;
                }
                return out;
            }
            return null;
        }

        /**
         * The next aggregated row, or null at the end (or when the call was cancelled while aggregating). The first
         * call feeds every scan row into the aggregation, checking for cancellation every 4,096 rows.
         */
        private Object[] nextAggregated() {
            if (!cursorDrained) {
                long fed = 0;
                for (Object[] o = nextRow(); o != null; o = nextRow()) {
                    aggregation.add(o);
                    if ((++fed & 4095) == 0 && isCancelled()) {
                        return null;
                    }
                }
                cursorDrained = true;
            }
            Iterator<Object[]> results = aggregation.results();
            return results.hasNext() ? results.next() : null;
        }

        /**
         * The next row of the top-N, or null at the end (or when the call was cancelled meanwhile). The first call
         * feeds every scan row into the heap, checking for cancellation every 4,096 rows.
         */
        private Object[] nextTopN() {
            if (!cursorDrained) {
                long fed = 0;
                for (Object[] o = nextRow(); o != null; o = nextRow()) {
                    topN.add(o);
                    if ((++fed & 4095) == 0 && isCancelled()) {
                        return null;
                    }
                }
                cursorDrained = true;
            }
            Iterator<Object[]> results = topN.results();
            return results.hasNext() ? results.next() : null;
        }

        void cancel() {
            if (!finished) {
                LOG.debug("scan cancelled");
            }
            finish();
        }

        private void finish() {
            if (!finished) {
                finished = true;
                try {
                    cursor.close();
                    if (aggregation != null) {
                        aggregation.close(); // deletes what it spilled, also on error and cancel
                    }
                    if (topN != null) {
                        topN.close();
                    }
                } finally {
                    reading.close();
                    openScans.decrementAndGet();
                }
                io.tessera.datanode.fragment.FragmentCall.logTempFiles(spill);
            }
        }
    }
}
