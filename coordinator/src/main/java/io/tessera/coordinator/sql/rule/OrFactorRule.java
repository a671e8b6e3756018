package io.tessera.coordinator.sql.rule;

import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;

/**
 * Pulls the conjuncts common to every branch of an OR out of it, in filters and join conditions:
 * {@code (a AND b) OR (a AND c)} becomes {@code a AND (b OR c)} (Calcite's {@link RexUtil#pullFactors}; PostgreSQL's
 * {@code pull_ors}/{@code process_duplicate_ors} in prepqual.c does the same). TPC-H's Q19 repeats its join condition
 * {@code p_partkey = l_partkey} in each of three OR branches: without this it is no equi-join, and lineitem x part
 * ran as a nested loop on the coordinator; with it the join is a hash join on the key, pushed to the datanodes like
 * any other. The conditions mean the same (AND and OR are commutative and distribute), NULLs included.
 */
public final class OrFactorRule extends RelOptRule {
    public static final OrFactorRule FILTER = new OrFactorRule(true);
    public static final OrFactorRule JOIN = new OrFactorRule(false);

    private OrFactorRule(boolean filter) {
        super(filter
                ? operand(LogicalFilter.class, null, f -> hasOrOfAnds(f.getCondition()), any())
                : operand(LogicalJoin.class, null, j -> hasOrOfAnds(j.getCondition()), any()),
                filter ? "OrFactorRule:filter" : "OrFactorRule:join");
    }

    /** {@code rel} with common factors pulled out of every OR of its filters and join conditions. */
    public static RelNode rewrite(RelNode rel) {
        return HepRewrite.apply(rel, FILTER, JOIN);
    }

    /** Whether {@code e} holds an OR one of whose branches is an AND (something a factor may be pulled from). */
    private static boolean hasOrOfAnds(RexNode e) {
        if (!(e instanceof RexCall call)) {
            return false;
        }
        if (e.getKind() == SqlKind.OR && call.getOperands().stream().anyMatch(o -> o.getKind() == SqlKind.AND)) {
            return true;
        }
        if (e.getKind() == SqlKind.AND || e.getKind() == SqlKind.OR) {
            return call.getOperands().stream().anyMatch(OrFactorRule::hasOrOfAnds);
        }
        return false;
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
        RelNode rel = call.rel(0);
        RexNode condition = rel instanceof LogicalFilter f ? f.getCondition() : ((LogicalJoin) rel).getCondition();
        RexNode pulled = RexUtil.pullFactors(rel.getCluster().getRexBuilder(), condition);
        if (pulled.equals(condition)) {
            return;
        }
        if (rel instanceof LogicalFilter f) {
            call.transformTo(f.copy(f.getTraitSet(), f.getInput(), pulled));
        } else {
            LogicalJoin j = (LogicalJoin) rel;
            call.transformTo(j.copy(j.getTraitSet(), pulled, j.getLeft(), j.getRight(), j.getJoinType(),
                    j.isSemiJoinDone()));
        }
    }
}
