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
 * {@code 2::numeric ^ 100}), double precision otherwise ({@code sqrt(2)}); {@code log(b, x)} is numeric only.
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

    /** The functions by their lower-case names, for {@link PgFunctionTable}. */
    static final Map<String, SqlOperator> BY_NAME = Map.of("sqrt", SQRT, "exp", EXP, "ln", LN, "log", LOG,
            "log10", LOG10, "power", POWER, "pow", POWER);

    private MathFunctions() {
    }

    private static SqlFunction function(String name, SqlOperandTypeChecker operands) {
        return new SqlFunction(name, SqlKind.OTHER_FUNCTION, MathFunctions::resultType, null, operands,
                SqlFunctionCategory.NUMERIC);
    }

    /** numeric when an argument is numeric and the others are integers (or NULL), else double precision. */
    private static RelDataType resultType(SqlOperatorBinding binding) {
        boolean numeric = binding.getOperator() == LOG && binding.getOperandCount() == 2;
        boolean exact = true;
        boolean nullable = false;
        for (RelDataType t : binding.collectOperandTypes()) {
            SqlTypeName n = t.getSqlTypeName();
            numeric |= n == SqlTypeName.DECIMAL;
            exact &= n == SqlTypeName.DECIMAL || n == SqlTypeName.NULL || SqlTypeName.INT_TYPES.contains(n);
            nullable |= t.isNullable();
        }
        RelDataTypeFactory f = binding.getTypeFactory();
        RelDataType type = numeric && (exact || binding.getOperator() == LOG && binding.getOperandCount() == 2)
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
        String prefix = result == SqlTypeName.DECIMAL ? "numeric" : "float8";
        if (op == SQRT) {
            return prefix + "Sqrt";
        }
        if (op == EXP) {
            return prefix + "Exp";
        }
        if (op == LN) {
            return prefix + "Ln";
        }
        if (op == LOG10 || (op == LOG && c.getOperands().size() == 1)) {
            return prefix + "Log10";
        }
        if (op == LOG) {
            return "numericLog";
        }
        if (op == POWER) {
            return prefix + "Power";
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
