package io.tessera.sql.parser.tcl;

import java.util.List;
import java.util.Objects;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code SAVEPOINT name}: marks a point inside the current transaction.
 *
 * @see <a href="https://www.postgresql.org/docs/current/sql-savepoint.html">PostgreSQL documentation</a>
 */
public final class SqlSavepoint extends SqlCall {
    public static final SqlOperator OPERATOR = new SqlSpecialOperator("SAVEPOINT", SqlKind.OTHER);

    private final SqlIdentifier name;

    public SqlSavepoint(SqlParserPos pos, SqlIdentifier name) {
        super(pos);
        this.name = Objects.requireNonNull(name, "name");
    }

    /** The savepoint name (unquoted names folded to lower case). */
    public String name() {
        return name.getSimple();
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of(name);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("SAVEPOINT");
        name.unparse(writer, 0, 0);
    }
}
