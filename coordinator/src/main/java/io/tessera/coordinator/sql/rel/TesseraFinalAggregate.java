package io.tessera.coordinator.sql.rel;

import io.tessera.coordinator.sql.exec.RemoteAggregates;
import io.tessera.executor.exec.AggregateCall;
import io.tessera.executor.exec.AggregateFunction;
import java.util.ArrayList;
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

/**
 * The coordinator's final aggregation over the partial rows of a {@link TesseraPartialAggregate}: the executor's
 * {@code HashAggregateNode} in MERGE mode (counts summed; sums, minima and maxima of the partials), the same code the
 * datanodes ran. Its row type is the partial's, which is the original aggregate's.
 */
public final class TesseraFinalAggregate extends SingleRel implements EnumerableRel {
    public TesseraFinalAggregate(TesseraPartialAggregate input) {
        this(input.getCluster().traitSetOf(EnumerableConvention.INSTANCE), input);
    }

    private TesseraFinalAggregate(RelTraitSet traits, RelNode input) {
        super(input.getCluster(), traits, input);
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return new TesseraFinalAggregate(traitSet, sole(inputs));
    }

    private TesseraPartialAggregate partial() {
        RelNode in = getInput();
        if (in instanceof org.apache.calcite.plan.volcano.RelSubset subset) {
            in = subset.getBest() != null ? subset.getBest() : subset.getOriginal();
        }
        return (TesseraPartialAggregate) in;
    }

    @Override
    public RelWriter explainTerms(RelWriter pw) {
        return super.explainTerms(pw);
    }

    @Override
    public double estimateRowCount(RelMetadataQuery mq) {
        return partial().groupSet().isEmpty() ? 1 : mq.getRowCount(getInput());
    }

    @Override
    public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
        double rows = mq.getRowCount(getInput());
        return planner.getCostFactory().makeCost(rows, rows, 0);
    }

    /** The merge as the executor runs it. */
    public RemoteAggregates.MergeSpec spec() {
        TesseraPartialAggregate p = partial();
        List<AggregateCall> calls = new ArrayList<>();
        var spec = p.spec();
        int keys = p.groupSet().cardinality();
        for (int i = 0; i < p.aggCalls().size(); i++) {
            var c = p.aggCalls().get(i);
            AggregateFunction f = AggregateFunction.valueOf(TesseraPartialAggregate.function(c.getAggregation().getKind()).name());
            calls.add(new AggregateCall(f, f == AggregateFunction.COUNT ? -1 : keys + i, spec.outputTypes().get(keys + i)));
        }
        return new RemoteAggregates.MergeSpec(keys, calls);
    }

    @Override
    public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
        Result child = implementor.visitChild(this, 0, (EnumerableRel) getInput(), Prefer.ARRAY);
        BlockBuilder b = new BlockBuilder();
        Expression input = b.append("partials", child.block);
        PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(), pref.preferArray());
        Expression spec = implementor.stash(spec(), RemoteAggregates.MergeSpec.class);
        b.add(Expressions.return_(null, Expressions.call(RemoteAggregates.class, "merge", input, spec,
                Expressions.constant(physType.getFormat() == JavaRowFormat.SCALAR))));
        return implementor.result(physType, b.toBlock());
    }
}
