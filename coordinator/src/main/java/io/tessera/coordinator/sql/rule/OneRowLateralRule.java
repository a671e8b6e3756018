package io.tessera.coordinator.sql.rule;

import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.logical.LogicalCorrelate;
import org.apache.calcite.rel.metadata.RelMetadataQuery;

/**
 * Makes an inner lateral join whose right side always yields a row a left one: {@code FROM a, LATERAL (SELECT
 * max(x) FROM b WHERE b.k = a.k)} keeps every row of {@code a}, because an aggregate without GROUP BY returns one
 * row even over no input (PostgreSQL's semantics; the sub-query's row then holds the aggregates of nothing).
 * Calcite's decorrelator turns such an inner {@code Correlate} into an inner join with the aggregate grouped by
 * the correlated key, which drops the rows of {@code a} whose key has no match (a NULL key, or one absent from
 * {@code b}): a silent wrong answer. It decorrelates a left {@code Correlate} into a left join with the aggregates
 * of nothing filled in, which is what the query means.
 *
 * <p>The two join types are equivalent exactly when the right side yields at least one row for every left row
 * ({@link RelMetadataQuery#getMinRowCount}: an aggregate without GROUP BY, a projection or a VALUES row over one;
 * a HAVING, a WHERE above the aggregate or a LIMIT 0 gives 0 and the join stays inner). A left join makes the right
 * side's columns nullable in its row type, so the result is cast back to the inner join's row type (those columns
 * are never NULL-extended, so the casts only restore the declared nullability).
 */
public final class OneRowLateralRule extends RelOptRule {
    public static final OneRowLateralRule INSTANCE = new OneRowLateralRule();

    private OneRowLateralRule() {
        super(operand(LogicalCorrelate.class, null, c -> c.getJoinType() == JoinRelType.INNER, any()),
                "OneRowLateralRule");
    }

    /** {@code rel} with every inner lateral join over a right side that always yields a row made a left one. */
    public static RelNode rewrite(RelNode rel) {
        return HepRewrite.apply(rel, INSTANCE);
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
        LogicalCorrelate correlate = call.rel(0);
        Double minRows = call.getMetadataQuery().getMinRowCount(correlate.getRight());
        if (minRows == null || minRows < 1) {
            return;
        }
        RelNode left = correlate.copy(correlate.getTraitSet(), correlate.getLeft(), correlate.getRight(),
                correlate.getCorrelationId(), correlate.getRequiredColumns(), JoinRelType.LEFT);
        call.transformTo(RelOptUtil.createCastRel(left, correlate.getRowType(), false));
    }
}
