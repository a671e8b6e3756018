package io.tessera.coordinator.sql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.calcite.sql.JoinConditionType;
import org.apache.calcite.sql.JoinType;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWindow;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * Set-returning functions in a select list ({@code SELECT generate_series(1, 3)}, {@code SELECT id, unnest(a) FROM
 * t}) as the lateral join Calcite plans — PostgreSQL's ProjectSet: each input row repeated once per row of the
 * function, dropped when the function returns no rows (an empty array, a NULL argument):
 * <pre>
 *   SELECT id, generate_series(1, id) + 1 AS x FROM t
 *   SELECT id, srf$1.v + 1 AS x FROM t CROSS JOIN LATERAL TABLE(generate_series(1, id)) AS srf$1(v)
 * </pre>
 * Several functions in one select list run in lockstep (PostgreSQL 10+): the row count is the longest's, the
 * shorter ones padded with NULLs — their rows numbered and full-joined on the number:
 * <pre>
 *   LATERAL (SELECT s1.v AS v1, s2.v AS v2 FROM (SELECT v, row_number() OVER () AS n FROM f1) s1
 *            FULL JOIN (SELECT v, row_number() OVER () AS n FROM f2) s2 ON s1.n = s2.n) AS srf$1
 * </pre>
 * The same call written twice is one function. Selects that aggregate, group or have window functions are left
 * alone (PostgreSQL runs the function after them; the join would run it before). The tree is changed in place.
 */
public final class SelectListSetFunctions {
    private SelectListSetFunctions() {
    }

    /**
     * Rewrites every select of {@code query}.
     *
     * @param tableFunction whether a function name (lower case) is a set-returning function Calcite has as a table
     *     function ({@code generate_series}, {@code regexp_matches}, ...); {@code unnest} always is one
     * @param operators the validator's operators, which tell the aggregate functions
     */
    public static SqlNode rewrite(SqlNode query, Predicate<String> tableFunction, SqlOperatorTable operators) {
        if (query == null) {
            return null;
        }
        Predicate<SqlCall> aggregate = call -> {
            if (call.getOperator().isAggregator()) {
                return true;
            }
            SqlIdentifier name = call.getOperator().getNameAsId();
            if (!(call.getOperator() instanceof org.apache.calcite.sql.SqlUnresolvedFunction) || name == null) {
                return false;
            }
            List<org.apache.calcite.sql.SqlOperator> found = new ArrayList<>();
            operators.lookupOperatorOverloads(name, org.apache.calcite.sql.SqlFunctionCategory.USER_DEFINED_FUNCTION,
                    org.apache.calcite.sql.SqlSyntax.FUNCTION, found,
                    org.apache.calcite.sql.validate.SqlNameMatchers.withCaseSensitive(false));
            return found.stream().anyMatch(org.apache.calcite.sql.SqlOperator::isAggregator);
        };
        int[] counter = {0};
        return query.accept(new SqlShuttle() {
            @Override
            public SqlNode visit(SqlCall call) {
                SqlNode visited = super.visit(call);
                if (visited instanceof SqlSelect select) {
                    expand(select, tableFunction, aggregate, counter);
                }
                return visited;
            }
        });
    }

    private static void expand(SqlSelect select, Predicate<String> tableFunction, Predicate<SqlCall> aggregate,
            int[] counter) {
        SqlNodeList items = select.getSelectList();
        if (items == null || select.getGroup() != null || select.getHaving() != null) {
            return;
        }
        Map<String, SqlCall> calls = new LinkedHashMap<>(); // call text -> call, in order of appearance
        for (SqlNode item : items) {
            if (collect(item, tableFunction, aggregate, calls)) {
                return; // an aggregate or a window function: the function would have to run after it
            }
        }
        if (calls.isEmpty()) {
            return;
        }
        SqlParserPos pos = SqlParserPos.ZERO;
        String alias = "srf$" + (++counter[0]);
        Map<String, SqlNode> replacements = new LinkedHashMap<>();
        SqlNode source;
        if (calls.size() == 1) {
            SqlCall only = calls.values().iterator().next();
            source = as(fromItem(only), alias, "v");
            replacements.put(only.toString(), new SqlIdentifier(List.of(alias, "v"), pos));
        } else {
            source = lockstep(new ArrayList<>(calls.values()), alias);
            int i = 0;
            for (String text : calls.keySet()) {
                replacements.put(text, new SqlIdentifier(List.of(alias, "v" + (++i)), pos));
            }
        }
        for (int i = 0; i < items.size(); i++) {
            items.set(i, replace(items.get(i), replacements));
        }
        select.setFrom(select.getFrom() == null ? source : new SqlJoin(pos, select.getFrom(),
                SqlLiteral.createBoolean(false, pos), JoinType.CROSS.symbol(pos), source,
                JoinConditionType.NONE.symbol(pos), null));
    }

    /**
     * {@code (SELECT s1.v AS v1, ... FROM (numbered f1) s1 FULL JOIN (numbered f2) s2 ON s1.n = s2.n ...) AS alias}
     * — row i of the result holds row i of each function, or NULL past its end.
     */
    private static SqlNode lockstep(List<SqlCall> calls, String alias) {
        SqlParserPos pos = SqlParserPos.ZERO;
        SqlNode from = null;
        SqlNode number = null;
        SqlNodeList items = new SqlNodeList(pos);
        for (int i = 1; i <= calls.size(); i++) {
            String side = "s" + i;
            SqlWindow all = SqlWindow.create(null, null, SqlNodeList.EMPTY, SqlNodeList.EMPTY,
                    SqlLiteral.createBoolean(false, pos), null, null, null, pos);
            SqlNodeList numbered = SqlNodeList.of(new SqlIdentifier("v", pos), SqlStdOperatorTable.AS.createCall(pos,
                    SqlStdOperatorTable.OVER.createCall(pos, SqlStdOperatorTable.ROW_NUMBER.createCall(pos), all),
                    new SqlIdentifier("n", pos)));
            SqlSelect rows = new SqlSelect(pos, null, numbered, as(fromItem(calls.get(i - 1)), "f", "v"), null, null,
                    null, null, null, null, null, null);
            SqlNode named = SqlStdOperatorTable.AS.createCall(pos, rows, new SqlIdentifier(side, pos));
            SqlNode n = new SqlIdentifier(List.of(side, "n"), pos);
            items.add(SqlStdOperatorTable.AS.createCall(pos, new SqlIdentifier(List.of(side, "v"), pos),
                    new SqlIdentifier("v" + i, pos)));
            if (from == null) {
                from = named;
                number = n;
            } else {
                from = new SqlJoin(pos, from, SqlLiteral.createBoolean(false, pos), JoinType.FULL.symbol(pos), named,
                        JoinConditionType.ON.symbol(pos), SqlStdOperatorTable.EQUALS.createCall(pos, number, n));
                number = SqlStdOperatorTable.COALESCE.createCall(pos, number, n);
            }
        }
        SqlSelect zipped = new SqlSelect(pos, null, items, from, null, null, null, null, null, null, null, null);
        return SqlStdOperatorTable.AS.createCall(pos, SqlStdOperatorTable.LATERAL.createCall(pos, zipped),
                new SqlIdentifier(alias, pos));
    }

    /** The function as a FROM item: {@code UNNEST(a)} or {@code LATERAL TABLE(f(args))}. */
    private static SqlNode fromItem(SqlCall call) {
        if (call.getKind() == SqlKind.UNNEST) {
            return call;
        }
        // the parser makes a call in FROM a table function's: the validator looks it up among table functions only
        SqlNode function = new org.apache.calcite.sql.SqlUnresolvedFunction(call.getOperator().getNameAsId(), null,
                null, null, null, org.apache.calcite.sql.SqlFunctionCategory.USER_DEFINED_TABLE_FUNCTION)
                .createCall(call.getParserPosition(), call.getOperandList());
        return SqlStdOperatorTable.LATERAL.createCall(SqlParserPos.ZERO,
                SqlStdOperatorTable.COLLECTION_TABLE.createCall(SqlParserPos.ZERO, function));
    }

    private static SqlNode as(SqlNode source, String alias, String column) {
        SqlParserPos pos = SqlParserPos.ZERO;
        return SqlStdOperatorTable.AS.createCall(pos, source, new SqlIdentifier(alias, pos),
                new SqlIdentifier(column, pos));
    }

    /**
     * Adds the set-returning calls in {@code node} (not inside subqueries) to {@code calls}; true when
     * {@code node} holds an aggregate or window function.
     */
    private static boolean collect(SqlNode node, Predicate<String> tableFunction, Predicate<SqlCall> aggregate,
            Map<String, SqlCall> calls) {
        if (!(node instanceof SqlCall call) || node instanceof SqlSelect) {
            return false;
        }
        if (call.getKind() == SqlKind.OVER || aggregate.test(call)) {
            return true;
        }
        if (isSetReturning(call, tableFunction)) {
            calls.putIfAbsent(call.toString(), call);
            return false;
        }
        boolean aggregates = false;
        for (SqlNode operand : call.getOperandList()) {
            aggregates |= collect(operand, tableFunction, aggregate, calls);
        }
        return aggregates;
    }

    private static boolean isSetReturning(SqlCall call, Predicate<String> tableFunction) {
        if (call.getKind() == SqlKind.UNNEST) {
            return call.operandCount() == 1;
        }
        if (!(call instanceof SqlBasicCall) || call.getOperator().getKind() != SqlKind.OTHER_FUNCTION) {
            return false;
        }
        SqlIdentifier name = call.getOperator().getNameAsId();
        return name != null && tableFunction.test(name.names.get(name.names.size() - 1).toLowerCase(Locale.ROOT));
    }

    private static SqlNode replace(SqlNode node, Map<String, SqlNode> replacements) {
        if (!(node instanceof SqlCall call) || node instanceof SqlSelect) {
            return node;
        }
        SqlNode replacement = replacements.get(call.toString());
        if (replacement != null) {
            return replacement;
        }
        for (int i = 0; i < call.operandCount(); i++) {
            SqlNode operand = call.operand(i);
            SqlNode replaced = replace(operand, replacements);
            if (replaced != operand) {
                call.setOperand(i, replaced);
            }
        }
        return call;
    }
}
