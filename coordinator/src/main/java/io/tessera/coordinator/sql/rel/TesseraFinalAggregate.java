package io.tessera.coordinator.sql.rel;

import io.tessera.coordinator.sql.exec.RemoteAggregates;
import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.SingleRel;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;

/**
 * The coordinator's final aggregation over the partial rows of a {@link TesseraPartialAggregate}: the executor's
 * {@code HashAggregateNode} in MERGE mode (counts summed; sums, minima and maxima of the partials), the same code the
 * datanodes ran. Its row type is the partial's, which is the original aggregate's.
 */
public final class TesseraFinalAggregate extends SingleRel implements EnumerableRel {
    private final RelDataType aggregateRowType;
    private final RemoteAggregates.MergeSpec spec;
    private final boolean grouped;

    public TesseraFinalAggregate(TesseraPartialAggregate input) {
        this(input.getCluster().traitSetOf(EnumerableConvention.INSTANCE), input, input.aggregateRowType(),
                new RemoteAggregates.MergeSpec(input.groupSet().cardinality(), input.executorCalls(),
                        input.spec().outputTypes()));
    }

    private TesseraFinalAggregate(RelTraitSet traits, RelNode input, RelDataType aggregateRowType,
            RemoteAggregates.MergeSpec spec) {
        super(input.getCluster(), traits, input);
        this.aggregateRowType = aggregateRowType;
        this.spec = spec;
        this.grouped = spec.groupKeys() > 0;
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return new TesseraFinalAggregate(traitSet, sole(inputs), aggregateRowType, spec);
    }

    @Override
    protected RelDataType deriveRowType() {
        return aggregateRowType;
    }

    @Override
    public RelWriter explainTerms(RelWriter pw) {
        return super.explainTerms(pw).item("merge", spec.calls());
    }

    @Override
    public double estimateRowCount(RelMetadataQuery mq) {
        return grouped ? mq.getRowCount(getInput()) : 1;
    }

    @Override
    public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
        double rows = mq.getRowCount(getInput());
        return planner.getCostFactory().makeCost(rows, rows, 0);
    }

    /** The merge as the executor runs it. */
    public RemoteAggregates.MergeSpec spec() {
        return spec;
    }

    @Override
    public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
        Result child = implementor.visitChild(this, 0, (EnumerableRel) getInput(), Prefer.ARRAY);
        BlockBuilder b = new BlockBuilder();
        Expression input = b.append("partials", child.block);
        PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(), pref.preferArray());
        Expression stashed = implementor.stash(spec, RemoteAggregates.MergeSpec.class);
        b.add(Expressions.return_(null, Expressions.call(RemoteAggregates.class, "merge",
                implementor.getRootExpression(), input, stashed,
                Expressions.constant(physType.getFormat() == JavaRowFormat.SCALAR))));
        return implementor.result(physType, b.toBlock());
    }
}
