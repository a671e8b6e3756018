package io.tessera.coordinator.sql.rel;

import io.tessera.coordinator.sql.exec.RemoteWindows;
import io.tessera.coordinator.sql.fragment.Colocation;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.tree.Blocks;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.rel.AbstractRelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;

/**
 * Windows without PARTITION BY over distributed rows: every datanode sorts its rows by the windows' ORDER BY, the
 * coordinator merges the sorted streams and runs the executor's window operator over them ({@link RemoteWindows}),
 * bounded by work_mem, instead of gathering every row into Calcite's window.
 * <pre>
 *   LogicalWindow(order [id] aggs [...])                 TesseraMergeWindow(windows)     (coordinator: merge, window)
 *     [Project] [Filter] TableScan(t)        ==&gt;           Window.sort(order [id])       (each datanode)
 *                                                              Scan(t, ...)
 * </pre>
 * EXPLAIN: {@code WindowAgg} over {@code Remote Subquery Scan} with a {@code Merge Key}, over the datanodes'
 * {@code Sort}. Leaf of the coordinator's enumerable plan.
 */
public final class TesseraMergeWindow extends AbstractRelNode implements EnumerableRel {
    private final RemoteWindows.Spec spec;
    private final double rows;
    private final RelDataType rowType;

    /**
     * @param rows the estimated rows of the window it replaces
     * @param rowType the row type of the window it replaces
     */
    public TesseraMergeWindow(RelOptCluster cluster, RemoteWindows.Spec spec, double rows, RelDataType rowType) {
        super(cluster, cluster.traitSetOf(EnumerableConvention.INSTANCE));
        this.spec = spec;
        this.rows = rows;
        this.rowType = rowType;
    }

    public RemoteWindows.Spec spec() {
        return spec;
    }

    /** The datanodes that sort, in order. */
    public List<String> nodes() {
        return new ArrayList<>(Colocation.nodes(spec.sorted()));
    }

    @Override
    protected RelDataType deriveRowType() {
        return rowType;
    }

    @Override
    public RelWriter explainTerms(RelWriter pw) {
        List<String> windows = spec.windows().stream()
                .map(w -> "order " + w.orderKeys() + ", " + w.frame() + ", " + w.calls()).toList();
        return super.explainTerms(pw).item("fragment", spec.sorted().digest()).item("windows", windows)
                .item("nodes", nodes());
    }

    @Override
    public double estimateRowCount(RelMetadataQuery mq) {
        return rows;
    }

    /**
     * Priced as a pushed fragment's gather ({@link TesseraColocatedJoin}: the rows the coordinator receives,
     * halved): the rows received are the same as for Calcite's window over a gather, and the window here costs
     * about what Calcite's does, but the sort is spread over the datanodes and nothing is held past work_mem.
     */
    @Override
    public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
        double cost = rows * 0.5;
        return planner.getCostFactory().makeCost(cost, cost, 0);
    }

    @Override
    public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
        PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(), pref.preferArray());
        Expression s = implementor.stash(spec, RemoteWindows.Spec.class);
        Expression call = Expressions.call(RemoteWindows.class, "run", implementor.getRootExpression(), s,
                Expressions.constant(physType.getFormat() == JavaRowFormat.SCALAR));
        return implementor.result(physType, Blocks.toBlock(call));
    }
}
