package io.tessera.coordinator.sql;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Calcite's RexBuilder, except that a cast of a string literal to {@code char(n)} stays a cast rather than becoming
 * a padded literal. A padded literal would be indistinguishable from a string literal with trailing blanks, and
 * PostgreSQL treats the two differently: {@code 'a'::char(3) || '|'} is {@code 'a|'} (char(n) padding is not data)
 * while {@code 'a  ' || '|'} is {@code 'a  |'} (a literal is text). {@code PgRexRewriter} applies char(n)
 * semantics to the cast.
 *
 * <p>And arithmetic with a NULL literal operand is the NULL literal of its type at once: PostgreSQL's arithmetic
 * operators are strict, so {@code 43 / -CAST(NULL AS int)} is NULL (no division error). Folding it here matters
 * beyond speed: Calcite's monotonicity analysis (run while building every Project) takes a constant operand of
 * {@code *} or {@code /} for a literal and fails with an AssertionError on a call such as {@code /(43, null)}.
 */
final class PgRexBuilder extends RexBuilder {
    PgRexBuilder(RelDataTypeFactory typeFactory) {
        super(typeFactory);
    }

    /** The arithmetic operators that are strict in PostgreSQL (a NULL operand gives NULL, never an error). */
    private static final Set<SqlKind> STRICT_ARITHMETIC = EnumSet.of(SqlKind.PLUS, SqlKind.MINUS, SqlKind.TIMES,
            SqlKind.DIVIDE, SqlKind.MOD, SqlKind.MINUS_PREFIX, SqlKind.PLUS_PREFIX, SqlKind.CHECKED_PLUS,
            SqlKind.CHECKED_MINUS, SqlKind.CHECKED_TIMES, SqlKind.CHECKED_DIVIDE, SqlKind.CHECKED_MINUS_PREFIX);

    @Override
    public RexNode makeCall(SqlParserPos pos, RelDataType returnType, SqlOperator op, List<RexNode> exprs) {
        return strictWithNull(op, exprs) ? makeNullLiteral(returnType) : super.makeCall(pos, returnType, op, exprs);
    }

    @Override
    public RexNode makeCall(SqlParserPos pos, SqlOperator op, List<? extends RexNode> exprs) {
        return strictWithNull(op, exprs) ? makeNullLiteral(deriveReturnType(op, exprs))
                : super.makeCall(pos, op, exprs);
    }

    private static boolean strictWithNull(SqlOperator op, List<? extends RexNode> exprs) {
        return STRICT_ARITHMETIC.contains(op.getKind()) && exprs.stream().anyMatch(RexLiteral::isNullLiteral);
    }

    @Override
    public RexNode makeCast(SqlParserPos pos, RelDataType type, RexNode exp, boolean matchNullability, boolean safe,
            RexLiteral format) {
        if (type.getSqlTypeName() == SqlTypeName.CHAR && exp instanceof RexLiteral
                && SqlTypeName.CHAR_TYPES.contains(exp.getType().getSqlTypeName())) {
            return makeAbstractCast(pos, type, exp, safe, format);
        }
        return super.makeCast(pos, type, exp, matchNullability, safe, format);
    }
}
