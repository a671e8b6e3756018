package io.tessera.datanode.fragment;

import com.google.protobuf.UnsafeByteOperations;
import io.grpc.stub.ServerCallStreamObserver;
import io.tessera.common.codec.ByteSink;
import io.tessera.common.codec.RowCodec;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.grpc.GrpcErrors;
import io.tessera.common.types.PgType;
import io.tessera.datanode.catalog.TableSchema;
import io.tessera.datanode.catalog.TableSchemas;
import io.tessera.datanode.gc.GarbageCollector;
import io.tessera.datanode.storage.DatanodeStorage;
import io.tessera.datanode.storage.ScanCursor;
import io.tessera.datanode.txn.TransactionManager;
import io.tessera.executor.exec.FilterNode;
import io.tessera.executor.exec.HashJoinNode;
import io.tessera.executor.exec.JoinType;
import io.tessera.executor.exec.ProjectNode;
import io.tessera.executor.exec.RowSource;
import io.tessera.executor.expr.CompiledExpr;
import io.tessera.protocol.datanode.ExchangeTarget;
import io.tessera.protocol.datanode.FragmentExchange;
import io.tessera.protocol.datanode.FragmentHashJoin;
import io.tessera.reduce.Inbox;
import io.tessera.reduce.InboxKey;
import io.tessera.reduce.ReduceChannels;
import io.tessera.reduce.ReduceService;
import io.tessera.reduce.exchange.ExchangeReceiveNode;
import io.tessera.reduce.exchange.ExchangeSendNode;
import io.tessera.protocol.datanode.FragmentOp;
import io.tessera.protocol.datanode.FragmentScan;
import io.tessera.protocol.datanode.RowBatch;
import io.tessera.protocol.datanode.ScanRequest;
import io.tessera.protocol.datanode.TxnContext;
import io.tessera.protocol.expr.Expr;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Scan call that carries a plan fragment ({@code ScanRequest.fragment}): builds the fragment's operator tree —
 * {@link LocalScan} leaves over this datanode's shards, {@link FilterNode}, {@link ProjectNode}, {@link HashJoinNode}
 * — and streams its output rows (or, with the request's {@code aggregate} / {@code top_n}, the partial groups or the
 * top rows computed over them) under gRPC flow control, as a plain Scan streams a table's rows.
 *
 * <p>Every leaf reads at the request's one snapshot, registered with the garbage collector for the whole call, and
 * sees the request's transaction's own earlier intents (the same {@code IntentResolver} a Scan uses): a join on the
 * datanode sees exactly the rows two scans of the same statement would have sent to the coordinator.
 *
 * <pre>
 *   Scan(fragment) ──▶ build the tree (cursors opened) ──▶ drain() ◀── onReady
 *                          │ while isReady: pull rows from the root, encode a batch → onNext
 *                          └ exhausted: onCompleted, close the tree;  cancelled or failed: close the tree
 * </pre>
 * Callbacks of one call run serialised on the server's executor, so the state needs no locking. A hash join reads
 * its whole build side inside the first {@code drain()}; its leaves check for cancellation as they read.
 *
 * <p>Exchanges ({@code FragmentExchange}, a redistributed join): building one opens this node's reduce inbox for
 * the stream (query id, stream id), expecting every target as a sender, and builds its input subtree, which an
 * {@link ExchangeSendNode} on a thread of its own runs and hashes to the targets (started once the whole tree is
 * built; peers' senders wait for inboxes not yet open). The tree reads an {@link ExchangeReceiveNode} in its place.
 * A sender's failure or the call's cancellation aborts every inbox of the call, so the join's thread, blocked in a
 * take, unwinds with that error; closing the tree closes the inboxes and stops and joins the senders, which close
 * their inputs, before the snapshot is released. Nothing of the query stays on the node.
 */
public final class FragmentCall {
    private static final Logger LOG = LoggerFactory.getLogger(FragmentCall.class);
    private static final int DEFAULT_BATCH_ROWS = 1024;
    private static final int MAX_BATCH_BYTES = 256 * 1024;

    /** What a fragment reads through: this datanode's storage, transactions, GC, schemas and counters. */
    public record Datanode(DatanodeStorage storage, TransactionManager txns, GarbageCollector gc,
            TableSchemas schemas, int nodeId, AtomicInteger openScans, AtomicLong batchesSent, Exchanges exchanges) {
        /** Without exchanges (a fragment with one fails with XX000). */
        public Datanode(DatanodeStorage storage, TransactionManager txns, GarbageCollector gc, TableSchemas schemas,
                int nodeId, AtomicInteger openScans, AtomicLong batchesSent) {
            this(storage, txns, gc, schemas, nodeId, openScans, batchesSent, null);
        }
    }

    /** What a fragment's exchanges run through: this node's reduce endpoint, channels to its peers, its name. */
    public record Exchanges(ReduceService reduce, ReduceChannels channels, String nodeName) {
    }

    private final Datanode dn;
    private final ServerCallStreamObserver<RowBatch> call;
    private final CompletableFuture<Void> cancelled;
    private final GarbageCollector.Reader reading;
    private final List<RowSource> leaves = new ArrayList<>();
    /** The exchanges' receiving and sending ends on this node (FragmentExchange), in build order. */
    private final List<ExchangeReceiveNode> receivers = new ArrayList<>();
    private final List<ExchangeSendNode> senders = new ArrayList<>();
    private final List<Inbox> inboxes = new ArrayList<>();
    private String queryId;
    private List<ExchangeSendNode.Target> targets;
    private int self = -1;
    private final RowSource root;
    /** The request's work_mem, and this datanode's temporary directory ({@code <dataDir>/pgsql_tmp}). */
    private final io.tessera.executor.spill.SpillContext spill;
    private final ScanAggregation aggregation;
    private final ScanTopN topN;
    private final RowCodec outCodec;
    private final int batchRows;
    private final ByteSink sink = new ByteSink(64 * 1024);
    private long remaining = -1;
    /** EXPLAIN ANALYZE ({@code ScanRequest.analyze}): each operator's counters, by its pre-order number. */
    private final boolean analyze;
    private final List<io.tessera.executor.exec.InstrumentedNode> instruments = new ArrayList<>();
    private int nextOp;
    private boolean cursorDrained;
    private boolean finished;

    private FragmentCall(Datanode dn, ScanRequest request, ServerCallStreamObserver<RowBatch> call,
            CompletableFuture<Void> cancelled) {
        this.dn = dn;
        this.call = call;
        this.cancelled = cancelled;
        if (request.getDatanodeSnapshot() || request.getLockedOnly()) {
            throw new TesseraException(SqlState.INTERNAL_ERROR,
                    "a plan fragment runs at the coordinator's snapshot and returns every row it finds");
        }
        if (request.hasTopN() && request.hasAggregate()) {
            throw new TesseraException(SqlState.INTERNAL_ERROR, "a scan cannot carry both a top-N and an aggregate");
        }
        long snapshotTs = request.getSnapshotTs();
        this.analyze = request.getAnalyze();
        this.reading = dn.gc().enter(snapshotTs); // 72000 if a purge has passed it
        try {
            exchangeContext(request);
            this.spill = io.tessera.executor.spill.SpillContext.ofKb(request.getWorkMemKb());
            this.root = build(request.getFragment().getRoot(), snapshotTs, request.hasTxn() ? request.getTxn() : null);
            List<PgType> outTypes = root.types();
            this.aggregation = request.hasAggregate() ? new ScanAggregation(request.getAggregate(), outTypes, spill)
                    : null;
            this.topN = request.hasTopN() && request.getTopN().getKeysCount() > 0
                    ? new ScanTopN(request.getTopN(), outTypes.size(), outTypes, spill) : null;
            if (request.hasTopN() && topN == null) {
                this.remaining = Math.max(0, request.getTopN().getLimit());
            }
            this.outCodec = new RowCodec(aggregation != null ? aggregation.outputTypes() : outTypes);
        } catch (RuntimeException e) {
            receivers.forEach(RowSource::close);
            leaves.forEach(RowSource::close);
            reading.close();
            throw e;
        }
        if (!senders.isEmpty()) {
            // a cancelled call's handler waits behind a drain() blocked in take(): end the takes from here
            cancelled.thenRun(() -> abortInboxes(new TesseraException(SqlState.QUERY_CANCELED,
                    "canceling statement due to user request")));
            senders.forEach(ExchangeSendNode::start);
        }
        this.batchRows = request.getBatchRows() > 0 ? request.getBatchRows() : DEFAULT_BATCH_ROWS;
        dn.openScans().incrementAndGet();
    }

    /**
     * Serves a Scan call whose request carries a fragment; errors (building the tree or running it) end the call
     * with their SQLSTATE.
     */
    public static void start(Datanode dn, ScanRequest request, ServerCallStreamObserver<RowBatch> call,
            CompletableFuture<Void> cancelled) {
        FragmentCall state;
        try {
            state = new FragmentCall(dn, request, call, cancelled);
        } catch (RuntimeException e) {
            call.onError(GrpcErrors.toStatus(e));
            return;
        }
        call.setOnCancelHandler(state::cancel);
        call.setOnReadyHandler(state::drain);
        state.drain();
    }

    /** Reads the query id and the targets of a fragment with exchanges, and finds this node among them. */
    private void exchangeContext(ScanRequest request) {
        List<ExchangeTarget> ts = request.getFragment().getExchangeTargetsList();
        if (ts.isEmpty()) {
            return;
        }
        if (dn.exchanges() == null) {
            throw new TesseraException(SqlState.INTERNAL_ERROR, "this datanode runs no exchanges");
        }
        queryId = request.getFragment().getQueryId();
        targets = new ArrayList<>();
        for (int i = 0; i < ts.size(); i++) {
            ExchangeTarget t = ts.get(i);
            targets.add(new ExchangeSendNode.Target(t.getName(), dn.exchanges().channels().channel(t.getHost(),
                    t.getPort())));
            if (t.getName().equals(dn.exchanges().nodeName())) {
                self = i;
            }
        }
        if (self < 0 || queryId.isEmpty()) {
            throw new TesseraException(SqlState.INTERNAL_ERROR, "datanode " + dn.exchanges().nodeName()
                    + " is not among the fragment's exchange targets " + ts.stream().map(ExchangeTarget::getName).toList()
                    + " or the fragment has no query id");
        }
    }

    private void abortInboxes(TesseraException e) {
        synchronized (inboxes) {
            inboxes.forEach(i -> i.abort(e));
        }
    }

    /**
     * The operator tree of {@code op}, numbered in pre-order (an operator, then its inputs left to right: the
     * coordinator's numbering of the same fragment) and, under EXPLAIN ANALYZE, each operator counted.
     */
    private RowSource build(FragmentOp op, long snapshotTs, TxnContext txn) {
        int number = nextOp++;
        RowSource built = buildOp(op, snapshotTs, txn);
        if (!analyze) {
            return built;
        }
        io.tessera.executor.exec.InstrumentedNode counted = new io.tessera.executor.exec.InstrumentedNode(built);
        while (instruments.size() <= number) {
            instruments.add(null);
        }
        instruments.set(number, counted);
        return counted;
    }

    /** EXPLAIN ANALYZE's last batch: no rows, each operator's counters. */
    private RowBatch operatorStats() {
        RowBatch.Builder b = RowBatch.newBuilder().setRowCount(0);
        for (int i = 0; i < instruments.size(); i++) {
            io.tessera.executor.exec.InstrumentedNode n = instruments.get(i);
            if (n != null) {
                b.addOperatorStats(io.tessera.protocol.datanode.OperatorStats.newBuilder().setOp(i).setRows(n.rows())
                        .setFirstMs(n.firstMs()).setTotalMs(n.totalMs()));
            }
        }
        return b.build();
    }

    private RowSource buildOp(FragmentOp op, long snapshotTs, TxnContext txn) {
        switch (op.getOpCase()) {
            case EXCHANGE -> {
                FragmentExchange x = op.getExchange();
                if (targets == null) {
                    throw new TesseraException(SqlState.INTERNAL_ERROR, "an exchange needs the fragment's targets");
                }
                InboxKey key = new InboxKey(queryId, x.getStreamId());
                Inbox inbox = dn.exchanges().reduce().open(key, targets.size(), ReduceService.DEFAULT_CREDITS);
                synchronized (inboxes) {
                    inboxes.add(inbox);
                }
                RowSource input;
                try {
                    input = build(x.getInput(), snapshotTs, txn);
                } catch (RuntimeException e) {
                    inbox.close();
                    throw e;
                }
                io.tessera.reduce.exchange.Partitioning partitioning;
                try {
                    partitioning = partitioning(x, input.types());
                } catch (RuntimeException e) {
                    input.close();
                    inbox.close();
                    throw e;
                }
                ExchangeSendNode send = new ExchangeSendNode(input, partitioning, targets, self, key,
                        dn.exchanges().nodeName(), DEFAULT_BATCH_ROWS, cancelled::isDone, this::abortInboxes);
                ExchangeReceiveNode receive = new ExchangeReceiveNode(inbox, input.types(), send);
                senders.add(send);
                receivers.add(receive);
                return receive;
            }
            case SCAN -> {
                FragmentScan s = op.getScan();
                TableSchema schema = dn.schemas().resolve(s.getTable());
                CompiledExpr filter = s.hasFilter() ? CompiledExpr.compile(s.getFilter(), schema.types()) : null;
                int[] shards = new int[s.getShardsCount()];
                for (int i = 0; i < shards.length; i++) {
                    shards[i] = s.getShards(i);
                }
                ScanCursor cursor = dn.storage().scan(s.getTable().getTableId(), shards, snapshotTs,
                        dn.txns().resolver(txn, snapshotTs, cancelled), schema.primaryKey());
                LocalScan scan;
                try {
                    scan = new LocalScan(cursor, schema, s.getProjectionList(), filter, dn.nodeId(), cancelled);
                } catch (RuntimeException e) {
                    cursor.close();
                    throw e;
                }
                leaves.add(scan);
                return scan;
            }
            case FILTER -> {
                RowSource in = build(op.getFilter().getInput(), snapshotTs, txn);
                return new FilterNode(in, compile(op.getFilter().getCondition(), in.types()));
            }
            case PROJECT -> {
                RowSource in = build(op.getProject().getInput(), snapshotTs, txn);
                List<CompiledExpr> exprs = new ArrayList<>();
                for (Expr e : op.getProject().getExprsList()) {
                    exprs.add(compile(e, in.types()));
                }
                return new ProjectNode(in, exprs);
            }
            case HASH_JOIN -> {
                FragmentHashJoin j = op.getHashJoin();
                RowSource left = build(j.getLeft(), snapshotTs, txn);
                RowSource right = build(j.getRight(), snapshotTs, txn);
                List<PgType> both = new ArrayList<>(left.types());
                both.addAll(right.types());
                CompiledExpr residual = j.hasResidual() ? compile(j.getResidual(), both) : null;
                return new HashJoinNode(left, right, joinType(j), toArray(j.getLeftKeysList(), left.types().size()),
                        toArray(j.getRightKeysList(), right.types().size()), residual, spill);
            }
            case WINDOW -> {
                return window(op.getWindow(), build(op.getWindow().getInput(), snapshotTs, txn));
            }
            default -> throw new TesseraException(SqlState.INTERNAL_ERROR, "unknown fragment operator " + op.getOpCase());
        }
    }

    /** A window's operators: its input sorted by the partition keys, then the order keys, under a WindowNode. */
    private RowSource window(io.tessera.protocol.datanode.FragmentWindow w, RowSource in) {
        List<io.tessera.executor.exec.SortKey> sortKeys = new ArrayList<>();
        int[] partitionKeys = new int[w.getPartitionKeysCount()];
        for (int i = 0; i < partitionKeys.length; i++) {
            partitionKeys[i] = w.getPartitionKeys(i);
            sortKeys.add(io.tessera.executor.exec.SortKey.of(partitionKeys[i], false));
        }
        List<io.tessera.executor.exec.SortKey> orderKeys = new ArrayList<>();
        for (io.tessera.protocol.datanode.SortKey k : w.getOrderKeysList()) {
            orderKeys.add(new io.tessera.executor.exec.SortKey(k.getColumn(), k.getDescending(), k.getNullsFirst()));
        }
        sortKeys.addAll(orderKeys);
        List<io.tessera.executor.exec.WindowCall> calls = new ArrayList<>();
        List<PgType> resultTypes = new ArrayList<>();
        for (io.tessera.protocol.datanode.WindowCall c : w.getCallsList()) {
            Object dflt = c.hasDefaultValue() ? compile(c.getDefaultValue(), in.types()).eval(new Object[0]) : null;
            calls.add(new io.tessera.executor.exec.WindowCall(
                    io.tessera.executor.exec.WindowFunction.valueOf(c.getFunction()), c.getArgument(),
                    PgType.ofOid(c.getSumTypeOid()), c.getN(), dflt));
            resultTypes.add(PgType.ofOid(c.getResultTypeOid()));
        }
        io.tessera.executor.exec.WindowFrame frame = new io.tessera.executor.exec.WindowFrame(w.getRows(),
                bound(w.getLower()), bound(w.getUpper()), w.getExclusion().isEmpty()
                        ? io.tessera.executor.exec.WindowFrame.Exclusion.NO_OTHERS
                        : io.tessera.executor.exec.WindowFrame.Exclusion.valueOf(w.getExclusion()));
        RowSource sorted = sortKeys.isEmpty() ? in : new io.tessera.executor.exec.SortNode(in, sortKeys, spill);
        if (calls.isEmpty()) {
            return sorted; // the sort alone: the coordinator merges the datanodes' sorted rows (RemoteWindows)
        }
        return new io.tessera.executor.exec.WindowNode(sorted, partitionKeys, orderKeys, frame, calls, resultTypes,
                spill);
    }

    private static io.tessera.executor.exec.WindowFrame.Bound bound(io.tessera.protocol.datanode.WindowBound b) {
        return new io.tessera.executor.exec.WindowFrame.Bound(
                io.tessera.executor.exec.WindowFrame.Kind.valueOf(b.getKind().name()), b.getOffset());
    }

    /** How an exchange's rows pick their targets; a shard's datanode must be one of the fragment's targets. */
    private io.tessera.reduce.exchange.Partitioning partitioning(FragmentExchange x, List<PgType> types) {
        switch (x.getKind()) {
            case EXCHANGE_BROADCAST -> {
                return new io.tessera.reduce.exchange.Partitioning.Broadcast();
            }
            case EXCHANGE_SHARD_MAP -> {
                if (x.getKey() < 0 || x.getKey() >= types.size() || x.getShardNodesCount() == 0) {
                    throw new TesseraException(SqlState.INTERNAL_ERROR, "shard-map exchange on column " + x.getKey()
                            + " of " + types.size() + " with " + x.getShardNodesCount() + " shards");
                }
                int[] shardTargets = new int[x.getShardNodesCount()];
                for (int i = 0; i < shardTargets.length; i++) {
                    String node = x.getShardNodes(i);
                    shardTargets[i] = -1;
                    for (int t = 0; t < targets.size(); t++) {
                        if (targets.get(t).name().equals(node)) {
                            shardTargets[i] = t;
                        }
                    }
                    if (shardTargets[i] < 0) {
                        throw new TesseraException(SqlState.INTERNAL_ERROR, "shard " + i + "'s datanode " + node
                                + " is not among the fragment's exchange targets");
                    }
                }
                return new io.tessera.reduce.exchange.Partitioning.ShardMap(x.getKey(), types.get(x.getKey()),
                        x.getModulo(), shardTargets);
            }
            default -> {
                if (x.getNullsTogether()) {
                    return new io.tessera.reduce.exchange.Partitioning.HashGroups(x.getKey());
                }
                return new io.tessera.reduce.exchange.Partitioning.Hash(x.getKey());
            }
        }
    }

    private static CompiledExpr compile(Expr e, List<PgType> types) {
        return CompiledExpr.compile(e, types);
    }

    private static JoinType joinType(FragmentHashJoin j) {
        return switch (j.getType()) {
            case JOIN_INNER -> JoinType.INNER;
            case JOIN_LEFT -> JoinType.LEFT;
            case JOIN_RIGHT -> JoinType.RIGHT;
            case JOIN_FULL -> JoinType.FULL;
            case JOIN_SEMI -> JoinType.SEMI;
            case JOIN_ANTI -> JoinType.ANTI;
            default -> throw new TesseraException(SqlState.INTERNAL_ERROR, "unknown join type " + j.getType());
        };
    }

    private static int[] toArray(List<Integer> keys, int width) {
        int[] out = new int[keys.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = keys.get(i);
            if (out[i] < 0 || out[i] >= width) {
                throw new TesseraException(SqlState.INTERNAL_ERROR,
                        "join key " + out[i] + " is outside its input's " + width + " columns");
            }
        }
        return out;
    }

    private void drain() {
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
                    dn.batchesSent().incrementAndGet();
                }
                if (!more) {
                    for (ExchangeReceiveNode r : receivers) {
                        r.drain(); // a LIMIT stopped early: let every sender finish normally
                    }
                    finish();
                    if (analyze) {
                        call.onNext(operatorStats());
                    }
                    call.onCompleted();
                    return;
                }
            }
            if (call.isCancelled()) {
                cancel();
            }
        } catch (RuntimeException e) {
            finish();
            if (!call.isCancelled()) {
                call.onError(GrpcErrors.toStatus(e));
            }
        }
    }

    private Object[] nextRow() {
        if (remaining == 0) {
            return null; // a LIMIT reached: the tree is not read further
        }
        Object[] row = root.next();
        if (row != null && remaining > 0) {
            remaining--;
        }
        return row;
    }

    private Object[] nextAggregated() {
        if (!cursorDrained) {
            for (Object[] o = nextRow(); o != null; o = nextRow()) {
                aggregation.add(o);
            }
            cursorDrained = true;
        }
        Iterator<Object[]> results = aggregation.results();
        return results.hasNext() ? results.next() : null;
    }

    private Object[] nextTopN() {
        if (!cursorDrained) {
            for (Object[] o = nextRow(); o != null; o = nextRow()) {
                topN.add(o);
            }
            cursorDrained = true;
        }
        Iterator<Object[]> results = topN.results();
        return results.hasNext() ? results.next() : null;
    }

    private void cancel() {
        if (!finished) {
            LOG.debug("fragment cancelled");
        }
        finish();
    }

    /**
     * Logs what a request's operators spilled, as PostgreSQL's {@code log_temp_files = 0} logs each temporary file
     * ("temporary file: ..., size N"), once per request here.
     */
    public static void logTempFiles(io.tessera.executor.spill.SpillContext spill) {
        if (spill != null && spill.tempFiles() > 0) {
            LOG.info(spill.summary());
        }
    }

    private void finish() {
        if (!finished) {
            finished = true;
            try {
                try {
                    root.close(); // a hash join deletes its batch files
                } finally {
                    if (aggregation != null) {
                        aggregation.close();
                    }
                    if (topN != null) {
                        topN.close();
                    }
                }
            } finally {
                reading.close();
                dn.openScans().decrementAndGet();
            }
            logTempFiles(spill);
        }
    }
}
