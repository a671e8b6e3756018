package io.tessera.coordinator.sql.exec;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.grpc.GrpcErrors;
import io.tessera.coordinator.catalog.Distribution;
import io.tessera.coordinator.catalog.NodeDef;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.coordinator.cluster.DatanodeClients;
import io.tessera.protocol.datanode.Assignment;
import io.tessera.protocol.datanode.DeleteOp;
import io.tessera.protocol.datanode.ModifyRequest;
import io.tessera.protocol.datanode.UpdateOp;
import io.tessera.protocol.expr.Expr;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;

/**
 * Runs an UPDATE or DELETE: the statement's filter and assigned values become one Modify fragment per datanode
 * that holds a shard the filter can match (a single shard when the filter fixes the distribution column), sent in
 * parallel; each datanode places the intents on its rows itself, re-checking the filter on rows changed since the
 * snapshot (EvalPlanQual). A replicated table's copies all change in the same transaction.
 */
public final class ModifyExecutor {
    private static final long TIMEOUT_SECONDS = 600;

    private ModifyExecutor() {
    }

    /** Waits for call i, cancelling every call when the statement is cancelled (a CancelRequest). */
    private static io.tessera.protocol.datanode.ModifyResponse await(
            List<com.google.common.util.concurrent.ListenableFuture<io.tessera.protocol.datanode.ModifyResponse>> calls,
            int i, StatementContext ctx) throws InterruptedException, java.util.concurrent.ExecutionException {
        while (true) {
            try {
                return calls.get(i).get(100, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException stillRunning) {
                if (ctx.cancelFlag().get()) {
                    calls.forEach(c -> c.cancel(true));
                    ctx.checkCancelled();
                }
            }
        }
    }

    /**
     * @param filter the WHERE condition over the table's row type (xc_node_id last), or null
     * @param columns for UPDATE the assigned columns, else empty
     * @param values for UPDATE the assigned values, one per column
     * @return the number of rows updated or deleted
     */
    public static long run(TableDef table, RexNode filter, int[] columns, List<RexNode> values, boolean delete,
            StatementContext ctx, RexBuilder rexBuilder) {
        return run(table, filter, columns, values, delete, ctx, rexBuilder, null);
    }

    /**
     * As {@link #run(TableDef, RexNode, int[], List, boolean, StatementContext, RexBuilder)}, with an UpdateOp
     * {@code lock} holding fields the request's UpdateOp starts from (no filter or columns). With its lock fields
     * (strength, wait policy, order and limit) it is the locking step of {@code SELECT ... FOR strength}: each
     * datanode takes that row lock on the rows passing the filter, waiting or not as the policy says, and writes
     * nothing. With only {@code checks} it is an UPDATE whose new rows the datanodes test against the table's CHECK
     * constraints.
     *
     * @return the number of rows updated, deleted or locked
     * @throws TesseraException the datanodes' errors: 55P03 (lock_timeout, NOWAIT), 40001, 40P01, 57014
     */
    public static long run(TableDef table, RexNode filter, int[] columns, List<RexNode> values, boolean delete,
            StatementContext ctx, RexBuilder rexBuilder, UpdateOp lock) {
        return run(table, filter, columns, values, delete, ctx, rexBuilder, lock, null);
    }

    /**
     * As {@link #run(TableDef, RexNode, int[], List, boolean, StatementContext, RexBuilder, UpdateOp)}; with
     * {@code returned} not null (RETURNING), adds to it the rows written — all of the table's columns: an update's
     * new rows, a delete's old rows (of a replicated table, one copy's).
     */
    public static long run(TableDef table, RexNode filter, int[] columns, List<RexNode> values, boolean delete,
            StatementContext ctx, RexBuilder rexBuilder, UpdateOp lock, List<Object[]> returned) {
        return run(table, filter, columns, values, delete, ctx, rexBuilder, lock, returned, null);
    }

    /**
     * What an UPDATE or DELETE statement's executions share, built at its first execution: the filter with its
     * SEARCHes expanded and split into conjuncts, the table's router and the request's table descriptor. Only the
     * parameters' values (the filter and assigned values translated with them, the shard the key hashes to), the
     * snapshot and the transaction are added per execution. Valid for one table definition, request version and
     * filter (a replanned statement's filter is a new object); immutable.
     */
    public record Template(TableDef def, long requestVersion, RexNode filter, RexNode expanded,
            List<RexNode> conjuncts, Router router, ModifyRequest prefix) {
    }

    /**
     * Whether UPDATE and DELETE statements keep a {@link Template} ({@code -Dtessera.modify_templates=false} on the
     * coordinator: no, each execution prepares its request from the plan, for comparing the two).
     */
    private static final boolean TEMPLATES = !"false".equals(System.getProperty("tessera.modify_templates"));

    /** {@code cache}'s template when it was built for this table definition and filter, else a new one in it. */
    private static Template template(AtomicReference<Template> cache, TableDef table, RexNode filter,
            RexBuilder rexBuilder) {
        long version = io.tessera.coordinator.catalog.CatalogOverlay.requestVersion(table);
        Template t = cache == null ? null : cache.get();
        if (t != null && t.def() == table && t.requestVersion() == version && t.filter() == filter) {
            return t;
        }
        RexNode expanded = filter == null ? null : RexUtil.expandSearch(rexBuilder, null, filter);
        t = new Template(table, version, filter, expanded,
                expanded == null ? List.of() : List.copyOf(RexToExpr.conjuncts(expanded)), new Router(table),
                ModifyRequest.newBuilder().setTable(TableScans.descriptor(table)).build());
        if (cache != null) {
            cache.set(t);
        }
        return t;
    }

    /**
     * As {@link #run(TableDef, RexNode, int[], List, boolean, StatementContext, RexBuilder, UpdateOp, List)},
     * keeping the request's parts that do not depend on the parameters in {@code cache} (the statement's, one per
     * prepared statement; null for none) for the statement's next executions.
     */
    public static long run(TableDef table, RexNode filter, int[] columns, List<RexNode> values, boolean delete,
            StatementContext ctx, RexBuilder rexBuilder, UpdateOp lock, List<Object[]> returned,
            AtomicReference<Template> cache) {
        int stored = table.columns().size();
        RexToExpr translator = RexToExpr.of(stored, ctx);
        Template template = template(TEMPLATES ? cache : null, table, filter, rexBuilder);
        Expr filterExpr = null;
        Integer prunedShard = null;
        if (filter != null) {
            for (RexNode conjunct : template.conjuncts()) {
                Integer shard = TableScans.pruneTo(conjunct, table, template.router(), ctx);
                if (shard != null) {
                    prunedShard = shard;
                }
            }
            filterExpr = translator.translate(template.expanded());
            if (filterExpr == null) {
                throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                        "this WHERE condition cannot run on the datanodes yet: " + filter);
            }
        }
        ModifyRequest.Builder base = template.prefix().toBuilder().setTxn(ctx.txnContext())
                .setReturnRows(returned != null);
        if (delete) {
            DeleteOp.Builder op = DeleteOp.newBuilder();
            if (filterExpr != null) {
                op.setFilter(filterExpr);
            }
            base.setDelete(op);
        } else {
            UpdateOp.Builder op = lock == null ? UpdateOp.newBuilder() : lock.toBuilder();
            if (filterExpr != null) {
                op.setFilter(filterExpr);
            }
            for (int i = 0; i < columns.length; i++) {
                Expr v = translator.translateAssigned(values.get(i));
                if (v == null) {
                    throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                            "this SET expression cannot run on the datanodes yet: " + values.get(i));
                }
                op.addAssignments(Assignment.newBuilder().setColumn(columns[i]).setValue(v));
            }
            base.setUpdate(op);
        }
        Distribution dist = table.distribution();
        Map<String, TreeSet<Integer>> targets = new LinkedHashMap<>();
        if (dist.replicated()) {
            for (String n : dist.nodes()) {
                targets.computeIfAbsent(n, k -> new TreeSet<>()).add(0);
            }
        } else {
            targets = TableScans.shardsByNode(dist, prunedShard);
        }
        List<String> names = new ArrayList<>(targets.keySet());
        // one datanode and the statement's only access: it takes the snapshot itself (no GTM round trip first)
        boolean own = names.size() == 1 && ctx.takeDatanodeSnapshot();
        base.setSnapshotTs(own ? 0 : ctx.snapshotTs()).setDatanodeSnapshot(own);
        List<com.google.common.util.concurrent.ListenableFuture<io.tessera.protocol.datanode.ModifyResponse>> calls =
                new ArrayList<>();
        for (String name : names) {
            NodeDef node = DatanodeClients.require(ctx.catalog().nodes(), name);
            ctx.txn().addParticipant(name);
            calls.add(ctx.datanodes().futureOnTransport(node) // the future's completion only wakes this thread
                    .withDeadlineAfter(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .modify(base.clone().addAllShards(targets.get(name)).build()));
        }
        long rows = 0;
        TesseraException first = null;
        for (int i = 0; i < calls.size(); i++) {
            try {
                io.tessera.protocol.datanode.ModifyResponse response = await(calls, i, ctx);
                long n = response.getRows();
                rows = dist.replicated() ? Math.max(rows, n) : rows + n;
                if (returned != null && (i == 0 || !dist.replicated()) && response.hasReturned()) {
                    returned.addAll(new io.tessera.common.codec.RowCodec(table.columns().stream()
                            .map(io.tessera.coordinator.catalog.ColumnDef::type).toList()).decodeBatch(
                            response.getReturned().getData().toByteArray(), response.getReturned().getRowCount()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                calls.forEach(c -> c.cancel(true));
                throw new TesseraException(SqlState.QUERY_CANCELED, "canceling statement due to interrupt");
            } catch (java.util.concurrent.ExecutionException e) {
                if (first == null) {
                    first = ctx.cancellation().isCancelled() ? ctx.cancellation().error()
                            : GrpcErrors.fromStatus(e.getCause(), names.get(i));
                }
            }
        }
        if (first != null) {
            throw first;
        }
        if (lock == null || lock.getLock() == io.tessera.protocol.datanode.RowLockStrength.NO_LOCK) {
            ctx.rowsChanged(table.id(), rows);
        }
        return rows;
    }
}
