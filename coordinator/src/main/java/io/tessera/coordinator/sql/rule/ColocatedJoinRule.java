package io.tessera.coordinator.sql.rule;

import io.tessera.common.types.PgType;
import io.tessera.coordinator.sql.fragment.BuildSide;
import io.tessera.coordinator.sql.fragment.Colocation;
import io.tessera.coordinator.sql.fragment.FragmentPlan;
import io.tessera.coordinator.sql.fragment.JoinExchanges;
import io.tessera.coordinator.sql.rel.TesseraColocatedJoin;
import java.util.List;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptRuleOperand;
import org.apache.calcite.plan.volcano.RelSubset;
import org.apache.calcite.plan.volcano.VolcanoPlanner;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rex.RexNode;

/**
 * Runs a join of co-located tables on the datanodes ({@link Colocation}): a join whose inputs are fragments
 * ({@link FragmentInputs}: scans of distributed tables, or joins already pushed) becomes a
 * {@link TesseraColocatedJoin} when its condition has at least one plain equality of columns of the same type (the
 * hash keys; SQL equality, NULL matching nothing), the rest of the condition is one a datanode evaluates (the
 * residual), and the placement of the two sides lets each datanode join its own rows. Volcano picks it by cost
 * against the coordinator's join of the gathered inputs.
 *
 * <pre>
 *   LogicalJoin(type, a.x = b.y AND residual)            TesseraColocatedJoin(Join(type, Scan(a), Scan(b),
 *     Scan(a) ...   Scan(b) ...                   ==&gt;       keys x = y, residual))
 * </pre>
 * A join that is not co-located but whose sides are fragments of partitioned tables becomes a redistributed join
 * instead ({@link JoinExchanges}: both sides hashed on a join key, or one side sent by the other's shard map, or the
 * small side broadcast, datanode to datanode), each offered and priced by the rows it moves.
 * {@link #PROJECT} and {@link #FILTER} move a column projection or a shippable filter above such a join into it, so
 * that an aggregate or a top-N above them can go to the datanodes too.
 */
public final class ColocatedJoinRule extends RelOptRule {
    /** A join, when it is registered (its inputs' logical forms). */
    public static final ColocatedJoinRule INSTANCE = new ColocatedJoinRule(operand(LogicalJoin.class, any()),
            "ColocatedJoinRule");
    /**
     * A join (logical or enumerable: Volcano offers a parent only in the convention of the child's subset) whose
     * left input became a pushed join.
     */
    public static final ColocatedJoinRule LEFT_PUSHED = new ColocatedJoinRule(operand(Join.class,
            operand(TesseraColocatedJoin.class, none()), operand(RelNode.class, any())), "ColocatedJoinRule:left");
    /** A join whose right input became a pushed join. */
    public static final ColocatedJoinRule RIGHT_PUSHED = new ColocatedJoinRule(operand(Join.class,
            operand(RelNode.class, any()), operand(TesseraColocatedJoin.class, none())), "ColocatedJoinRule:right");
    /** A projection of columns over a pushed join. */
    public static final ColocatedJoinRule PROJECT = new ColocatedJoinRule(operand(Project.class,
            operand(TesseraColocatedJoin.class, none())), "ColocatedJoinRule:project");
    /** A filter over a pushed join. */
    public static final ColocatedJoinRule FILTER = new ColocatedJoinRule(operand(Filter.class,
            operand(TesseraColocatedJoin.class, none())), "ColocatedJoinRule:filter");

    /**
     * Registers this rule's instances and the aggregate and top-N pushdowns over a pushed join with {@code planner}.
     */
    public static void addTo(org.apache.calcite.plan.RelOptPlanner planner) {
        planner.addRule(INSTANCE);
        planner.addRule(LEFT_PUSHED);
        planner.addRule(RIGHT_PUSHED);
        planner.addRule(PROJECT);
        planner.addRule(FILTER);
        planner.addRule(PartialAggregateRule.OVER_FRAGMENT);
        planner.addRule(TopNPushdownRule.OVER_FRAGMENT);
        planner.addRule(TopNPushdownRule.LIMIT_SORT_OVER_FRAGMENT);
        planner.addRule(TopNPushdownRule.LIMIT_OVER_FRAGMENT);
    }

    /** Whether {@code rel}'s input subset belongs to rel's own set. */
    private static boolean inItsInputsSet(RelNode rel) {
        RelNode input = rel.getInput(0);
        return rel.getCluster().getPlanner() instanceof VolcanoPlanner planner && input instanceof RelSubset
                && planner.getSubset(rel, input.getTraitSet()) == input;
    }

    private ColocatedJoinRule(RelOptRuleOperand operand, String description) {
        super(operand, description);
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
        RelNode rel = call.rel(0);
        if ((rel instanceof Project || rel instanceof Filter) && inItsInputsSet(rel)) {
            return; // a cycle Volcano made (a trivial project or filter merged into its input): nothing to push
        }
        if (rel instanceof Project p) {
            TesseraColocatedJoin in = call.rel(1);
            int[] refs = FragmentInputs.columns(p.getProjects());
            if (refs == null) {
                FragmentPlan computed = FragmentInputs.computed(in.plan(), p.getProjects(), p.getCluster().getRexBuilder());
                if (computed != null) {
                    call.transformTo(new TesseraColocatedJoin(p.getCluster(), computed,
                            call.getMetadataQuery().getRowCount(p), p.getRowType(), in.movedRows()));
                }
                return;
            }
            FragmentPlan plan = in.plan();
            List<RexNode> exprs = p.getProjects();
            if (plan instanceof FragmentPlan.Project below) { // compose: one projection of columns
                List<RexNode> composed = new java.util.ArrayList<>();
                for (int r : refs) {
                    composed.add(below.exprs().get(r));
                }
                plan = below.input();
                exprs = composed;
            }
            call.transformTo(new TesseraColocatedJoin(p.getCluster(), new FragmentPlan.Project(plan, exprs),
                    call.getMetadataQuery().getRowCount(p), p.getRowType(), in.movedRows()));
            return;
        }
        if (rel instanceof Filter f) {
            TesseraColocatedJoin in = call.rel(1);
            if (in.plan() instanceof FragmentPlan.Filter below && below.condition().equals(f.getCondition())) {
                return;
            }
            if (FragmentPlan.shippable(f.getCondition(), in.plan().types().size(), f.getCluster().getRexBuilder())) {
                call.transformTo(new TesseraColocatedJoin(f.getCluster(),
                        new FragmentPlan.Filter(in.plan(), f.getCondition()), call.getMetadataQuery().getRowCount(f),
                        f.getRowType(), in.movedRows()));
            }
            return;
        }
        Join join = (Join) rel;
        JoinRelType type = join.getJoinType();
        if (!List.of(JoinRelType.INNER, JoinRelType.LEFT, JoinRelType.RIGHT, JoinRelType.FULL, JoinRelType.SEMI,
                JoinRelType.ANTI).contains(type) || !join.getVariablesSet().isEmpty()) {
            return;
        }
        FragmentPlan left = FragmentInputs.joinInput(join.getLeft());
        FragmentPlan right = left == null ? null : FragmentInputs.joinInput(join.getRight());
        if (right == null) {
            return;
        }
        JoinInfo info = JoinInfo.of(join.getLeft(), join.getRight(), join.getCondition());
        if (info.leftKeys.isEmpty() || info.nullExclusionFlags.contains(false)) {
            return;
        }
        List<PgType> lt = left.types();
        List<PgType> rt = right.types();
        int[] leftKeys = info.leftKeys.toIntArray();
        int[] rightKeys = info.rightKeys.toIntArray();
        for (int i = 0; i < leftKeys.length; i++) {
            if (lt.get(leftKeys[i]) != rt.get(rightKeys[i])) {
                return; // the executor compares keys of one type
            }
        }
        RexNode residual = info.getRemaining(join.getCluster().getRexBuilder());
        if (residual.isAlwaysTrue()) {
            residual = null;
        } else if (!FragmentPlan.shippable(residual, lt.size() + rt.size(), join.getCluster().getRexBuilder())) {
            return;
        }
        double rows = call.getMetadataQuery().getRowCount(join);
        if (Colocation.join(Colocation.layout(left), Colocation.layout(right), lt.size(), type, leftKeys,
                rightKeys) == null) {
            // not co-located: move rows datanode to datanode (JoinExchanges: both sides hashed, one side by the
            // other's shard map, or a small side broadcast), each shape priced by the rows it moves
            double leftRows = call.getMetadataQuery().getRowCount(join.getLeft());
            double rightRows = call.getMetadataQuery().getRowCount(join.getRight());
            for (FragmentPlan.Join moved : JoinExchanges.plans(left, right, type, leftKeys, rightKeys, residual)) {
                double movedRows = JoinExchanges.movedRows(moved, leftRows, rightRows,
                        Colocation.nodes(moved).size());
                call.transformTo(new TesseraColocatedJoin(join.getCluster(),
                        BuildSide.choose(moved, leftRows, rightRows, fieldTypes(join)), rows, join.getRowType(),
                        movedRows));
            }
            return;
        }
        FragmentPlan.Join plan = new FragmentPlan.Join(left, right, type, leftKeys, rightKeys, residual);
        double leftRows = call.getMetadataQuery().getRowCount(join.getLeft());
        double rightRows = call.getMetadataQuery().getRowCount(join.getRight());
        call.transformTo(new TesseraColocatedJoin(join.getCluster(),
                BuildSide.choose(plan, leftRows, rightRows, fieldTypes(join)), rows, join.getRowType()));
    }

    /** The join's output column types, left's then right's. */
    private static List<org.apache.calcite.rel.type.RelDataType> fieldTypes(Join join) {
        List<org.apache.calcite.rel.type.RelDataType> out = new java.util.ArrayList<>();
        join.getRowType().getFieldList().forEach(f -> out.add(f.getType()));
        return out;
    }
}
