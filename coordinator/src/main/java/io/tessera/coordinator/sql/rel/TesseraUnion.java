package io.tessera.coordinator.sql.rel;

import io.tessera.executor.exec.SetOpNode;
import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.EnumerableUnion;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;

/**
 * The coordinator's UNION (distinct) with PostgreSQL's equality ({@code 1.0} and {@code 1.00} one row, the first
 * seen), spilling past {@code work_mem}, in place of a distinct {@link EnumerableUnion} (see
 * {@link TesseraIntersect}). EXPLAIN shows it as PostgreSQL's {@code HashAggregate} over an {@code Append}.
 */
public final class TesseraUnion extends EnumerableUnion {
    TesseraUnion(RelOptCluster cluster, RelTraitSet traitSet, List<RelNode> inputs) {
        super(cluster, traitSet, inputs, false);
    }

    @Override
    public EnumerableUnion copy(RelTraitSet traitSet, List<RelNode> inputs, boolean all) {
        return all ? new EnumerableUnion(getCluster(), traitSet, inputs, true)
                : new TesseraUnion(getCluster(), traitSet, inputs);
    }

    @Override
    public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
        return TesseraIntersect.implementSetOp(this, inputs, SetOpNode.Kind.UNION, false, implementor);
    }
}
