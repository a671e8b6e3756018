package io.tessera.coordinator.sql;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWindow;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlShuttle;
import org.apache.calcite.util.Litmus;

/**
 * PostgreSQL's {@code SELECT DISTINCT ON (e1, ...)} — the first row, in the ORDER BY's order, of each group of rows
 * with equal {@code e1, ...} (https://www.postgresql.org/docs/15/sql-select.html#SQL-DISTINCT) — as the QUALIFY
 * clause Calcite plans:
 * <pre>
 *   SELECT DISTINCT ON (g) g, k FROM t ORDER BY g, v DESC
 *   SELECT g, k FROM t QUALIFY row_number() OVER (PARTITION BY g ORDER BY g, v DESC) = 1 ORDER BY g, v DESC
 * </pre>
 * The parser hands the list over as a marker first select item {@code "$distinct_on"(e1, ...)} (its grammar has no
 * DISTINCT ON), which is taken out here. As in PostgreSQL, a DISTINCT ON expression and an ORDER BY item may be a
 * select item's position or output name; the ORDER BY must start with the DISTINCT ON expressions (in any order),
 * else 42P10 (parse_clause.c's {@code transformDistinctOnClause}). Without ORDER BY any row of a group is taken.
 * The tree is changed in place.
 */
public final class DistinctOn {
    private static final String MARKER = "$distinct_on";

    private DistinctOn() {
    }

    /**
     * Rewrites every DISTINCT ON select of {@code query}.
     *
     * @throws TesseraException 42P10 when an ORDER BY does not start with the DISTINCT ON expressions
     */
    public static SqlNode rewrite(SqlNode query) {
        if (query == null) {
            return query;
        }
        return query.accept(new SqlShuttle() {
            @Override
            public SqlNode visit(SqlCall call) {
                if (call instanceof SqlOrderBy orderBy && orderBy.query instanceof SqlSelect select) {
                    apply(select, orderBy.orderList); // the ORDER BY of the select it wraps
                    return super.visit(call);
                }
                SqlNode visited = super.visit(call);
                if (visited instanceof SqlSelect select) {
                    apply(select, select.getOrderList());
                }
                return visited;
            }
        });
    }

    private static void apply(SqlSelect select, SqlNodeList order) {
        SqlNodeList items = select.getSelectList();
        if (items == null || items.isEmpty() || !(strip(items.get(0)) instanceof SqlBasicCall marker)
                || !isMarker(marker)) {
            return;
        }
        items.remove(0);
        SqlParserPos pos = marker.getParserPosition();
        List<SqlNode> on = new ArrayList<>();
        for (SqlNode e : marker.getOperandList()) {
            on.add(resolve(e, items));
        }
        List<SqlNode> orderKeys = new ArrayList<>();
        List<SqlNode> orderItems = new ArrayList<>();
        for (SqlNode o : order == null ? List.<SqlNode>of() : order.getList()) {
            SqlNode key = o;
            List<SqlCall> wrappers = new ArrayList<>(); // DESC, NULLS FIRST/LAST, innermost last
            while (key instanceof SqlCall c && (c.getKind() == SqlKind.DESCENDING || c.getKind() == SqlKind.NULLS_FIRST
                    || c.getKind() == SqlKind.NULLS_LAST)) {
                wrappers.add(c);
                key = c.operand(0);
            }
            key = resolve(key, items);
            orderKeys.add(key);
            SqlNode item = key;
            for (int i = wrappers.size() - 1; i >= 0; i--) {
                item = wrappers.get(i).getOperator().createCall(wrappers.get(i).getParserPosition(), item);
            }
            orderItems.add(item);
        }
        checkOrder(on, orderKeys);
        SqlWindow window = SqlWindow.create(null, null, new SqlNodeList(on, pos), new SqlNodeList(orderItems, pos),
                SqlLiteral.createBoolean(false, pos), null, null, null, pos);
        SqlNode first = SqlStdOperatorTable.EQUALS.createCall(pos,
                SqlStdOperatorTable.OVER.createCall(pos, SqlStdOperatorTable.ROW_NUMBER.createCall(pos), window),
                SqlLiteral.createExactNumeric("1", pos));
        select.setQualify(select.getQualify() == null ? first
                : SqlStdOperatorTable.AND.createCall(pos, select.getQualify(), first));
    }

    /** PostgreSQL's rule: no DISTINCT ON expression may be left for after an ORDER BY item that is not one. */
    private static void checkOrder(List<SqlNode> on, List<SqlNode> orderKeys) {
        boolean skipped = false;
        for (SqlNode key : orderKeys) {
            if (contains(on, key)) {
                if (skipped) {
                    throw mismatch();
                }
            } else {
                skipped = true;
            }
        }
        for (SqlNode e : on) {
            if (!contains(orderKeys, e) && skipped) {
                throw mismatch();
            }
        }
    }

    private static TesseraException mismatch() {
        return new TesseraException(SqlState.INVALID_COLUMN_REFERENCE,
                "SELECT DISTINCT ON expressions must match initial ORDER BY expressions");
    }

    private static boolean contains(List<SqlNode> nodes, SqlNode node) {
        for (SqlNode n : nodes) {
            if (n.equalsDeep(node, Litmus.IGNORE)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A DISTINCT ON or ORDER BY expression as PostgreSQL resolves it: a position is that select item, a bare name
     * that is a select item's output name is that item, anything else is an expression over the FROM clause.
     */
    private static SqlNode resolve(SqlNode e, SqlNodeList items) {
        if (e instanceof SqlNumericLiteral n && n.isInteger()) {
            int position = n.intValue(true);
            if (position >= 1 && position <= items.size() && !(strip(items.get(position - 1)) instanceof SqlIdentifier
                    id && id.isStar())) {
                return strip(items.get(position - 1));
            }
            return e;
        }
        if (e instanceof SqlIdentifier id && id.isSimple()) {
            for (SqlNode item : items) {
                if (item.getKind() == SqlKind.AS && ((SqlCall) item).operand(1) instanceof SqlIdentifier alias
                        && alias.getSimple().equals(id.getSimple())) {
                    return ((SqlCall) item).operand(0);
                }
            }
        }
        return e;
    }

    private static SqlNode strip(SqlNode item) {
        return item.getKind() == SqlKind.AS ? ((SqlCall) item).operand(0) : item;
    }

    private static boolean isMarker(SqlBasicCall call) {
        SqlIdentifier name = call.getOperator().getNameAsId();
        return name != null && name.isSimple() && MARKER.equals(name.getSimple());
    }
}
