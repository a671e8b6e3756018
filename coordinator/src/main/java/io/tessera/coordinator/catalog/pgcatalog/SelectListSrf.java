package io.tessera.coordinator.catalog.pgcatalog;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * PostgreSQL's {@code information_schema._pg_expandarray(array)} in a select list — a set-returning function
 * yielding one row {@code (x, n)} per element (the element and its 1-based index), which pgjdbc's
 * {@code getPrimaryKeys} and {@code getIndexInfo} put in the select list — rewritten into the lateral
 * {@code UNNEST ... WITH ORDINALITY} Calcite plans:
 * <pre>
 *   SELECT (information_schema._pg_expandarray(i.indkey)).n AS key_seq,
 *          information_schema._pg_expandarray(i.indkey) AS keys FROM ... ) result WHERE a = (result.keys).x
 *   SELECT srf$1.n AS key_seq, srf$1.x AS keys FROM ..., UNNEST(i.indkey) WITH ORDINALITY AS srf$1(x, n)
 *          ) result WHERE a = result.keys
 * </pre>
 * Calls with the same argument in one select list share one UNNEST (PostgreSQL runs the SRFs of a select list in
 * lockstep). A bare call stands for its record; the only use clients make of it is the field {@code x} of the
 * column it names, so the column becomes {@code x} and {@code (column).x} the column. The tree is changed in place.
 */
public final class SelectListSrf {
    private static final String FUNCTION = "_pg_expandarray";

    private SelectListSrf() {
    }

    /** Rewrites every select of {@code query}; cheap when the function does not occur. */
    public static SqlNode rewrite(SqlNode query) {
        if (query == null) {
            return query;
        }
        Set<String> recordColumns = new HashSet<>();
        int[] counter = {0};
        SqlNode out = query.accept(new SqlShuttle() {
            @Override
            public SqlNode visit(SqlCall call) {
                SqlNode visited = super.visit(call);
                if (visited instanceof SqlSelect select) {
                    expand(select, recordColumns, counter);
                }
                return visited;
            }
        });
        if (recordColumns.isEmpty()) {
            return out;
        }
        return out.accept(new SqlShuttle() {
            @Override
            public SqlNode visit(SqlCall call) {
                if (call.getKind() == SqlKind.DOT && call.operand(0) instanceof SqlIdentifier id
                        && recordColumns.contains(last(id)) && call.operand(1) instanceof SqlIdentifier field
                        && "x".equals(last(field))) {
                    return id;
                }
                return super.visit(call);
            }
        });
    }

    private static void expand(SqlSelect select, Set<String> recordColumns, int[] counter) {
        SqlNodeList items = select.getSelectList();
        if (items == null || select.getFrom() == null) {
            return;
        }
        Map<String, String> aliases = new LinkedHashMap<>(); // argument text -> UNNEST alias
        Map<String, SqlNode> arguments = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            SqlNode item = items.get(i);
            SqlNode expr = item;
            SqlIdentifier as = null;
            if (item.getKind() == SqlKind.AS) {
                expr = ((SqlCall) item).operand(0);
                as = ((SqlCall) item).operand(1);
            }
            SqlNode replaced = null;
            if (expr.getKind() == SqlKind.DOT && isSrf(((SqlCall) expr).operand(0))
                    && ((SqlCall) expr).operand(1) instanceof SqlIdentifier field) {
                String alias = alias(((SqlCall) ((SqlCall) expr).operand(0)).operand(0), aliases, arguments, counter);
                replaced = new SqlIdentifier(List.of(alias, last(field)), SqlParserPos.ZERO);
            } else if (isSrf(expr)) {
                String alias = alias(((SqlCall) expr).operand(0), aliases, arguments, counter);
                replaced = new SqlIdentifier(List.of(alias, "x"), SqlParserPos.ZERO);
                if (as != null) {
                    recordColumns.add(last(as));
                }
            }
            if (replaced != null) {
                items.set(i, as == null ? replaced
                        : SqlStdOperatorTable.AS.createCall(SqlParserPos.ZERO, replaced, as));
            }
        }
        SqlNode from = select.getFrom();
        for (Map.Entry<String, String> e : aliases.entrySet()) {
            SqlParserPos pos = SqlParserPos.ZERO;
            SqlNode unnest = SqlStdOperatorTable.UNNEST_WITH_ORDINALITY.createCall(pos, arguments.get(e.getKey()));
            SqlNode named = SqlStdOperatorTable.AS.createCall(pos, unnest, new SqlIdentifier(e.getValue(), pos),
                    new SqlIdentifier("x", pos), new SqlIdentifier("n", pos));
            from = new SqlJoin(pos, from, SqlLiteral.createBoolean(false, pos), JoinType.COMMA.symbol(pos), named,
                    JoinConditionType.NONE.symbol(pos), null);
        }
        select.setFrom(from);
    }

    private static String alias(SqlNode argument, Map<String, String> aliases, Map<String, SqlNode> arguments,
            int[] counter) {
        String key = argument.toString();
        arguments.putIfAbsent(key, argument);
        return aliases.computeIfAbsent(key, k -> "srf$" + (++counter[0]));
    }

    private static boolean isSrf(SqlNode node) {
        return node instanceof SqlBasicCall call && call.operandCount() == 1
                && call.getOperator().getName().equalsIgnoreCase(FUNCTION)
                || node instanceof SqlCall c && c.getOperator() != null
                && c.getOperator().getNameAsId() != null && c.operandCount() == 1
                && FUNCTION.equalsIgnoreCase(last(c.getOperator().getNameAsId()));
    }

    private static String last(SqlIdentifier id) {
        return id.names.get(id.names.size() - 1);
    }
}
