package io.tessera.coordinator.sql.exec;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import io.tessera.coordinator.catalog.NodeDef;
import io.tessera.coordinator.cluster.DatanodeClients;
import io.tessera.coordinator.sql.fragment.Colocation;
import io.tessera.coordinator.sql.fragment.FragmentPlan;
import io.tessera.protocol.datanode.ExchangeTarget;
import io.tessera.protocol.datanode.PartialAggregate;
import io.tessera.protocol.datanode.PlanFragment;
import io.tessera.protocol.datanode.ScanRequest;
import io.tessera.protocol.datanode.TopN;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.rex.RexBuilder;

/**
 * The run-time half of a co-located plan fragment ({@code TesseraColocatedJoin}, and the partial aggregates and
 * top-Ns above one): one Scan request per datanode of {@link Colocation#placement}, each carrying the fragment with
 * that datanode's shards ({@code ScanRequest.fragment}), the statement's snapshot and transaction, and optionally a
 * partial aggregation or top-N over the fragment's rows; the streams are gathered in parallel
 * ({@link DistributedScan}), merged in {@code order} when given.
 *
 * <p>A fragment with exchanges (a redistributed join) also carries a fresh query id and the list of its datanodes
 * with their addresses: the datanodes stream rows to each other through reduce under that id; the coordinator still
 * receives only the fragment's output. A failed or cancelled statement cancels every datanode's call (the gather's
 * first failure cancels the rest), and each datanode then closes its reduce streams.
 */
public final class RemoteFragments {
    private RemoteFragments() {
    }

    /**
     * The fragment's rows from every datanode that runs it, as they arrive.
     *
     * @param scalar whether to yield bare values (a single-column row type) instead of {@code Object[]}
     */
    public static Enumerable<Object> gather(DataContext root, FragmentPlan plan, boolean scalar) {
        Enumerable<Object[]> rows = scan(root, plan, null, null, null, null);
        return scalar ? rows.select(r -> r[0]) : rows.select(r -> (Object) r);
    }

    /**
     * The fragment's rows, or with {@code aggregate} its partial groups (typed by {@code aggregateTypes}), or with
     * {@code topN} each datanode's first rows (merged in {@code order} when it has keys).
     *
     * @throws TesseraException 0A000 inside SELECT ... FOR UPDATE's read of locked rows (one table only)
     */
    static Enumerable<Object[]> scan(DataContext root, FragmentPlan plan, PartialAggregate aggregate,
            List<PgType> aggregateTypes, TopN topN, Comparator<Object[]> order) {
        StatementContext ctx = TesseraDataContext.statement(root);
        if (ctx.lockedRowsOnly()) {
            throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                    "FOR UPDATE is not supported over a join run on the datanodes");
        }
        RexBuilder rexBuilder = new RexBuilder(root.getTypeFactory());
        List<FragmentPlan.Scan> scans = plan.scans();
        Map<String, List<TreeSet<Integer>>> placement = Colocation.placement(plan);
        List<PgType> decodeTypes = aggregate != null ? aggregateTypes : plan.types();
        return new AbstractEnumerable<>() {
            @Override
            public Enumerator<Object[]> enumerator() {
                long snapshot = ctx.snapshotTs();
                FragmentStats analyzing = FragmentStats.current(); // EXPLAIN ANALYZE: the datanodes count
                List<DistributedScan.Part> parts = new ArrayList<>();
                // a redistributed join: every datanode of the placement sends to and receives from every other,
                // through reduce streams named by this execution's id (concurrent queries never share one)
                String queryId = plan.hasExchange() ? java.util.UUID.randomUUID().toString() : "";
                List<ExchangeTarget> targets = new ArrayList<>();
                if (plan.hasExchange()) {
                    for (String name : placement.keySet()) {
                        NodeDef n = DatanodeClients.require(ctx.catalog().nodes(), name);
                        targets.add(ExchangeTarget.newBuilder().setName(name).setHost(n.host()).setPort(n.port())
                                .build());
                    }
                }
                for (Map.Entry<String, List<TreeSet<Integer>>> e : placement.entrySet()) {
                    Map<FragmentPlan.Scan, TreeSet<Integer>> shards = new IdentityHashMap<>();
                    for (int i = 0; i < scans.size(); i++) {
                        shards.put(scans.get(i), e.getValue().get(i));
                    }
                    ScanRequest.Builder request = ScanRequest.newBuilder().setBatchRows(1024).setSnapshotTs(snapshot)
                            .setWorkMemKb(ctx.workMemKb())
                            .setFragment(PlanFragment.newBuilder()
                                    .setRoot(plan.toProto(shards::get, ctx::param, rexBuilder))
                                    .setQueryId(queryId).addAllExchangeTargets(targets));
                    if (ctx.txn() != null) {
                        request.setTxn(ctx.txnContext());
                    }
                    if (aggregate != null) {
                        request.setAggregate(aggregate);
                    }
                    if (topN != null) {
                        request.setTopN(topN);
                    }
                    if (analyzing != null) {
                        request.setAnalyze(true);
                    }
                    ScanRequest built = request.build();
                    if (analyzing != null) {
                        analyzing.register(built.getFragment(), FragmentStats.key(plan));
                    }
                    NodeDef node = DatanodeClients.require(ctx.catalog().nodes(), e.getKey());
                    parts.add(new DistributedScan.Part(node, built));
                }
                return new DistributedScan(parts, decodeTypes, ctx, order);
            }
        };
    }
}
