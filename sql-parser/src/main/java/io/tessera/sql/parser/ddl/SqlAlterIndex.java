package io.tessera.sql.parser.ddl;

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
 * {@code ALTER INDEX [IF EXISTS] name RENAME TO new} (PostgreSQL 15, sql-alterindex.html). The new name is unqualified:
 * the index stays in its table's schema. PostgreSQL has no {@code ALTER INDEX ... SET SCHEMA} (an index follows its
 * table), so neither has Tessera.
 */
public final class SqlAlterIndex extends SqlCall {
    public static final SqlOperator OPERATOR = new SqlSpecialOperator("ALTER INDEX", SqlKind.ALTER_INDEX);

    private final boolean ifExists;
    private final SqlIdentifier name;
    private final String renameTo;

    public SqlAlterIndex(SqlParserPos pos, boolean ifExists, SqlIdentifier name, String renameTo) {
        super(pos);
        this.ifExists = ifExists;
        this.name = Objects.requireNonNull(name, "name");
        this.renameTo = Objects.requireNonNull(renameTo, "renameTo");
    }

    public boolean ifExists() {
        return ifExists;
    }

    /** The index as written, optionally schema-qualified. */
    public SqlIdentifier name() {
        return name;
    }

    /** The index's simple name (the last part of {@link #name()}). */
    public String indexName() {
        return name.names.get(name.names.size() - 1);
    }

    /** RENAME TO's new name. */
    public String renameTo() {
        return renameTo;
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
        writer.keyword("ALTER INDEX");
        if (ifExists) {
            writer.keyword("IF EXISTS");
        }
        name.unparse(writer, leftPrec, rightPrec);
        writer.keyword("RENAME TO");
        writer.identifier(renameTo, true);
    }
}
