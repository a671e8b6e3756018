package io.tessera.coordinator.sql;

import java.util.List;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * A row constructor as a result column — {@code SELECT ROW(1, 'a b')}, {@code SELECT (1, 'x')} — sent as PostgreSQL's
 * anonymous {@code record} (type 2249) in its text form ({@code record_out} in src/backend/utils/adt/rowtypes.c):
 * <pre>
 *   SELECT ROW(a, b) FROM t
 *   SELECT tessera_record_out('(' || tessera_record_field(a) || ',' || tessera_record_field(b) || ')') AS "row" FROM t
 * </pre>
 * {@code tessera_record_field} is a field's text as its type prints it (a boolean {@code t}/{@code f}, everything
 * else as its cast to text; {@code PgFunctionTable.resolveRecordField}), double-quoted when empty or holding a quote,
 * backslash, parenthesis, comma or white space (quotes and backslashes doubled), and empty for NULL; a row inside a
 * row is its own record text, quoted as a field. {@code tessera_record_out} is the identity that marks the column as
 * a record for RowDescription ({@code ClientTypes}). Only the top-level select list of a query is rewritten: a row
 * elsewhere (a comparison, a subquery's column) stays a row. The tree is changed in place.
 */
public final class RecordOutput {
    /** The marker function of a record column. */
    public static final String OUT = "tessera_record_out";
    /** The function that prints one field. */
    public static final String FIELD = "tessera_record_field";

    private RecordOutput() {
    }

    /** Rewrites the row constructors among the select items of {@code query}'s outermost select. */
    public static SqlNode rewrite(SqlNode query) {
        SqlNode body = query instanceof SqlWith with ? with.body : query;
        body = body instanceof SqlOrderBy orderBy ? orderBy.query : body;
        if (!(body instanceof SqlSelect select) || select.getSelectList() == null) {
            return query;
        }
        SqlNodeList items = select.getSelectList();
        for (int i = 0; i < items.size(); i++) {
            SqlNode item = items.get(i);
            if (item.getKind() == SqlKind.ROW) {
                items.set(i, SqlStdOperatorTable.AS.createCall(SqlParserPos.ZERO, out((SqlCall) item),
                        new SqlIdentifier("row", SqlParserPos.ZERO)));
            } else if (item.getKind() == SqlKind.AS && ((SqlCall) item).operand(0).getKind() == SqlKind.ROW) {
                ((SqlCall) item).setOperand(0, out(((SqlCall) item).operand(0)));
            }
        }
        return query;
    }

    private static SqlNode out(SqlCall row) {
        return call(OUT, text(row));
    }

    /** {@code '(' || field(a) || ',' || field(b) || ')'}. */
    private static SqlNode text(SqlCall row) {
        SqlParserPos pos = SqlParserPos.ZERO;
        SqlNode text = SqlLiteral.createCharString("(", pos);
        List<SqlNode> fields = row.getOperandList();
        for (int i = 0; i < fields.size(); i++) {
            SqlNode f = fields.get(i);
            SqlNode printed = call(FIELD, f.getKind() == SqlKind.ROW ? text((SqlCall) f) : f);
            text = concat(i == 0 ? text : concat(text, SqlLiteral.createCharString(",", pos)), printed);
        }
        return concat(text, SqlLiteral.createCharString(")", pos));
    }

    private static SqlNode concat(SqlNode a, SqlNode b) {
        return SqlStdOperatorTable.CONCAT.createCall(SqlParserPos.ZERO, a, b);
    }

    private static SqlBasicCall call(String name, SqlNode operand) {
        return (SqlBasicCall) new org.apache.calcite.sql.SqlUnresolvedFunction(new SqlIdentifier(name,
                SqlParserPos.ZERO), null, null, null, null, org.apache.calcite.sql.SqlFunctionCategory.USER_DEFINED_FUNCTION)
                .createCall(SqlParserPos.ZERO, operand);
    }
}
