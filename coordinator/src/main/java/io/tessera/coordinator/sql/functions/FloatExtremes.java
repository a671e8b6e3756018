package io.tessera.coordinator.sql.functions;

import io.tessera.executor.expr.Values;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlUserDefinedAggFunction;

/**
 * PostgreSQL's {@code min} and {@code max} of float8 and float4 for the aggregates the coordinator computes:
 * Calcite's compare with Java's {@code <} and {@code >}, under which NaN is neither less nor greater than anything,
 * so {@code max} over {@code 1, NaN} was 1 where PostgreSQL's is NaN. Each nested class is a Calcite user-defined
 * aggregate that {@link #apply} swaps in for {@code MIN}/{@code MAX} of a float in the physical plan (the
 * datanodes' partial aggregates are {@code HashAggregateNode}'s, in the same order).
 *
 * <p>Semantics of PostgreSQL 15 ({@code float8smaller}, {@code float8larger} in float.c): float8's order, in which
 * NaN is above every other value and equals NaN, and -0 equals 0 ({@link Values#compareDoubles}); the state is kept
 * only when strictly less (greater) than the next value, so of equal values the last one added is the result.
 */
public final class FloatExtremes {
    private FloatExtremes() {
    }

    /** The running state: the extreme so far, null before the first non-null value. */
    public static final class State {
        Double value;

        void add(Object v, int sign) {
            if (v == null) {
                return;
            }
            double x = ((Number) v).doubleValue();
            if (value == null || Values.compareDoubles(value, x) * sign <= 0) {
                value = x;
            }
        }
    }

    /** {@code min(float8)}. */
    public static final class Min8 {
        public State init() {
            return new State();
        }

        public State add(State state, Object value) {
            state.add(value, -1);
            return state;
        }

        public Double result(State state) {
            return state.value;
        }
    }

    /** {@code max(float8)}. */
    public static final class Max8 {
        public State init() {
            return new State();
        }

        public State add(State state, Object value) {
            state.add(value, 1);
            return state;
        }

        public Double result(State state) {
            return state.value;
        }
    }

    /** {@code min(float4)}. */
    public static final class Min4 {
        public State init() {
            return new State();
        }

        public State add(State state, Object value) {
            state.add(value, -1);
            return state;
        }

        public Float result(State state) {
            return state.value == null ? null : state.value.floatValue();
        }
    }

    /** {@code max(float4)}. */
    public static final class Max4 {
        public State init() {
            return new State();
        }

        public State add(State state, Object value) {
            state.add(value, 1);
            return state;
        }

        public Float result(State state) {
            return state.value == null ? null : state.value.floatValue();
        }
    }

    private static final SqlUserDefinedAggFunction MIN8 = FloatSums.aggregate("tessera_float8_min", Min8.class);
    private static final SqlUserDefinedAggFunction MAX8 = FloatSums.aggregate("tessera_float8_max", Max8.class);
    private static final SqlUserDefinedAggFunction MIN4 = FloatSums.aggregate("tessera_float4_min", Min4.class);
    private static final SqlUserDefinedAggFunction MAX4 = FloatSums.aggregate("tessera_float4_max", Max4.class);

    /**
     * {@code agg} with its float {@code MIN} and {@code MAX} calls computed by this class's aggregates; {@code agg}
     * itself when it has none.
     */
    static RelNode apply(Aggregate agg) {
        List<AggregateCall> calls = new ArrayList<>();
        boolean changed = false;
        for (AggregateCall call : agg.getAggCallList()) {
            SqlKind kind = call.getAggregation().getKind();
            SqlTypeName t = call.getType().getSqlTypeName();
            if ((kind == SqlKind.MIN || kind == SqlKind.MAX) && call.getArgList().size() == 1
                    && (t == SqlTypeName.DOUBLE || t == SqlTypeName.REAL)) {
                SqlUserDefinedAggFunction f = t == SqlTypeName.DOUBLE ? (kind == SqlKind.MIN ? MIN8 : MAX8)
                        : (kind == SqlKind.MIN ? MIN4 : MAX4);
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
