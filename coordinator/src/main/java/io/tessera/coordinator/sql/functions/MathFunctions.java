package io.tessera.coordinator.sql.functions;

import java.math.BigDecimal;
import java.util.Map;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.SqlOperandTypeChecker;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * PostgreSQL's math functions whose result type follows the arguments, as its overloads resolve: {@code sqrt},
 * {@code exp}, {@code ln}, {@code log}, {@code log10}, {@code power}/{@code pow} and the {@code ^} operator
 * ({@code PgRewriter}) are numeric when an argument is numeric and none is a float ({@code power(2, 0.5)},
 * {@code 2::numeric ^ 100}), double precision otherwise ({@code sqrt(2)}); {@code log(b, x)} is numeric only. Also
 * functions Calcite lacks: {@code div}, {@code scale}, {@code min_scale}, {@code trim_scale}, {@code gcd},
 * {@code lcm}, {@code factorial}, {@code width_bucket}.
 * Calcite's versions compute in double always.
 *
 * <p>These operators have no implementation of their own: {@link PgRexRewriter} replaces every call by the
 * {@link PgRuntime} method {@link #runtimeMethod} names (PostgreSQL's result scales and errors, {@code PgMath}),
 * together with {@code abs} of integers (22003 for the minimum), {@code round(float8)} (halves to even) and the
 * square root that ends Calcite's reduction of {@code stddev} (PostgreSQL's numeric rounding).
 */
public final class MathFunctions {
    public static final SqlFunction SQRT = function("SQRT", OperandTypes.NUMERIC);
    public static final SqlFunction EXP = function("EXP", OperandTypes.NUMERIC);
    public static final SqlFunction LN = function("LN", OperandTypes.NUMERIC);
    public static final SqlFunction LOG = function("LOG", OperandTypes.NUMERIC.or(OperandTypes.NUMERIC_NUMERIC));
    public static final SqlFunction LOG10 = function("LOG10", OperandTypes.NUMERIC);
    /** {@code power(a, b)}, {@code pow(a, b)} and {@code a ^ b}. */
    public static final SqlFunction POWER = function("POWER", OperandTypes.NUMERIC_NUMERIC);

    /** {@code sign(x)}: numeric for a numeric, else double precision ({@code sign(0)} of an integer is float8). */
    public static final SqlFunction SIGN = function("SIGN", OperandTypes.NUMERIC);
    /** {@code trunc(x)}: numeric or double precision as x; {@code trunc(numeric, int)}: numeric. */
    public static final SqlFunction TRUNC = function("TRUNC",
            OperandTypes.NUMERIC.or(OperandTypes.NUMERIC_INTEGER));
    /** {@code div(a, b)}: the integral quotient, numeric. */
    public static final SqlFunction DIV = function("DIV", OperandTypes.NUMERIC_NUMERIC);
    /** {@code scale(numeric)}, {@code min_scale(numeric)}: integer. */
    public static final SqlFunction SCALE = function("SCALE", OperandTypes.NUMERIC);
    public static final SqlFunction MIN_SCALE = function("MIN_SCALE", OperandTypes.NUMERIC);
    /** {@code trim_scale(numeric)}: without trailing zeros. */
    public static final SqlFunction TRIM_SCALE = function("TRIM_SCALE", OperandTypes.NUMERIC);
    /** {@code gcd(a, b)}, {@code lcm(a, b)}: integer, bigint or numeric as the arguments. */
    public static final SqlFunction GCD = function("GCD", OperandTypes.NUMERIC_NUMERIC);
    public static final SqlFunction LCM = function("LCM", OperandTypes.NUMERIC_NUMERIC);
    /** {@code factorial(bigint)}: numeric. */
    public static final SqlFunction FACTORIAL = function("FACTORIAL", OperandTypes.NUMERIC);

    /** {@code width_bucket(operand, low, high, count)}: integer, of numerics or of floats. */
    public static final SqlFunction WIDTH_BUCKET = function("WIDTH_BUCKET", OperandTypes.family(
            org.apache.calcite.sql.type.SqlTypeFamily.NUMERIC, org.apache.calcite.sql.type.SqlTypeFamily.NUMERIC,
            org.apache.calcite.sql.type.SqlTypeFamily.NUMERIC, org.apache.calcite.sql.type.SqlTypeFamily.INTEGER));

    /** The functions by their lower-case names, for {@link PgFunctionTable}. */
    static final Map<String, SqlOperator> BY_NAME = Map.ofEntries(Map.entry("sqrt", SQRT), Map.entry("exp", EXP),
            Map.entry("ln", LN), Map.entry("log", LOG), Map.entry("log10", LOG10), Map.entry("power", POWER),
            Map.entry("pow", POWER), Map.entry("trunc", TRUNC), Map.entry("div", DIV), Map.entry("scale", SCALE),
            Map.entry("min_scale", MIN_SCALE), Map.entry("trim_scale", TRIM_SCALE), Map.entry("gcd", GCD),
            Map.entry("lcm", LCM), Map.entry("factorial", FACTORIAL), Map.entry("width_bucket", WIDTH_BUCKET),
            Map.entry("sign", SIGN));

    /** The {@link PgRuntime} method of each function but for its type's prefix ({@code numeric}, {@code int4}...). */
    private static final Map<SqlOperator, String> METHODS = Map.ofEntries(Map.entry(SQRT, "Sqrt"),
            Map.entry(EXP, "Exp"), Map.entry(LN, "Ln"), Map.entry(LOG10, "Log10"), Map.entry(POWER, "Power"),
            Map.entry(DIV, "Div"), Map.entry(SCALE, "Scale"), Map.entry(MIN_SCALE, "MinScale"),
            Map.entry(TRIM_SCALE, "TrimScale"), Map.entry(GCD, "Gcd"), Map.entry(LCM, "Lcm"),
            Map.entry(FACTORIAL, "Factorial"), Map.entry(SIGN, "Sign"));

    private MathFunctions() {
    }

    private static SqlFunction function(String name, SqlOperandTypeChecker operands) {
        return new SqlFunction(name, SqlKind.OTHER_FUNCTION, MathFunctions::resultType, null, operands,
                SqlFunctionCategory.NUMERIC);
    }

    /**
     * numeric when an argument is numeric and the others are integers (or NULL), else double precision; for
     * gcd/lcm the widest integer type; integer for scale/min_scale; numeric always for div, factorial,
     * trim_scale, log(b, x) and trunc(x, n).
     */
    private static RelDataType resultType(SqlOperatorBinding binding) {
        RelDataTypeFactory f = binding.getTypeFactory();
        SqlOperator op = binding.getOperator();
        boolean alwaysNumeric = op == DIV || op == FACTORIAL || op == TRIM_SCALE
                || ((op == LOG || op == TRUNC) && binding.getOperandCount() == 2);
        if (op == SCALE || op == MIN_SCALE || op == WIDTH_BUCKET) {
            return f.createTypeWithNullability(f.createSqlType(SqlTypeName.INTEGER), true);
        }
        if (op == GCD || op == LCM) {
            RelDataType a = binding.getOperandType(0);
            RelDataType b = binding.getOperandType(1);
            SqlTypeName t = a.getSqlTypeName() == SqlTypeName.DECIMAL || b.getSqlTypeName() == SqlTypeName.DECIMAL
                    ? SqlTypeName.DECIMAL : a.getSqlTypeName() == SqlTypeName.BIGINT
                            || b.getSqlTypeName() == SqlTypeName.BIGINT ? SqlTypeName.BIGINT : SqlTypeName.INTEGER;
            RelDataType type = t == SqlTypeName.DECIMAL
                    ? f.createSqlType(t, PgRexRewriter.UNCONSTRAINED, 0) : f.createSqlType(t);
            return f.createTypeWithNullability(type, a.isNullable() || b.isNullable());
        }
        boolean numeric = alwaysNumeric;
        boolean exact = true;
        boolean nullable = false;
        for (RelDataType t : binding.collectOperandTypes()) {
            SqlTypeName n = t.getSqlTypeName();
            numeric |= n == SqlTypeName.DECIMAL;
            exact &= n == SqlTypeName.DECIMAL || n == SqlTypeName.NULL || SqlTypeName.INT_TYPES.contains(n);
            nullable |= t.isNullable();
        }
        RelDataType type = numeric && (exact || alwaysNumeric)
                ? f.createSqlType(SqlTypeName.DECIMAL, PgRexRewriter.UNCONSTRAINED, 0)
                : f.createSqlType(SqlTypeName.DOUBLE);
        return f.createTypeWithNullability(type, nullable);
    }

    /**
     * The {@link PgRuntime} method that computes {@code c} as PostgreSQL does, or null when {@code c} is none of the
     * calls this class stands for.
     */
    static String runtimeMethod(RexCall c) {
        SqlOperator op = c.getOperator();
        SqlTypeName result = c.getType().getSqlTypeName();
        SqlTypeName first = c.getOperands().isEmpty() ? null : c.getOperands().get(0).getType().getSqlTypeName();
        String prefix = switch (result) {
            case DECIMAL -> "numeric";
            case INTEGER -> op == GCD || op == LCM ? "int4" : "numeric";
            case BIGINT -> "int8";
            default -> "float8";
        };
        if (METHODS.containsKey(op)) {
            return prefix + METHODS.get(op);
        }
        if (op == LOG) {
            return c.getOperands().size() == 1 ? prefix + "Log10" : "numericLog";
        }
        if (op == WIDTH_BUCKET) {
            for (RexNode o : c.getOperands().subList(0, 3)) {
                if (SqlTypeName.APPROX_TYPES.contains(o.getType().getSqlTypeName())) {
                    return "float8WidthBucket";
                }
            }
            return "numericWidthBucket";
        }
        if (op == TRUNC) {
            return c.getOperands().size() == 1 ? prefix + "Trunc" : "numericTruncTo";
        }
        if (op == SqlStdOperatorTable.POWER && isHalf(c.getOperands().get(1))) {
            // Calcite's stddev: POWER(variance, 0.5); PostgreSQL takes the square root
            return first == SqlTypeName.DECIMAL ? "numericStddev" : first == SqlTypeName.DOUBLE ? "float8Sqrt" : null;
        }
        if (op == SqlStdOperatorTable.ABS && SqlTypeName.INT_TYPES.contains(result) && result == first) {
            return switch (result) {
                case SMALLINT -> "int2Abs";
                case INTEGER -> "int4Abs";
                case BIGINT -> "int8Abs";
                default -> null;
            };
        }
        if (op == SqlStdOperatorTable.ROUND && c.getOperands().size() == 1 && result == SqlTypeName.DOUBLE) {
            return "float8Round";
        }
        return null;
    }

    private static boolean isHalf(RexNode e) {
        return e instanceof RexLiteral l && l.getValueAs(BigDecimal.class) != null
                && l.getValueAs(BigDecimal.class).compareTo(new BigDecimal("0.5")) == 0;
    }
}
