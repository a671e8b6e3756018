package io.tessera.sql.parser;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * A LIMIT, OFFSET or FETCH FIRST count as the parser reads it ({@code pgLimit.ftl}): PostgreSQL takes any expression
 * free of the query's columns there (https://www.postgresql.org/docs/15/sql-select.html#SQL-LIMIT), cast to bigint.
 * Numeric literals (signed) become the bigint literal PostgreSQL's cast makes of them, rounded half away from zero
 * ({@code LIMIT 1.5} is 2, {@code LIMIT -0.4} is 0); a negative count stays a literal whose execution fails (2201W,
 * 2201X); {@code NULL} is null (no limit, an offset of 0, as {@code LIMIT ALL}); a parameter stays itself; any other
 * expression ({@code 2 + 1}, {@code (select 1)}) is returned as it is, for the coordinator to fold into a literal
 * before it plans the query.
 */
public final class LimitCount {
    private LimitCount() {
    }

    /** The count {@code e} stands for: a bigint literal, a parameter, null, or another expression. */
    public static SqlNode of(SqlNode e) {
        if (e instanceof SqlLiteral l && l.getTypeName() == SqlTypeName.NULL) {
            return null;
        }
        if (e instanceof SqlNumericLiteral n) {
            return rounded(n.getValueAs(BigDecimal.class), n.getParserPosition());
        }
        if (e instanceof SqlBasicCall c && c.operandCount() == 1 && c.operand(0) instanceof SqlNumericLiteral n
                && (c.getKind() == SqlKind.MINUS_PREFIX || c.getKind() == SqlKind.PLUS_PREFIX)) {
            BigDecimal v = n.getValueAs(BigDecimal.class);
            return rounded(c.getKind() == SqlKind.MINUS_PREFIX ? v.negate() : v, c.getParserPosition());
        }
        return e;
    }

    private static SqlNode rounded(BigDecimal v, SqlParserPos pos) {
        v = v.setScale(0, RoundingMode.HALF_UP);
        if (v.signum() == 0) {
            v = BigDecimal.ZERO; // -0.4 rounds to 0, not to a negative zero
        }
        return SqlLiteral.createExactNumeric(v.toPlainString(), pos);
    }
}
