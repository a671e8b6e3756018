package io.tessera.coordinator.sql.rule;

import io.tessera.common.types.PgType;
import io.tessera.coordinator.catalog.Distribution;
import io.tessera.coordinator.sql.TypeMapping;
import io.tessera.coordinator.sql.exec.RexToExpr;
import io.tessera.coordinator.sql.exec.Router;
import io.tessera.coordinator.sql.fragment.FragmentPlan;
import io.tessera.coordinator.sql.rel.TesseraFinalAggregate;
import io.tessera.coordinator.sql.rel.TesseraColocatedJoin;
import io.tessera.coordinator.sql.rel.TesseraPartialAggregate;
import io.tessera.coordinator.sql.schema.TesseraTable;
import java.util.List;
import java.util.Set;
import org.apache.calcite.interpreter.Bindables;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptRuleOperand;
import org.apache.calcite.adapter.enumerable.EnumerableInterpreter;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.volcano.RelSubset;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.logical.LogicalTableScan;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;

/**
 * Pushes an aggregation over a scan of a distributed table to the datanodes:
 * <pre>
 *   Aggregate(group, calls)                          TesseraFinalAggregate               (coordinator: merge)
 *     TableScan / BindableTableScan(t, filters)  ==&gt;    TesseraPartialAggregate(t, ...)   (datanodes: scan, filter,
 *                                                                                          partial hash aggregate)
 * </pre>
 * or, when every group lives on one datanode (GROUP BY containing the distribution column of a hash, modulo or
 * shard table; any aggregate of a replicated table, which is read from one node), just the
 * {@code TesseraPartialAggregate} in its complete phase.
 *
 * <p>It applies when every filter is one datanodes evaluate ({@link RexToExpr}) and every call is COUNT, SUM, MIN,
 * MAX (bool_and/bool_or are MIN/MAX), AVG, array_agg or string_agg of text without FILTER, over types the executor
 * aggregates; an avg is always merged on the coordinator, whose final division is PostgreSQL's numeric division, and
 * so are array_agg and string_agg, whose datanode states are concatenated in the order they arrive (PostgreSQL's
 * order without ORDER BY is the input's, which no plan of a distributed table fixes). An ordered or DISTINCT
 * array_agg / string_agg ({@code string_agg(s, ',' ORDER BY k)}, {@code array_agg(DISTINCT x ORDER BY x)}) is
 * partial too: each datanode sends its values sorted with their keys, and the merge sorts the runs again.
 * Calcite's reduced form of avg (SUM and COUNT) matches too, but costs more. Volcano then picks
 * the pushed form by cost (see {@link TesseraPartialAggregate#computeSelfCost}).
 */
public final class PartialAggregateRule extends RelOptRule {
    /** An aggregate straight over a scan without pushed filters or projections. */
    public static final PartialAggregateRule INSTANCE = new PartialAggregateRule(
            operand(Aggregate.class, operand(TableScan.class, none())), "PartialAggregateRule");
    /**
     * An aggregate over a scan with pushed filters or projections: Calcite keeps those scans in the bindable
     * convention, reached from the enumerable aggregate through an interpreter.
     */
    public static final PartialAggregateRule INTERPRETED = new PartialAggregateRule(
            operand(Aggregate.class, operand(EnumerableInterpreter.class, operand(TableScan.class, none()))),
            "PartialAggregateRule:interpreted");

    private static final Set<PgType> SUMMABLE = Set.of(PgType.INT2, PgType.INT4, PgType.INT8, PgType.NUMERIC,
            PgType.FLOAT4, PgType.FLOAT8);
    private static final Set<PgType> UNORDERED = Set.of(PgType.JSON, PgType.JSONB);
    private static final Set<SqlKind> MERGED = Set.of(SqlKind.AVG, SqlKind.ARRAY_AGG, SqlKind.STRING_AGG);
    /** string_agg's text arguments (bytea's string_agg stays on the coordinator). */
    private static final Set<PgType> TEXTS = Set.of(PgType.TEXT, PgType.VARCHAR);

    /**
     * An aggregate over {@code [Project of columns] [Filter]} over a scan, matched while those are still logical:
     * Calcite's {@code AggregateReduceFunctionsRule} prunes an aggregate with avg once it has reduced it, before the
     * scans with pushed filters exist, so this is the form in which such an aggregate can be pushed whole.
     */
    public static final PartialAggregateRule LOGICAL = new PartialAggregateRule(
            operand(Aggregate.class, operand(RelNode.class, any())), "PartialAggregateRule:logical");

    /**
     * An aggregate over a co-located join ({@link TesseraColocatedJoin}): partial on every datanode that runs the
     * join, merged on the coordinator.
     */
    public static final PartialAggregateRule OVER_FRAGMENT = new PartialAggregateRule(
            operand(Aggregate.class, operand(TesseraColocatedJoin.class, none())), "PartialAggregateRule:fragment");

    private PartialAggregateRule(RelOptRuleOperand operand, String description) {
        super(operand, description);
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
        Aggregate agg = call.rel(0);
        if (this == OVER_FRAGMENT) {
            TesseraColocatedJoin join = call.rel(1);
            if (agg.getGroupType() != Aggregate.Group.SIMPLE) {
                return;
            }
            List<PgType> types = join.plan().types();
            for (AggregateCall c : agg.getAggCallList()) {
                if (!supported(c, join.getRowType(), null, types, null)) {
                    return;
                }
            }
            TesseraPartialAggregate partial = new TesseraPartialAggregate(agg.getCluster(),
                    FragmentInputs.cheapest(join).plan(),
                    call.getMetadataQuery().getRowCount(join), agg.getGroupSet(), agg.getAggCallList(),
                    agg.getRowType());
            call.transformTo(new TesseraFinalAggregate(partial));
            return;
        }
        List<RexNode> filters = List.of();
        int[] projects = null;
        TableScan scan;
        if (this == LOGICAL) {
            RelNode in = call.rel(1);
            if (in instanceof Project p) {
                projects = FragmentInputs.columns(p.getProjects());
                if (projects == null) {
                    pushOverComputedProject(call, agg, p);
                    return;
                }
                in = original(p.getInput());
            }
            if (in instanceof Filter f) {
                filters = RelOptUtil.conjunctions(f.getCondition());
                in = original(f.getInput());
            }
            if (!(in instanceof LogicalTableScan s) || in == call.rel(1)) {
                return; // a bare scan is INSTANCE's
            }
            scan = s;
        } else {
            scan = call.rel(call.rels.length - 1);
        }
        TesseraTable table = scan.getTable().unwrap(TesseraTable.class);
        if (table == null || agg.getGroupType() != Aggregate.Group.SIMPLE) {
            return;
        }
        if (this == LOGICAL) {
            // projects and filters are set above
        } else if (scan instanceof Bindables.BindableTableScan b) {
            filters = b.filters;
            projects = b.projects.toIntArray();
        } else if (!scan.getClass().equals(LogicalTableScan.class)) {
            return;
        }
        int stored = table.def().columns().size();
        RexBuilder rexBuilder = scan.getCluster().getRexBuilder();
        RexToExpr translator = new RexToExpr(stored, param -> null);
        for (RexNode f : filters) {
            if (translator.translate(RexUtil.expandSearch(rexBuilder, null, f)) == null) {
                return;
            }
        }
        List<PgType> rowTypes = table.rowTypes();
        for (AggregateCall c : agg.getAggCallList()) {
            if (!supported(c, scan.getRowType(), projects, rowTypes, null)) {
                return;
            }
        }
        // the datanodes' rows carry states, not results, for avg (a sum and a count) and the concatenating
        // aggregates (an encoded array, a text with its first delimiter): those are always merged
        boolean merged = agg.getAggCallList().stream().anyMatch(c -> MERGED.contains(TesseraPartialAggregate.kind(c)));
        boolean complete = !merged
                && (table.def().distribution().replicated() || groupsByDistributionColumn(agg, table, projects));
        TesseraPartialAggregate partial = new TesseraPartialAggregate(agg.getCluster(), scan.getTable(), table,
                filters, projects, agg.getGroupSet(), agg.getAggCallList(), complete, agg.getRowType());
        call.transformTo(complete ? partial : new TesseraFinalAggregate(partial));
    }

    /**
     * An aggregate over a projection that computes (TPC-H Q1's {@code sum(l_extendedprice * (1 - l_discount))}): when
     * the projection's input is a fragment the datanodes run ({@link FragmentInputs}: a scan with its shippable
     * filters, or a pushed join) and every expression is one a datanode evaluates the same way ({@link RexToExpr}),
     * the projection joins the fragment and the aggregation is partial on the datanodes over its rows:
     * <pre>
     *   Aggregate(sum($0))                         TesseraFinalAggregate
     *     Project($1 * (1 - $2))         ==&gt;        TesseraPartialAggregate(Project(Scan(t, filters), exprs))
     *       Filter / Scan(t)
     * </pre>
     */
    private static void pushOverComputedProject(RelOptRuleCall call, Aggregate agg, Project project) {
        if (agg.getGroupType() != Aggregate.Group.SIMPLE) {
            return;
        }
        FragmentPlan below = FragmentInputs.of(project.getInput());
        if (below == null) {
            return;
        }
        FragmentPlan plan = FragmentInputs.computed(below, project.getProjects(), project.getCluster().getRexBuilder());
        if (plan == null) {
            return;
        }
        List<PgType> types = plan.types();
        for (AggregateCall c : agg.getAggCallList()) {
            if (!supported(c, project.getRowType(), null, types, project.getProjects())) {
                return;
            }
        }
        TesseraPartialAggregate partial = new TesseraPartialAggregate(agg.getCluster(), plan,
                call.getMetadataQuery().getRowCount(project), agg.getGroupSet(), agg.getAggCallList(),
                agg.getRowType());
        call.transformTo(new TesseraFinalAggregate(partial));
    }

    private static RelNode original(RelNode rel) {
        return rel instanceof RelSubset s ? s.getOriginal() : rel;
    }

    /**
     * Whether the datanodes can compute {@code c} as a partial aggregate.
     *
     * @param exprs the expressions of the aggregate's input row when it is a computed projection, else null:
     *     string_agg is pushed only with a literal delimiter, because the coordinator's string_agg (Calcite's) and
     *     the executor's (PostgreSQL's) differ for NULL and char(n) delimiters, and results must not depend on
     *     where the aggregate runs
     */
    private static boolean supported(AggregateCall c, RelDataType input, int[] projects, List<PgType> rowTypes,
            List<RexNode> exprs) {
        if (c.isApproximate() || c.filterArg >= 0 || c.ignoreNulls()) {
            return false;
        }
        SqlKind kind = TesseraPartialAggregate.kind(c);
        if ((c.isDistinct() || !c.getCollation().getFieldCollations().isEmpty())
                && !orderedSupported(c, kind, projects, rowTypes)) {
            return false;
        }
        if (kind == SqlKind.COUNT) {
            return c.getArgList().size() <= 1;
        }
        if (kind == SqlKind.STRING_AGG && c.getArgList().size() == 2) {
            PgType value = rowTypes.get(projects == null ? c.getArgList().get(0) : projects[c.getArgList().get(0)]);
            RexNode delimiter = exprs == null ? null : exprs.get(c.getArgList().get(1));
            return TEXTS.contains(value) && delimiter != null && RexUtil.isLiteral(delimiter, true)
                    && !RexUtil.isNullLiteral(delimiter, true);
        }
        if (c.getArgList().size() != 1) {
            return false;
        }
        int arg = c.getArgList().get(0);
        PgType argType = rowTypes.get(projects == null ? arg : projects[arg]);
        return switch (kind) {
            case MIN, MAX, ARRAY_AGG -> !UNORDERED.contains(argType);
            case AVG -> SUMMABLE.contains(argType);
            case SUM, SUM0 -> SUMMABLE.contains(argType) && resultType(c) != null && SUMMABLE.contains(resultType(c));
            default -> false;
        };
    }

    /**
     * Whether an ordered or DISTINCT call ({@code array_agg(x ORDER BY k)}, {@code string_agg(DISTINCT s, ','
     * ORDER BY s)}) can be partial: array_agg or string_agg, sort keys of types the executor orders as PostgreSQL
     * does, and for DISTINCT keys among the call's arguments (so repeats sort next to each other).
     */
    private static boolean orderedSupported(AggregateCall c, SqlKind kind, int[] projects, List<PgType> rowTypes) {
        if (kind != SqlKind.ARRAY_AGG && kind != SqlKind.STRING_AGG) {
            return false;
        }
        for (var fc : c.getCollation().getFieldCollations()) {
            int k = fc.getFieldIndex();
            if (UNORDERED.contains(rowTypes.get(projects == null ? k : projects[k]))
                    || (c.isDistinct() && !c.getArgList().contains(k))) {
                return false;
            }
        }
        return !c.isDistinct() || !c.getCollation().getFieldCollations().isEmpty();
    }

    private static PgType resultType(AggregateCall c) {
        try {
            return TypeMapping.toPgType(c.getType());
        } catch (RuntimeException unsupported) {
            return null;
        }
    }

    /** Whether the group keys contain the column hash, modulo and shard tables are distributed by. */
    private static boolean groupsByDistributionColumn(Aggregate agg, TesseraTable table, int[] projects) {
        Distribution.Kind kind = table.def().distribution().kind();
        int dist = new Router(table.def()).distributionColumn();
        if (dist < 0 || !(kind == Distribution.Kind.HASH || kind == Distribution.Kind.MODULO
                || kind == Distribution.Kind.SHARD)) {
            return false;
        }
        for (int k : agg.getGroupSet()) {
            if ((projects == null ? k : projects[k]) == dist) {
                return true;
            }
        }
        return false;
    }
}
