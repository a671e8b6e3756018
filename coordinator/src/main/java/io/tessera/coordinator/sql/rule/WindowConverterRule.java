package io.tessera.coordinator.sql.rule;

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
     * Calcite's window, or the executor's ({@link TesseraWindow}) for a window with a frame exclusion, which
     * Calcite's computed wrongly.
     *
     * @throws io.tessera.common.error.TesseraException 0A000 for a frame exclusion the executor does not compute
     */
    @Override
    public RelNode convert(RelNode rel) {
        if (TesseraWindow.excludes((LogicalWindow) rel)) {
            RelNode input = ((LogicalWindow) rel).getInput();
            return TesseraWindow.of((LogicalWindow) rel, convert(input, input.getTraitSet()
                    .replace(EnumerableConvention.INSTANCE)));
        }
        RelNode unordered = rel.copy(rel.getTraitSet().replace(RelCollations.EMPTY), rel.getInputs());
        return ((ConverterRule) EnumerableRules.ENUMERABLE_WINDOW_RULE).convert(unordered); // its class is not public
    }
}
