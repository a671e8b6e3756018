package io.tessera.coordinator.sql;

import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rel.rules.SemiJoinRule;

/**
 * Calcite's semi-join rules, only for an aggregate that groups by something.
 *
 * <p>{@link SemiJoinRule} turns {@code Join(left, Aggregate(input))}, when the aggregate's output is not used and
 * the join keys are its group keys, into {@code SemiJoin(left, input)}. An aggregate without GROUP BY has no
 * group keys, so an ON TRUE join qualifies, yet it yields one row even when {@code input} is empty: the semi-join
 * with the empty input then drops every row. That is the shape {@code SubQueryRemoveRule} gives
 * {@code x IN (subquery) OR ...} (a join with the subquery's {@code count(*)}), so such a WHERE lost all its rows
 * whenever the subquery was found to be empty (sqllogictest's {@code index/between}: {@code col3 IN (SELECT col0
 * FROM tab0 WHERE col0 BETWEEN 5 AND 3) OR col3 >= 4}).
 */
final class SemiJoinRules {
    private SemiJoinRules() {
    }

    /** Replaces Calcite's project-to-semi-join and join-to-semi-join rules in {@code planner}. */
    static void replaceIn(RelOptPlanner planner) {
        if (planner.removeRule(CoreRules.PROJECT_TO_SEMI_JOIN)) {
            planner.addRule(SemiJoinRule.ProjectToSemiJoinRule.ProjectToSemiJoinRuleConfig.DEFAULT
                    .withOperandSupplier(b -> b.operand(Project.class).oneInput(b2 -> b2.operand(Join.class)
                            .predicate(SemiJoinRules::supported)
                            .inputs(b3 -> b3.operand(RelNode.class).anyInputs(),
                                    b4 -> b4.operand(Aggregate.class).predicate(SemiJoinRules::grouped).anyInputs())))
                    .as(SemiJoinRule.ProjectToSemiJoinRule.ProjectToSemiJoinRuleConfig.class).toRule());
        }
        if (planner.removeRule(CoreRules.JOIN_TO_SEMI_JOIN)) {
            planner.addRule(SemiJoinRule.JoinToSemiJoinRule.JoinToSemiJoinRuleConfig.DEFAULT
                    .withOperandSupplier(b -> b.operand(Join.class).predicate(SemiJoinRules::supported)
                            .inputs(b3 -> b3.operand(RelNode.class).anyInputs(),
                                    b4 -> b4.operand(Aggregate.class).predicate(SemiJoinRules::grouped).anyInputs()))
                    .as(SemiJoinRule.JoinToSemiJoinRule.JoinToSemiJoinRuleConfig.class).toRule());
        }
    }

    private static boolean supported(Join join) {
        return join.getJoinType() == JoinRelType.INNER || join.getJoinType() == JoinRelType.LEFT;
    }

    private static boolean grouped(Aggregate aggregate) {
        return aggregate.getGroupCount() > 0;
    }
}
