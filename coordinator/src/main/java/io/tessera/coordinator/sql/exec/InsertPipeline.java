package io.tessera.coordinator.sql.exec;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.ByteString;
import io.tessera.common.codec.RowCodec;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.grpc.GrpcErrors;
import io.tessera.common.types.PgType;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.coordinator.cluster.DatanodeClients;
import io.tessera.coordinator.session.DeferredFailure;
import io.tessera.protocol.datanode.InsertOp;
import io.tessera.protocol.datanode.Isolation;
import io.tessera.protocol.datanode.ModifyRequest;
import io.tessera.protocol.datanode.ModifyResponse;
import io.tessera.protocol.datanode.RowBatch;
import io.tessera.protocol.datanode.ShardRows;
import io.tessera.protocol.datanode.TableDescriptor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The rows of consecutive executions of one INSERT statement inside a transaction block (explicit, or the implicit
 * one of an extended-protocol batch up to its Sync), held on the coordinator and written with one Modify request per
 * datanode instead of one round trip per execution — pgjdbc's {@code executeBatch} of single-row INSERTs. The
 * protocol layer defers each execution's reply and flushes before anything that could observe the rows: a
 * different statement, a Sync or Flush, an error to report ({@code pgwire.DeferredExecutes}).
 *
 * <p>Every execution was a statement of its own (its own command id, coerced and checked when it ran); the rows go
 * out under the first one's statement context, which is the same transaction and a command id no later than any of
 * theirs, so what the datanodes check (the primary key against storage and within the request, in order) is what
 * the statements one by one would have checked.
 *
 * <p>Errors name the execution PostgreSQL would have failed at: a datanode refuses a whole request and writes none of
 * it, so when a request fails with a data or integrity error (classes 22 and 23, which depend only on the rows and
 * what is stored), its rows are sent again, one execution per request, in order, until one fails: that one is the
 * failing execution (its predecessors' writes are rolled back with the transaction the error fails). Any other
 * error (a lock timeout, a deadlock, a datanode down) is charged to the first execution of that datanode's rows. Of
 * several datanodes failing, the earliest execution wins.
 *
 * <p>The write takes a snapshot of its own per flush (READ COMMITTED; REPEATABLE READ uses the transaction's): the
 * executions' statements have ended, so their snapshots are no longer held against garbage collection. A flush
 * whose rows all go to one datanode lets that datanode choose it ({@code ModifyRequest.datanode_snapshot}) instead
 * of asking the GTM.
 */
public final class InsertPipeline {
    /** Executions held before the pipeline writes them on its own. */
    public static final int MAX_ROWS = 2048;
    private static final long TIMEOUT_SECONDS = 600;

    private record Pending(int execution, int shard, Object[] row) {
    }

    private final Object statement;
    private final TableDef table;
    private final StatementContext ctx;
    private final InsertExecutor coercion;
    private final Router router;
    private final RowCodec codec;
    private final TableDescriptor descriptor;
    /** Per datanode, its rows in order of execution. */
    private final Map<String, List<Pending>> byNode = new LinkedHashMap<>();
    private int executions;
    /** Source rows held since the last flush (auto-analyze's count). */
    private long heldRows;
    /** The snapshot of the flush under way. */
    private long snapshot;
    /** Whether the flush under way lets its one datanode choose the snapshot ({@link #snapshot} is then 0). */
    private boolean datanodeSnapshot;

    /**
     * @param statement the statement whose executions this holds (compared by identity)
     * @param targetColumns for each source column, the index of the table column it fills
     * @param checks the table's CHECK constraints' names, their values following the targets in each source row
     * @param sourceTypes the source columns' SQL types to convert from ({@link InsertExecutor#withSourceTypes})
     * @param ctx the first execution's statement context
     */
    public InsertPipeline(Object statement, TableDef table, int[] targetColumns, List<String> checks,
            PgType[] sourceTypes, StatementContext ctx) {
        this.statement = statement;
        this.table = table;
        this.ctx = ctx;
        this.coercion = new InsertExecutor(table, targetColumns, ctx).withChecks(checks)
                .withSourceTypes(sourceTypes);
        InsertExecutor.Layout layout = InsertExecutor.layout(table);
        this.router = layout.router(table);
        this.codec = layout.codec();
        this.descriptor = TableScans.descriptor(table);
    }

    /** Whether this pipeline holds executions of {@code s}. */
    public boolean holds(Object s) {
        return statement == s;
    }

    public int executions() {
        return executions;
    }

    /**
     * Adds one execution's source rows (coerced and checked now, as the statement would).
     *
     * @throws TesseraException a coercion or CHECK error of these rows (nothing of them is added)
     */
    public void add(List<Object[]> sourceRows) {
        List<Pending> rows = new ArrayList<>(sourceRows.size());
        for (Object[] in : sourceRows) {
            Object[] row = coercion.toRow(in);
            rows.add(new Pending(executions, router.shardOf(row), row));
        }
        for (Pending p : rows) {
            List<String> nodes = table.distribution().replicated() ? table.distribution().nodes()
                    : List.of(table.distribution().shardNodes().get(p.shard()));
            for (String node : nodes) {
                byNode.computeIfAbsent(node, n -> new ArrayList<>()).add(p);
            }
        }
        executions++;
        heldRows += sourceRows.size();
    }

    /**
     * Writes every held row: one Modify per datanode, all in parallel.
     *
     * @throws DeferredFailure naming the execution that failed
     */
    public void flush() {
        if (byNode.isEmpty()) {
            return;
        }
        // the executions' statements have ended: a READ COMMITTED snapshot of theirs is no longer held against
        // garbage collection, so the write takes its own (the caller holds it for the flush); REPEATABLE READ's is
        // the transaction's
        // the transaction's; a READ COMMITTED write to one datanode lets that datanode choose it (no GTM round trip,
        // as ModifyRequest.datanode_snapshot allows for a statement reaching one datanode once)
        boolean repeatableRead = ctx.txn().isolation() == Isolation.REPEATABLE_READ;
        datanodeSnapshot = !repeatableRead && byNode.size() == 1;
        snapshot = repeatableRead ? ctx.snapshotTs() : datanodeSnapshot ? 0 : ctx.gtm().timestamp();
        Map<String, ListenableFuture<ModifyResponse>> calls = new LinkedHashMap<>();
        for (Map.Entry<String, List<Pending>> e : byNode.entrySet()) {
            calls.put(e.getKey(), send(e.getKey(), e.getValue()));
        }
        DeferredFailure first = null;
        for (Map.Entry<String, ListenableFuture<ModifyResponse>> e : calls.entrySet()) {
            TesseraException error = await(e.getValue(), e.getKey());
            if (error == null) {
                continue;
            }
            List<Pending> rows = byNode.get(e.getKey());
            DeferredFailure f = new DeferredFailure(rows.get(0).execution(), error);
            String cls = error.sqlState().code().substring(0, 2);
            if (cls.equals("22") || cls.equals("23")) {
                f = replay(e.getKey(), rows, f);
            }
            if (first == null || f.index() < first.index()) {
                first = f;
            }
        }
        byNode.clear();
        if (first != null) {
            throw first;
        }
        ctx.rowsChanged(table.id(), heldRows);
        heldRows = 0;
    }

    /**
     * Sends {@code rows} again, one request per execution, in order, until one fails: that execution and its error.
     */
    private DeferredFailure replay(String node, List<Pending> rows, DeferredFailure whole) {
        if (datanodeSnapshot) { // the requests that follow share one snapshot: the GTM's
            datanodeSnapshot = false;
            snapshot = ctx.gtm().timestamp();
        }
        int from = 0;
        while (from < rows.size()) {
            int to = from;
            while (to < rows.size() && rows.get(to).execution() == rows.get(from).execution()) {
                to++;
            }
            TesseraException error = await(send(node, rows.subList(from, to)), node);
            if (error != null) {
                return new DeferredFailure(rows.get(from).execution(), error);
            }
            from = to;
        }
        return whole; // nothing failed alone: keep the request's error, charged to its first execution
    }

    private ListenableFuture<ModifyResponse> send(String nodeName, List<Pending> rows) {
        Map<Integer, List<Object[]>> byShard = new TreeMap<>();
        for (Pending p : rows) {
            byShard.computeIfAbsent(p.shard(), s -> new ArrayList<>()).add(p.row());
        }
        InsertOp.Builder op = InsertOp.newBuilder();
        for (Map.Entry<Integer, List<Object[]>> e : byShard.entrySet()) {
            op.addShards(ShardRows.newBuilder().setShard(e.getKey()).setRows(RowBatch.newBuilder()
                    .setRowCount(e.getValue().size()).setData(ByteString.copyFrom(codec.encodeBatch(e.getValue())))));
        }
        ModifyRequest req = ModifyRequest.newBuilder().setTable(descriptor).setTxn(ctx.txnContext())
                .setSnapshotTs(snapshot).setDatanodeSnapshot(datanodeSnapshot).setInsert(op).build();
        ctx.txn().addParticipant(nodeName);
        // the future only wakes this statement's thread, which waits for it
        return ctx.datanodes().futureOnTransport(DatanodeClients.require(ctx.catalog().nodes(), nodeName))
                .withDeadlineAfter(TIMEOUT_SECONDS, TimeUnit.SECONDS).modify(req);
    }

    /** Waits for a call: null when it succeeded, else its error. */
    private TesseraException await(ListenableFuture<ModifyResponse> call, String nodeName) {
        try {
            call.get(TIMEOUT_SECONDS + 5, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return GrpcErrors.fromStatus(e.getCause(), nodeName);
        } catch (TimeoutException e) {
            call.cancel(true);
            return new TesseraException(SqlState.DATANODE_UNAVAILABLE, "timed out writing to datanode " + nodeName, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.cancel(true);
            return new TesseraException(SqlState.QUERY_CANCELED, "canceling statement due to interrupt");
        }
    }
}
