package io.tessera.coordinator.sql.rel;

import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableMinus;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;

/**
 * The coordinator's EXCEPT [ALL] with PostgreSQL's equality ({@link GroupingEquality#setOp}), in place of an
 * {@link EnumerableMinus} whose rows have numeric or float columns (see {@link TesseraIntersect}).
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
        return TesseraIntersect.implementSetOp(this, inputs, all, false, implementor);
    }
}
