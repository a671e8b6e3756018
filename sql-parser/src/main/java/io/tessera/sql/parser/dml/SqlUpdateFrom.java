package io.tessera.sql.parser.dml;

import java.util.Objects;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * PostgreSQL's {@code UPDATE table [[AS] alias] SET ... FROM from_list [WHERE condition]}: Calcite's
 * {@link org.apache.calcite.sql.SqlUpdate} with the {@code FROM} list ({@link #from()}: a table reference, or
 * Calcite's comma-join tree of several). The target row is joined with the FROM items as by {@code WHERE}; a target
 * row that joins several rows is updated once, with one of them (which one is unspecified, as in PostgreSQL).
 *
 * @see <a href="https://www.postgresql.org/docs/15/sql-update.html">PostgreSQL: UPDATE</a>
 */
public final class SqlUpdateFrom extends org.apache.calcite.sql.SqlUpdate {
    private final SqlNode from;

    public SqlUpdateFrom(SqlParserPos pos, SqlNode targetTable, SqlNodeList targetColumnList,
            SqlNodeList sourceExpressionList, SqlNode condition, SqlIdentifier alias, SqlNode from) {
        super(pos, targetTable, targetColumnList, sourceExpressionList, condition, null, alias);
        this.from = Objects.requireNonNull(from, "from");
    }

    /** The FROM list: one table reference or a comma join of several. */
    public SqlNode from() {
        return from;
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        super.unparse(writer, leftPrec, rightPrec);
        writer.keyword("FROM");
        from.unparse(writer, 0, 0);
    }
}
