package io.tessera.coordinator.sql;

import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * PostgreSQL's empty target list ({@code SELECT}, {@code SELECT FROM t}, {@code SELECT WHERE true}): rows of no
 * columns, one per row of the FROM clause (https://www.postgresql.org/docs/15/sql-select.html, "Compatibility":
 * an empty list of output expressions is allowed). Calcite's validator wants at least one select item, so
 * {@link PgRewriter} gives such a SELECT one placeholder column ({@code TRUE AS "?empty target list?"}), and
 * {@link QueryPlanner} projects it away at the top of the plan, leaving a row type of no fields. A subquery with an
 * empty target list keeps its placeholder (EXISTS and IN do not look at its columns).
 */
final class EmptyTargetList {
    /** The placeholder column's name (no SQL name can clash with it in practice). */
    static final String NAME = "?empty target list?";

    private EmptyTargetList() {
    }

    /** The select list standing in for an empty one. */
    static SqlNodeList placeholder(SqlParserPos pos) {
        SqlNode item = SqlStdOperatorTable.AS.createCall(pos, SqlLiteral.createBoolean(true, pos),
                new SqlIdentifier(NAME, SqlParserPos.ZERO));
        return new SqlNodeList(List.of(item), pos);
    }

    /** Whether a query's row type is the placeholder's alone. */
    static boolean isPlaceholder(RelDataType rowType) {
        return rowType.getFieldCount() == 1 && rowType.getFieldList().get(0).getName().equals(NAME);
    }
}
