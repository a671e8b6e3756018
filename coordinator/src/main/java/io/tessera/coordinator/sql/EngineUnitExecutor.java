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
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;

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
 * <p>An expression is left alone when it holds a call of a built-in operator with a timestamp or time among its
 * operand or result types, unless the operator only passes values through or compares values of one type
 * ({@link #PASS_THROUGH}), which works in any unit.
 */
final class EngineUnitExecutor implements RexExecutor {
    private static final Set<SqlTypeName> UNIT_TYPES = Set.of(SqlTypeName.TIMESTAMP,
            SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE, SqlTypeName.TIMESTAMP_TZ, SqlTypeName.TIME,
            SqlTypeName.TIME_WITH_LOCAL_TIME_ZONE, SqlTypeName.TIME_TZ);
    /** Built-in operators whose code does not depend on the unit of the values they move or compare. */
    private static final Set<SqlKind> PASS_THROUGH = Set.of(SqlKind.CASE, SqlKind.COALESCE, SqlKind.IS_NULL,
            SqlKind.IS_NOT_NULL, SqlKind.EQUALS, SqlKind.NOT_EQUALS, SqlKind.LESS_THAN, SqlKind.LESS_THAN_OR_EQUAL,
            SqlKind.GREATER_THAN, SqlKind.GREATER_THAN_OR_EQUAL, SqlKind.IS_DISTINCT_FROM,
            SqlKind.IS_NOT_DISTINCT_FROM);

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

    /** Whether Calcite's code would compute on a timestamp's or a time's value somewhere in {@code e}. */
    static boolean computesOnUnit(RexNode e) {
        if (!(e instanceof RexCall call)) {
            return false;
        }
        if (!(call.getOperator() instanceof SqlUserDefinedFunction)) {
            boolean unit = isUnit(call.getType());
            Set<SqlTypeName> operandTypes = new java.util.HashSet<>();
            for (RexNode o : call.getOperands()) {
                unit |= isUnit(o.getType());
                operandTypes.add(o.getType().getSqlTypeName());
            }
            if (unit) {
                boolean comparison = call.getKind().belongsTo(SqlKind.BINARY_COMPARISON)
                        || call.getKind() == SqlKind.IS_DISTINCT_FROM || call.getKind() == SqlKind.IS_NOT_DISTINCT_FROM;
                boolean passes = PASS_THROUGH.contains(call.getKind())
                        && (!comparison || operandTypes.size() == 1)
                        && (comparison || call.getOperands().stream().allMatch(o -> !isUnit(o.getType())
                                || o.getType().getSqlTypeName() == call.getType().getSqlTypeName()));
                if (!passes) {
                    return true;
                }
            }
        }
        for (RexNode o : call.getOperands()) {
            if (computesOnUnit(o)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isUnit(RelDataType type) {
        return UNIT_TYPES.contains(type.getSqlTypeName());
    }
}
