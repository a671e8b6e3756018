package io.tessera.sql.parser;

import io.tessera.sql.parser.ddl.BitStringType;
import java.util.Locale;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlBinaryOperator;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperandCountRange;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.SqlPrefixOperator;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlOperandCountRanges;
import org.apache.calcite.sql.type.SqlOperandTypeChecker;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * PostgreSQL's integer bitwise operators {@code &}, {@code |}, {@code #} (exclusive or), {@code ~} (prefix not),
 * {@code <<} and {@code >>}, and the text operator {@code ^@} (starts with), as the parser builds them
 * ({@code a & b} is a call of {@link #AND} on a and b; Calcite's own {@code &} and {@code <<} are replaced in its
 * grammar by the sql-parser pom).
 *
 * <p>Types, as PostgreSQL's overloads resolve: {@code &}, {@code |} and {@code #} take two of smallint, integer
 * and bigint and return the wider ({@code int2 & int2} is smallint, {@code int2 & int4} integer); {@code ~}
 * returns its operand's type; {@code <<} and {@code >>} return their left operand's type and take a smallint or
 * integer count ({@code 1 << 2::bigint} is 42883, as PostgreSQL has no {@code int4 << int8}). Any other operand
 * type is 42883 "operator does not exist". The coordinator's {@code PgRexRewriter} computes them (and the datanodes
 * as the fragment operators BIT_AND ... SHIFT_RIGHT) with {@code io.tessera.executor.expr.Bitwise}.
 *
 * <p>On bit strings ({@code BitStringType}) the same operators are PostgreSQL's varbit.c ones: {@code &}, {@code |},
 * {@code #} of two bit strings (22026 when their lengths differ, at run time), {@code ~} of one, {@code <<} and
 * {@code >>} by an integer count, all of the first operand's bit string type without a length.
 *
 * <p>Precedence: PostgreSQL's "any other operator" group, as {@link ArrayOperators}': left-associative, below
 * {@code +} and {@code -} ({@code 1 | 2 & 3} is {@code (1 | 2) & 3}, {@code ~ 1 + 2} is {@code ~ (1 + 2)}).
 * https://www.postgresql.org/docs/15/functions-math.html#FUNCTIONS-MATH-OP-TABLE
 */
public final class BitOperators {
    private static final int PRECEDENCE = 36;

    /** {@code a & b}. */
    public static final SqlBinaryOperator AND = binary("&", false);
    /** {@code a | b}. */
    public static final SqlBinaryOperator OR = binary("|", false);
    /** {@code a # b}. */
    public static final SqlBinaryOperator XOR = binary("#", false);
    /** {@code a << n}. */
    public static final SqlBinaryOperator SHIFT_LEFT = binary("<<", true);
    /** {@code a >> n}. */
    public static final SqlBinaryOperator SHIFT_RIGHT = binary(">>", true);
    /** {@code ~a}: above the binary operators of its group, so that {@code ~ 1 & 2} is {@code (~ 1) & 2}. */
    public static final SqlPrefixOperator NOT = new SqlPrefixOperator("~", SqlKind.OTHER, PRECEDENCE + 2,
            BitOperators::first, InferTypes.FIRST_KNOWN, new IntegerOperands(false, 1));
    /** {@code s ^@ prefix}: whether s starts with prefix, as {@code starts_with(s, prefix)}. */
    public static final SqlBinaryOperator STARTS_WITH = new SqlBinaryOperator("^@", SqlKind.OTHER, PRECEDENCE, true,
            ReturnTypes.BOOLEAN_NULLABLE, InferTypes.FIRST_KNOWN,
            org.apache.calcite.sql.type.OperandTypes.STRING_STRING);

    /** The operators, binary and prefix. */
    public static final java.util.List<SqlOperator> ALL = java.util.List.of(AND, OR, XOR, SHIFT_LEFT, SHIFT_RIGHT,
            NOT, STARTS_WITH);

    private BitOperators() {
    }

    /** Whether {@code op} is one of the integer operators (not {@link #STARTS_WITH}). */
    public static boolean isBitwise(SqlOperator op) {
        return op == AND || op == OR || op == XOR || op == SHIFT_LEFT || op == SHIFT_RIGHT || op == NOT;
    }

    private static SqlBinaryOperator binary(String name, boolean shift) {
        return new SqlBinaryOperator(name, SqlKind.OTHER, PRECEDENCE, true,
                shift ? BitOperators::first : BitOperators::wider, InferTypes.FIRST_KNOWN,
                new IntegerOperands(shift, 2));
    }

    /** The wider of two integer operand types (a NULL takes the other's), nullable if either is; bit strings' type. */
    private static RelDataType wider(SqlOperatorBinding binding) {
        RelDataTypeFactory f = binding.getTypeFactory();
        RelDataType a = binding.getOperandType(0);
        RelDataType b = binding.getOperandType(1);
        if (BitStringType.is(a) || BitStringType.is(b)) {
            return bits(f, BitStringType.is(a) ? a : b, a.isNullable() || b.isNullable());
        }
        SqlTypeName t = rank(b.getSqlTypeName()) > rank(a.getSqlTypeName()) ? b.getSqlTypeName() : a.getSqlTypeName();
        return f.createTypeWithNullability(f.createSqlType(t == SqlTypeName.NULL ? SqlTypeName.INTEGER : t),
                a.isNullable() || b.isNullable());
    }

    /** The first operand's integer type (integer for a NULL), nullable if any operand is. */
    private static RelDataType first(SqlOperatorBinding binding) {
        RelDataTypeFactory f = binding.getTypeFactory();
        SqlTypeName t = binding.getOperandType(0).getSqlTypeName();
        boolean nullable = false;
        for (RelDataType o : binding.collectOperandTypes()) {
            nullable |= o.isNullable();
        }
        if (BitStringType.is(binding.getOperandType(0))) {
            return bits(f, binding.getOperandType(0), nullable);
        }
        return f.createTypeWithNullability(f.createSqlType(t == SqlTypeName.NULL ? SqlTypeName.INTEGER : t), nullable);
    }

    /** A bit string operator's result: bit or bit varying as {@code operand}, without a length (as PostgreSQL's). */
    private static RelDataType bits(RelDataTypeFactory f, RelDataType operand, boolean nullable) {
        return f.createTypeWithNullability(BitStringType.relType(f, BitStringType.isVarying(operand), -1), nullable);
    }

    private static int rank(SqlTypeName t) {
        return switch (t) {
            case SMALLINT -> 1;
            case INTEGER -> 2;
            case BIGINT -> 3;
            default -> 0;
        };
    }

    /** smallint, integer, bigint or NULL operands; a shift's count is no bigint. */
    private record IntegerOperands(boolean shift, int count) implements SqlOperandTypeChecker {
        @Override
        public boolean checkOperandTypes(SqlCallBinding binding, boolean throwOnFailure) {
            boolean ok = true;
            if (BitStringType.is(binding.getOperandType(0))) {
                // bit strings: & | # of two (their lengths checked when run), ~ of one, << >> by an integer count
                SqlTypeName second = count == 2 ? binding.getOperandType(1).getSqlTypeName() : null;
                ok = count == 1 || (shift ? second == SqlTypeName.INTEGER || second == SqlTypeName.SMALLINT
                        || second == SqlTypeName.NULL
                        : BitStringType.is(binding.getOperandType(1)) || second == SqlTypeName.NULL);
                if (!ok && throwOnFailure) {
                    throw binding.newValidationSignatureError();
                }
                return ok;
            }
            for (int i = 0; i < count; i++) {
                SqlTypeName t = binding.getOperandType(i).getSqlTypeName();
                ok &= t == SqlTypeName.NULL || rank(t) > 0 && !(shift && i == 1 && t == SqlTypeName.BIGINT);
            }
            if (!ok && throwOnFailure) {
                throw binding.newValidationSignatureError();
            }
            return ok;
        }

        @Override
        public SqlOperandCountRange getOperandCountRange() {
            return SqlOperandCountRanges.of(count);
        }

        @Override
        public String getAllowedSignatures(SqlOperator op, String opName) {
            return count == 1 ? opName.toUpperCase(Locale.ROOT) + " <INTEGER>"
                    : "<INTEGER> " + opName.toUpperCase(Locale.ROOT) + " <INTEGER>";
        }
    }
}
