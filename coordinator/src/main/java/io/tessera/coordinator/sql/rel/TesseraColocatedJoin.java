package io.tessera.coordinator.sql.rel;

import io.tessera.coordinator.sql.exec.RemoteFragments;
import io.tessera.coordinator.sql.fragment.Colocation;
import io.tessera.coordinator.sql.fragment.FragmentPlan;
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
 * A join of co-located tables ({@link Colocation}), or a redistributed join (its fragment has exchanges,
 * {@code JoinExchanges}), that runs entirely on the datanodes: each joins its own shards
 * of both sides at the statement's snapshot, and the coordinator only concatenates their rows (an unordered
 * gather). Filters and column projections above the join move into it; a partial aggregate or a top-N above it
 * goes to the datanodes with it ({@code TesseraPartialAggregate}, {@code TesseraTopN} over a fragment).
 *
 * <pre>
 *   LogicalJoin(a.id = b.id)                                   TesseraColocatedJoin      (coordinator: gather)
 *     [Project] [Filter] TableScan(a)          ==&gt;               Join(INNER, [0], [0])    (each datanode)
 *     [Project] [Filter] TableScan(b)                               Scan(a, ...)  Scan(b, ...)
 * </pre>
 * Leaf of the coordinator's enumerable plan; the fragment travels in the Scan requests ({@link RemoteFragments}).
 */
public final class TesseraColocatedJoin extends AbstractRelNode implements EnumerableRel {
    private final FragmentPlan plan;
    private final double rows;
    private final RelDataType rowType;
    private final double movedRows;

    /**
     * @param plan the fragment, whose every join is co-located
     * @param rows the estimated rows of the join it replaces (after what it absorbed)
     * @param rowType the row type of the join it replaces
     */
    public TesseraColocatedJoin(RelOptCluster cluster, FragmentPlan plan, double rows, RelDataType rowType) {
        this(cluster, plan, rows, rowType, 0);
    }

    /**
     * A fragment with exchanges (a redistributed join, {@code JoinExchanges}).
     *
     * @param movedRows the estimated rows its exchanges send between datanodes
     */
    public TesseraColocatedJoin(RelOptCluster cluster, FragmentPlan plan, double rows, RelDataType rowType,
            double movedRows) {
        super(cluster, cluster.traitSetOf(EnumerableConvention.INSTANCE));
        this.plan = plan;
        this.rows = rows;
        this.rowType = rowType;
        this.movedRows = movedRows;
    }

    /** The estimated rows the fragment's exchanges move between datanodes (0 when co-located). */
    public double movedRows() {
        return movedRows;
    }

    @Override
    protected RelDataType deriveRowType() {
        return rowType;
    }

    public FragmentPlan plan() {
        return plan;
    }

    /** The datanodes that run the fragment, in order. */
    public List<String> nodes() {
        return new ArrayList<>(Colocation.nodes(plan));
    }

    /** Whether every table of the fragment is replicated (it runs on one datanode). */
    public boolean onOneCopy() {
        return plan.scans().stream().allMatch(s -> s.table().def().distribution().replicated());
    }

    @Override
    public RelWriter explainTerms(RelWriter pw) {
        return super.explainTerms(pw).item("fragment", plan.digest()).item("nodes", Colocation.nodes(plan));
    }

    @Override
    public double estimateRowCount(RelMetadataQuery mq) {
        return rows;
    }

    /**
     * Priced by the rows the coordinator receives, halved: the datanodes' scans are the same work in every plan,
     * and a join on the coordinator also pays for receiving both inputs, so the pushed join is the cheaper. A
     * redistributed join adds a tenth of the rows its exchanges move: moving a row between datanodes costs about what
     * sending it to the coordinator does, which the coordinator's plan pays for both inputs whole (its scans are
     * priced at a small fraction of a row each), and the datanodes move rows in parallel — so redistributing wins
     * unless the join's output is far larger than its inputs, and a semi or anti join, whose output is at most its
     * left input (Calcite estimates it as the left input's rows), runs on the datanodes.
     */
    @Override
    public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
        double cost = rows * 0.5 + movedRows * 0.1;
        return planner.getCostFactory().makeCost(cost, cost, 0);
    }

    @Override
    public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
        PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(), pref.preferArray());
        Expression p = implementor.stash(plan, FragmentPlan.class);
        Expression call = Expressions.call(RemoteFragments.class, "gather", implementor.getRootExpression(), p,
                Expressions.constant(physType.getFormat() == JavaRowFormat.SCALAR));
        return implementor.result(physType, Blocks.toBlock(call));
    }
}
