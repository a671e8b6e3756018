package io.tessera.coordinator.sql.functions;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgInterval;
import io.tessera.executor.expr.Intervals;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.adapter.enumerable.AggAddContext;
import org.apache.calcite.adapter.enumerable.AggContext;
import org.apache.calcite.adapter.enumerable.AggImplementor;
import org.apache.calcite.adapter.enumerable.AggResetContext;
import org.apache.calcite.adapter.enumerable.AggResultContext;
import org.apache.calcite.adapter.enumerable.EnumUtils;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.SqlUnresolvedFunction;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.validate.SqlUserDefinedAggFunction;
import org.apache.calcite.util.Optionality;

/**
 * PostgreSQL's ordered-set aggregates {@code percentile_cont}, {@code percentile_disc} (a fraction or an array of
 * fractions) and {@code mode()}, each {@code WITHIN GROUP (ORDER BY x)} (PostgreSQL 15's
 * src/backend/utils/adt/orderedsetaggs.c). Calcite parses the syntax but passes only the direct argument (the
 * fraction) to the aggregate, so {@link #rewrite} (from {@code PgRewriter}, after the columns are named) adds the
 * sort key as the last argument of an internal aggregate:
 * <pre>
 *   percentile_cont(f) WITHIN GROUP (ORDER BY x DESC) → tessera_percentile_cont(f, x) WITHIN GROUP (ORDER BY x DESC)
 *   mode() WITHIN GROUP (ORDER BY x)                 → tessera_mode(x) WITHIN GROUP (ORDER BY x)
 * </pre>
 * Calcite's enumerable aggregate sorts an ordered call's rows before it adds them, so the accumulated values arrive
 * in the ORDER BY's order; the aggregates run on the coordinator (the datanodes' partial aggregation takes no
 * ordered call). NULL sort keys are skipped; a group without rows, or with only NULL keys, gives NULL; a NULL fraction
 * gives NULL; a fraction outside [0, 1] fails with 22003 once the group has rows. Types as PostgreSQL's:
 * {@code percentile_cont} is double precision (numbers are cast to it) or interval, {@code percentile_disc} and
 * {@code mode} the key's type, the array forms arrays of those.
 */
public final class OrderedSetAggregates {
    /** {@code percentile_cont(fraction [array]) WITHIN GROUP (ORDER BY float8 | interval)}. */
    public static final SqlUserDefinedAggFunction PERCENTILE_CONT = function("tessera_percentile_cont", "cont");
    /** {@code percentile_disc(fraction [array]) WITHIN GROUP (ORDER BY anyelement)}. */
    public static final SqlUserDefinedAggFunction PERCENTILE_DISC = function("tessera_percentile_disc", "disc");
    /** {@code mode() WITHIN GROUP (ORDER BY anyelement)}. */
    public static final SqlUserDefinedAggFunction MODE = function("tessera_mode", "mode");

    /** The internal aggregates, for {@link PgFunctionTable}. */
    static final List<SqlUserDefinedAggFunction> ALL = List.of(PERCENTILE_CONT, PERCENTILE_DISC, MODE);

    private OrderedSetAggregates() {
    }

    private static SqlUserDefinedAggFunction function(String name, String kind) {
        int arity = kind.equals("mode") ? 1 : 2;
        List<SqlTypeFamily> families = new ArrayList<>();
        for (int i = 0; i < arity; i++) {
            families.add(SqlTypeFamily.ANY);
        }
        return new SqlUserDefinedAggFunction(new SqlIdentifier(name, SqlParserPos.ZERO), SqlKind.OTHER_FUNCTION,
                b -> returnType(b, kind), null,
                OperandTypes.operandMetadata(families, f -> families.stream()
                        .map(x -> f.createSqlType(SqlTypeName.ANY)).toList(), i -> "arg" + i, i -> false),
                CallTypedAggregates.function(name, () -> new Implementor(kind)), false, false,
                Optionality.MANDATORY);
    }

    /**
     * Replaces the aggregate of {@code withinGroup} ({@code WITHIN_GROUP(agg(direct...), orderList)}) by its internal
     * one, the sort key appended to its arguments, when agg is one of PostgreSQL's ordered-set aggregates with one
     * sort key; leaves any other call as it is.
     */
    public static void rewrite(SqlCall withinGroup) {
        if (withinGroup.getKind() != SqlKind.WITHIN_GROUP || !(withinGroup.operand(0) instanceof SqlBasicCall agg)
                || !(withinGroup.operand(1) instanceof SqlNodeList order) || order.size() != 1) {
            return;
        }
        SqlUserDefinedAggFunction internal = internal(agg, agg.operandCount() + 1);
        if (internal == null) {
            return;
        }
        List<SqlNode> operands = new ArrayList<>(agg.getOperandList());
        operands.add(sortKey(order.get(0)));
        withinGroup.setOperand(0, internal.createCall(agg.getFunctionQuantifier(), agg.getParserPosition(),
                operands));
    }

    /**
     * Fails with 42809 for an ordered-set aggregate called like a plain one with its full arguments
     * ({@code mode(x)}, {@code percentile_cont(0.5, x)}), as PostgreSQL's ParseFuncOrColumn does; other calls pass.
     */
    public static void requireWithinGroup(SqlCall call) {
        if (call instanceof SqlBasicCall basic && internal(basic, call.operandCount()) != null) {
            throw new TesseraException(SqlState.WRONG_OBJECT_TYPE, "WITHIN GROUP is required for ordered-set aggregate "
                    + call.getOperator().getName().toLowerCase(Locale.ROOT));
        }
    }

    /**
     * The internal aggregate of {@code agg} called with {@code arity} arguments in all, or null. The parser makes
     * Calcite's own PERCENTILE_CONT and PERCENTILE_DISC (reserved words), and an unresolved function of mode.
     */
    private static SqlUserDefinedAggFunction internal(SqlBasicCall agg, int arity) {
        if (!(agg.getOperator() instanceof SqlUnresolvedFunction) && agg.getOperator() != SqlStdOperatorTable.MODE
                && agg.getOperator() != SqlStdOperatorTable.PERCENTILE_CONT
                && agg.getOperator() != SqlStdOperatorTable.PERCENTILE_DISC) {
            return null;
        }
        return switch (agg.getOperator().getName().toLowerCase(Locale.ROOT)) {
            case "percentile_cont" -> arity == 2 ? PERCENTILE_CONT : null;
            case "percentile_disc" -> arity == 2 ? PERCENTILE_DISC : null;
            case "mode" -> arity == 1 ? MODE : null;
            default -> null;
        };
    }

    /** An ORDER BY item without its direction and NULLS placement. */
    private static SqlNode sortKey(SqlNode item) {
        while (item instanceof SqlCall c && (c.getKind() == SqlKind.DESCENDING || c.getKind() == SqlKind.NULLS_FIRST
                || c.getKind() == SqlKind.NULLS_LAST)) {
            item = c.operand(0);
        }
        return item;
    }

    private static RelDataType returnType(SqlOperatorBinding b, String kind) {
        RelDataTypeFactory f = b.getTypeFactory();
        RelDataType key = b.getOperandType(b.getOperandCount() - 1);
        if (kind.equals("mode")) {
            return f.createTypeWithNullability(key, true);
        }
        RelDataType fraction = b.getOperandType(0);
        boolean array = fraction.getSqlTypeName() == SqlTypeName.ARRAY;
        RelDataType fractionElement = array ? fraction.getComponentType() : fraction;
        RelDataType element;
        if (kind.equals("disc")) {
            element = key;
        } else if (IntervalFunctions.isInterval(key)) {
            element = key;
        } else if (SqlTypeUtil.isNumeric(key) || key.getSqlTypeName() == SqlTypeName.NULL) {
            element = f.createSqlType(SqlTypeName.DOUBLE);
        } else {
            element = null;
        }
        if (element == null || !(SqlTypeUtil.isNumeric(fractionElement)
                || fractionElement.getSqlTypeName() == SqlTypeName.NULL)) {
            throw new TesseraException(SqlState.UNDEFINED_FUNCTION, "function percentile_" + kind + "("
                    + typeName(fraction) + ", " + typeName(key) + ") does not exist", null,
                    "No function matches the given name and argument types. You might need to add explicit type casts.",
                    0, null);
        }
        element = f.createTypeWithNullability(element, true);
        return f.createTypeWithNullability(array ? f.createArrayType(element, -1) : element, true);
    }

    private static String typeName(RelDataType t) {
        try {
            return io.tessera.coordinator.sql.TypeMapping.toPgType(t).sqlName();
        } catch (RuntimeException notMapped) {
            return t.getSqlTypeName().getName().toLowerCase(Locale.ROOT);
        }
    }

    /** The running state of one group: the fraction (the first row's) and the non-NULL sort keys in order. */
    public static final class State {
        private boolean rows;
        private Object fraction;
        private final List<Object> values = new ArrayList<>();

        /** Adds one row: its fraction (ignored for mode) and its sort key (skipped when NULL). */
        public void add(Object fraction, Object value) {
            if (!rows) {
                this.fraction = fraction;
                rows = true;
            }
            if (value != null) {
                values.add(value);
            }
        }
    }

    /**
     * {@code percentile_cont}: the value at {@code fraction} of the sorted keys, interpolated linearly between the two
     * nearest ({@code float8_lerp}, {@code interval_lerp}); an array of fractions gives an array.
     *
     * @throws TesseraException 22003 for a fraction outside [0, 1] (when the group has rows)
     */
    public static Object percentileCont(State s) {
        return percentiles(s, true);
    }

    /**
     * {@code percentile_disc}: the first key whose position in the sorted keys is at least {@code fraction} of them
     * ({@code ceil(fraction * n)}-th, the first for 0); an array of fractions gives an array.
     *
     * @throws TesseraException 22003 for a fraction outside [0, 1] (when the group has rows)
     */
    public static Object percentileDisc(State s) {
        return percentiles(s, false);
    }

    private static Object percentiles(State s, boolean cont) {
        if (!s.rows || s.fraction == null) {
            return null;
        }
        if (s.fraction instanceof List<?> fractions) {
            List<Double> checked = new ArrayList<>();
            for (Object p : fractions) {
                checked.add(p == null ? null : checkedFraction(p));
            }
            if (s.values.isEmpty()) {
                return null;
            }
            List<Object> out = new ArrayList<>();
            for (Double p : checked) {
                out.add(p == null ? null : cont ? cont(s.values, p) : disc(s.values, p));
            }
            return out;
        }
        double p = checkedFraction(s.fraction);
        if (s.values.isEmpty()) {
            return null;
        }
        return cont ? cont(s.values, p) : disc(s.values, p);
    }

    private static double checkedFraction(Object fraction) {
        double p = ((Number) fraction).doubleValue();
        if (!(p >= 0 && p <= 1)) {
            throw new TesseraException(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, "percentile value " + formatG(p)
                    + " is not between 0 and 1");
        }
        return p;
    }

    /** C's {@code %g}: six significant digits, exponent form below 1e-4 or from 1e6, no trailing zeros. */
    private static String formatG(double d) {
        if (!Double.isFinite(d)) {
            return Double.isNaN(d) ? "nan" : d > 0 ? "inf" : "-inf";
        }
        BigDecimal b = new BigDecimal(d).round(new MathContext(6)).stripTrailingZeros();
        int exp = b.precision() - b.scale() - 1;
        if (b.signum() == 0 || exp >= -4 && exp < 6) {
            return b.toPlainString();
        }
        BigDecimal mantissa = b.movePointLeft(exp).stripTrailingZeros();
        return mantissa.toPlainString() + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "")
                + Math.abs(exp);
    }

    private static Object cont(List<Object> values, double p) {
        int n = values.size();
        double position = p * (n - 1);
        int first = (int) Math.floor(position);
        int second = (int) Math.ceil(position);
        Object lo = values.get(first);
        if (lo instanceof PgInterval || !(lo instanceof Number)) {
            PgInterval a = IntervalRuntime.intervalIn(lo);
            if (second == first) {
                return a;
            }
            PgInterval diff = Intervals.minus(IntervalRuntime.intervalIn(values.get(second)), a);
            return Intervals.plus(a, Intervals.multiply(diff, position - first));
        }
        double a = ((Number) lo).doubleValue();
        if (second == first) {
            return a;
        }
        double b = ((Number) values.get(second)).doubleValue();
        return a + (b - a) * (position - first);
    }

    private static Object disc(List<Object> values, double p) {
        long row = (long) Math.ceil(p * values.size());
        return values.get(row <= 1 ? 0 : (int) row - 1);
    }

    /**
     * {@code mode()}: the most frequent key, the first in the sort order among equally frequent ones (the first value
     * of its run of equal keys, equal as PostgreSQL's {@code =}: 1.0 = 1.00, 0 = -0, NaN = NaN).
     */
    public static Object mode(State s) {
        Object mode = null;
        long modeFreq = 0;
        Object run = null;
        long runFreq = 0;
        for (Object v : s.values) {
            if (runFreq > 0 && same(run, v)) {
                runFreq++;
                continue;
            }
            if (runFreq > modeFreq) {
                mode = run;
                modeFreq = runFreq;
            }
            run = v;
            runFreq = 1;
        }
        return runFreq > modeFreq ? run : mode;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static boolean same(Object a, Object b) {
        if (a instanceof Double x && b instanceof Double y) {
            return x.doubleValue() == y.doubleValue() || x.isNaN() && y.isNaN();
        }
        if (a instanceof Float x && b instanceof Float y) {
            return x.floatValue() == y.floatValue() || x.isNaN() && y.isNaN();
        }
        if (a instanceof Comparable c && a.getClass() == b.getClass()) {
            return c.compareTo(b) == 0;
        }
        return a.equals(b);
    }

    /**
     * Generates {@code reset: acc = new State(); add: if (filter) acc.add(fraction, key); result:
     * (T) percentileCont(acc)} (or {@code percentileDisc}, {@code mode}).
     */
    private static final class Implementor implements AggImplementor {
        private final String kind;

        Implementor(String kind) {
            this.kind = kind;
        }

        @Override
        public List<Type> getStateType(AggContext info) {
            return List.of(State.class);
        }

        @Override
        public void implementReset(AggContext info, AggResetContext reset) {
            reset.currentBlock().add(Expressions.statement(
                    Expressions.assign(reset.accumulator().get(0), Expressions.new_(State.class))));
        }

        @Override
        public void implementAdd(AggContext info, AggAddContext add) {
            List<Expression> args = add.arguments();
            Expression fraction = args.size() == 2 ? Expressions.box(args.get(0)) : Expressions.constant(null);
            Expression key = Expressions.box(args.get(args.size() - 1));
            BlockBuilder body = new BlockBuilder(true, add.currentBlock());
            body.add(Expressions.statement(Expressions.call(add.accumulator().get(0), "add",
                    Expressions.convert_(fraction, Object.class), Expressions.convert_(key, Object.class))));
            CallTypedAggregates.addFiltered(add, body.toBlock());
        }

        @Override
        public Expression implementResult(AggContext info, AggResultContext result) {
            String method = switch (kind) {
                case "cont" -> "percentileCont";
                case "disc" -> "percentileDisc";
                default -> "mode";
            };
            return EnumUtils.convert(Expressions.call(OrderedSetAggregates.class, method,
                    result.accumulator().get(0)), info.returnType());
        }
    }
}
