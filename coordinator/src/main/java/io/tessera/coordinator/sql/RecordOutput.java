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
        SqlWith with = withOf(query);
        if (!(outermostSelect(query) instanceof SqlSelect select) || select.getSelectList() == null) {
            return query;
        }
        recordColumns(query, with, select, validators);
        SqlNodeList items = select.getSelectList();
        for (int i = 0; i < items.size(); i++) {
            SqlNode whole = wholeRow(items.get(i), select, with, validators);
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
     * Spells each column of the outermost select list that is a record read from a sub-query or CTE ({@code SELECT r
     * FROM (SELECT ROW(1, 'a') AS r) s}, {@code WITH c AS (SELECT ROW(a, b) r FROM t) SELECT * FROM c}) as the row
     * constructor of its fields, {@code ROW(s.r.EXPR$0, s.r.EXPR$1) AS r}, which {@link #rewrite} then prints. Only
     * when a sub-query or CTE of the statement has a row constructor (the case validates a copy of the statement to
     * learn the columns' types); a star is spelled as the validator expands it when one of its columns is a record.
     */
    private static void recordColumns(SqlNode query, SqlWith with, SqlSelect select,
            java.util.function.Supplier<SqlValidator> validators) {
        boolean[] rows = {false};
        org.apache.calcite.sql.util.SqlBasicVisitor<Void> finder = new org.apache.calcite.sql.util.SqlBasicVisitor<>() {
            @Override
            public Void visit(SqlCall call) {
                rows[0] |= call.getKind() == SqlKind.ROW;
                return super.visit(call);
            }
        };
        if (with != null) {
            with.withList.accept(finder);
        }
        if (select.getFrom() != null) {
            select.getFrom().accept(finder);
        }
        if (!rows[0]) {
            return;
        }
        SqlNode probe = io.tessera.sql.parser.SqlTrees.deepCopy(query);
        SqlSelect probeSelect;
        List<org.apache.calcite.rel.type.RelDataTypeField> fields;
        try {
            SqlValidator validator = validators.get();
            if (!(outermostSelect(validator.validate(probe)) instanceof SqlSelect s)) {
                return;
            }
            probeSelect = s;
            fields = validator.getValidatedNodeType(s).getFieldList();
        } catch (RuntimeException invalid) {
            return; // the statement's own validation reports it
        }
        if (fields.stream().noneMatch(f -> f.getType().isStruct())) {
            return;
        }
        SqlNodeList items = select.getSelectList();
        boolean star = items.stream().anyMatch(i -> i instanceof SqlIdentifier id && id.isStar());
        SqlNodeList expanded = probeSelect.getSelectList(); // the validator's, stars expanded, names qualified
        if (expanded.size() != fields.size() || !star && items.size() != fields.size()) {
            return;
        }
        SqlParserPos pos = SqlParserPos.ZERO;
        java.util.Map<String, SqlNode> grouped = new java.util.HashMap<>(); // a record column's name: its fields
        java.util.Map<Integer, SqlNode> positions = new java.util.HashMap<>(); // ORDER BY 1: its fields
        java.util.Set<String> aliases = new java.util.HashSet<>(); // the statement's own (a star's are Calcite's)
        for (SqlNode item : items) {
            if (item.getKind() == SqlKind.AS && ((SqlCall) item).operand(1) instanceof SqlIdentifier a) {
                aliases.add(a.getSimple());
            }
        }
        for (int i = 0; i < fields.size(); i++) {
            org.apache.calcite.rel.type.RelDataTypeField field = fields.get(i);
            SqlNode item = expanded.get(i);
            SqlNode expr = item.getKind() == SqlKind.AS ? ((SqlCall) item).operand(0) : item;
            if (field.getType().isStruct() && expr instanceof SqlIdentifier id && !id.isStar()) {
                SqlNode row = fieldsOf((SqlIdentifier) io.tessera.sql.parser.SqlTrees.deepCopy(id), field.getType());
                String name = item.getKind() == SqlKind.AS && ((SqlCall) item).operand(1) instanceof SqlIdentifier a
                        && aliases.contains(a.getSimple()) ? a.getSimple() : id.names.get(id.names.size() - 1);
                item = SqlStdOperatorTable.AS.createCall(pos, row, new SqlIdentifier(name, pos));
                grouped.put(id.names.get(id.names.size() - 1), row);
                grouped.put(name, row);
                positions.put(i + 1, row);
            } else if (star) {
                item = io.tessera.sql.parser.SqlTrees.deepCopy(item);
            } else {
                continue;
            }
            if (star) {
                expanded.set(i, item);
            } else {
                items.set(i, item);
            }
        }
        if (star) {
            select.setSelectList(expanded);
        }
        if (select.getGroup() != null) { // GROUP BY r: by its fields, which the select list now reads
            SqlNodeList group = new SqlNodeList(select.getGroup().getParserPosition());
            for (SqlNode g : select.getGroup()) {
                SqlNode row = g instanceof SqlIdentifier id ? grouped.get(id.names.get(id.names.size() - 1)) : null;
                if (row == null) {
                    group.add(g);
                } else {
                    leaves(row, group);
                }
            }
            select.setGroupBy(group);
        }
        SqlNodeList order = query instanceof SqlOrderBy o ? o.orderList
                : with != null && with.body instanceof SqlOrderBy o ? o.orderList : select.getOrderList();
        if (order != null) { // ORDER BY r: field by field, a NULL field after the others as in record comparison
            List<SqlNode> keys = new java.util.ArrayList<>(order.getList());
            order.clear();
            for (SqlNode key : keys) {
                SqlNode core = key;
                List<SqlCall> wrappers = new java.util.ArrayList<>();
                while (core.getKind() == SqlKind.DESCENDING || core.getKind() == SqlKind.NULLS_FIRST
                        || core.getKind() == SqlKind.NULLS_LAST) {
                    wrappers.add((SqlCall) core);
                    core = ((SqlCall) core).operand(0);
                }
                SqlNode row = core instanceof SqlIdentifier id ? grouped.get(id.names.get(id.names.size() - 1))
                        : core instanceof SqlLiteral l && l.getValue() instanceof java.math.BigDecimal n
                        ? positions.get(n.intValue()) : null;
                if (row == null) {
                    order.add(key);
                    continue;
                }
                SqlNodeList fieldKeys = new SqlNodeList(pos);
                leaves(row, fieldKeys);
                for (SqlNode f : fieldKeys) {
                    SqlNode k = f;
                    for (int w = wrappers.size() - 1; w >= 0; w--) { // NULLS FIRST/LAST: of a NULL record only
                        k = wrappers.get(w).getKind() == SqlKind.DESCENDING
                                ? wrappers.get(w).getOperator().createCall(pos, k) : k;
                    }
                    order.add(k);
                }
            }
        }
    }

    /** The fields of a {@link #fieldsOf} row, nested rows' fields in turn, each a fresh copy. */
    private static void leaves(SqlNode row, SqlNodeList out) {
        for (SqlNode f : ((SqlCall) row).getOperandList()) {
            if (f.getKind() == SqlKind.ROW) {
                leaves(f, out);
            } else {
                out.add(io.tessera.sql.parser.SqlTrees.deepCopy(f));
            }
        }
    }

    /** The WITH of a query ({@code WITH ... SELECT}, also under ORDER BY / LIMIT); null for none. */
    private static SqlWith withOf(SqlNode query) {
        SqlNode q = query instanceof SqlOrderBy o ? o.query : query;
        return q instanceof SqlWith w ? w : null;
    }

    /** The select whose list a query returns, under its WITH and ORDER BY; another node when it is no select. */
    private static SqlNode outermostSelect(SqlNode query) {
        SqlNode body = query instanceof SqlOrderBy o ? o.query : query;
        body = body instanceof SqlWith w ? w.body : body;
        return body instanceof SqlOrderBy o ? o.query : body;
    }

    /** {@code ROW(id.f1, id.f2, ...)} over the fields of {@code type}, a field that is a record a row in turn. */
    private static SqlNode fieldsOf(SqlIdentifier id, org.apache.calcite.rel.type.RelDataType type) {
        List<SqlNode> fields = new java.util.ArrayList<>();
        for (org.apache.calcite.rel.type.RelDataTypeField f : type.getFieldList()) {
            List<String> names = new java.util.ArrayList<>(id.names);
            names.add(f.getName());
            SqlIdentifier access = new SqlIdentifier(names, SqlParserPos.ZERO);
            fields.add(f.getType().isStruct() ? fieldsOf(access, f.getType()) : access);
        }
        return SqlStdOperatorTable.ROW.createCall(SqlParserPos.ZERO, fields);
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
        int record = JSON_OF_RECORD.contains(name)
                && (call.operandCount() == 1 || name.equals("row_to_json") && call.operandCount() == 2) ? 0
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
