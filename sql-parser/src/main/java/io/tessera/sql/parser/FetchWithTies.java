package io.tessera.sql.parser;

import io.tessera.common.error.SqlState;
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
import org.apache.calcite.sql.SqlSelectKeyword;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWindow;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * PostgreSQL's {@code FETCH { FIRST | NEXT } [ n ] { ROW | ROWS } WITH TIES}
 * (https://www.postgresql.org/docs/15/sql-select.html#SQL-LIMIT): the first {@code n} rows after the OFFSET, and
 * every further row that is a peer of the last of them in the ORDER BY. The parser marks the count
 * ({@link #mark}) and builds the query with {@link #orderBy}, which spells it as a window filter Calcite plans:
 *
 * <pre>
 *   SELECT a, b FROM t ORDER BY b OFFSET o FETCH FIRST n ROWS WITH TIES
 *   =&gt;
 *   SELECT a, b FROM t QUALIFY rank() OVER (ORDER BY b) &lt;= o + n ORDER BY b OFFSET o
 * </pre>
 *
 * A row's rank is one more than the number of rows ordered before it, so the rows ranked at most {@code o + n} are
 * the first {@code o + n} in order and the peers of the last; the OFFSET then skips the first {@code o} of them, which
 * are the same rows PostgreSQL skips (a count of 0 selects nothing: {@code AND n > 0}). The OFFSET keeps its own
 * checks (2201X). ORDER BY positions and output-column names are replaced by the select items they name, which the
 * window's ORDER BY could not read; a DISTINCT select, a set operation or VALUES is first wrapped in
 * {@code SELECT * FROM (...)}, whose window then orders by output columns (positions there are 0A000).
 */
public final class FetchWithTies {
    /** The mark of a WITH TIES count: {@code WITH TIES(count)}; never reaches the validator. */
    static final SqlSpecialOperator MARK = new SqlSpecialOperator("WITH TIES", SqlKind.OTHER);

    private FetchWithTies() {
    }

    /**
     * The FETCH count {@code count} marked WITH TIES.
     *
     * @throws SqlPositionedException 2201W for a NULL count, as PostgreSQL's transformLimitClause
     */
    public static SqlNode mark(SqlNode count, SqlParserPos pos) {
        if (count == null) {
            throw new SqlPositionedException(SqlState.INVALID_ROW_COUNT_IN_LIMIT_CLAUSE,
                    "row count cannot be null in FETCH FIRST ... WITH TIES clause", pos);
        }
        return MARK.createCall(pos, count);
    }

    /**
     * The query {@code query ORDER BY orderList OFFSET offset FETCH fetch}: a {@link SqlOrderBy}, with a WITH TIES
     * count spelled as the class comment shows.
     *
     * @throws SqlPositionedException 42601 for WITH TIES without ORDER BY (PostgreSQL's grammar says so too), 2201W
     *     for a negative literal count, 0A000 for an ORDER BY position over a DISTINCT select or a set operation
     */
    public static SqlNode orderBy(SqlParserPos pos, SqlNode query, SqlNodeList orderList, SqlNode offset,
            SqlNode fetch) {
        if (!(fetch instanceof SqlCall c && c.getOperator() == MARK)) {
            return new SqlOrderBy(pos, query, orderList, offset, fetch);
        }
        if (orderList.isEmpty()) {
            throw new SqlPositionedException(SqlState.SYNTAX_ERROR,
                    "WITH TIES cannot be specified without ORDER BY clause", fetch.getParserPosition());
        }
        SqlNode count = c.operand(0);
        if (count instanceof SqlNumericLiteral n && n.signum() < 0) {
            throw new SqlPositionedException(SqlState.INVALID_ROW_COUNT_IN_LIMIT_CLAUSE,
                    "LIMIT must not be negative", count.getParserPosition());
        }
        SqlSelect select;
        SqlNodeList windowOrder = new SqlNodeList(pos);
        if (query instanceof SqlSelect s && s.getModifierNode(SqlSelectKeyword.DISTINCT) == null
                && s.getQualify() == null) {
            select = s;
            for (SqlNode key : orderList) {
                windowOrder.add(SqlTrees.deepCopy(selectItemOf(key, s)));
            }
        } else {
            select = new SqlSelect(pos, null, SqlNodeList.of(SqlIdentifier.star(pos)),
                    SqlStdOperatorTable.AS.createCall(pos, query, new SqlIdentifier("ties", pos)),
                    null, null, null, null, null, null, null, null, null);
            for (SqlNode key : orderList) {
                if (bare(key) instanceof SqlNumericLiteral) {
                    throw new SqlPositionedException(SqlState.FEATURE_NOT_SUPPORTED, "an ORDER BY position with"
                            + " FETCH ... WITH TIES over DISTINCT, VALUES or a set operation is not supported yet",
                            key.getParserPosition());
                }
                windowOrder.add(SqlTrees.deepCopy(key));
            }
        }
        SqlNode rank = SqlStdOperatorTable.OVER.createCall(pos, SqlStdOperatorTable.RANK.createCall(pos),
                SqlWindow.create(null, null, SqlNodeList.EMPTY, windowOrder, SqlLiteral.createBoolean(false, pos),
                        null, null, null, pos));
        SqlNode last = offset == null ? SqlTrees.deepCopy(count)
                : SqlStdOperatorTable.PLUS.createCall(pos, SqlTrees.deepCopy(offset), SqlTrees.deepCopy(count));
        SqlNode condition = SqlStdOperatorTable.LESS_THAN_OR_EQUAL.createCall(pos, rank, last);
        if (!(count instanceof SqlNumericLiteral n && n.signum() > 0)) {
            condition = SqlStdOperatorTable.AND.createCall(pos, condition, SqlStdOperatorTable.GREATER_THAN
                    .createCall(pos, SqlTrees.deepCopy(count), SqlLiteral.createExactNumeric("0", pos)));
        }
        select.setQualify(condition);
        return new SqlOrderBy(pos, select, orderList, offset, null);
    }

    /** The sort key without DESC and NULLS FIRST/LAST. */
    private static SqlNode bare(SqlNode key) {
        while (key instanceof SqlCall c && (c.getKind() == SqlKind.DESCENDING || c.getKind() == SqlKind.NULLS_FIRST
                || c.getKind() == SqlKind.NULLS_LAST)) {
            key = c.operand(0);
        }
        return key;
    }

    /**
     * The sort key {@code key} of {@code select} as an expression of its FROM: a position or a select item's alias
     * becomes that item's expression (in its DESC / NULLS wrappers), as PostgreSQL reads ORDER BY names output columns
     * first.
     */
    private static SqlNode selectItemOf(SqlNode key, SqlSelect select) {
        if (key instanceof SqlCall c && (c.getKind() == SqlKind.DESCENDING || c.getKind() == SqlKind.NULLS_FIRST
                || c.getKind() == SqlKind.NULLS_LAST)) {
            List<SqlNode> operands = new ArrayList<>(c.getOperandList());
            operands.set(0, selectItemOf(c.operand(0), select));
            return c.getOperator().createCall(c.getParserPosition(), operands);
        }
        List<SqlNode> items = select.getSelectList().getList();
        if (key instanceof SqlNumericLiteral n && n.isExact()) {
            int position = n.intValue(true);
            if (position >= 1 && position <= items.size()) {
                for (int i = 0; i < position; i++) {
                    if (items.get(i) instanceof SqlIdentifier id && id.isStar()) {
                        throw new SqlPositionedException(SqlState.FEATURE_NOT_SUPPORTED, "an ORDER BY position after"
                                + " * with FETCH ... WITH TIES is not supported yet", key.getParserPosition());
                    }
                }
                return unaliased(items.get(position - 1));
            }
            return key; // the validator's error
        }
        if (key instanceof SqlIdentifier id && id.isSimple()) {
            for (SqlNode item : items) {
                if (item instanceof SqlBasicCall as && as.getKind() == SqlKind.AS
                        && ((SqlIdentifier) as.operand(1)).getSimple().equals(id.getSimple())) {
                    return as.operand(0);
                }
            }
        }
        return key;
    }

    private static SqlNode unaliased(SqlNode item) {
        return item instanceof SqlBasicCall as && as.getKind() == SqlKind.AS ? as.operand(0) : item;
    }
}
