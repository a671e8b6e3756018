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

/** {@code DROP TYPE [IF EXISTS] name [, ...] [CASCADE | RESTRICT]} (PostgreSQL 15). */
public final class SqlDropType extends SqlDrop {
    public static final SqlOperator OPERATOR = new SqlSpecialOperator("DROP TYPE", SqlKind.DROP_TYPE);

    private final List<SqlIdentifier> names;
    private final boolean cascade;

    public SqlDropType(SqlParserPos pos, boolean ifExists, List<SqlIdentifier> names, boolean cascade) {
        super(OPERATOR, pos, ifExists);
        this.names = List.copyOf(names);
        this.cascade = cascade;
    }

    public List<SqlIdentifier> names() {
        return names;
    }

    public boolean ifExists() {
        return ifExists;
    }

    public boolean cascade() {
        return cascade;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.copyOf(names);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("DROP TYPE");
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
