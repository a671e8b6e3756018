package io.tessera.coordinator.sql.rel;

import io.tessera.coordinator.sql.exec.CoordinatorSetOp;
import io.tessera.executor.exec.SetOpNode;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableIntersect;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Ord;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;

/**
 * The coordinator's INTERSECT [ALL]: the executor's {@link SetOpNode} ({@link CoordinatorSetOp}), with PostgreSQL's
 * equality — Calcite's compares rows with Java's {@code equals}, under which {@code 1.0 <> 1.00} and
 * {@code 0 <> -0} — and spilling past {@code work_mem}, where Calcite's holds every row in the heap.
 * {@link GroupingEquality} puts it in place of every {@link EnumerableIntersect} of rows with at least one column.
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
        return implementSetOp(this, inputs, SetOpNode.Kind.INTERSECT, all, implementor);
    }

    /**
     * The code of a set operation over {@code inputs}, left to right ({@link CoordinatorSetOp#run}), over rows as
     * arrays (as scalars when there is one column).
     */
    static Result implementSetOp(EnumerableRel rel, List<RelNode> inputs, SetOpNode.Kind kind, boolean all,
                                 EnumerableRelImplementor implementor) {
        BlockBuilder builder = new BlockBuilder();
        int columns = rel.getRowType().getFieldCount();
        boolean scalar = columns == 1;
        JavaRowFormat format = scalar ? JavaRowFormat.SCALAR : JavaRowFormat.ARRAY;
        List<Expression> children = new ArrayList<>();
        for (Ord<RelNode> ord : Ord.zip(inputs)) {
            Result result = implementor.visitChild(rel, ord.i, (EnumerableRel) ord.e, Prefer.ARRAY);
            Expression child = builder.append("child" + ord.i, result.block);
            if (result.format != format) {
                child = builder.append("rows" + ord.i, result.physType.convertTo(child, format));
            }
            children.add(child);
        }
        CoordinatorSetOp.Spec spec = new CoordinatorSetOp.Spec(kind, all, columns,
                TesseraSort.spillTypes(rel.getRowType()));
        builder.add(Expressions.call(CoordinatorSetOp.class, "run", implementor.getRootExpression(),
                Expressions.newArrayInit(Enumerable.class, children),
                implementor.stash(spec, CoordinatorSetOp.Spec.class), Expressions.constant(scalar)));
        PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), rel.getRowType(), format);
        return implementor.result(physType, builder.toBlock());
    }
}
