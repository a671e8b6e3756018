package io.tessera.coordinator.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexExecutor;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The planner's constant reduction ({@code RexSimplify}, {@code ReduceExpressionsRule}), except for expressions in
 * which Calcite's own code would compute on a timestamp or a time. The planner's timestamp constants hold the
 * engine's microseconds (docs/architecture.md, "Timestamps and times: microseconds"), and Tessera's runtime
 * functions ({@code PgRuntime}, the {@code tessera_*} functions: user-defined functions to Calcite) compute in them;
 * Calcite's generated code for its built-in operators takes a timestamp's long for milliseconds. Reduced by Calcite,
 * {@code CAST(DATE '2020-01-01' AS TIMESTAMP)} — what the implicit cast of {@code coalesce(date, timestamp)} and of
 * {@code CASE WHEN true THEN date ELSE timestamp END} simplifies to — became a constant of 1577836800000, which the
 * engine read as microseconds (1970-01-19 06:17:16.8). Such an expression stays as it is, and {@code PgRexRewriter}
 * turns its operators into the runtime's, whose constants are folded in the engine's unit.
 *
 * <p>An expression is left alone when it holds a call with a timestamp or time among its operand or result types:
 * the runtime's calls too, since {@code RexExecutorImpl} hands their Long to a {@code TimestampString} as
 * milliseconds, which garbles years past 9999 (the micros of 2020 made the constant {@code 1970-10-19 16:00:00}).
 */
final class EngineUnitExecutor implements RexExecutor {
    private static final Set<SqlTypeName> UNIT_TYPES = Set.of(SqlTypeName.TIMESTAMP,
            SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE, SqlTypeName.TIMESTAMP_TZ, SqlTypeName.TIME,
            SqlTypeName.TIME_WITH_LOCAL_TIME_ZONE, SqlTypeName.TIME_TZ);
    private final RexExecutor delegate;

    EngineUnitExecutor(RexExecutor delegate) {
        this.delegate = delegate;
    }

    /** Gives {@code planner} this executor around Calcite's default one; returns the planner. */
    static <P extends RelOptPlanner> P install(P planner) {
        planner.setExecutor(new EngineUnitExecutor(RexUtil.EXECUTOR));
        return planner;
    }

    @Override
    public void reduce(RexBuilder rexBuilder, List<RexNode> constExps, List<RexNode> reducedValues) {
        List<RexNode> reducible = new ArrayList<>();
        for (RexNode e : constExps) {
            if (!computesOnUnit(e)) {
                reducible.add(e);
            }
        }
        List<RexNode> reduced = new ArrayList<>();
        if (!reducible.isEmpty()) {
            delegate.reduce(rexBuilder, reducible, reduced);
        }
        int next = 0;
        for (RexNode e : constExps) {
            reducedValues.add(computesOnUnit(e) ? e : reduced.get(next++));
        }
    }

    /**
     * Whether a timestamp or a time is computed somewhere in {@code e}: a call with such a result or operand, of a
     * built-in operator (Calcite's code, milliseconds) or of the runtime's (whose Long Calcite's literal would take
     * for milliseconds).
     */
    static boolean computesOnUnit(RexNode e) {
        if (!(e instanceof RexCall call)) {
            return false;
        }
        if (isUnit(call.getType())) {
            return true;
        }
        for (RexNode o : call.getOperands()) {
            if (isUnit(o.getType()) || computesOnUnit(o)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isUnit(RelDataType type) {
        return UNIT_TYPES.contains(type.getSqlTypeName());
    }
}
