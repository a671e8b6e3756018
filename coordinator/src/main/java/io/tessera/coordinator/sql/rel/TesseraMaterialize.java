package io.tessera.coordinator.sql.rel;

import io.tessera.coordinator.sql.exec.Materialized;
import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableNestedLoopJoin;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.EnumerableValues;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.SingleRel;

/**
 * PostgreSQL's {@code Materialize} over the inner input of a coordinator's nested loop join: the input is read once
 * and its rows replayed for every outer row ({@link Materialized}, within work_mem).
 * <pre>
 *   EnumerableNestedLoopJoin(condition)              EnumerableNestedLoopJoin(condition)
 *     outer                                    ==&gt;     outer
 *     inner                                            TesseraMaterialize
 *                                                        inner
 * </pre>
 * Calcite's nested loop opens its inner input again for each outer row, and its cost counts the inner's rows once,
 * so Volcano picks either side as the inner by a tie-break; when the inner reads datanodes every outer row ran a
 * distributed query (TPC-H Q11's {@code HAVING sum(...) > (SELECT sum(...) ...)}: 374 groups, the sub-query 748
 * fragment runs, 12 s for 13 ms of PostgreSQL's time). {@link #underNestedLoops} inserts it after planning, where
 * the cost model is right again (the inner is read once); the plan's shape does not change otherwise, so it is no
 * planner rule. EXPLAIN prints it as PostgreSQL does.
 */
public final class TesseraMaterialize extends SingleRel implements EnumerableRel {
    private TesseraMaterialize(RelTraitSet traits, RelNode input) {
        super(input.getCluster(), traits, input);
    }

    /**
     * {@code plan} with the inner input of each {@code EnumerableNestedLoopJoin} materialized, unless it is a
     * VALUES list (already in memory); rebuilt where something changed.
     */
    public static RelNode underNestedLoops(RelNode plan) {
        return plan.accept(new RelHomogeneousShuttle() {
            @Override
            public RelNode visit(RelNode other) {
                RelNode visited = super.visit(other);
                if (visited instanceof EnumerableNestedLoopJoin join && !(join.getRight() instanceof EnumerableValues)
                        && !(join.getRight() instanceof TesseraMaterialize)) {
                    RelNode inner = join.getRight();
                    return join.copy(join.getTraitSet(), List.of(join.getLeft(),
                            new TesseraMaterialize(inner.getTraitSet(), inner)));
                }
                return visited;
            }
        });
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return new TesseraMaterialize(traitSet, sole(inputs));
    }

    @Override
    public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
        Result child = implementor.visitChild(this, 0, (EnumerableRel) getInput(), pref);
        BlockBuilder b = new BlockBuilder();
        Expression input = b.append("inner", child.block);
        b.add(Expressions.return_(null, Expressions.call(Materialized.class, "of", implementor.getRootExpression(),
                input)));
        return implementor.result(child.physType, b.toBlock());
    }
}
