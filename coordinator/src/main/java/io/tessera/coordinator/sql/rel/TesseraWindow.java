package io.tessera.coordinator.sql.rel;

import io.tessera.common.types.PgType;
import io.tessera.coordinator.sql.exec.CoordinatorWindows;
import io.tessera.coordinator.sql.fragment.FragmentPlan;
import io.tessera.coordinator.sql.rule.WindowPushdownRule;
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
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.SingleRel;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexWindowExclusion;

/**
 * Window functions on the coordinator run by the executor's window ({@link CoordinatorWindows}) rather than by
 * Calcite's {@code EnumerableWindow}: used for windows with a frame exclusion ({@code EXCLUDE CURRENT ROW | GROUP |
 * TIES}) and RANGE frames with an offset ({@code RANGE BETWEEN 1.5 PRECEDING AND CURRENT ROW}, GROUPS frames too:
 * {@code GroupsFrames}), whose frames Calcite computed wrongly (empty frames near bigint's limits, NaN keys, numeric
 * keys refused).
 * <pre>
 *   LogicalWindow(partition {p} order [k] rows ... exclude ties aggs [...])   ==&gt;   TesseraWindow(windows)
 *     input                                                                         input (enumerable)
 * </pre>
 * The same {@code WindowNode} computes such a window when it is pushed to the datanodes
 * ({@link WindowPushdownRule}), so pushdown on and off agree. EXPLAIN: {@code WindowAgg}. Its output is unordered.
 */
public final class TesseraWindow extends SingleRel implements EnumerableRel {
    private final CoordinatorWindows.Spec spec;

    private TesseraWindow(RelOptCluster cluster, RelTraitSet traits, RelNode input, CoordinatorWindows.Spec spec,
            RelDataType rowType) {
        super(cluster, traits, input);
        this.spec = spec;
        this.rowType = rowType;
    }

    /** Whether one of {@code window}'s groups excludes rows from its frames. */
    public static boolean excludes(Window window) {
        return window.groups.stream().anyMatch(g -> g.exclude != RexWindowExclusion.EXCLUDE_NO_OTHER);
    }

    /** Whether one of {@code window}'s groups is a RANGE frame with an offset bound. */
    public static boolean rangeOffsets(Window window) {
        return window.groups.stream().anyMatch(g -> !g.isRows && (isOffset(g.lowerBound) || isOffset(g.upperBound)));
    }

    private static boolean isOffset(org.apache.calcite.rex.RexWindowBound b) {
        return !b.isUnbounded() && !b.isCurrentRow();
    }

    /**
     * {@code window} over {@code input} (its enumerable form) as the executor's windows, or null when a group has a
     * function, key type or frame the executor does not compute (a RANGE offset over a date, a ROWS offset that is
     * not a constant, ...).
     */
    public static TesseraWindow of(Window window, RelNode input) {
        RelDataType inputType = window.getInput().getRowType();
        List<PgType> spillTypes = TesseraSort.columnTypes(inputType);
        List<PgType> types = new ArrayList<>();
        for (int i = 0; i < spillTypes.size(); i++) {
            PgType t = spillTypes.get(i);
            if (t == null) { // no row encoding: the executor may still compare or pass the value through
                try {
                    t = io.tessera.coordinator.sql.TypeMapping.toPgType(inputType.getFieldList().get(i).getType());
                } catch (RuntimeException e) {
                    t = null;
                }
            }
            types.add(t);
        }
        List<FragmentPlan.Window> windows = new ArrayList<>();
        for (Window.Group g : window.groups) {
            FragmentPlan.Window w = WindowPushdownRule.window(g, window, types, null);
            if (w == null) {
                return null;
            }
            windows.add(w);
        }
        // an array_agg's lists have no row encoding: a window stacked above it could not spill them
        boolean arrays = windows.stream().flatMap(w -> w.calls().stream())
                .anyMatch(c -> c.function() == io.tessera.executor.exec.WindowFunction.ARRAY_AGG);
        CoordinatorWindows.Spec spec = new CoordinatorWindows.Spec(windows,
                spillTypes.contains(null) || arrays ? null : spillTypes, inputType.getFieldCount());
        return new TesseraWindow(window.getCluster(), input.getTraitSet().replace(EnumerableConvention.INSTANCE)
                .replace(org.apache.calcite.rel.RelCollations.EMPTY), input, spec, window.getRowType());
    }

    public CoordinatorWindows.Spec spec() {
        return spec;
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return new TesseraWindow(getCluster(), traitSet, sole(inputs), spec, rowType);
    }

    @Override
    protected RelDataType deriveRowType() {
        return rowType;
    }

    @Override
    public RelWriter explainTerms(RelWriter pw) {
        List<String> windows = spec.windows().stream().map(w -> "partition " + java.util.Arrays.toString(
                w.partitionKeys()) + ", order " + w.orderKeys() + ", " + w.frame() + ", " + w.calls()).toList();
        return super.explainTerms(pw).item("windows", windows);
    }

    @Override
    public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
        Result child = implementor.visitChild(this, 0, (EnumerableRel) getInput(), Prefer.ARRAY);
        BlockBuilder b = new BlockBuilder();
        Expression input = b.append("unwindowed", child.block);
        PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(), pref.preferArray());
        Expression stashed = implementor.stash(spec, CoordinatorWindows.Spec.class);
        b.add(Expressions.return_(null, Expressions.call(CoordinatorWindows.class, "run",
                implementor.getRootExpression(), input, stashed,
                Expressions.constant(child.physType.getFormat() == JavaRowFormat.SCALAR),
                Expressions.constant(physType.getFormat() == JavaRowFormat.SCALAR))));
        return implementor.result(physType, b.toBlock());
    }
}
