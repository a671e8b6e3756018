package io.tessera.coordinator.sql.rule;

import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.rel.RelNode;

/** One heuristic (Hep) pass of a few rules over a logical plan, as the planner's rewrites before cost-based search. */
final class HepRewrite {
    private HepRewrite() {
    }

    /**
     * {@code rel} with {@code rules} applied until none matches (Calcite's HepPlanner, its default match order).
     *
     * @param rel the plan to rewrite; not changed
     * @param rules the rules, tried in this order at each node
     * @return the rewritten plan ({@code rel} itself when no rule matched)
     */
    static RelNode apply(RelNode rel, RelOptRule... rules) {
        HepProgramBuilder program = new HepProgramBuilder();
        for (RelOptRule rule : rules) {
            program.addRuleInstance(rule);
        }
        HepPlanner hep = new HepPlanner(program.build());
        hep.setRoot(rel);
        return hep.findBestExp();
    }
}
