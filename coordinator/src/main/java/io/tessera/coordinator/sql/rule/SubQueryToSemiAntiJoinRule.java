package io.tessera.coordinator.sql.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.CorrelationId;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexCorrelVariable;
import org.apache.calcite.rex.RexFieldAccess;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.tools.RelBuilder;

/**
 * Turns the WHERE clause's sub-queries into semi and anti joins before Calcite's own sub-query removal, so that they
 * reach {@link ColocatedJoinRule} as plain joins and run on the datanodes (co-located, redistributed or with the
 * subquery's side broadcast) instead of as Calcite's decorrelated left join, aggregate and {@code IS NULL} filter on
 * the coordinator. Only top-level conjuncts of a filter are rewritten (where FALSE and UNKNOWN both drop the row):
 * <pre>
 *   EXISTS (SELECT .. FROM r WHERE r.c = outer.x AND p)       SEMI join (outer, r) ON outer.x = r.c AND p
 *   NOT EXISTS (same)                                          ANTI join (outer, r) ON outer.x = r.c AND p
 *   x IN (SELECT c FROM r ...)          (uncorrelated)         SEMI join (outer, sub) ON x = sub.c
 *   x NOT IN (SELECT c FROM r ...)      (uncorrelated)         see below
 * </pre>
 * A correlated sub-query qualifies when it is projections over one filter whose condition holds the correlation, with
 * nothing below it correlated; the conjuncts of that condition become the join condition (an EXISTS ignores the
 * select list, so the projections are dropped).
 *
 * <p>NOT IN keeps SQL's NULL rules (PostgreSQL's {@code NOT (x = ANY (sub))}): TRUE when the sub-query is empty, even
 * for a NULL x; otherwise UNKNOWN — the row is dropped — when x is NULL or the sub-query holds a NULL; otherwise
 * TRUE exactly when no row equals x. An anti join alone returns every row without an equal partner, so it is
 * completed by the sub-query's {@code count(*)} and {@code count(c)} (one row, aggregated on the datanodes):
 * <pre>
 *   Project(outer columns)
 *     Filter(c = 0 OR (ck = c AND x IS NOT NULL))
 *       Join(INNER, true)
 *         Join(ANTI, outer, sub) ON x = sub.c          every outer row when sub is empty
 *         Aggregate(count(*) AS c, count(sub.c) AS ck) over sub
 * </pre>
 * When neither x nor the sub-query's column can be NULL, the anti join is the answer. Multi-column NOT IN and
 * anything else are left to Calcite.
 */
public final class SubQueryToSemiAntiJoinRule extends RelOptRule {
    public static final SubQueryToSemiAntiJoinRule INSTANCE = new SubQueryToSemiAntiJoinRule();

    private SubQueryToSemiAntiJoinRule() {
        super(operand(LogicalFilter.class, null, f -> RexUtil.SubQueryFinder.find(f.getCondition()) != null, any()),
                "SubQueryToSemiAntiJoinRule");
    }

    /**
     * Keeps anti joins off Calcite's merge join in {@code planner}: its {@code EnumerableMergeJoin} drops the left
     * rows whose key is NULL from an anti join (they have no match, so NOT EXISTS returns them: found by the corpus'
     * replicated table, whose anti join runs on the coordinator). Anti joins there are hash or nested-loop joins.
     */
    public static void keepAntiJoinsOffMergeJoins(org.apache.calcite.plan.RelOptPlanner planner) {
        RelOptRule merge = org.apache.calcite.adapter.enumerable.EnumerableRules.ENUMERABLE_MERGE_JOIN_RULE;
        if (planner.removeRule(merge)) {
            planner.addRule(((org.apache.calcite.rel.convert.ConverterRule) merge).config
                    .withConversion(org.apache.calcite.rel.logical.LogicalJoin.class,
                            j -> j.getJoinType() != JoinRelType.ANTI, org.apache.calcite.plan.Convention.NONE,
                            org.apache.calcite.adapter.enumerable.EnumerableConvention.INSTANCE,
                            "EnumerableMergeJoinRule:notAnti")
                    .toRule());
        }
    }

    /** {@code rel} with the sub-queries this rule handles replaced by semi and anti joins (a HepPlanner pass). */
    public static RelNode rewrite(RelNode rel) {
        return HepRewrite.apply(rel, INSTANCE);
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
        LogicalFilter filter = call.rel(0);
        List<RexNode> conjuncts = RelOptUtil.conjunctions(filter.getCondition());
        RelBuilder b = call.builder();
        RelNode input = filter.getInput();
        int width = input.getRowType().getFieldCount();
        b.push(input);
        List<RexNode> plain = new ArrayList<>();
        List<RexNode> withSubQuery = new ArrayList<>();
        for (RexNode c : conjuncts) {
            (RexUtil.SubQueryFinder.find(c) == null ? plain : withSubQuery).add(c);
        }
        if (!plain.isEmpty()) { // filter first, join the rows that pass (the conjuncts commute)
            b.filter(filter.getVariablesSet(), plain);
        }
        List<RexNode> rest = new ArrayList<>();
        boolean changed = false;
        for (RexNode c : withSubQuery) {
            if (rewrite(c, filter.getVariablesSet(), width, b)) {
                changed = true;
            } else {
                rest.add(c);
            }
        }
        if (!changed) {
            return;
        }
        // the joins keep the input's columns first, so the other conjuncts still refer to them
        if (!rest.isEmpty()) {
            b.filter(filter.getVariablesSet(), rest);
        }
        b.project(b.fields().subList(0, width));
        call.transformTo(b.build());
    }

    /** Replaces the input on top of {@code b} by its join with the sub-query of {@code c}; false when not handled. */
    private static boolean rewrite(RexNode c, Set<CorrelationId> variables, int width, RelBuilder b) {
        boolean not = c.getKind() == SqlKind.NOT;
        RexNode inner = not ? ((RexCall) c).getOperands().get(0) : c;
        if (!(inner instanceof RexSubQuery sub)) {
            return false;
        }
        RexBuilder rex = b.getRexBuilder();
        if (sub.getKind() == SqlKind.EXISTS) {
            RelNode r = sub.rel;
            while (r instanceof LogicalProject) {
                r = r.getInput(0);
            }
            if (!(r instanceof LogicalFilter f) || f.getVariablesSet().size() > 0
                    || !RelOptUtil.getVariablesUsed(f.getInput()).isEmpty()) {
                return false;
            }
            Set<CorrelationId> used = RelOptUtil.getVariablesUsed(f);
            if (used.isEmpty() || !variables.containsAll(used)) {
                return false; // uncorrelated: Calcite's rewrite is a cheap cross join with one row
            }
            int[] ok = {1};
            RexNode condition = f.getCondition().accept(new RexShuttle() {
                @Override
                public RexNode visitInputRef(RexInputRef ref) {
                    return new RexInputRef(ref.getIndex() + width, ref.getType());
                }

                @Override
                public RexNode visitFieldAccess(RexFieldAccess access) {
                    if (access.getReferenceExpr() instanceof RexCorrelVariable v && used.contains(v.id)) {
                        return new RexInputRef(access.getField().getIndex(), access.getType());
                    }
                    ok[0] = 0;
                    return access;
                }

                @Override
                public RexNode visitSubQuery(RexSubQuery subQuery) {
                    ok[0] = 0;
                    return subQuery;
                }
            });
            if (ok[0] == 0) {
                return false;
            }
            b.push(f.getInput());
            b.join(not ? JoinRelType.ANTI : JoinRelType.SEMI, condition);
            return true;
        }
        if (sub.getKind() != SqlKind.IN || !RelOptUtil.getVariablesUsed(sub.rel).isEmpty()
                || sub.getOperands().size() != sub.rel.getRowType().getFieldCount()
                || (not && sub.getOperands().size() != 1)) {
            return false;
        }
        List<RexNode> equal = new ArrayList<>();
        for (int i = 0; i < sub.getOperands().size(); i++) {
            equal.add(rex.makeCall(org.apache.calcite.sql.fun.SqlStdOperatorTable.EQUALS, sub.getOperands().get(i),
                    new RexInputRef(width + i, sub.rel.getRowType().getFieldList().get(i).getType())));
        }
        b.push(sub.rel);
        b.join(not ? JoinRelType.ANTI : JoinRelType.SEMI, RexUtil.composeConjunction(rex, equal));
        if (!not) {
            return true;
        }
        RexNode x = sub.getOperands().get(0);
        if (!x.getType().isNullable() && !sub.rel.getRowType().getFieldList().get(0).getType().isNullable()) {
            return true;
        }
        b.push(sub.rel);
        b.aggregate(b.groupKey(), b.count(false, "c"), b.count(false, "ck", b.field(0)));
        b.join(JoinRelType.INNER, b.literal(true));
        int outWidth = b.peek().getRowType().getFieldCount();
        RexNode count = b.field(outWidth - 2);
        RexNode countNotNull = b.field(outWidth - 1);
        b.filter(b.or(b.equals(count, b.literal(0)),
                b.and(b.equals(countNotNull, count), b.isNotNull(x))));
        b.project(b.fields().subList(0, outWidth - 2));
        return true;
    }
}
