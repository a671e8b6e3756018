package io.tessera.sql.parser.ddl;

import java.util.List;
import java.util.Objects;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code ALTER SCHEMA name { RENAME TO new | OWNER TO role }} (PostgreSQL 15, sql-alterschema.html). Exactly one of
 * {@link #renameTo()} and {@link #ownerTo()} is set.
 */
public final class SqlAlterSchema extends SqlCall {
    public static final SqlOperator OPERATOR = new SqlSpecialOperator("ALTER SCHEMA", SqlKind.OTHER_DDL);

    private final String name;
    private final String renameTo;
    private final String ownerTo;

    /**
     * @param renameTo RENAME TO's new name, or null
     * @param ownerTo OWNER TO's role as written ({@code current_user} included), or null
     */
    public SqlAlterSchema(SqlParserPos pos, String name, String renameTo, String ownerTo) {
        super(pos);
        this.name = Objects.requireNonNull(name, "name");
        this.renameTo = renameTo;
        this.ownerTo = ownerTo;
    }

    public String name() {
        return name;
    }

    /** RENAME TO's new name, or null. */
    public String renameTo() {
        return renameTo;
    }

    /** OWNER TO's role, or null. */
    public String ownerTo() {
        return ownerTo;
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of();
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("ALTER SCHEMA");
        writer.identifier(name, true);
        writer.keyword(renameTo != null ? "RENAME TO" : "OWNER TO");
        writer.identifier(renameTo != null ? renameTo : ownerTo, true);
    }
}
