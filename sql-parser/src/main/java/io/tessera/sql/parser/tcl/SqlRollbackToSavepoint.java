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
 * {@code ROLLBACK [WORK | TRANSACTION] TO [SAVEPOINT] name}: undoes the work done since the savepoint, which stays defined.
 *
 * @see <a href="https://www.postgresql.org/docs/current/sql-rollback-to.html">PostgreSQL documentation</a>
 */
public final class SqlRollbackToSavepoint extends SqlCall {
    public static final SqlOperator OPERATOR = new SqlSpecialOperator("ROLLBACK TO SAVEPOINT", SqlKind.OTHER);

    private final SqlIdentifier name;

    public SqlRollbackToSavepoint(SqlParserPos pos, SqlIdentifier name) {
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
        writer.keyword("ROLLBACK TO SAVEPOINT");
        name.unparse(writer, 0, 0);
    }
}
