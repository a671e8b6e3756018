package io.tessera.coordinator.sql;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Calcite's RexBuilder, except that a cast of a string literal to {@code char(n)} stays a cast rather than becoming
 * a padded literal. A padded literal would be indistinguishable from a string literal with trailing blanks, and
 * PostgreSQL treats the two differently: {@code 'a'::char(3) || '|'} is {@code 'a|'} (char(n) padding is not data)
 * while {@code 'a  ' || '|'} is {@code 'a  |'} (a literal is text). {@code PgRexRewriter} applies char(n)
 * semantics to the cast. Likewise a cast of a number literal to an unconstrained numeric ({@code DECIMAL(1000, s)},
 * the common type of {@code CASE WHEN c THEN 1 ELSE 2.50 END}) stays a cast, which keeps the literal's own scale as
 * PostgreSQL's numeric does, where a literal would be rescaled to s. Casts and comparisons involving enum types are
 * {@link EnumExpressions}', those involving regtype {@link RegtypeValues}'.
 */
final class PgRexBuilder extends RexBuilder {
    PgRexBuilder(RelDataTypeFactory typeFactory) {
        super(typeFactory);
    }

    @Override
    public RexNode makeCast(SqlParserPos pos, RelDataType type, RexNode exp, boolean matchNullability, boolean safe,
            RexLiteral format) {
        RexNode regtypeCast = RegtypeValues.cast(this, type, exp);
        if (regtypeCast != null) {
            return regtypeCast;
        }
        RexNode enumCast = EnumExpressions.cast(this, type, exp);
        if (enumCast != null) {
            return enumCast;
        }
        if (type.getSqlTypeName() == SqlTypeName.CHAR && exp instanceof RexLiteral
                && SqlTypeName.CHAR_TYPES.contains(exp.getType().getSqlTypeName())) {
            return makeAbstractCast(pos, type, exp, safe, format);
        }
        if (type.getSqlTypeName() == SqlTypeName.DECIMAL
                && type.getPrecision() >= io.tessera.coordinator.sql.functions.PgRexRewriter.UNCONSTRAINED
                && exp instanceof RexLiteral && (SqlTypeName.INT_TYPES.contains(exp.getType().getSqlTypeName())
                        || exp.getType().getSqlTypeName() == SqlTypeName.DECIMAL)) {
            // an unconstrained numeric keeps each value's scale (CASE WHEN c THEN 1 ELSE 2.50 END is 1, not 1.00)
            return makeAbstractCast(pos, type, exp, safe, format);
        }
        return super.makeCast(pos, type, exp, matchNullability, safe, format);
    }

    @Override
    public RexNode makeCall(SqlParserPos pos, org.apache.calcite.sql.SqlOperator op,
            java.util.List<? extends RexNode> exprs) {
        java.util.List<RexNode> regtypes = RegtypeValues.operands(this, op, exprs);
        if (regtypes != null) {
            return super.makeCall(pos, op, regtypes);
        }
        java.util.List<RexNode> enums = EnumExpressions.comparisonOperands(this, op, exprs);
        return super.makeCall(pos, op, enums != null ? enums : exprs);
    }

    @Override
    public RexNode makeCall(SqlParserPos pos, RelDataType returnType, org.apache.calcite.sql.SqlOperator op,
            java.util.List<RexNode> exprs) {
        java.util.List<RexNode> regtypes = RegtypeValues.operands(this, op, exprs);
        if (regtypes != null) {
            return super.makeCall(pos, returnType, op, regtypes);
        }
        java.util.List<RexNode> enums = EnumExpressions.comparisonOperands(this, op, exprs);
        return super.makeCall(pos, returnType, op, enums != null ? enums : exprs);
    }

    @Override
    public RexNode makeIn(RexNode arg, java.util.List<? extends RexNode> ranges) {
        if (EnumValues.of(arg.getType()) == null) {
            return super.makeIn(arg, ranges);
        }
        java.util.List<RexNode> keys = new java.util.ArrayList<>();
        for (RexNode r : ranges) {
            java.util.List<RexNode> operands = EnumExpressions.comparisonOperands(this,
                    org.apache.calcite.sql.fun.SqlStdOperatorTable.EQUALS, java.util.List.of(arg, r));
            keys.add(operands == null ? r : operands.get(1));
        }
        return super.makeIn(arg, keys);
    }

    /**
     * The NULL of enum type {@code type} (or of regtype). RexBuilder's {@code makeNullLiteral} casts a NULL to the
     * type, and a cast to an enum type ({@link #makeCast}) would ask for the NULL again: {@code select null::mood}
     * overflowed the stack.
     */
    RexLiteral enumNull(RelDataType type) {
        return makeLiteral(null, getTypeFactory().createTypeWithNullability(type, true), SqlTypeName.NULL);
    }

    /**
     * A literal of enum type {@code type} holding the stored form {@code key} ({@link EnumValues}); of regtype, the
     * same for its key ({@link RegtypeValues}).
     */
    RexLiteral enumLiteral(String key, RelDataType type) {
        return makeLiteral(EnumExpressions.keyString(key, type), type, SqlTypeName.CHAR);
    }
}
