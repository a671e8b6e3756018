package io.tessera.sql.parser;

import java.util.Locale;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlBinaryOperator;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperandCountRange;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlOperandCountRanges;
import org.apache.calcite.sql.type.SqlOperandTypeChecker;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * PostgreSQL's array operators {@code @>} (contains), {@code <@} (is contained by) and {@code &&} (overlaps), as the
 * parser builds them ({@code a @> b} is a call of {@link #CONTAINS} on a and b). Both operands are arrays of the same
 * element type (PostgreSQL's {@code anyarray, anyarray}: {@code int[] @> bigint[]} is 42883, though strings of
 * any kind mix, as a literal's array is text[] in PostgreSQL); the result is a nullable boolean. The coordinator
 * evaluates them ({@code PgRuntime.arrayContains}, {@code arrayOverlaps}). Two strings are jsonb's {@code @>} and
 * {@code <@} (the coordinator's {@code JsonFunctions}: jsonb is text to Calcite).
 *
 * <p>Precedence: PostgreSQL's "any other operator" group, above comparisons, LIKE, IN and BETWEEN (30, 32 in
 * Calcite) and below {@code +} and {@code -} (40). https://www.postgresql.org/docs/15/functions-array.html
 */
public final class ArrayOperators {
    private static final int PRECEDENCE = 36;

    /** Two arrays of one element type (strings of any kind count as one), or a NULL; before the operators. */
    private static final SqlOperandTypeChecker SAME_ELEMENT_ARRAYS = new SqlOperandTypeChecker() {
        @Override
        public boolean checkOperandTypes(SqlCallBinding binding, boolean throwOnFailure) {
            RelDataType a = binding.getOperandType(0);
            RelDataType b = binding.getOperandType(1);
            boolean ok = a.getSqlTypeName() == SqlTypeName.NULL || b.getSqlTypeName() == SqlTypeName.NULL
                    || (SqlTypeName.CHAR_TYPES.contains(a.getSqlTypeName())
                    && SqlTypeName.CHAR_TYPES.contains(b.getSqlTypeName())) // jsonb @> jsonb: jsonb is text here
                    || (a.getComponentType() != null && b.getComponentType() != null
                    && sameElementType(a.getComponentType().getSqlTypeName(), b.getComponentType().getSqlTypeName()))
                    // an untyped literal beside an array is that array's type ('{1}' is int[] in a @> '{1}')
                    || (a.getComponentType() != null && isStringLiteral(binding.operand(1)))
                    || (b.getComponentType() != null && isStringLiteral(binding.operand(0)));
            if (!ok && throwOnFailure) {
                throw binding.newValidationSignatureError();
            }
            return ok;
        }

        @Override
        public SqlOperandCountRange getOperandCountRange() {
            return SqlOperandCountRanges.of(2);
        }

        @Override
        public String getAllowedSignatures(SqlOperator op, String opName) {
            return "<ARRAY> " + opName.toUpperCase(Locale.ROOT) + " <ARRAY>";
        }
    };

    /** {@code a @> b}: every element of b equals some element of a (a NULL element equals nothing). */
    public static final SqlBinaryOperator CONTAINS = operator("@>");
    /** {@code a <@ b}: every element of a equals some element of b. */
    public static final SqlBinaryOperator CONTAINED_BY = operator("<@");
    /** {@code a && b}: some element of a equals some element of b. */
    public static final SqlBinaryOperator OVERLAPS = operator("&&");

    /** The three operators. */
    public static final java.util.List<SqlBinaryOperator> ALL = java.util.List.of(CONTAINS, CONTAINED_BY, OVERLAPS);

    private ArrayOperators() {
    }

    /** Whether {@code op} is one of these operators. */
    public static boolean is(SqlOperator op) {
        return op == CONTAINS || op == CONTAINED_BY || op == OVERLAPS;
    }

    private static SqlBinaryOperator operator(String name) {
        return new SqlBinaryOperator(name, SqlKind.OTHER, PRECEDENCE, true, ReturnTypes.BOOLEAN_NULLABLE,
                InferTypes.FIRST_KNOWN, SAME_ELEMENT_ARRAYS);
    }

    /** Whether {@code n} is a string literal, of unknown type in PostgreSQL (an array's text form here). */
    public static boolean isStringLiteral(org.apache.calcite.sql.SqlNode n) {
        return n instanceof org.apache.calcite.sql.SqlCharStringLiteral;
    }

    private static boolean sameElementType(SqlTypeName a, SqlTypeName b) {
        return a == b || a == SqlTypeName.NULL || b == SqlTypeName.NULL
                || (SqlTypeName.CHAR_TYPES.contains(a) && SqlTypeName.CHAR_TYPES.contains(b));
    }
}
