package io.tessera.sql.parser.acl;

import java.util.List;
import org.apache.calcite.sql.SqlDrop;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code DROP { ROLE | USER } [IF EXISTS] name [, ...]} (PostgreSQL 15, sql-droprole.html). */
public final class SqlDropRole extends SqlDrop {
    public static final SqlOperator OPERATOR = new SqlSpecialOperator("DROP ROLE", SqlKind.OTHER_DDL);

    private final List<String> names;

    /** @param names the roles, folded, in written order (at least one) */
    public SqlDropRole(SqlParserPos pos, boolean ifExists, List<String> names) {
        super(OPERATOR, pos, ifExists);
        this.names = List.copyOf(names);
    }

    public List<String> names() {
        return names;
    }

    /** IF EXISTS was written. */
    public boolean ifExists() {
        return ifExists;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of();
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("DROP ROLE");
        if (ifExists) {
            writer.keyword("IF EXISTS");
        }
        SqlWriter.Frame frame = writer.startList("", "");
        for (String n : names) {
            writer.sep(",");
            writer.identifier(n, true);
        }
        writer.endList(frame);
    }
}
