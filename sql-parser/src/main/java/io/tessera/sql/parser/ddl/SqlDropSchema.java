package io.tessera.sql.parser.ddl;

import java.util.List;
import org.apache.calcite.sql.SqlDrop;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code DROP SCHEMA [IF EXISTS] name [, ...] [CASCADE | RESTRICT]} (PostgreSQL 15, sql-dropschema.html). */
public final class SqlDropSchema extends SqlDrop {
    public static final SqlOperator OPERATOR = new SqlSpecialOperator("DROP SCHEMA", SqlKind.DROP_SCHEMA);

    private final List<String> names;
    private final boolean cascade;

    /** @param names the schemas, folded, in written order (at least one) */
    public SqlDropSchema(SqlParserPos pos, boolean ifExists, List<String> names, boolean cascade) {
        super(OPERATOR, pos, ifExists);
        this.names = List.copyOf(names);
        this.cascade = cascade;
    }

    public List<String> names() {
        return names;
    }

    /** CASCADE (else RESTRICT, the default). */
    public boolean cascade() {
        return cascade;
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
        writer.keyword("DROP SCHEMA");
        if (ifExists) {
            writer.keyword("IF EXISTS");
        }
        SqlWriter.Frame frame = writer.startList("", "");
        for (String n : names) {
            writer.sep(",");
            writer.identifier(n, true);
        }
        writer.endList(frame);
        if (cascade) {
            writer.keyword("CASCADE");
        }
    }
}
