package io.tessera.coordinator.sql.rule;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.sql.rel.TesseraWindow;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRules;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.logical.LogicalWindow;

/**
 * Calcite's {@code EnumerableWindowRule} with the window's output claimed unordered. Calcite's rule keeps the logical
 * window's collation, which the project it came from derived from its input (a sorted VALUES list, a sorted input):
 * the planner then dropped an {@code ORDER BY} on the input's order. {@code EnumerableWindow} regroups its rows by
 * each window's {@code PARTITION BY} (a hash map of partitions), so its output has no order:
 * <pre>
 *   select g, x, count(*) over (partition by x) from (values (1, 1), (1, 2), (2, 1), (2, 2)) v(g, x) order by g, x
 *   -- came back as (1,1), (2,1), (1,2), (2,2)
 * </pre>
 */
public final class WindowConverterRule extends ConverterRule {
    public static final WindowConverterRule INSTANCE = new WindowConverterRule(Config.INSTANCE
            .withConversion(LogicalWindow.class, Convention.NONE, EnumerableConvention.INSTANCE,
                    "WindowConverterRule")
            .withRuleFactory(WindowConverterRule::new));

    private WindowConverterRule(Config config) {
        super(config);
    }

    /**
     * Calcite's window, or the executor's ({@link TesseraWindow}) for a window with a frame exclusion or a RANGE
     * offset, which Calcite's computed wrongly. A RANGE offset window the executor does not compute stays Calcite's
     * ({@code RangeOffsetFrames} rewrote those it could not compute into windows Calcite computes).
     *
     * @throws TesseraException 0A000 for a frame exclusion the executor does not compute
     */
    @Override
    public RelNode convert(RelNode rel) {
        LogicalWindow window = (LogicalWindow) rel;
        boolean excludes = TesseraWindow.excludes(window);
        if (excludes || TesseraWindow.rangeOffsets(window)) {
            RelNode input = window.getInput();
            TesseraWindow executors = TesseraWindow.of(window, convert(input, input.getTraitSet()
                    .replace(EnumerableConvention.INSTANCE)));
            if (executors != null) {
                return executors;
            }
            if (excludes) {
                throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "frame exclusion (EXCLUDE CURRENT ROW, "
                        + "GROUP or TIES) is not supported with this window function, ORDER BY type or frame");
            }
            if (unrewrittenRangeOffsets(window)) { // left for the executor, which cannot: Calcite's would be wrong
                throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "RANGE with offset PRECEDING/FOLLOWING "
                        + "over a nullable or descending ORDER BY key is not supported with this window function");
            }
        }
        RelNode unordered = rel.copy(rel.getTraitSet().replace(RelCollations.EMPTY), rel.getInputs());
        return ((ConverterRule) EnumerableRules.ENUMERABLE_WINDOW_RULE).convert(unordered); // its class is not public
    }

    /**
     * Whether a RANGE offset group of {@code window} orders by a nullable or descending key, which
     * {@code RangeOffsetFrames} leaves only to windows it expects the executor to compute.
     */
    private static boolean unrewrittenRangeOffsets(LogicalWindow window) {
        for (org.apache.calcite.rel.core.Window.Group g : window.groups) {
            boolean offsets = !g.isRows && (!g.lowerBound.isUnbounded() && !g.lowerBound.isCurrentRow()
                    || !g.upperBound.isUnbounded() && !g.upperBound.isCurrentRow());
            for (org.apache.calcite.rel.RelFieldCollation c : g.orderKeys.getFieldCollations()) {
                if (offsets && (c.getDirection().isDescending() || window.getInput().getRowType().getFieldList()
                        .get(c.getFieldIndex()).getType().isNullable())) {
                    return true;
                }
            }
        }
        return false;
    }
}
