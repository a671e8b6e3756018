package io.tessera.coordinator.sql.rel;

import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableIntersect;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.Ord;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;

/**
 * The coordinator's INTERSECT [ALL] with PostgreSQL's equality ({@link GroupingEquality#setOp}): Calcite's compares
 * rows with Java's {@code equals}, under which {@code 1.0 <> 1.00} and {@code 0 <> -0}. {@link GroupingEquality}
 * puts it in place of an {@link EnumerableIntersect} whose rows have numeric or float columns.
 */
public final class TesseraIntersect extends EnumerableIntersect {
    TesseraIntersect(RelOptCluster cluster, RelTraitSet traitSet, List<RelNode> inputs, boolean all) {
        super(cluster, traitSet, inputs, all);
    }

    @Override
    public TesseraIntersect copy(RelTraitSet traitSet, List<RelNode> inputs, boolean all) {
        return new TesseraIntersect(getCluster(), traitSet, inputs, all);
    }

    @Override
    public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
        return implementSetOp(this, inputs, all, true, implementor);
    }

    /**
     * The code of a set operation (INTERSECT when {@code intersect}, else EXCEPT) over {@code inputs}, left to
     * right, each pair by {@link GroupingEquality#setOp}, over rows as arrays (as scalars when there is one column).
     */
    static Result implementSetOp(EnumerableRel rel, List<RelNode> inputs, boolean all, boolean intersect,
                                 EnumerableRelImplementor implementor) {
        BlockBuilder builder = new BlockBuilder();
        Expression exp = null;
        boolean scalar = rel.getRowType().getFieldCount() == 1;
        JavaRowFormat format = scalar ? JavaRowFormat.SCALAR : JavaRowFormat.ARRAY;
        for (Ord<RelNode> ord : Ord.zip(inputs)) {
            Result result = implementor.visitChild(rel, ord.i, (EnumerableRel) ord.e, Prefer.ARRAY);
            Expression child = builder.append("child" + ord.i, result.block);
            if (result.format != format) {
                child = builder.append("rows" + ord.i, result.physType.convertTo(child, format));
            }
            exp = exp == null ? child : Expressions.call(GroupingEquality.class, "setOp", exp, child,
                    Expressions.constant(intersect), Expressions.constant(all), Expressions.constant(scalar));
        }
        builder.add(exp);
        PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), rel.getRowType(), format);
        return implementor.result(physType, builder.toBlock());
    }
}
