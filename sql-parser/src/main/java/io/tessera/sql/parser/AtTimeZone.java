package io.tessera.sql.parser;

import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlBinaryOperator;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlUnresolvedFunction;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.ReturnTypes;

/**
 * PostgreSQL's {@code x AT TIME ZONE zone}, which its grammar turns into the function call {@code timezone(zone, x)}
 * (gram.y's {@code a_expr AT TIME ZONE a_expr}); the parser does the same, so the operator never outlives parsing
 * and the validator resolves {@code timezone} by its argument types as for a call written out. The column of a
 * select item {@code ts AT TIME ZONE 'UTC'} is therefore named {@code timezone}, as in PostgreSQL.
 *
 * <p>Precedence: PostgreSQL's {@code AT} binds tighter than {@code + - * / % ^} and looser than {@code ::} and
 * unary minus, so {@code ts + interval '1 hour' AT TIME ZONE 'UTC'} converts the interval's operand only (which is
 * then an error, as in PostgreSQL). https://www.postgresql.org/docs/15/sql-syntax-lexical.html#SQL-PRECEDENCE
 */
public final class AtTimeZone {
    /** Above Calcite's {@code *} and {@code /} (60), below {@code ::} (94). */
    private static final int PRECEDENCE = 70;

    /** The infix operator as the parser puts it in an expression's operand list; reduced to a timezone call. */
    public static final SqlBinaryOperator OPERATOR = new SqlBinaryOperator("AT TIME ZONE", SqlKind.OTHER,
            PRECEDENCE, true, ReturnTypes.ARG0, null, null) {
        @Override
        public SqlCall createCall(SqlLiteral functionQualifier, SqlParserPos pos, SqlNode... operands) {
            SqlUnresolvedFunction timezone = new SqlUnresolvedFunction(new SqlIdentifier("timezone", pos), null,
                    null, null, null, SqlFunctionCategory.USER_DEFINED_FUNCTION);
            return new SqlBasicCall(timezone, new SqlNode[] {operands[1], operands[0]}, pos);
        }
    };

    private AtTimeZone() {
    }
}
