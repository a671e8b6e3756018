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
    /**
     * A record as a json object, {@code tessera_row_json('name1', value1, ...)} ({@link #rewriteJson}; converted by
     * {@code JsonFunctions}).
     */
    public static final String JSON = "tessera_row_json";
    /** The functions that print a record argument as a json object. */
    private static final java.util.Set<String> JSON_OF_RECORD = java.util.Set.of("row_to_json", "to_json", "to_jsonb");

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
     * Rewrites the records that json functions take, in every select of {@code query}: the argument of
     * {@code row_to_json}, {@code to_json}, {@code to_jsonb}, {@code json_agg} and {@code jsonb_agg} that is a row
     * constructor ({@code ROW(a, b)}, {@code (a, b)}) or a whole-row reference ({@code t}, a FROM item's name that no
     * column has) becomes {@code tessera_row_json('name', value, ...)}, which prints the object as
     * {@code row_to_json} does ({@code {"f1":1,"f2":"a"}}): a row constructor's fields named {@code f1, f2, ...},
     * a FROM item's by its columns, a row inside a row an object too. The tree is changed in place. An aggregate
     * of DISTINCT records ({@code count(DISTINCT (a, b))}) is 0A000: the coordinator's grouping would compare the
     * records' Java arrays by identity and count each row.
     *
     * @param validators fresh validators, which tell a FROM item's columns
     */
    public static SqlNode rewriteJson(SqlNode query, java.util.function.Supplier<SqlValidator> validators) {
        rewriteJson(query, null, null, validators);
        return query;
    }

    private static void rewriteJson(SqlNode node, SqlSelect select, SqlWith with,
            java.util.function.Supplier<SqlValidator> validators) {
        if (node instanceof SqlWith w) {
            for (SqlNode item : w.withList) {
                rewriteJson(item, null, null, validators);
            }
            rewriteJson(w.body, null, w, validators);
            return;
        }
        if (node instanceof SqlSelect s) {
            for (SqlNode operand : s.getOperandList()) {
                if (operand != null) {
                    rewriteJson(operand, s, with, validators);
                }
            }
            return;
        }
        if (node instanceof SqlNodeList list) {
            for (SqlNode item : list) {
                if (item != null) {
                    rewriteJson(item, select, with, validators);
                }
            }
            return;
        }
        if (!(node instanceof SqlCall call)) {
            return;
        }
        if (call.getFunctionQuantifier() != null // count(DISTINCT ...): the function is not resolved yet
                && call.getFunctionQuantifier().getValue() == org.apache.calcite.sql.SqlSelectKeyword.DISTINCT
                && call.getOperandList().stream().anyMatch(o -> o != null && o.getKind() == SqlKind.ROW)) {
            // the coordinator's aggregates would compare the records' Java arrays by identity: a wrong count
            throw new io.tessera.common.error.TesseraException(io.tessera.common.error.SqlState.FEATURE_NOT_SUPPORTED,
                    "DISTINCT of a record in an aggregate is not supported yet");
        }
        String name = call.getOperator().getName().toLowerCase(java.util.Locale.ROOT);
        String aggregate = io.tessera.sql.parser.JsonOperators.aggregate(call);
        int record = JSON_OF_RECORD.contains(name) && call.operandCount() == 1 ? 0
                : ("json_agg".equals(aggregate) || "jsonb_agg".equals(aggregate)) && call.operandCount() >= 2 ? 1 : -1;
        if (record >= 0 && select != null) {
            SqlNode json = recordJson(call.operand(record), select, with, validators);
            if (json != null) {
                call.setOperand(record, json);
            }
        }
        for (SqlNode operand : call.getOperandList()) {
            if (operand != null) {
                rewriteJson(operand, select, with, validators);
            }
        }
    }

    /** {@code tessera_row_json(...)} of a row constructor or whole-row reference; null for another value. */
    private static SqlNode recordJson(SqlNode value, SqlSelect select, SqlWith with,
            java.util.function.Supplier<SqlValidator> validators) {
        SqlParserPos pos = SqlParserPos.ZERO;
        List<String> names = new java.util.ArrayList<>();
        List<SqlNode> fields;
        if (value.getKind() == SqlKind.ROW) {
            fields = ((SqlCall) value).getOperandList();
            for (int i = 0; i < fields.size(); i++) {
                names.add("f" + (i + 1));
            }
        } else {
            SqlNode whole = wholeRow(value, select, with, validators);
            if (whole == null) {
                return null;
            }
            fields = ((SqlCall) ((SqlCall) whole).operand(0)).getOperandList();
            for (SqlNode f : fields) {
                List<String> qualified = ((SqlIdentifier) f).names;
                names.add(qualified.get(qualified.size() - 1));
            }
        }
        List<SqlNode> operands = new java.util.ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            operands.add(SqlLiteral.createCharString(names.get(i), pos));
            SqlNode f = fields.get(i);
            operands.add(f.getKind() == SqlKind.ROW ? recordJson(f, select, with, validators) : f);
        }
        return new org.apache.calcite.sql.SqlUnresolvedFunction(new SqlIdentifier(JSON, pos), null, null, null, null,
                org.apache.calcite.sql.SqlFunctionCategory.USER_DEFINED_FUNCTION).createCall(pos, operands);
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
    static SqlNode copy(SqlNode node) {
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
