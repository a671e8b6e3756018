package io.tessera.sql.parser;

import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlBinaryOperator;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperandCountRange;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlOperandCountRanges;
import org.apache.calcite.sql.type.SqlOperandTypeChecker;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * PostgreSQL's {@code x [NOT] LIKE ANY (array)}, {@code x [NOT] LIKE ALL (array)} and their ILIKE forms ({@code SOME}
 * is ANY), as the parser builds them: {@code s LIKE ANY (a)} is a call of {@link #of}{@code (LIKE, false)} on s and
 * a. Each is the LIKE (or NOT LIKE, ILIKE, NOT ILIKE) of x and every element, combined with SQL's three-valued OR
 * (ANY) or AND (ALL): NOT LIKE ANY holds when x is unlike some element, not the negation of LIKE ANY. The left
 * operand is a string, the right an array of strings (an untyped string literal is read as text[] by the
 * coordinator's validator, as PostgreSQL reads it); the result is a nullable boolean. The coordinator converts the
 * call ({@code QuantifiedArrays.convertLike}).
 *
 * <p>Precedence: LIKE's. https://www.postgresql.org/docs/15/functions-comparisons.html#id-1.5.8.30.16
 */
public final class QuantifiedLike {
    private static final int PRECEDENCE = 32;

    /** A string (or NULL) on the left, an array of strings (or NULL) on the right. */
    private static final SqlOperandTypeChecker OPERANDS = new SqlOperandTypeChecker() {
        @Override
        public boolean checkOperandTypes(SqlCallBinding binding, boolean throwOnFailure) {
            RelDataType x = binding.getOperandType(0);
            RelDataType a = binding.getOperandType(1);
            boolean ok = (x.getSqlTypeName() == SqlTypeName.NULL || SqlTypeName.CHAR_TYPES.contains(x.getSqlTypeName()))
                    && (a.getSqlTypeName() == SqlTypeName.NULL || a.getComponentType() != null
                    && (SqlTypeName.CHAR_TYPES.contains(a.getComponentType().getSqlTypeName())
                    || a.getComponentType().getSqlTypeName() == SqlTypeName.NULL));
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
            return "<STRING> " + opName + " <ARRAY>";
        }
    };

    /** The eight operators: LIKE, NOT LIKE, ILIKE, NOT ILIKE, each with ANY and with ALL. */
    public static final List<QuantifiedLikeOperator> ALL = List.of(
            operator(false, false, false), operator(false, false, true),
            operator(true, false, false), operator(true, false, true),
            operator(false, true, false), operator(false, true, true),
            operator(true, true, false), operator(true, true, true));

    private QuantifiedLike() {
    }

    /**
     * The quantified form of {@code like} (LIKE, NOT LIKE, ILIKE or NOT ILIKE as the parser chose it), ANY or
     * {@code all}.
     *
     * @param pos the quantifier's place, for the error
     * @throws SqlPositionedException a syntax error at the quantifier for another operator (SIMILAR TO, RLIKE,
     *     {@code ~}: PostgreSQL's grammar has no quantified form of them)
     */
    public static QuantifiedLikeOperator of(SqlOperator like, boolean all, SqlParserPos pos) {
        boolean negated;
        boolean caseInsensitive;
        if (like == SqlStdOperatorTable.LIKE || like == SqlStdOperatorTable.NOT_LIKE) {
            negated = like == SqlStdOperatorTable.NOT_LIKE;
            caseInsensitive = false;
        } else if (like == SqlLibraryOperators.ILIKE || like == SqlLibraryOperators.NOT_ILIKE) {
            negated = like == SqlLibraryOperators.NOT_ILIKE;
            caseInsensitive = true;
        } else {
            throw new SqlPositionedException(null, null, pos);
        }
        for (QuantifiedLikeOperator op : ALL) {
            if (op.negated == negated && op.caseInsensitive == caseInsensitive && op.all == all) {
                return op;
            }
        }
        throw new AssertionError("like=" + like + " all=" + all);
    }

    private static QuantifiedLikeOperator operator(boolean negated, boolean caseInsensitive, boolean all) {
        return new QuantifiedLikeOperator(negated, caseInsensitive, all);
    }

    /** One of the eight operators; its name is its SQL ({@code NOT ILIKE ALL}). */
    public static final class QuantifiedLikeOperator extends SqlBinaryOperator {
        /** NOT LIKE or NOT ILIKE. */
        public final boolean negated;
        /** ILIKE. */
        public final boolean caseInsensitive;
        /** ALL (else ANY). */
        public final boolean all;

        private QuantifiedLikeOperator(boolean negated, boolean caseInsensitive, boolean all) {
            super((negated ? "NOT " : "") + (caseInsensitive ? "ILIKE" : "LIKE") + (all ? " ALL" : " ANY"),
                    SqlKind.OTHER, PRECEDENCE, true, ReturnTypes.BOOLEAN_FORCE_NULLABLE, InferTypes.FIRST_KNOWN, OPERANDS);
            this.negated = negated;
            this.caseInsensitive = caseInsensitive;
            this.all = all;
        }
    }
}
