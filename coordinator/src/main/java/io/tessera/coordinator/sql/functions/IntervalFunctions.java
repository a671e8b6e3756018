package io.tessera.coordinator.sql.functions;

import io.tessera.common.types.PgInterval;
import io.tessera.coordinator.sql.PgTypeSystem;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeFactoryImpl;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlNameMatcher;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorScope;

/**
 * PostgreSQL's {@code interval} in the validator. The type is Calcite's Java type of {@link PgInterval} (SqlTypeName
 * OTHER): Calcite's INTERVAL types hold one number of either months or milliseconds and cannot carry PostgreSQL's
 * three fields. Calcite's operators do not accept that type, so the validator ({@code TesseraValidator}) asks
 * {@link #rewrite} before validating a call and {@link #resolve} before typing one, and these swap in functions of
 * {@link IntervalRuntime}:
 * <pre>
 *   CAST(x AS interval), x::interval, interval 'text'   → tessera_interval_in(x)
 *   timestamp|timestamptz|date ± interval, interval + …  → tessera_timestamp_plus ... (date gives timestamp)
 *   date ± interval 'n' unit (Calcite's own interval)   → CAST(date AS timestamp(3)) ± interval 'n' unit
 *   timestamp - timestamp, timestamptz - timestamptz    → tessera_timestamp_mi (an interval, as timestamp_mi)
 *   time ± interval, interval + time                    → tessera_time_pl_interval ... (a time, around the clock)
 *   date + time, time + date (a timestamp), time - time (an interval) → tessera_date_pl_time ...
 *   to_char(time, text) (PostgreSQL casts the time to interval) → tessera_time_to_char
 *   interval ± interval, - interval, interval * / number → tessera_interval_pl ...
 *   interval = <> < <= > >= interval (or text)          → tessera_interval_eq ... (interval_cmp)
 *   extract(f from interval), date_part(f, interval)   → tessera_interval_part, tessera_interval_date_part
 *   justify_days|hours|interval, age, date_trunc, make_interval (positional or named arguments)
 *   to_char(interval, text)                           → tessera_interval_to_char
 *   to_char(timestamp | timestamptz | date, text), to_timestamp, to_date → {@link FormattingRuntime}
 *   sum(interval), avg(interval)                      → tessera_interval_sum, tessera_interval_avg
 *   date - date (integer days), date ± integer (a date)                → tessera_date_mi ...
 *   timezone(zone, x) (the parser's x AT TIME ZONE zone), make_date, make_time, make_timestamp[tz], isfinite,
 *   date_trunc(unit, date | timestamptz, zone), date_bin          → {@link DateTimeRuntime}
 * </pre>
 * The functions are volatile to Calcite (never folded while planning: a literal of a Java type is not something
 * its reducer can make), and datanodes cannot evaluate them, so expressions with intervals run on the coordinator.
 */
public final class IntervalFunctions implements SqlOperatorTable {
    /** The operator table (resolves the internal names the swapped-in calls carry). */
    public static final IntervalFunctions TABLE = new IntervalFunctions();

    private static final Map<String, SqlUserDefinedFunction> BY_NAME = new HashMap<>();

    private static final SqlReturnTypeInference INTERVAL = b -> intervalType(b.getTypeFactory());
    private static final SqlReturnTypeInference TIMESTAMP = b -> nullable(b.getTypeFactory(),
            b.getTypeFactory().createSqlType(SqlTypeName.TIMESTAMP, PgTypeSystem.timestampPrecision()));
    private static final SqlReturnTypeInference TIMESTAMPTZ = b -> nullable(b.getTypeFactory(),
            b.getTypeFactory().createSqlType(SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE,
                    PgTypeSystem.timestampPrecision()));
    private static final SqlReturnTypeInference TIME = b -> nullable(b.getTypeFactory(),
            timeType(b.getTypeFactory()));
    private static final SqlReturnTypeInference BOOLEAN = b -> nullable(b.getTypeFactory(),
            b.getTypeFactory().createSqlType(SqlTypeName.BOOLEAN));
    private static final SqlReturnTypeInference FLOAT8 = b -> nullable(b.getTypeFactory(),
            b.getTypeFactory().createSqlType(SqlTypeName.DOUBLE));
    private static final SqlReturnTypeInference NUMERIC = b -> nullable(b.getTypeFactory(),
            b.getTypeFactory().createSqlType(SqlTypeName.DECIMAL, PgRexRewriter.UNCONSTRAINED, 6));
    private static final SqlReturnTypeInference INTEGER = b -> nullable(b.getTypeFactory(),
            b.getTypeFactory().createSqlType(SqlTypeName.INTEGER));
    private static final SqlReturnTypeInference DATE = b -> nullable(b.getTypeFactory(),
            b.getTypeFactory().createSqlType(SqlTypeName.DATE));
    private static final SqlReturnTypeInference TEXT = b -> nullable(b.getTypeFactory(),
            b.getTypeFactory().createSqlType(SqlTypeName.VARCHAR));

    static {
        def("tessera_interval_in", IntervalRuntime.class, "intervalIn", 1, INTERVAL, INTERVAL);
        def("tessera_interval_out", "intervalText", 1, TEXT);
        def("tessera_timestamp_pl_interval", us("timestampPlus"), 2, TIMESTAMP);
        def("tessera_interval_pl_timestamp", us("intervalPlusTimestamp"), 2, TIMESTAMP);
        def("tessera_timestamp_mi_interval", us("timestampMinus"), 2, TIMESTAMP);
        def("tessera_timestamptz_pl_interval", us("timestampPlus"), 2, TIMESTAMPTZ);
        def("tessera_interval_pl_timestamptz", us("intervalPlusTimestamp"), 2, TIMESTAMPTZ);
        def("tessera_timestamptz_mi_interval", us("timestampMinus"), 2, TIMESTAMPTZ);
        def("tessera_date_pl_interval", us("datePlus"), 2, TIMESTAMP);
        def("tessera_interval_pl_date", us("intervalPlusDate"), 2, TIMESTAMP);
        def("tessera_date_mi_interval", us("dateMinus"), 2, TIMESTAMP);
        def("tessera_time_pl_interval", us("timePlus"), 2, TIME);
        def("tessera_interval_pl_time", us("intervalPlusTime"), 2, TIME);
        def("tessera_time_mi_interval", us("timeMinus"), 2, TIME);
        def("tessera_timestamp_mi", us("timestampDifference"), 2, INTERVAL);
        def("tessera_date_pl_time", us("datePlusTime"), 2, TIMESTAMP);
        def("tessera_time_pl_date", us("timePlusDate"), 2, TIMESTAMP);
        def("tessera_time_mi_time", us("timeMinusTime"), 2, INTERVAL);
        def("tessera_time_to_char", us("timeToChar"), 2, TEXT);
        // time under engine.microseconds, a PgTime (timeType): its casts, comparisons and extract
        def("tessera_time_cast", IntervalRuntime.class, "timeCastMicros", 2, TIME, TIME);
        def("tessera_time_out", "timeText", 1, TEXT);
        def("tessera_time_between", "timeBetween", 3, BOOLEAN);
        def("tessera_time_not_between", "timeNotBetween", 3, BOOLEAN);
        def("tessera_time_between_symmetric", "timeBetweenSymmetric", 3, BOOLEAN);
        def("tessera_time_not_between_symmetric", "timeNotBetweenSymmetric", 3, BOOLEAN);
        def("tessera_time_eq", "timeEq", 2, BOOLEAN);
        def("tessera_time_ne", "timeNe", 2, BOOLEAN);
        def("tessera_time_lt", "timeLt", 2, BOOLEAN);
        def("tessera_time_le", "timeLe", 2, BOOLEAN);
        def("tessera_time_gt", "timeGt", 2, BOOLEAN);
        def("tessera_time_ge", "timeGe", 2, BOOLEAN);
        def("tessera_time_interval", "timeIntervalMicros", 1, INTERVAL);
        def("tessera_time_part", "timePartMicros", 2, NUMERIC);
        def("tessera_time_date_part", "timeDatePartMicros", 2, FLOAT8);
        def("tessera_interval_pl", "intervalPlus", 2, INTERVAL);
        def("tessera_interval_mi", "intervalMinus", 2, INTERVAL);
        def("tessera_interval_um", "intervalNegate", 1, INTERVAL);
        def("tessera_interval_mul", "intervalMultiply", 2, INTERVAL);
        def("tessera_mul_interval", "numberMultiplyInterval", 2, INTERVAL);
        def("tessera_interval_div", "intervalDivide", 2, INTERVAL);
        def("tessera_interval_eq", "intervalEq", 2, BOOLEAN);
        def("tessera_interval_ne", "intervalNe", 2, BOOLEAN);
        def("tessera_interval_lt", "intervalLt", 2, BOOLEAN);
        def("tessera_interval_le", "intervalLe", 2, BOOLEAN);
        def("tessera_interval_gt", "intervalGt", 2, BOOLEAN);
        def("tessera_interval_ge", "intervalGe", 2, BOOLEAN);
        def("tessera_justify_days", "justifyDays", 1, INTERVAL);
        def("tessera_justify_hours", "justifyHours", 1, INTERVAL);
        def("tessera_justify_interval", "justifyInterval", 1, INTERVAL);
        def("tessera_age", us("age"), 2, INTERVAL);
        def("tessera_date_trunc_timestamp", us("dateTruncTimestamp"), 2, TIMESTAMP);
        def("tessera_date_trunc_timestamptz", us("dateTruncTimestamptz"), 2, TIMESTAMPTZ);
        def("tessera_date_trunc_interval", "dateTruncInterval", 2, INTERVAL);
        def("tessera_interval_part", "intervalExtract", 2, NUMERIC);
        def("tessera_interval_date_part", "intervalDatePart", 2, FLOAT8);
        def("tessera_make_interval", "makeInterval", 7, INTERVAL);
        def("tessera_date_mi", "dateMinusDate", 2, INTEGER);
        def("tessera_interval_to_char", "intervalToChar", 2, TEXT);
        def("tessera_date_pli", "datePlusDays", 2, DATE);
        def("tessera_integer_pl_date", "daysPlusDate", 2, DATE);
        def("tessera_date_mii", "dateMinusDays", 2, DATE);
        def("tessera_timestamp_to_char", FormattingRuntime.class, us("timestampToChar"), 2, TEXT);
        def("tessera_timestamptz_to_char", FormattingRuntime.class, us("timestamptzToChar"), 2, TEXT);
        def("tessera_date_to_char", FormattingRuntime.class, "dateToChar", 2, TEXT);
        def("tessera_to_timestamp", FormattingRuntime.class, us("toTimestamp"), 2, TIMESTAMPTZ);
        def("tessera_epoch_to_timestamp", FormattingRuntime.class, us("epochToTimestamp"), 1, TIMESTAMPTZ);
        def("tessera_to_date", FormattingRuntime.class, "toDate", 2, DATE);
        def("tessera_number_to_char", FormattingRuntime.class, "numberToChar", 2, TEXT);
        def("tessera_timezone_timestamp", DateTimeRuntime.class, "timezoneOfTimestamp", 2, TIMESTAMPTZ);
        def("tessera_timezone_timestamptz", DateTimeRuntime.class, "timezoneOfTimestamptz", 2, TIMESTAMP);
        def("tessera_timezone_date", DateTimeRuntime.class, "timezoneOfDate", 2, TIMESTAMP);
        def("tessera_interval_zone_timestamp", DateTimeRuntime.class, "intervalZoneOfTimestamp", 2, TIMESTAMPTZ);
        def("tessera_interval_zone_timestamptz", DateTimeRuntime.class, "intervalZoneOfTimestamptz", 2, TIMESTAMP);
        def("tessera_make_date", DateTimeRuntime.class, "makeDate", 3, DATE);
        def("tessera_make_time", DateTimeRuntime.class, us("makeTime"), 3, TIME);
        def("tessera_make_timestamp", DateTimeRuntime.class, "makeTimestamp", 6, TIMESTAMP);
        def("tessera_make_timestamptz", DateTimeRuntime.class, "makeTimestamptz", 6, TIMESTAMPTZ);
        def("tessera_make_timestamptz_at", DateTimeRuntime.class, "makeTimestamptzAt", 7, TIMESTAMPTZ);
        def("tessera_isfinite_date", DateTimeRuntime.class, "isfiniteDate", 1, BOOLEAN);
        def("tessera_isfinite_timestamp", DateTimeRuntime.class, "isfiniteTimestamp", 1, BOOLEAN);
        def("tessera_isfinite_interval", DateTimeRuntime.class, "isfiniteInterval", 1, BOOLEAN);
        def("tessera_date_trunc_date", DateTimeRuntime.class, "dateTruncDate", 2, TIMESTAMPTZ);
        def("tessera_date_trunc_zone", DateTimeRuntime.class, "dateTruncZone", 3, TIMESTAMPTZ);
        def("tessera_date_bin_timestamp", DateTimeRuntime.class, "dateBin", 3, TIMESTAMP);
        def("tessera_date_bin_timestamptz", DateTimeRuntime.class, "dateBin", 3, TIMESTAMPTZ);
    }

    /**
     * The swapped-in functions a datanode evaluates as plain operators of the fragment format ({@code ExprCompiler}
     * implements interval comparison, arithmetic and input with the same semantics), so that UPDATE and DELETE
     * filters and SET values over interval columns run where the rows are.
     */
    private static final Map<String, io.tessera.protocol.expr.Op> PUSHABLE = Map.ofEntries(
            Map.entry("tessera_interval_in", io.tessera.protocol.expr.Op.CAST),
            Map.entry("tessera_interval_eq", io.tessera.protocol.expr.Op.EQ),
            Map.entry("tessera_interval_ne", io.tessera.protocol.expr.Op.NE),
            Map.entry("tessera_interval_lt", io.tessera.protocol.expr.Op.LT),
            Map.entry("tessera_interval_le", io.tessera.protocol.expr.Op.LE),
            Map.entry("tessera_interval_gt", io.tessera.protocol.expr.Op.GT),
            Map.entry("tessera_interval_ge", io.tessera.protocol.expr.Op.GE),
            Map.entry("tessera_interval_pl", io.tessera.protocol.expr.Op.PLUS),
            Map.entry("tessera_interval_mi", io.tessera.protocol.expr.Op.MINUS),
            Map.entry("tessera_interval_um", io.tessera.protocol.expr.Op.NEGATE),
            Map.entry("tessera_interval_mul", io.tessera.protocol.expr.Op.TIMES),
            Map.entry("tessera_mul_interval", io.tessera.protocol.expr.Op.TIMES),
            Map.entry("tessera_interval_div", io.tessera.protocol.expr.Op.DIVIDE),
            Map.entry("tessera_timestamp_pl_interval", io.tessera.protocol.expr.Op.PLUS),
            Map.entry("tessera_interval_pl_timestamp", io.tessera.protocol.expr.Op.PLUS),
            Map.entry("tessera_timestamp_mi_interval", io.tessera.protocol.expr.Op.MINUS),
            Map.entry("tessera_timestamptz_pl_interval", io.tessera.protocol.expr.Op.PLUS),
            Map.entry("tessera_interval_pl_timestamptz", io.tessera.protocol.expr.Op.PLUS),
            Map.entry("tessera_timestamptz_mi_interval", io.tessera.protocol.expr.Op.MINUS),
            Map.entry("tessera_date_pl_interval", io.tessera.protocol.expr.Op.PLUS),
            Map.entry("tessera_interval_pl_date", io.tessera.protocol.expr.Op.PLUS),
            Map.entry("tessera_date_mi_interval", io.tessera.protocol.expr.Op.MINUS),
            Map.entry("tessera_timestamp_mi", io.tessera.protocol.expr.Op.MINUS),
            // time ± interval around the clock (ExprCompiler, in the engine's unit)
            Map.entry("tessera_time_pl_interval", io.tessera.protocol.expr.Op.PLUS),
            Map.entry("tessera_interval_pl_time", io.tessera.protocol.expr.Op.PLUS),
            Map.entry("tessera_time_mi_interval", io.tessera.protocol.expr.Op.MINUS),
            // date ± integer and date - date: ExprCompiler's integer arithmetic on day numbers (its result typed
            // by the call: date, or integer for a difference)
            Map.entry("tessera_date_pli", io.tessera.protocol.expr.Op.PLUS),
            Map.entry("tessera_integer_pl_date", io.tessera.protocol.expr.Op.PLUS),
            Map.entry("tessera_date_mii", io.tessera.protocol.expr.Op.MINUS),
            Map.entry("tessera_date_mi", io.tessera.protocol.expr.Op.MINUS),
            // time under engine.microseconds: time_cmp, text read as a time (ExprCompiler's comparison); the cast
            // is RexToExpr's (isTimeCast)
            Map.entry("tessera_time_eq", io.tessera.protocol.expr.Op.EQ),
            Map.entry("tessera_time_ne", io.tessera.protocol.expr.Op.NE),
            Map.entry("tessera_time_lt", io.tessera.protocol.expr.Op.LT),
            Map.entry("tessera_time_le", io.tessera.protocol.expr.Op.LE),
            Map.entry("tessera_time_gt", io.tessera.protocol.expr.Op.GT),
            Map.entry("tessera_time_ge", io.tessera.protocol.expr.Op.GE));

    /**
     * p of a select item {@code tessera_time_cast(x, p)} ({@code x::time(p)}, {@link #timeCast}), its typmod; -1 for
     * {@code x::time} and any other call.
     */
    public static int timeCastPrecision(SqlCall call) {
        return call.getOperator() == BY_NAME.get("tessera_time_cast") && call.operandCount() == 2
                && call.operand(1) instanceof SqlLiteral p ? p.intValue(true) : -1;
    }

    /** Whether {@code call} is {@code tessera_time_cast(x, p)}, the cast to time under engine.microseconds. */
    public static boolean isTimeCast(org.apache.calcite.rex.RexCall call) {
        return call.getOperator() == BY_NAME.get("tessera_time_cast") && call.getOperands().size() == 2
                && call.getOperands().get(1) instanceof org.apache.calcite.rex.RexLiteral;
    }

    /**
     * The fragment operator that a swapped-in interval call stands for on a datanode, or null when it runs on the
     * coordinator only.
     */
    public static io.tessera.protocol.expr.Op pushableOp(org.apache.calcite.rex.RexCall call) {
        String name = call.getOperator().getName();
        return BY_NAME.get(name) == call.getOperator() ? PUSHABLE.get(name) : null;
    }

    /** {@code sum} and {@code avg} of an interval ({@link IntervalAggregates}), by their internal names. */
    private static final Map<String, org.apache.calcite.sql.validate.SqlUserDefinedAggFunction> AGGREGATES = Map.of(
            "tessera_interval_sum", aggregate("tessera_interval_sum", IntervalAggregates.Sum.class),
            "tessera_interval_avg", aggregate("tessera_interval_avg", IntervalAggregates.Avg.class));

    private static org.apache.calcite.sql.validate.SqlUserDefinedAggFunction aggregate(String name, Class<?> impl) {
        return new org.apache.calcite.sql.validate.SqlUserDefinedAggFunction(new SqlIdentifier(name, SqlParserPos.ZERO),
                SqlKind.OTHER_FUNCTION, INTERVAL, null, OperandTypes.operandMetadata(List.of(SqlTypeFamily.ANY),
                        f -> List.of(f.createSqlType(SqlTypeName.ANY)), i -> "arg" + i, i -> false),
                org.apache.calcite.schema.impl.AggregateFunctionImpl.create(impl), false, false,
                org.apache.calcite.util.Optionality.FORBIDDEN);
    }

    private static final List<String> MAKE_INTERVAL_ARGS =
            List.of("years", "months", "weeks", "days", "hours", "mins", "secs");

    private IntervalFunctions() {
    }

    /**
     * The runtime method of a function on timestamps in the engine's unit: {@code method}, or its
     * {@code ...Micros} namesake under {@code engine.microseconds} ({@link io.tessera.common.types.EngineUnit},
     * set before the first statement is planned); under it a time is a {@link io.tessera.common.types.PgTime}.
     */
    private static String us(String method) {
        return method + "Micros";
    }

    private static void def(String name, String method, int arity, SqlReturnTypeInference returnType) {
        def(name, IntervalRuntime.class, method, arity, returnType);
    }

    private static void def(String name, Class<?> runtime, String method, int arity,
            SqlReturnTypeInference returnType) {
        def(name, runtime, method, arity, returnType, null);
    }

    /**
     * {@code name} as a call of {@code runtime.method}; {@code firstOperand}, when not null, types a first operand
     * that is a parameter (a cast's {@code $1::time}: the parameter is a time, as PostgreSQL describes it).
     */
    private static void def(String name, Class<?> runtime, String method, int arity,
            SqlReturnTypeInference returnType, SqlReturnTypeInference firstOperand) {
        Method m = null;
        for (Method candidate : runtime.getMethods()) {
            if (candidate.getName().equals(method) && candidate.getParameterCount() == arity) {
                m = candidate;
            }
        }
        if (m == null) {
            throw new IllegalStateException(runtime.getSimpleName() + " has no method " + method);
        }
        List<SqlTypeFamily> families = Collections.nCopies(arity, SqlTypeFamily.ANY);
        org.apache.calcite.sql.type.SqlOperandTypeInference inference = firstOperand == null ? null
                : (binding, returnType1, operandTypes) -> {
                    operandTypes[0] = firstOperand.inferReturnType(binding);
                    for (int i = 1; i < operandTypes.length; i++) {
                        operandTypes[i] = binding.getOperandType(i);
                    }
                };
        BY_NAME.put(name, new SqlUserDefinedFunction(new SqlIdentifier(name, SqlParserPos.ZERO),
                SqlKind.OTHER_FUNCTION, returnType, inference, OperandTypes.operandMetadata(families, f -> {
                    List<RelDataType> types = new ArrayList<>();
                    for (int i = 0; i < arity; i++) {
                        types.add(f.createSqlType(SqlTypeName.ANY));
                    }
                    return types;
                }, i -> "arg" + i, i -> false), ScalarFunctionImpl.create(m)) {
            @Override
            public boolean isDeterministic() {
                return false;
            }
        });
    }

    private static RelDataType nullable(RelDataTypeFactory f, RelDataType t) {
        return f.createTypeWithNullability(t, true);
    }

    /** The interval type: Java type {@link PgInterval}, nullable. */
    public static RelDataType intervalType(RelDataTypeFactory f) {
        return nullable(f, f.createJavaType(PgInterval.class));
    }

    /**
     * The time type under {@code engine.microseconds}: Java type {@link io.tessera.common.types.PgTime}
     * (microseconds since midnight), nullable. With the setting off a time is Calcite's {@code TIME(3)}.
     */
    public static RelDataType timeType(RelDataTypeFactory f) {
        return nullable(f, f.createJavaType(io.tessera.common.types.PgTime.class));
    }

    /** Whether {@code t} is the time type of {@code engine.microseconds} ({@link #timeType}). */
    public static boolean isTime(RelDataType t) {
        return t instanceof RelDataTypeFactoryImpl.JavaType j && j.getJavaClass() == io.tessera.common.types.PgTime.class;
    }

    /**
     * An order comparison ({@code < <= > >=}) of two intervals or two times that Calcite made after validation — the
     * expansion of {@code greatest}/{@code least}, which PostgreSQL resolves for these types — as
     * {@code tessera_interval_lt} ... or {@code tessera_time_lt} ...: Calcite's code cannot compare their Java
     * types ("Unable to implement"). Null for any other call.
     */
    static org.apache.calcite.rex.RexNode javaTypeComparison(org.apache.calcite.rex.RexBuilder rb,
            org.apache.calcite.rex.RexCall c) {
        String op = switch (c.getKind()) {
            case LESS_THAN -> "lt";
            case LESS_THAN_OR_EQUAL -> "le";
            case GREATER_THAN -> "gt";
            case GREATER_THAN_OR_EQUAL -> "ge";
            default -> null;
        };
        if (op == null || c.getOperands().size() != 2) {
            return null;
        }
        RelDataType a = c.getOperands().get(0).getType();
        RelDataType b = c.getOperands().get(1).getType();
        String type = isInterval(a) && isInterval(b) ? "interval" : isTime(a) && isTime(b) ? "time" : null;
        return type == null ? null
                : rb.makeCall(c.getParserPosition(), c.getType(), fn("tessera_" + type + "_" + op), c.getOperands());
    }

    /** Whether {@code t} is PostgreSQL's interval. */
    public static boolean isInterval(RelDataType t) {
        return t instanceof RelDataTypeFactoryImpl.JavaType j && j.getJavaClass() == PgInterval.class;
    }

    /**
     * {@code CAST(source AS type)}, except that to interval (which Calcite cannot name in a CAST: its Java type) it is
     * {@code tessera_interval_in(source)}, a NULL literal or a parameter going through varchar. For the casts the coordinator adds
     * around values assigned to columns (INSERT, UPDATE, ON CONFLICT, parameters, defaults).
     */
    public static SqlNode castTo(SqlNode source, RelDataType type) {
        SqlParserPos pos = source.getParserPosition();
        if (isInterval(type)) {
            // a NULL literal or a parameter is typed varchar for the input function (Calcite cannot infer them)
            SqlNode operand = source instanceof SqlLiteral l && l.getTypeName() == SqlTypeName.NULL
                    || source instanceof SqlDynamicParam
                    ? org.apache.calcite.sql.fun.SqlStdOperatorTable.CAST.createCall(pos, source,
                            new SqlDataTypeSpec(new org.apache.calcite.sql.SqlBasicTypeNameSpec(SqlTypeName.VARCHAR, pos), pos))
                    : source;
            return intervalIn(operand);
        }
        if (isTime(type)) {
            return timeCast(source, -1);
        }
        return org.apache.calcite.sql.fun.SqlStdOperatorTable.CAST.createCall(pos, source,
                org.apache.calcite.sql.type.SqlTypeUtil.convertTypeToSpec(type));
    }

    /**
     * Before a VALUES list is typed: in each column where some row's value is an interval, the rows' string literals
     * become {@code tessera_interval_in(literal)} — PostgreSQL resolves a VALUES column's type as a UNION's
     * ({@code select_common_type}), so an unknown-typed literal takes the interval type of its column; Calcite would
     * look for a type common to its char(n) and interval's Java type and fail (AssertionError, XX000). Other types
     * mixed with interval are left to the validator's own error.
     */
    public static void coerceValues(SqlValidator validator, SqlValidatorScope scope, SqlCall values) {
        List<SqlNode> rows = values.getOperandList();
        if (rows.size() < 2 || !(rows.get(0) instanceof SqlCall first) || first.getKind() != SqlKind.ROW) {
            return;
        }
        for (int column = 0; column < first.operandCount(); column++) {
            boolean interval = false;
            boolean time = false; // a time under engine.microseconds, likewise
            boolean strings = false;
            for (SqlNode row : rows) {
                if (!(row instanceof SqlCall r) || r.getKind() != SqlKind.ROW || r.operandCount() <= column) {
                    return;
                }
                SqlNode v = r.operand(column);
                if (v instanceof org.apache.calcite.sql.SqlCharStringLiteral) {
                    strings = true;
                } else if (!(v instanceof SqlLiteral) && !(v instanceof SqlDynamicParam)) {
                    RelDataType t = validator.deriveType(scope, v);
                    interval |= isInterval(t);
                    time |= isTime(t);
                }
            }
            if (interval == time || !strings) {
                continue;
            }
            for (SqlNode row : rows) {
                SqlCall r = (SqlCall) row;
                if (r.operand(column) instanceof org.apache.calcite.sql.SqlCharStringLiteral literal) {
                    r.setOperand(column, time ? timeCast(literal, -1) : intervalIn(literal));
                }
            }
        }
    }

    /**
     * {@code tessera_time_cast(operand, precision)}: the cast to {@code time(precision)} (-1: time), a NULL literal
     * read as varchar (text input), a parameter of no declared type typed time (its ParameterDescription says time,
     * as PostgreSQL's); the validator checks the source type ({@link #resolve}).
     */
    public static SqlCall timeCast(SqlNode operand, int precision) {
        SqlParserPos pos = operand.getParserPosition();
        SqlNode source = operand instanceof SqlLiteral l && l.getTypeName() == SqlTypeName.NULL ? asText(operand)
                : operand;
        return fn("tessera_time_cast").createCall(pos, source,
                SqlLiteral.createExactNumeric(Integer.toString(Math.min(precision, 6)), pos));
    }

    /** {@code tessera_interval_in(operand)}: the interval input function applied to {@code operand}. */
    public static SqlCall intervalIn(SqlNode operand) {
        return fn("tessera_interval_in").createCall(operand.getParserPosition(), operand);
    }

    static SqlUserDefinedFunction fn(String name) {
        return BY_NAME.get(name);
    }

    /**
     * Before validation (types unknown): {@code CAST(x AS interval)} becomes {@code tessera_interval_in(x)}, and
     * {@code make_interval(...)} with positional or named arguments a call with all seven. Null when {@code node} is
     * not one of those.
     */
    public static SqlNode rewrite(SqlNode node) {
        if (!(node instanceof SqlCall call)) {
            return null;
        }
        if (call.getKind() == SqlKind.CAST && call.operandCount() == 2 && call.operand(1) instanceof SqlDataTypeSpec spec
                && spec.getTypeNameSpec() instanceof io.tessera.sql.parser.ddl.IntervalTypeNameSpec) {
            return fn("tessera_interval_in").createCall(call.getParserPosition(), (SqlNode) call.operand(0));
        }
        if (call.getKind() == SqlKind.CAST
                && call.operandCount() == 2 && call.operand(1) instanceof SqlDataTypeSpec spec
                && spec.getTypeNameSpec() instanceof org.apache.calcite.sql.SqlBasicTypeNameSpec basic
                && basic.getTypeName().getSimple().equalsIgnoreCase("TIME")) {
            int precision = basic instanceof io.tessera.sql.parser.ddl.PgTypeName.Named named
                    ? named.pgPrecision() : -1;
            return timeCast(call.operand(0), precision);
        }
        if (call.getOperator().getName().equalsIgnoreCase("make_interval")
                && call.getOperator().getSyntax() == SqlSyntax.FUNCTION && call.operandCount() <= 7) {
            SqlNode[] args = new SqlNode[7];
            int position = 0;
            for (SqlNode operand : call.getOperandList()) {
                if (operand.getKind() == SqlKind.ARGUMENT_ASSIGNMENT) {
                    SqlCall a = (SqlCall) operand;
                    int at = MAKE_INTERVAL_ARGS.indexOf(((SqlIdentifier) a.operand(1)).getSimple().toLowerCase(Locale.ROOT));
                    if (at < 0) {
                        return null; // Calcite reports the unknown argument
                    }
                    args[at] = a.operand(0);
                } else {
                    args[position++] = operand;
                }
            }
            for (int i = 0; i < 7; i++) {
                if (args[i] == null) {
                    args[i] = SqlLiteral.createExactNumeric("0", call.getParserPosition());
                }
            }
            return fn("tessera_make_interval").createCall(call.getParserPosition(), args);
        }
        return null;
    }

    private static String typeClass(RelDataType t) {
        if (isInterval(t)) {
            return "iv";
        }
        if (isTime(t)) {
            return "time";
        }
        SqlTypeName n = t.getSqlTypeName();
        if (n == SqlTypeName.TIMESTAMP) {
            return "ts";
        }
        if (n == SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE || n == SqlTypeName.TIMESTAMP_TZ) {
            return "tz";
        }
        if (n == SqlTypeName.DATE) {
            return "date";
        }
        if (n == SqlTypeName.TIME) {
            return "time";
        }
        if (SqlTypeName.INTERVAL_TYPES.contains(n)) {
            return "sqliv"; // a SQL standard interval, interval '12' hour: Calcite's own type
        }
        if (n == SqlTypeName.INTEGER || n == SqlTypeName.SMALLINT || n == SqlTypeName.TINYINT) {
            return "int";
        }
        if (SqlTypeName.NUMERIC_TYPES.contains(n)) {
            return "num";
        }
        if (SqlTypeName.CHAR_TYPES.contains(n)) {
            return "text";
        }
        return "other";
    }

    private static final Map<String, String> OPERATORS = Map.ofEntries(
            Map.entry("PLUS:ts,iv", "tessera_timestamp_pl_interval"),
            Map.entry("PLUS:iv,ts", "tessera_interval_pl_timestamp"),
            Map.entry("PLUS:tz,iv", "tessera_timestamptz_pl_interval"),
            Map.entry("PLUS:iv,tz", "tessera_interval_pl_timestamptz"),
            Map.entry("PLUS:date,iv", "tessera_date_pl_interval"),
            Map.entry("PLUS:iv,date", "tessera_interval_pl_date"),
            Map.entry("PLUS:iv,iv", "tessera_interval_pl"),
            Map.entry("PLUS:time,iv", "tessera_time_pl_interval"),
            Map.entry("PLUS:iv,time", "tessera_interval_pl_time"),
            Map.entry("MINUS:time,iv", "tessera_time_mi_interval"),
            Map.entry("PLUS:date,time", "tessera_date_pl_time"),
            Map.entry("PLUS:time,date", "tessera_time_pl_date"),
            Map.entry("MINUS:time,time", "tessera_time_mi_time"),
            Map.entry("MINUS:ts,iv", "tessera_timestamp_mi_interval"),
            Map.entry("MINUS:tz,iv", "tessera_timestamptz_mi_interval"),
            Map.entry("MINUS:date,iv", "tessera_date_mi_interval"),
            Map.entry("MINUS:ts,ts", "tessera_timestamp_mi"),
            Map.entry("MINUS:tz,tz", "tessera_timestamp_mi"),
            // PostgreSQL casts the timestamp to timestamptz in the session's time zone, which is always UTC here, so
            // the difference is that of the two values (now() - created_at)
            Map.entry("MINUS:tz,ts", "tessera_timestamp_mi"),
            Map.entry("MINUS:ts,tz", "tessera_timestamp_mi"),
            Map.entry("MINUS:iv,iv", "tessera_interval_mi"),
            Map.entry("MINUS_PREFIX:iv", "tessera_interval_um"),
            Map.entry("TIMES:iv,num", "tessera_interval_mul"),
            Map.entry("TIMES:num,iv", "tessera_mul_interval"),
            Map.entry("DIVIDE:iv,num", "tessera_interval_div"),
            Map.entry("TIMES:iv,int", "tessera_interval_mul"),
            Map.entry("TIMES:int,iv", "tessera_mul_interval"),
            Map.entry("DIVIDE:iv,int", "tessera_interval_div"),
            Map.entry("MINUS:date,date", "tessera_date_mi"),
            Map.entry("PLUS:date,int", "tessera_date_pli"),
            Map.entry("PLUS:int,date", "tessera_integer_pl_date"),
            Map.entry("MINUS:date,int", "tessera_date_mii"));

    private static final Map<SqlKind, String> TIME_COMPARISONS = Map.of(
            SqlKind.EQUALS, "tessera_time_eq", SqlKind.NOT_EQUALS, "tessera_time_ne",
            SqlKind.LESS_THAN, "tessera_time_lt", SqlKind.LESS_THAN_OR_EQUAL, "tessera_time_le",
            SqlKind.GREATER_THAN, "tessera_time_gt", SqlKind.GREATER_THAN_OR_EQUAL, "tessera_time_ge");

    private static final Map<SqlKind, String> COMPARISONS = Map.of(
            SqlKind.EQUALS, "tessera_interval_eq", SqlKind.NOT_EQUALS, "tessera_interval_ne",
            SqlKind.LESS_THAN, "tessera_interval_lt", SqlKind.LESS_THAN_OR_EQUAL, "tessera_interval_le",
            SqlKind.GREATER_THAN, "tessera_interval_gt", SqlKind.GREATER_THAN_OR_EQUAL, "tessera_interval_ge");

    /**
     * Before typing {@code call}: swaps in the interval function its operand types call for (see the class
     * comment), changing the call in place. Leaves every other call alone.
     */
    public static void resolve(SqlValidator validator, SqlValidatorScope scope, SqlBasicCall call) {
        SqlOperator op = call.getOperator();
        SqlKind kind = call.getKind();
        String name = op.getName().toLowerCase(Locale.ROOT);
        boolean arithmetic = kind == SqlKind.PLUS || kind == SqlKind.MINUS || kind == SqlKind.TIMES
                || kind == SqlKind.DIVIDE || kind == SqlKind.MINUS_PREFIX || COMPARISONS.containsKey(kind);
        boolean named = op.getSyntax() == SqlSyntax.FUNCTION && switch (name) {
            case "justify_days", "justify_hours", "justify_interval", "age", "date_trunc", "date_part", "to_char",
                    "to_timestamp", "to_date", "timezone", "make_date", "make_time", "make_timestamp",
                    "make_timestamptz", "isfinite", "date_bin" -> true;
            default -> false;
        };
        if (named && name.startsWith("to_")) {
            // the text arguments of the formatting functions: a parameter or a NULL is read as text
            for (int i = name.equals("to_char") ? 1 : 0; i < call.operandCount(); i++) {
                SqlNode operand = call.operand(i);
                if (operand instanceof SqlDynamicParam
                        || org.apache.calcite.sql.SqlUtil.isNullLiteral(operand, false)) {
                    call.setOperand(i, asText(operand));
                }
            }
        }
        if ((kind == SqlKind.SUM || kind == SqlKind.AVG) && call.operandCount() == 1
                && !(call.operand(0) instanceof SqlDynamicParam)
                && isInterval(validator.deriveType(scope, call.operand(0)))) {
            call.setOperator(AGGREGATES.get(kind == SqlKind.SUM ? "tessera_interval_sum" : "tessera_interval_avg"));
            return;
        }
        boolean extract = kind == SqlKind.EXTRACT && call.operandCount() == 2;
        if (op == fn("tessera_time_cast")) {
            checkTimeCast(validator, scope, call);
            return;
        }
        if ((kind == SqlKind.BETWEEN || kind == SqlKind.IN || kind == SqlKind.NOT_IN)
                && call.operandCount() >= 2
                && !(call.operand(0) instanceof SqlDynamicParam)
                && isTime(validator.deriveType(scope, call.operand(0)))) {
            // t BETWEEN '…' AND '…', t IN ('…', …): the strings read as times (PostgreSQL's unknown literals)
            if (op instanceof org.apache.calcite.sql.fun.SqlBetweenOperator between && call.operandCount() == 3) {
                // Calcite's BETWEEN takes no Java type: tessera_time_[not_]between[_symmetric](x, low, high)
                call.setOperator(fn("tessera_time_" + (between.isNegated() ? "not_" : "") + "between"
                        + (between.flag == org.apache.calcite.sql.fun.SqlBetweenOperator.Flag.SYMMETRIC ? "_symmetric" : "")));
                return;
            }
            if (!validator.deriveType(scope, call.operand(0)).isNullable()) {
                // Calcite compares a Java type's NOT NULL and nullable forms as different families: the value as
                // the nullable time, as the list's casts are
                call.setOperand(0, timeCast(call.operand(0), -1));
            }
            for (int i = 1; i < call.operandCount(); i++) {
                SqlNode operand = call.operand(i);
                if (operand instanceof org.apache.calcite.sql.SqlCharStringLiteral) {
                    call.setOperand(i, timeCast(operand, -1));
                } else if (operand instanceof org.apache.calcite.sql.SqlNodeList list) {
                    for (int j = 0; j < list.size(); j++) {
                        if (list.get(j) instanceof org.apache.calcite.sql.SqlCharStringLiteral) {
                            list.set(j, timeCast(list.get(j), -1));
                        }
                    }
                }
            }
            return;
        }
        if (kind == SqlKind.CAST && call.operandCount() == 2 && call.operand(1) instanceof SqlDataTypeSpec spec
                && spec.getTypeNameSpec() instanceof org.apache.calcite.sql.SqlBasicTypeNameSpec basic
                && SqlTypeName.CHAR_TYPES.contains(SqlTypeName.get(basic.getTypeName().getSimple()))
                && !(call.operand(0) instanceof SqlDynamicParam)
                && (isTime(validator.deriveType(scope, call.operand(0)))
                        || isInterval(validator.deriveType(scope, call.operand(0))))) {
            // time::text, interval::text, ::varchar(n): time_out or interval_out, then the text's cast (Calcite has
            // no cast from a Java type)
            String out = isTime(validator.deriveType(scope, call.operand(0))) ? "tessera_time_out"
                    : "tessera_interval_out";
            call.setOperand(0, fn(out).createCall(call.getParserPosition(), (SqlNode) call.operand(0)));
            return;
        }
        if (!arithmetic && !named && !extract) {
            return;
        }
        for (SqlNode operand : call.getOperandList()) {
            if (operand == null || operand instanceof SqlDynamicParam || operand instanceof SqlIntervalQualifier
                    || operand.getKind() == SqlKind.ARGUMENT_ASSIGNMENT) {
                if (!(extract && operand instanceof SqlIntervalQualifier)) {
                    return;
                }
            }
        }
        if (extract) {
            RelDataType t = validator.deriveType(scope, call.operand(1));
            if (isInterval(t) || isTime(t)) {
                SqlIntervalQualifier q = call.operand(0);
                String unit = q.timeUnitRange.startUnit.name().toLowerCase(Locale.ROOT);
                call.setOperand(0, SqlLiteral.createCharString(unit, q.getParserPosition()));
                call.setOperator(fn(isTime(t) ? "tessera_time_part" : "tessera_interval_part"));
            }
            return;
        }
        List<String> classes = new ArrayList<>();
        for (SqlNode operand : call.getOperandList()) {
            RelDataType t = validator.deriveType(scope, operand);
            // make_date(null, 1, 1): a NULL (type unknown) fits the integer fields and make_timestamptz's zone, as
            // PostgreSQL resolves it; the functions are strict
            classes.add(named && name.startsWith("make_") && t.getSqlTypeName() == SqlTypeName.NULL
                    ? (classes.size() == 6 ? "text" : "int") : typeClass(t));
        }
        if (arithmetic && dateWithSqlInterval(kind, classes)) {
            int date = classes.indexOf("date");
            call.setOperand(date, asTimestamp(call.operand(date)));
            return;
        }
        String target = null;
        if (arithmetic && COMPARISONS.containsKey(kind) && classes.size() == 2 && classes.contains("time")
                && classes.stream().allMatch(c -> c.equals("time") || c.equals("text"))) {
            target = TIME_COMPARISONS.get(kind); // time_cmp on microseconds, text read as a time
        } else if (arithmetic && COMPARISONS.containsKey(kind)) {
            if (classes.size() == 2 && classes.contains("iv")
                    && (classes.get(0).equals("text") || classes.get(1).equals("text") || classes.get(0).equals(classes.get(1)))) {
                target = COMPARISONS.get(kind);
            }
        } else if (arithmetic) {
            target = OPERATORS.get(kind.name() + ":" + String.join(",", classes));
        } else {
            String sig = String.join(",", classes);
            target = switch (name) {
                case "justify_days", "justify_hours", "justify_interval" ->
                        classes.size() == 1 && (sig.equals("iv") || sig.equals("text")) ? "tessera_" + name : null;
                case "age" -> ageOperands(call, classes) ? "tessera_age" : null;
                case "date_trunc" -> switch (sig) {
                    case "text,ts" -> "tessera_date_trunc_timestamp";
                    case "text,tz" -> "tessera_date_trunc_timestamptz";
                    case "text,iv" -> "tessera_date_trunc_interval";
                    case "text,date" -> "tessera_date_trunc_date"; // the date cast to timestamptz, as PostgreSQL
                    case "text,tz,text" -> "tessera_date_trunc_zone";
                    default -> null;
                };
                case "date_part" -> sig.equals("text,iv") ? "tessera_interval_date_part"
                        : sig.equals("text,time") ? "tessera_time_date_part" : null;
                case "to_char" -> switch (sig) {
                    case "iv,text" -> "tessera_interval_to_char";
                    case "ts,text" -> "tessera_timestamp_to_char";
                    case "tz,text" -> "tessera_timestamptz_to_char";
                    case "date,text" -> "tessera_date_to_char";
                    case "time,text" -> "tessera_time_to_char";
                    case "int,text", "num,text" -> "tessera_number_to_char";
                    default -> null;
                };
                case "to_timestamp" -> switch (sig) {
                    case "text,text" -> "tessera_to_timestamp";
                    case "int", "num" -> "tessera_epoch_to_timestamp";
                    default -> null;
                };
                case "to_date" -> sig.equals("text,text") ? "tessera_to_date" : null;
                case "timezone" -> switch (sig) {
                    case "text,time", "iv,time" -> throw new io.tessera.common.error.TesseraException(
                            io.tessera.common.error.SqlState.FEATURE_NOT_SUPPORTED,
                            "time AT TIME ZONE (type time with time zone) is not supported; use a timestamp");
                    case "text,ts" -> "tessera_timezone_timestamp";
                    case "text,tz" -> "tessera_timezone_timestamptz";
                    case "text,date" -> "tessera_timezone_date";
                    case "iv,ts" -> "tessera_interval_zone_timestamp";
                    case "iv,tz" -> "tessera_interval_zone_timestamptz";
                    default -> null;
                };
                case "make_date" -> sig.equals("int,int,int") ? "tessera_make_date" : null;
                case "make_time" -> sig.matches("int,int,(int|num)") ? "tessera_make_time" : null;
                case "make_timestamp", "make_timestamptz" -> !sig.matches("(int,){5}(int|num)(,text)?") ? null
                        : name.equals("make_timestamp") ? (classes.size() == 6 ? "tessera_make_timestamp" : null)
                        : classes.size() == 6 ? "tessera_make_timestamptz" : "tessera_make_timestamptz_at";
                case "isfinite" -> switch (sig) {
                    case "date" -> "tessera_isfinite_date";
                    case "ts", "tz" -> "tessera_isfinite_timestamp";
                    case "iv" -> "tessera_isfinite_interval";
                    default -> null;
                };
                case "date_bin" -> switch (sig) {
                    case "iv,ts,ts", "text,ts,ts" -> "tessera_date_bin_timestamp";
                    case "iv,tz,tz", "text,tz,tz" -> "tessera_date_bin_timestamptz";
                    default -> null;
                };
                default -> null;
            };
        }
        if (target != null) {
            call.setOperator(fn(target));
        }
    }

    /**
     * {@code generate_series(start, stop, step)} with timestamps or dates and an interval step: the call becomes the
     * table function {@code tessera_generate_series_timestamp} when start and stop are timestamps (or one is a string
     * constant), else {@code tessera_generate_series_timestamptz} — PostgreSQL's choice for dates, timestamptz and two
     * string constants, as timestamptz is the preferred type of its date/time category — with start and stop cast to
     * that type. The step is an interval or a string constant. Integer forms, other types and other calls are left
     * alone. Called on a table function's call before Calcite looks the function up (which types the call without
     * {@code deriveType}).
     */
    public static void resolveTableFunction(SqlValidator validator, SqlValidatorScope scope, SqlBasicCall call) {
        if (call.getOperator().getSyntax() != SqlSyntax.FUNCTION || call.operandCount() != 3
                || !call.getOperator().getName().equalsIgnoreCase("generate_series")) {
            return;
        }
        for (SqlNode operand : call.getOperandList()) {
            if (operand instanceof SqlDynamicParam || operand.getKind() == SqlKind.ARGUMENT_ASSIGNMENT) {
                return;
            }
        }
        List<String> classes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String c = typeClass(validator.deriveType(scope, call.operand(i)));
            if (c.equals("text") && !(call.operand(i) instanceof SqlLiteral)) {
                return; // a text column is not an unknown-typed constant: PostgreSQL finds no function
            }
            classes.add(c);
        }
        java.util.Set<String> bounds = new java.util.HashSet<>(classes.subList(0, 2));
        if (!java.util.Set.of("ts", "tz", "date", "text").containsAll(bounds) || bounds.equals(java.util.Set.of("text"))
                && !classes.get(2).equals("iv") || !classes.get(2).equals("iv") && !classes.get(2).equals("text")) {
            return;
        }
        boolean timestamp = bounds.contains("ts") && java.util.Set.of("ts", "text").containsAll(bounds);
        SqlTypeName type = timestamp ? SqlTypeName.TIMESTAMP : SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE;
        for (int i = 0; i < 2; i++) {
            if (!classes.get(i).equals(timestamp ? "ts" : "tz")) {
                SqlParserPos pos = call.operand(i).getParserPosition();
                call.setOperand(i, org.apache.calcite.sql.fun.SqlStdOperatorTable.CAST.createCall(pos, call.operand(i),
                        new SqlDataTypeSpec(new org.apache.calcite.sql.SqlBasicTypeNameSpec(type,
                                PgTypeSystem.timestampPrecision(), pos), pos)));
            }
        }
        String target = timestamp ? "tessera_generate_series_timestamp" : "tessera_generate_series_timestamptz";
        call.setOperator(new org.apache.calcite.sql.SqlUnresolvedFunction(new SqlIdentifier(target, SqlParserPos.ZERO),
                null, null, null, null, SqlFunctionCategory.USER_DEFINED_TABLE_FUNCTION));
    }

    /**
     * {@code tessera_time_cast(x, p)} ({@link #timeCast}): 42846 {@code cannot cast type integer to time without time
     * zone} unless x is text, a time, a timestamp or timestamptz, or an interval, as PostgreSQL's casts to time.
     */
    private static void checkTimeCast(SqlValidator validator, SqlValidatorScope scope, SqlBasicCall call) {
        SqlNode operand = call.operand(0);
        if (operand instanceof SqlDynamicParam || operand instanceof SqlLiteral l && l.getTypeName() == SqlTypeName.NULL) {
            return;
        }
        RelDataType t = validator.deriveType(scope, operand);
        switch (typeClass(t)) {
            case "text", "time", "ts", "tz", "iv" -> {
            }
            default -> {
                if (t.getSqlTypeName() == SqlTypeName.NULL || t.getSqlTypeName() == SqlTypeName.UNKNOWN) {
                    return;
                }
                String name;
                try {
                    name = io.tessera.coordinator.sql.TypeMapping.toPgType(t).sqlName();
                } catch (RuntimeException e) {
                    name = t.getSqlTypeName().getName().toLowerCase(Locale.ROOT);
                }
                throw new io.tessera.common.error.TesseraException(io.tessera.common.error.SqlState.CANNOT_COERCE,
                        "cannot cast type " + name + " to time without time zone");
            }
        }
    }

    /**
     * Whether a call of {@code kind} over operands of these classes is {@code date ± interval 'n' unit} with a SQL
     * standard interval ({@code interval '12' hour}, {@code interval '1' year}): Calcite types that a date, whole
     * days of the interval kept and its hours dropped; PostgreSQL's {@code date + interval} is a timestamp
     * ({@code date_pl_interval}: the date at midnight, then the interval), {@code 2024-01-01 12:00:00}.
     */
    private static boolean dateWithSqlInterval(SqlKind kind, List<String> classes) {
        String sig = String.join(",", classes);
        return kind == SqlKind.PLUS && (sig.equals("date,sqliv") || sig.equals("sqliv,date"))
                || kind == SqlKind.MINUS && sig.equals("date,sqliv");
    }

    /** {@code CAST(operand AS timestamp(p))}: a date at midnight, p the precision the engine's timestamps hold. */
    private static SqlNode asTimestamp(SqlNode operand) {
        SqlParserPos pos = operand.getParserPosition();
        return org.apache.calcite.sql.fun.SqlStdOperatorTable.CAST.createCall(pos, operand, new SqlDataTypeSpec(
                new org.apache.calcite.sql.SqlBasicTypeNameSpec(SqlTypeName.TIMESTAMP,
                PgTypeSystem.timestampPrecision(), pos), pos));
    }

    /**
     * Makes {@code age}'s operands one type as PostgreSQL's resolution does ({@code age(timestamptz, timestamptz)} when
     * either is a timestamptz or neither is a timestamp, else {@code age(timestamp, timestamp)}; a date or a string
     * literal cast to it). {@code age(x)} arrives as {@code age(current_date, x)} ({@code SqlValueFunctions}).
     *
     * @return whether the call is now {@code tessera_age}'s shape
     */
    private static boolean ageOperands(SqlBasicCall call, List<String> classes) {
        if (classes.size() != 2 || !List.of("ts", "tz", "date", "text").containsAll(classes)
                || classes.equals(List.of("text", "text"))) {
            return false;
        }
        boolean tz = classes.contains("tz") || !classes.contains("ts");
        String target = tz ? "tz" : "ts";
        for (int i = 0; i < 2; i++) {
            if (!classes.get(i).equals(target)) {
                call.setOperand(i, tz ? asTimestamptz(call.operand(i)) : asTimestamp(call.operand(i)));
            }
        }
        return true;
    }

    /** {@code CAST(operand AS timestamptz)} at the engine's precision. */
    private static SqlNode asTimestamptz(SqlNode operand) {
        SqlParserPos pos = operand.getParserPosition();
        return org.apache.calcite.sql.fun.SqlStdOperatorTable.CAST.createCall(pos, operand, new SqlDataTypeSpec(
                new org.apache.calcite.sql.SqlBasicTypeNameSpec(SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE,
                PgTypeSystem.timestampPrecision(), pos), pos));
    }

    /** {@code CAST(operand AS varchar)}. */
    private static SqlNode asText(SqlNode operand) {
        SqlParserPos pos = operand.getParserPosition();
        return org.apache.calcite.sql.fun.SqlStdOperatorTable.CAST.createCall(pos, operand,
                new SqlDataTypeSpec(new org.apache.calcite.sql.SqlBasicTypeNameSpec(SqlTypeName.VARCHAR, pos), pos));
    }

    @Override
    public void lookupOperatorOverloads(SqlIdentifier opName, SqlFunctionCategory category, SqlSyntax syntax,
            List<SqlOperator> operatorList, SqlNameMatcher nameMatcher) {
        if (!opName.isSimple() || (syntax != SqlSyntax.FUNCTION && syntax != SqlSyntax.FUNCTION_ID)) {
            return;
        }
        String lower = opName.getSimple().toLowerCase(Locale.ROOT);
        SqlOperator op = BY_NAME.containsKey(lower) ? BY_NAME.get(lower) : AGGREGATES.get(lower);
        if (op != null) {
            operatorList.add(op);
        }
    }

    @Override
    public List<SqlOperator> getOperatorList() {
        List<SqlOperator> all = new ArrayList<>(BY_NAME.values());
        all.addAll(AGGREGATES.values());
        return all;
    }
}
