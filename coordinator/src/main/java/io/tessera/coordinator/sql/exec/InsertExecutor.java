package io.tessera.coordinator.sql.exec;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import io.tessera.common.codec.RowCodec;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.grpc.GrpcErrors;
import io.tessera.common.types.PgType;
import io.tessera.coordinator.catalog.ColumnDef;
import io.tessera.coordinator.catalog.NodeDef;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.coordinator.cluster.DatanodeClients;
import io.tessera.protocol.datanode.RowBatch;
import io.tessera.protocol.datanode.ShardRows;
import io.tessera.protocol.datanode.InsertOp;
import io.tessera.protocol.datanode.ModifyRequest;
import io.tessera.protocol.datanode.ModifyResponse;
import io.tessera.protocol.datanode.TableDescriptor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.calcite.linq4j.Enumerator;

/**
 * Executes the write side of an INSERT: coerces each source row into the table's columns, routes it to its shard,
 * buffers rows per datanode and sends them as intents of the statement's transaction in batches of
 * {@value #BATCH_ROWS} rows, several batches in flight at once so the source keeps running while datanodes write
 * (with ON CONFLICT, one at a time per datanode, so each datanode meets rows with one key in the statement's order).
 * The statement's command id keeps its own intents invisible to its source, so an INSERT ... SELECT never reads
 * its own rows; the rows become visible, all at once, when the transaction commits.
 */
public final class InsertExecutor {
    static final int BATCH_ROWS = 1000;
    private static final int MAX_IN_FLIGHT = 8;
    private static final long WRITE_TIMEOUT_SECONDS = 60;

    private final TableDef table;
    private final int[] targetColumns;
    private final StatementContext ctx;
    private final Router router;
    private final RowCodec codec;
    private final TableDescriptor descriptor;
    private final Map<String, Map<Integer, List<Object[]>>> buffers = new HashMap<>();
    private final Map<String, Integer> buffered = new HashMap<>();
    private final List<CompletableFuture<Long>> inFlight = new ArrayList<>();
    private final Semaphore permits = new Semaphore(MAX_IN_FLIGHT);
    /** With ON CONFLICT: each datanode's last batch, which the next one to that datanode waits for. */
    private final Map<String, CompletableFuture<Long>> lastByNode = new HashMap<>();
    private long added;
    /** Set by {@link #finish}: what is buffered now is all the statement writes. */
    private boolean finishing;
    /** Modify requests sent so far. */
    private int requests;
    private List<String> checks = List.of();
    /** CHECK constraints tested on each coerced row (COPY FROM), or null. */
    private io.tessera.executor.expr.CheckConstraints rowChecks;
    /** ON CONFLICT: what the datanodes do with a taken key, or null. */
    private io.tessera.protocol.datanode.OnConflict onConflict;
    /** RETURNING: receives the rows written (all columns), or null. */
    private List<Object[]> returned;
    /** Per source column, the SQL type its values are converted from by its assignment cast, or null. */
    private PgType[] sourceTypes;
    /** With ON CONFLICT: the rows the datanodes inserted or updated (of a replicated table, one copy's). */
    private final java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();

    /**
     * @param targetColumns for each source column, the index of the table column it fills
     */
    public InsertExecutor(TableDef table, int[] targetColumns, StatementContext ctx) {
        this.table = table;
        this.targetColumns = targetColumns;
        this.ctx = ctx;
        Layout layout = layout(table);
        this.router = layout.router(table);
        this.codec = layout.codec();
        this.descriptor = TableScans.descriptor(table);
    }

    /**
     * What every write of rows of one table definition shares, built once per definition instead of per statement
     * (a single-row INSERT's execution is otherwise mostly this setup): the row codec of its column types, its
     * router (stateless but for ROUNDROBIN, whose turn each statement keeps for itself) and its CHECK constraints'
     * names.
     */
    public record Layout(TableDef table, RowCodec codec, Router sharedRouter, List<String> checks) {
        /** The router for one statement: the shared one, or a fresh one for a ROUNDROBIN table (it keeps a turn). */
        Router router(TableDef def) {
            return sharedRouter != null ? sharedRouter : new Router(def);
        }
    }

    /** The last {@link Layout} built for each table id (catalog objects are replaced on change, never mutated). */
    private static final java.util.concurrent.ConcurrentHashMap<Integer, Layout> LAYOUTS =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** The {@link Layout} of {@code table}, built at the first write of this definition. */
    public static Layout layout(TableDef table) {
        Layout cached = LAYOUTS.get(table.id());
        if (cached != null && cached.table() == table) {
            return cached;
        }
        List<PgType> types = table.columns().stream().map(ColumnDef::type).toList();
        boolean turns = table.distribution().kind() == io.tessera.coordinator.catalog.Distribution.Kind.ROUNDROBIN;
        Layout built = new Layout(table, new RowCodec(types), turns ? null : new Router(table),
                table.checks().stream().map(TableDef.CheckDef::name).toList());
        LAYOUTS.put(table.id(), built);
        return built;
    }

    /**
     * Makes each source row carry, after its target values, one boolean per CHECK constraint (in this order): a row
     * where one is false is refused with 23514 naming the constraint, after the NOT NULL checks, as PostgreSQL orders
     * them.
     */
    public InsertExecutor withChecks(List<String> names) {
        this.checks = List.copyOf(names);
        return this;
    }

    /**
     * Converts each source column's values from its SQL type by PostgreSQL's assignment cast to the target column's
     * type ({@code Casts}: numeric to integer rounds half away from zero, timestamp to date keeps the day, any type
     * to text by its output function ...) before the column's own coercion (length, precision, NOT NULL). The
     * planner has checked that the cast exists ({@code AssignmentTyping}).
     *
     * @param types one per target column: the expression's type, or null where the value is taken as it is (an
     *     untyped literal's text, a value already of the column's type)
     */
    public InsertExecutor withSourceTypes(PgType[] types) {
        this.sourceTypes = types;
        return this;
    }

    /**
     * Tests each row, once coerced to the table's columns, against {@code constraints} (23514 for one that is
     * false): for sources that carry no CHECK values of their own (COPY FROM). Null tests nothing.
     */
    public InsertExecutor withRowChecks(io.tessera.executor.expr.CheckConstraints constraints) {
        this.rowChecks = constraints;
        return this;
    }

    /**
     * INSERT ... ON CONFLICT on the primary key: the datanodes insert, skip or update each row
     * ({@code datanode.proto} OnConflict), and {@link #finish} counts the rows they inserted or updated.
     */
    public InsertExecutor withOnConflict(io.tessera.protocol.datanode.OnConflict onConflict) {
        this.onConflict = onConflict;
        return this;
    }

    /**
     * RETURNING: adds each row written to {@code sink}, all of the table's columns in the table's order, as stored
     * (defaults and coercions applied); with ON CONFLICT, the rows the datanodes inserted or updated.
     */
    public InsertExecutor returning(List<Object[]> sink) {
        this.returned = java.util.Collections.synchronizedList(sink);
        return this;
    }

    /**
     * Drains {@code source} into the table.
     *
     * @return the number of rows inserted
     * @throws TesseraException for a coercion error (22001, 22003, 23502, ...) or an unavailable datanode (08T01)
     */
    public long run(Enumerator<Object[]> source) {
        boolean ok = false;
        try {
            while (source.moveNext()) {
                addSourceRow(source.current());
            }
            long n = finish();
            ok = true;
            return n;
        } finally {
            if (!ok) {
                // the batches still in flight must land before the statement's rollback (ROLLBACK TO SAVEPOINT
                // removes only what is in storage when it runs; a batch arriving later would stay and commit)
                abandon();
            }
            source.close();
        }
    }

    /**
     * Adds one source row (the push side, used by COPY FROM STDIN): coerced, routed, buffered; a full batch is sent,
     * waiting while {@value #MAX_IN_FLIGHT} batches are in flight, so memory stays bounded however many rows come.
     *
     * @param in one value per target column
     * @throws TesseraException for a coercion error, a failed earlier batch, or cancellation (57014)
     */
    public void addSourceRow(Object[] in) {
        ctx.checkCancelled();
        Object[] row = toRow(in);
        add(row);
        if (returned != null && onConflict == null) {
            returned.add(row);
        }
        added++;
    }

    /**
     * One source row as the table's row: each target value coerced to its column's type, then the CHECK
     * constraints' values tested.
     *
     * @param in one value per target column, then one boolean per CHECK constraint
     * @throws TesseraException for a coercion error (22001, 22003, 23502, ...) or a failed CHECK (23514)
     */
    Object[] toRow(Object[] in) {
        Object[] row = new Object[table.columns().size()];
        for (int i = 0; i < targetColumns.length; i++) {
            PgType from = sourceTypes == null || i >= sourceTypes.length ? null : sourceTypes[i];
            row[targetColumns[i]] = from == null ? in[i]
                    : io.tessera.executor.expr.Casts.cast(in[i], from, table.columns().get(targetColumns[i]).type());
        }
        for (int c = 0; c < row.length; c++) {
            row[c] = Coercion.toColumn(io.tessera.coordinator.sql.EnumValues.toStored(row[c], table.columns().get(c),
                    ctx.catalog(), table.database()), table.columns().get(c), table.name());
        }
        String failed = null; // PostgreSQL tests the constraints in name order: the first by name is reported
        for (int k = 0; k < checks.size(); k++) {
            if (Boolean.FALSE.equals(in[targetColumns.length + k])
                    && (failed == null || checks.get(k).compareTo(failed) < 0)) {
                failed = checks.get(k);
            }
        }
        if (failed != null) {
            throw new TesseraException(SqlState.CHECK_VIOLATION, "new row for relation \"" + table.name()
                    + "\" violates check constraint \"" + failed + "\"",
                    io.tessera.executor.expr.CheckConstraints.failingRow(row, table.columns().stream()
                            .map(ColumnDef::type).toList()), null, 0, null);
        }
        if (rowChecks != null) {
            rowChecks.verify(row, table.name());
        }
        return row;
    }

    /**
     * Sends what is buffered and waits for every batch.
     *
     * @return the number of rows added
     */
    public long finish() {
        finishing = true;
        flushAll();
        awaitAll();
        long n = onConflict == null ? added : written.get();
        ctx.rowsChanged(table.id(), n);
        return n;
    }

    /** After a failure: waits for the batches still in flight (their errors ignored) so a rollback finds them. */
    public void abandon() {
        buffers.clear();
        buffered.clear();
        for (CompletableFuture<Long> f : inFlight) {
            try {
                f.get(WRITE_TIMEOUT_SECONDS + 5, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // the statement failed already; its rollback removes whatever this batch wrote
            }
        }
        inFlight.clear();
    }

    private void add(Object[] row) {
        int shard = router.shardOf(row);
        List<String> nodes = table.distribution().replicated() ? table.distribution().nodes()
                : List.of(table.distribution().shardNodes().get(shard));
        for (String node : nodes) {
            buffers.computeIfAbsent(node, n -> new HashMap<>()).computeIfAbsent(shard, s -> new ArrayList<>()).add(row);
            int n = buffered.merge(node, 1, Integer::sum);
            if (n >= BATCH_ROWS) {
                flush(node);
            }
        }
    }

    private void flushAll() {
        for (String node : new ArrayList<>(buffers.keySet())) {
            flush(node);
        }
    }

    private void flush(String nodeName) {
        Map<Integer, List<Object[]>> byShard = buffers.remove(nodeName);
        buffered.remove(nodeName);
        if (byShard == null || byShard.isEmpty()) {
            return;
        }
        InsertOp.Builder op = InsertOp.newBuilder();
        for (Map.Entry<Integer, List<Object[]>> e : byShard.entrySet()) {
            op.addShards(ShardRows.newBuilder().setShard(e.getKey()).setRows(RowBatch.newBuilder()
                    .setRowCount(e.getValue().size()).setData(ByteString.copyFrom(codec.encodeBatch(e.getValue())))));
        }
        if (onConflict != null) {
            op.setOnConflict(onConflict);
        }
        // a replicated table's copies all do the same: one copy's count and rows stand for the statement's
        boolean counts = !table.distribution().replicated() || nodeName.equals(table.distribution().nodes().get(0));
        // the statement's only write (nothing sent before, nothing else buffered): the datanode may choose the
        // snapshot (StatementContext.allowDatanodeSnapshot), saving the GTM round trip of a single-row INSERT
        boolean first = requests++ == 0;
        boolean own = finishing && first && buffers.isEmpty() && ctx.takeDatanodeSnapshot();
        ModifyRequest req = ModifyRequest.newBuilder().setTable(descriptor).setTxn(ctx.txnContext())
                .setSnapshotTs(own ? 0 : ctx.snapshotTs()).setDatanodeSnapshot(own).setInsert(op)
                .setReturnRows(onConflict != null && returned != null && counts).build();
        NodeDef node = DatanodeClients.require(ctx.catalog().nodes(), nodeName);
        ctx.txn().addParticipant(nodeName);
        if (onConflict != null && lastByNode.containsKey(nodeName)) {
            // which of two rows with one key is inserted (DO NOTHING) or updated first depends on the order the
            // datanode sees them in: the statement's, so one batch per datanode at a time
            unwrap(lastByNode.get(nodeName));
        }
        acquire();
        CompletableFuture<Long> f = new CompletableFuture<>();
        inFlight.add(f);
        if (onConflict != null) {
            lastByNode.put(nodeName, f);
        }
        ctx.datanodes().asyncOnTransport(node).withDeadlineAfter(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .modify(req, new StreamObserver<>() {
                    @Override
                    public void onNext(ModifyResponse r) {
                        if (counts && onConflict != null) {
                            written.addAndGet(r.getRows());
                            if (returned != null && r.hasReturned()) {
                                returned.addAll(codec.decodeBatch(r.getReturned().getData().toByteArray(),
                                        r.getReturned().getRowCount()));
                            }
                        }
                        f.complete(r.getRows());
                    }

                    @Override
                    public void onError(Throwable t) {
                        permits.release();
                        f.completeExceptionally(GrpcErrors.fromStatus(t, nodeName));
                    }

                    @Override
                    public void onCompleted() {
                        permits.release();
                        f.complete(0L);
                    }
                });
        failFast();
    }

    private void acquire() {
        try {
            while (!permits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                failFast();
                ctx.checkCancelled();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TesseraException(SqlState.QUERY_CANCELED, "canceling statement due to interrupt");
        }
    }

    /**
     * Rethrows the first failed write, if any, without waiting for the rest; forgets the writes that succeeded.
     * Each write is looked at once: a done one is unwrapped (throwing if it failed) before it is forgotten, so a
     * write that fails while this runs is either rethrown now or kept for the next look — never forgotten unseen
     * (which let a datanode's refusal pass as success, and the commit then found no writes there).
     */
    private void failFast() {
        java.util.Iterator<CompletableFuture<Long>> it = inFlight.iterator();
        while (it.hasNext()) {
            CompletableFuture<Long> f = it.next();
            if (f.isDone()) {
                unwrap(f);
                it.remove();
            }
        }
    }

    private void awaitAll() {
        for (CompletableFuture<Long> f : inFlight) {
            unwrap(f);
        }
        inFlight.clear();
    }

    private static void unwrap(CompletableFuture<Long> f) {
        try {
            f.get(WRITE_TIMEOUT_SECONDS + 5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TesseraException te) {
                throw te;
            }
            throw new TesseraException(SqlState.INTERNAL_ERROR, String.valueOf(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new TesseraException(SqlState.DATANODE_UNAVAILABLE, "timed out writing to a datanode", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TesseraException(SqlState.QUERY_CANCELED, "canceling statement due to interrupt");
        }
    }
}
