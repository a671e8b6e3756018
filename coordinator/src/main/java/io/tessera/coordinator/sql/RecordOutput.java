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
import org.apache.calcite.sql.validate.SqlValidator;

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
 * a record for RowDescription ({@code ClientTypes}). A whole-row reference ({@code SELECT t FROM t}) is the row of
 * t's columns. Only the top-level select list of a query is rewritten: a row elsewhere (a comparison, a subquery's
 * column) stays a row. The tree is changed in place.
 */
public final class RecordOutput {
    /** The marker function of a record column. */
    public static final String OUT = "tessera_record_out";
    /** The function that prints one field. */
    public static final String FIELD = "tessera_record_field";

    private RecordOutput() {
    }

    /**
     * Rewrites the row constructors among the select items of {@code query}'s outermost select, and its whole-row
     * references: a select item that names a FROM item ({@code SELECT t FROM t}), where no column of that name
     * exists, is the row of that item's columns, named after it, as in PostgreSQL.
     *
     * @param validators fresh validators, which tell a FROM item's columns (each validates a copy of the FROM clause)
     */
    public static SqlNode rewrite(SqlNode query, java.util.function.Supplier<SqlValidator> validators) {
        SqlNode body = query instanceof SqlWith with ? with.body : query;
        body = body instanceof SqlOrderBy orderBy ? orderBy.query : body;
        if (!(body instanceof SqlSelect select) || select.getSelectList() == null) {
            return query;
        }
        SqlNodeList items = select.getSelectList();
        for (int i = 0; i < items.size(); i++) {
            SqlNode whole = wholeRow(items.get(i), select, query instanceof SqlWith with ? with : null, validators);
            if (whole != null) {
                items.set(i, whole);
            }
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

    /**
     * {@code t AS name} as {@code ROW(t.c1, ...) AS name} when {@code t} names a FROM item of {@code select} and is no
     * column of it; null otherwise.
     */
    private static SqlNode wholeRow(SqlNode item, SqlSelect select, SqlWith with,
            java.util.function.Supplier<SqlValidator> validators) {
        SqlNode expr = item.getKind() == SqlKind.AS ? ((SqlCall) item).operand(0) : item;
        if (!(expr instanceof SqlIdentifier id) || !id.isSimple() || id.isStar() || select.getFrom() == null
                || !fromNames(select.getFrom()).contains(id.getSimple())) {
            return null;
        }
        SqlParserPos pos = SqlParserPos.ZERO;
        if (columns(new SqlNodeList(List.of(id.clone(pos)), pos), select, with, validators) != null) {
            return null; // a column of that name: PostgreSQL prefers the column
        }
        List<String> names = columns(new SqlNodeList(List.of(new SqlIdentifier(List.of(id.getSimple(), ""), pos)),
                pos), select, with, validators);
        if (names == null) {
            return null;
        }
        List<SqlNode> fields = new java.util.ArrayList<>();
        for (String n : names) {
            fields.add(new SqlIdentifier(List.of(id.getSimple(), n), pos));
        }
        SqlNode alias = item.getKind() == SqlKind.AS ? ((SqlCall) item).operand(1) : id.clone(pos);
        return SqlStdOperatorTable.AS.createCall(pos, SqlStdOperatorTable.ROW.createCall(pos, fields), alias);
    }

    /** The aliases (or table names) of the FROM items of {@code from}. */
    private static java.util.Set<String> fromNames(SqlNode from) {
        java.util.Set<String> names = new java.util.HashSet<>();
        if (from instanceof org.apache.calcite.sql.SqlJoin join) {
            names.addAll(fromNames(join.getLeft()));
            names.addAll(fromNames(join.getRight()));
        } else if (from.getKind() == SqlKind.AS && ((SqlCall) from).operand(1) instanceof SqlIdentifier alias) {
            names.add(alias.getSimple());
        } else if (from instanceof SqlIdentifier table) {
            names.add(table.names.get(table.names.size() - 1));
        }
        return names;
    }

    /** The output names of {@code SELECT items FROM <select's FROM>}, validated on copies; null when invalid. */
    private static List<String> columns(SqlNodeList items, SqlSelect select, SqlWith with,
            java.util.function.Supplier<SqlValidator> validators) {
        SqlParserPos pos = SqlParserPos.ZERO;
        SqlNode probe = new SqlSelect(pos, null, items, copy(select.getFrom()), null, null, null, null, null, null,
                null, null);
        if (with != null) {
            probe = new SqlWith(pos, (SqlNodeList) copy(with.withList), probe);
        }
        try {
            SqlValidator validator = validators.get();
            return validator.getValidatedNodeType(validator.validate(probe)).getFieldNames();
        } catch (RuntimeException invalid) {
            return null;
        }
    }

    /** A deep copy of {@code node}: validation changes a tree in place. */
    private static SqlNode copy(SqlNode node) {
        return node.accept(new org.apache.calcite.sql.util.SqlShuttle() {
            @Override
            public SqlNode visit(SqlCall call) {
                CallCopyingArgHandler handler = new CallCopyingArgHandler(call, true);
                call.getOperator().acceptCall(this, call, false, handler);
                return handler.result();
            }

            @Override
            public SqlNode visit(SqlIdentifier id) {
                return id.clone(id.getParserPosition());
            }

            @Override
            public SqlNode visit(SqlNodeList list) {
                SqlNodeList out = new SqlNodeList(list.getParserPosition());
                for (SqlNode n : list) {
                    out.add(n == null ? null : n.accept(this));
                }
                return out;
            }
        });
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
