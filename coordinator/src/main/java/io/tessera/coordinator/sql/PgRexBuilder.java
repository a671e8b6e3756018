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
 * semantics to the cast.
 */
final class PgRexBuilder extends RexBuilder {
    PgRexBuilder(RelDataTypeFactory typeFactory) {
        super(typeFactory);
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
