package io.tessera.sql.parser.dml;

import io.tessera.common.error.SqlState;
import io.tessera.sql.parser.SqlPositionedException;
import io.tessera.sql.parser.SqlTrees;
import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * PostgreSQL's multiple-column SET items of UPDATE (https://www.postgresql.org/docs/15/sql-update.html), spelled
 * as one {@code col = value} per column, which is what the rest of the planner reads:
 * <pre>
 *   SET (a, b) = (1, DEFAULT)               →  SET a = 1, b = DEFAULT
 *   SET (a, b) = ROW(b, a)                  →  SET a = b, b = a          (every value reads the old row)
 *   SET (a, b) = (SELECT x, y FROM u ...)   →  SET a = (SELECT x FROM u ...), b = (SELECT y FROM u ...)
 * </pre>
 * The sub-SELECT's copies read the same statement snapshot, so they see the same rows: each returns the column of
 * the one row the sub-SELECT returns, none (NULL, as PostgreSQL assigns NULL to every column then), or fails with
 * 21000 when it returns more than one. That holds only while the rows the sub-SELECT returns do not depend on how
 * often it is run, so a sub-SELECT with LIMIT/OFFSET (which row it keeps may differ between runs), with {@code *}
 * in its select list (the number of columns is unknown here), with parameters (each marker must occur once), or
 * that is not a plain SELECT (UNION, VALUES) is refused with 0A000.
 */
public final class MultiColumnSet {
    private MultiColumnSet() {
    }

    /**
     * Adds the columns of one multiple-column SET item to {@code targets} and their values to {@code sources}.
     *
     * @param columns the item's column names, at least one
     * @param values the parenthesized list after {@code =}: the values, or a single sub-SELECT
     * @param row whether the list was written {@code ROW(...)}
     * @throws SqlPositionedException 0A000 for a single value that is not a sub-SELECT without {@code ROW} (as
     *     PostgreSQL's "source for a multiple-column UPDATE item must be a sub-SELECT or ROW() expression") or for a
     *     sub-SELECT of a form described in the class comment; 42601 when the counts of columns and values differ
     */
    public static void expand(List<SqlNode> columns, SqlNodeList values, boolean row, SqlParserPos pos,
            SqlNodeList targets, SqlNodeList sources) {
        if (!row && values.size() == 1 && values.get(0).getKind().belongsTo(SqlKind.QUERY)) {
            expandQuery(columns, values.get(0), targets, sources);
            return;
        }
        if (!row && values.size() == 1) {
            throw new SqlPositionedException(SqlState.FEATURE_NOT_SUPPORTED,
                    "source for a multiple-column UPDATE item must be a sub-SELECT or ROW() expression",
                    values.get(0).getParserPosition());
        }
        if (values.size() != columns.size()) {
            throw new SqlPositionedException(SqlState.SYNTAX_ERROR, "number of columns does not match number of values",
                    values.getParserPosition());
        }
        for (int i = 0; i < columns.size(); i++) {
            targets.add(columns.get(i));
            sources.add(values.get(i));
        }
    }

    private static void expandQuery(List<SqlNode> columns, SqlNode query, SqlNodeList targets, SqlNodeList sources) {
        SqlNode q = query;
        if (q instanceof SqlOrderBy orderBy) {
            if (orderBy.offset != null || orderBy.fetch != null) {
                throw unsupported("with LIMIT or OFFSET", query);
            }
            q = orderBy.query; // the order of a result that must be one row is no matter
        }
        if (!(q instanceof SqlSelect select)) {
            throw unsupported("other than a plain SELECT", query);
        }
        if (select.getOffset() != null || select.getFetch() != null) {
            throw unsupported("with LIMIT or OFFSET", query);
        }
        SqlNodeList list = select.getSelectList();
        for (SqlNode item : list) {
            if (item instanceof SqlIdentifier id && id.isStar()) {
                throw unsupported("with * in its select list", query);
            }
        }
        if (list.size() != columns.size()) {
            throw new SqlPositionedException(SqlState.SYNTAX_ERROR, "number of columns does not match number of values",
                    query.getParserPosition());
        }
        if (hasParameter(select)) {
            throw unsupported("with parameters", query);
        }
        for (int i = 0; i < columns.size(); i++) {
            SqlSelect copy = (SqlSelect) SqlTrees.deepCopy(select);
            copy.setSelectList(SqlNodeList.of(copy.getSelectList().get(i)));
            targets.add(columns.get(i));
            sources.add(copy);
        }
    }

    private static boolean hasParameter(SqlNode node) {
        boolean[] found = {false};
        node.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlDynamicParam param) {
                found[0] = true;
                return null;
            }

            @Override
            public Void visit(SqlCall call) {
                return found[0] ? null : super.visit(call);
            }
        });
        return found[0];
    }

    private static SqlPositionedException unsupported(String form, SqlNode query) {
        return new SqlPositionedException(SqlState.FEATURE_NOT_SUPPORTED,
                "a multiple-column UPDATE item from a sub-SELECT " + form + " is not supported yet",
                query.getParserPosition());
    }
}
