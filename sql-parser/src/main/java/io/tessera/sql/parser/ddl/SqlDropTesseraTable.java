package io.tessera.sql.parser.ddl;

import java.util.List;
import org.apache.calcite.sql.SqlDrop;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code DROP TABLE [IF EXISTS] name [, ...] [CASCADE | RESTRICT]}, PostgreSQL's form (several tables in one
 * statement, as pgbench's {@code -i} sends).
 */
public final class SqlDropTesseraTable extends SqlDrop {
    public static final SqlOperator OPERATOR = new SqlSpecialOperator("DROP TABLE", SqlKind.DROP_TABLE);

    private final List<SqlIdentifier> names;
    private final boolean cascade;

    /** @param names at least one table name */
    public SqlDropTesseraTable(SqlParserPos pos, boolean ifExists, List<SqlIdentifier> names, boolean cascade) {
        super(OPERATOR, pos, ifExists);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("DROP TABLE needs a table name");
        }
        this.names = List.copyOf(names);
        this.cascade = cascade;
    }

    /** The tables in written order, possibly schema-qualified. */
    public List<SqlIdentifier> names() {
        return names;
    }

    public boolean ifExists() {
        return ifExists;
    }

    /** True for CASCADE; false for RESTRICT or neither (RESTRICT is PostgreSQL's default). */
    public boolean cascade() {
        return cascade;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.copyOf(names);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("DROP TABLE");
        if (ifExists) {
            writer.keyword("IF EXISTS");
        }
        SqlWriter.Frame frame = writer.startList("", "");
        for (SqlIdentifier name : names) {
            writer.sep(",");
            name.unparse(writer, 0, 0);
        }
        writer.endList(frame);
        if (cascade) {
            writer.keyword("CASCADE");
        }
    }
}
