package io.tessera.sql.parser;

import java.util.List;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlPrefixOperator;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeTransforms;

/**
 * PostgreSQL's prefix operators {@code |/} (square root), {@code ||/} (cube root) and {@code @} (absolute value),
 * as the parser builds them ({@code |/ x} is a call of {@link #SQRT} on x). {@code |/} and {@code ||/} are of double
 * precision ({@code dsqrt}, {@code dcbrt}: {@code |/ 2.0} is float8 too), {@code @} of its operand's type; the
 * coordinator computes them as {@code sqrt(x::float8)}, {@code cbrt(x::float8)} and {@code abs(x)}, with those
 * functions' errors (2201F for the square root of a negative number, 22003 for {@code @} of the smallest integer).
 *
 * <p>Precedence: PostgreSQL's "any other operator" group, below {@code +} and {@code -} ({@code |/ 25 + 11} is 6,
 * {@code @ -5 * 2} is 10). https://www.postgresql.org/docs/15/functions-math.html#FUNCTIONS-MATH-OP-TABLE
 */
public final class MathOperators {
    private static final int PRECEDENCE = 36;

    /** {@code |/ x}. */
    public static final SqlPrefixOperator SQRT = new SqlPrefixOperator("|/", SqlKind.OTHER, PRECEDENCE,
            ReturnTypes.DOUBLE.andThen(SqlTypeTransforms.TO_NULLABLE), InferTypes.FIRST_KNOWN, OperandTypes.NUMERIC);
    /** {@code ||/ x}. */
    public static final SqlPrefixOperator CBRT = new SqlPrefixOperator("||/", SqlKind.OTHER, PRECEDENCE,
            ReturnTypes.DOUBLE.andThen(SqlTypeTransforms.TO_NULLABLE), InferTypes.FIRST_KNOWN, OperandTypes.NUMERIC);
    /** {@code @ x}. */
    public static final SqlPrefixOperator ABS = new SqlPrefixOperator("@", SqlKind.OTHER, PRECEDENCE,
            ReturnTypes.ARG0, InferTypes.FIRST_KNOWN, OperandTypes.NUMERIC);

    /** The three operators. */
    public static final List<SqlOperator> ALL = List.of(SQRT, CBRT, ABS);

    private MathOperators() {
    }
}
