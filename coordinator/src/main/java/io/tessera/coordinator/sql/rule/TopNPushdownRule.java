package io.tessera.coordinator.sql.rule;

import org.apache.calcite.adapter.enumerable.EnumerableLimit;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelCollations;
import io.tessera.coordinator.sql.rel.TesseraColocatedJoin;
import io.tessera.common.types.PgType;
import io.tessera.coordinator.sql.exec.RexToExpr;
import io.tessera.coordinator.sql.fragment.FragmentPlan;
import io.tessera.coordinator.sql.rel.TesseraTopN;
import io.tessera.coordinator.sql.schema.TesseraTable;
import java.util.List;
import java.util.Set;
import org.apache.calcite.adapter.enumerable.EnumerableInterpreter;
import org.apache.calcite.interpreter.Bindables;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.volcano.RelSubset;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.logical.LogicalSort;
import org.apache.calcite.rel.logical.LogicalTableScan;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;

/**
 * Pushes {@code ORDER BY ... LIMIT n [OFFSET m]} and a bare {@code LIMIT n [OFFSET m]} over one distributed table to
 * its datanodes:
 * <pre>
 *   Sort(keys, offset, fetch)                                 TesseraTopN(t, filters, projects, keys, offset, fetch)
 *     [Project of columns] [Filter] TableScan(t)        ==&gt;
 *     EnumerableInterpreter(BindableTableScan(t, filters, projects))
 * </pre>
 * It applies when there is a LIMIT (a literal or a parameter), every filter is one datanodes evaluate
 * ({@link RexToExpr}), the projection keeps columns (or computes what the datanodes evaluate: then the top-N runs over
 * that fragment, {@link FragmentInputs}), and every sort key has a type whose order the executor
 * reproduces exactly ({@link #ORDERABLE}: not bpchar, whose comparison ignores trailing blanks, nor bytea, json or
 * jsonb). Volcano picks the pushed form by cost ({@link TesseraTopN#computeSelfCost}).
 */
public final class TopNPushdownRule extends RelOptRule {
    public static final TopNPushdownRule INSTANCE = new TopNPushdownRule(operand(LogicalSort.class, any()),
            "TopNPushdownRule");
    /** A top-N over a co-located join ({@link TesseraColocatedJoin}): on every datanode that runs the join. */
    public static final TopNPushdownRule OVER_FRAGMENT = new TopNPushdownRule(
            operand(org.apache.calcite.rel.core.Sort.class, operand(TesseraColocatedJoin.class, none())),
            "TopNPushdownRule:fragment");
    /** The enumerable form of ORDER BY ... LIMIT over a co-located join: a Limit over a Sort without a fetch. */
    public static final TopNPushdownRule LIMIT_SORT_OVER_FRAGMENT = new TopNPushdownRule(
            operand(EnumerableLimit.class, operand(org.apache.calcite.rel.core.Sort.class,
                    operand(TesseraColocatedJoin.class, none()))), "TopNPushdownRule:fragment-limit-sort");
    /** A bare LIMIT over a co-located join. */
    public static final TopNPushdownRule LIMIT_OVER_FRAGMENT = new TopNPushdownRule(
            operand(EnumerableLimit.class, operand(TesseraColocatedJoin.class, none())),
            "TopNPushdownRule:fragment-limit");

    /** Types whose PostgreSQL order {@code Values.compare} reproduces (text in the "C" collation). */
    static final Set<PgType> ORDERABLE = Set.of(PgType.BOOL, PgType.INT2, PgType.INT4, PgType.INT8, PgType.OID,
            PgType.FLOAT4, PgType.FLOAT8, PgType.NUMERIC, PgType.TEXT, PgType.VARCHAR, PgType.NAME, PgType.DATE,
            PgType.TIMESTAMP, PgType.TIMESTAMPTZ);

    private TopNPushdownRule(org.apache.calcite.plan.RelOptRuleOperand operand, String description) {
        super(operand, description);
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
        if (this == LIMIT_SORT_OVER_FRAGMENT || this == LIMIT_OVER_FRAGMENT) {
            EnumerableLimit limit = call.rel(0);
            RelCollation collation = RelCollations.EMPTY;
            if (this == LIMIT_SORT_OVER_FRAGMENT) {
                org.apache.calcite.rel.core.Sort sort = call.rel(1);
                if (sort.fetch != null || sort.offset != null) {
                    return;
                }
                collation = sort.getCollation();
            }
            TesseraColocatedJoin join = call.rel(call.rels.length - 1);
            if (limit.fetch == null || !isCount(limit.fetch) || (limit.offset != null && !isCount(limit.offset))
                    || !orderable(collation, join.plan().types())) {
                return;
            }
            call.transformTo(new TesseraTopN(limit.getCluster(), FragmentInputs.cheapest(join).plan(), call.getMetadataQuery().getRowCount(join),
                    collation, limit.offset, limit.fetch, limit.getRowType()));
            return;
        }
        org.apache.calcite.rel.core.Sort sort = call.rel(0);
        if (sort.fetch == null || !isCount(sort.fetch) || (sort.offset != null && !isCount(sort.offset))) {
            return;
        }
        if (this == OVER_FRAGMENT) {
            TesseraColocatedJoin join = call.rel(1);
            if (!orderable(sort.getCollation(), join.plan().types())) {
                return;
            }
            call.transformTo(new TesseraTopN(sort.getCluster(), FragmentInputs.cheapest(join).plan(), call.getMetadataQuery().getRowCount(join),
                    sort.getCollation(), sort.offset, sort.fetch, sort.getRowType()));
            return;
        }
        if (!pushOverTable(call, sort) && original(sort.getInput()) instanceof Project p
                && FragmentInputs.columns(p.getProjects()) == null) {
            // computed sort keys or columns (ORDER BY a + b LIMIT n): over the fragment computing them (the table
            // form stays the one for columns, which EXPLAIN names as PostgreSQL does)
            FragmentPlan plan = FragmentInputs.of(sort.getInput());
            if (plan != null && orderable(sort.getCollation(), plan.types())) {
                call.transformTo(new TesseraTopN(sort.getCluster(), plan,
                        call.getMetadataQuery().getRowCount(sort.getInput()), sort.getCollation(), sort.offset,
                        sort.fetch, sort.getRowType()));
            }
        }
    }

    /**
     * The top-N over a table scan with column projections and pushed filters ({@link TesseraTopN}'s table form);
     * false when the input has another shape.
     */
    private static boolean pushOverTable(RelOptRuleCall call, org.apache.calcite.rel.core.Sort sort) {
        RelNode in = original(sort.getInput());
        int[] projects = null;
        List<RexNode> filters = List.of();
        if (in instanceof Project p) {
            projects = FragmentInputs.columns(p.getProjects());
            if (projects == null) {
                return false;
            }
            in = original(p.getInput());
        }
        if (in instanceof Filter f) {
            filters = RelOptUtil.conjunctions(f.getCondition());
            in = original(f.getInput());
        }
        if (in instanceof EnumerableInterpreter interp) {
            in = original(interp.getInput());
        }
        if (in instanceof Bindables.BindableTableScan b) {
            if (!filters.isEmpty()) {
                return false; // a Filter over a scan with its own: their column numbering differs, left to other forms
            }
            filters = b.filters;
            int[] inner = b.projects.toIntArray();
            if (projects == null) {
                projects = inner;
            } else {
                int[] composed = new int[projects.length];
                for (int i = 0; i < projects.length; i++) {
                    composed[i] = inner[projects[i]];
                }
                projects = composed;
            }
        } else if (in == null || !in.getClass().equals(LogicalTableScan.class)) {
            return false;
        }
        TesseraTable table = in.getTable() == null ? null : in.getTable().unwrap(TesseraTable.class);
        if (table == null) {
            return false;
        }
        RexBuilder rexBuilder = sort.getCluster().getRexBuilder();
        RexToExpr translator = new RexToExpr(table.def().columns().size(), param -> null);
        for (RexNode f : filters) {
            if (translator.translate(RexUtil.expandSearch(rexBuilder, null, f)) == null) {
                return false;
            }
        }
        List<PgType> rowTypes = table.rowTypes();
        for (RelFieldCollation c : sort.getCollation().getFieldCollations()) {
            int col = projects == null ? c.getFieldIndex() : projects[c.getFieldIndex()];
            if (!ORDERABLE.contains(rowTypes.get(col))
                    || (c.getDirection() != RelFieldCollation.Direction.ASCENDING
                    && c.getDirection() != RelFieldCollation.Direction.DESCENDING)) {
                return false;
            }
        }
        call.transformTo(new TesseraTopN(sort.getCluster(), in.getTable(), table, filters, projects,
                sort.getCollation(), sort.offset, sort.fetch, sort.getRowType()));
        return true;
    }

    /** Whether every key has a type and direction the executor sorts exactly as PostgreSQL does. */
    private static boolean orderable(RelCollation collation, List<PgType> types) {
        for (RelFieldCollation c : collation.getFieldCollations()) {
            if (!ORDERABLE.contains(types.get(c.getFieldIndex()))
                    || (c.getDirection() != RelFieldCollation.Direction.ASCENDING
                    && c.getDirection() != RelFieldCollation.Direction.DESCENDING)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isCount(RexNode n) {
        return n instanceof RexLiteral || n instanceof RexDynamicParam;
    }

    private static RelNode original(RelNode rel) {
        return rel instanceof RelSubset s ? s.getOriginal() : rel;
    }
}
