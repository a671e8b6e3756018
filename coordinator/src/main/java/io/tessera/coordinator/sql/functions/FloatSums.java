package io.tessera.coordinator.sql.functions;

import io.tessera.executor.expr.PgMath;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlUserDefinedAggFunction;

/**
 * PostgreSQL's {@code sum(float8)} and {@code sum(float4)} for the aggregates the coordinator computes (Calcite's
 * {@code SUM} gives an infinity where PostgreSQL fails): each nested class is a Calcite user-defined aggregate that
 * {@link #apply} swaps in for {@code SUM}/{@code $SUM0} of a float in the physical plan (the datanodes' partial sums
 * are {@code HashAggregateNode}'s, with the same check).
 *
 * <p>Semantics of PostgreSQL 15 ({@code float8pl}, {@code float4pl}, {@code float8_accum} in float.c): an infinite
 * sum of finite inputs is 22003 {@code value out of range: overflow}; an infinite input keeps the sum infinite and a
 * NaN keeps it NaN, without an error. float4 sums are rounded to float4 after each addition.
 */
public final class FloatSums {
    private FloatSums() {
    }

    /** The running state: the sum so far and whether a value was added. */
    public static final class State {
        double sum;
        boolean any;

        void add(double x, boolean float4) {
            double r = float4 ? (float) (sum + x) : sum + x;
            sum = PgMath.checkFloat8(r, Double.isInfinite(sum) || Double.isInfinite(x), true);
            any = true;
        }
    }

    /** {@code sum(float8)}: NULL over no values. */
    public static final class Sum8 {
        public State init() {
            return new State();
        }

        public State add(State state, Object value) {
            if (value != null) {
                state.add(((Number) value).doubleValue(), false);
            }
            return state;
        }

        public Double result(State state) {
            return state.any ? state.sum : null;
        }
    }

    /** {@code $SUM0(float8)}, Calcite's sum that is 0 over no values (count's and avg's reductions). */
    public static final class Sum8Zero {
        public State init() {
            return new State();
        }

        public State add(State state, Object value) {
            return new Sum8().add(state, value);
        }

        public Double result(State state) {
            return state.sum;
        }
    }

    /** {@code sum(float4)}: NULL over no values. */
    public static final class Sum4 {
        public State init() {
            return new State();
        }

        public State add(State state, Object value) {
            if (value != null) {
                state.add(((Number) value).doubleValue(), true);
            }
            return state;
        }

        public Float result(State state) {
            return state.any ? (float) state.sum : null;
        }
    }

    /** {@code $SUM0(float4)}. */
    public static final class Sum4Zero {
        public State init() {
            return new State();
        }

        public State add(State state, Object value) {
            return new Sum4().add(state, value);
        }

        public Float result(State state) {
            return (float) state.sum;
        }
    }

    private static final SqlUserDefinedAggFunction SUM8 = aggregate("tessera_float8_sum", Sum8.class);
    private static final SqlUserDefinedAggFunction SUM8_ZERO = aggregate("tessera_float8_sum0", Sum8Zero.class);
    private static final SqlUserDefinedAggFunction SUM4 = aggregate("tessera_float4_sum", Sum4.class);
    private static final SqlUserDefinedAggFunction SUM4_ZERO = aggregate("tessera_float4_sum0", Sum4Zero.class);

    /** A user-defined aggregate of one float argument, computed by {@code impl}'s init, add and result. */
    static SqlUserDefinedAggFunction aggregate(String name, Class<?> impl) {
        return new SqlUserDefinedAggFunction(new SqlIdentifier(name, SqlParserPos.ZERO), SqlKind.OTHER_FUNCTION,
                ReturnTypes.ARG0, null, OperandTypes.operandMetadata(List.of(SqlTypeFamily.NUMERIC),
                        f -> List.of(f.createSqlType(SqlTypeName.DOUBLE)), i -> "arg" + i, i -> false),
                org.apache.calcite.schema.impl.AggregateFunctionImpl.create(impl), false, false,
                org.apache.calcite.util.Optionality.FORBIDDEN);
    }

    /**
     * {@code agg} with its float {@code SUM} and {@code $SUM0} calls computed by this class's aggregates; {@code agg}
     * itself when it has none.
     */
    static RelNode apply(Aggregate agg) {
        List<AggregateCall> calls = new ArrayList<>();
        boolean changed = false;
        for (AggregateCall call : agg.getAggCallList()) {
            SqlKind kind = call.getAggregation().getKind();
            SqlTypeName t = call.getType().getSqlTypeName();
            if ((kind == SqlKind.SUM || kind == SqlKind.SUM0) && call.getArgList().size() == 1 && !call.isDistinct()
                    && (t == SqlTypeName.DOUBLE || t == SqlTypeName.REAL)) {
                boolean zero = kind == SqlKind.SUM0;
                SqlUserDefinedAggFunction f = t == SqlTypeName.DOUBLE ? (zero ? SUM8_ZERO : SUM8)
                        : (zero ? SUM4_ZERO : SUM4);
                calls.add(AggregateCall.create(call.getParserPosition(), f, false, call.isApproximate(), false,
                        call.rexList, call.getArgList(), call.filterArg, call.distinctKeys, call.getCollation(),
                        call.getType(), call.getName()));
                changed = true;
            } else {
                calls.add(call);
            }
        }
        return changed ? agg.copy(agg.getTraitSet(), agg.getInput(), agg.getGroupSet(), agg.getGroupSets(), calls)
                : agg;
    }
}
