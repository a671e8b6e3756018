package io.tessera.coordinator.sql.rel;

import io.tessera.executor.exec.SetOpNode;
import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableMinus;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;

/**
 * The coordinator's EXCEPT [ALL] with PostgreSQL's equality, spilling past {@code work_mem}, in place of an
 * {@link EnumerableMinus} (see {@link TesseraIntersect}).
 */
public final class TesseraMinus extends EnumerableMinus {
    TesseraMinus(RelOptCluster cluster, RelTraitSet traitSet, List<RelNode> inputs, boolean all) {
        super(cluster, traitSet, inputs, all);
    }

    @Override
    public TesseraMinus copy(RelTraitSet traitSet, List<RelNode> inputs, boolean all) {
        return new TesseraMinus(getCluster(), traitSet, inputs, all);
    }

    @Override
    public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
        return TesseraIntersect.implementSetOp(this, inputs, SetOpNode.Kind.EXCEPT, all, implementor);
    }
}
