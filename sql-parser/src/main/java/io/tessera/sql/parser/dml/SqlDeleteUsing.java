package io.tessera.sql.parser.dml;

import java.util.Objects;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * PostgreSQL's {@code DELETE FROM table [[AS] alias] USING from_list [WHERE condition]}: Calcite's
 * {@link org.apache.calcite.sql.SqlDelete} with the {@code USING} list ({@link #using()}: a table reference, or
 * Calcite's comma-join tree of several), joined with the target rows as by {@code WHERE}.
 *
 * @see <a href="https://www.postgresql.org/docs/15/sql-delete.html">PostgreSQL: DELETE</a>
 */
public final class SqlDeleteUsing extends org.apache.calcite.sql.SqlDelete {
    private final SqlNode using;

    public SqlDeleteUsing(SqlParserPos pos, SqlNode targetTable, SqlNode condition, SqlIdentifier alias,
            SqlNode using) {
        super(pos, targetTable, condition, null, alias);
        this.using = Objects.requireNonNull(using, "using");
    }

    /** The USING list: one table reference or a comma join of several. */
    public SqlNode using() {
        return using;
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        super.unparse(writer, leftPrec, rightPrec);
        writer.keyword("USING");
        using.unparse(writer, 0, 0);
    }
}
