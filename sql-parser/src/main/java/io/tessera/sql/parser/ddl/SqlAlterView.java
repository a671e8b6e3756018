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
 * {@code ALTER VIEW [IF EXISTS] name { RENAME TO new | RENAME [COLUMN] a TO b | OWNER TO role | SET SCHEMA s }}
 * (PostgreSQL 15,
 * https://www.postgresql.org/docs/15/sql-alterview.html). Exactly one of the forms is set.
 */
public final class SqlAlterView extends SqlCall {
    public static final SqlOperator OPERATOR = new SqlSpecialOperator("ALTER VIEW", SqlKind.ALTER_VIEW);

    private final boolean ifExists;
    private final SqlIdentifier name;
    private final String renameTo;
    private final String column;
    private final String columnTo;
    private final String ownerTo;
    private final String setSchema;

    /**
     * @param renameTo RENAME TO's new name, or null
     * @param column RENAME COLUMN's column, or null
     * @param columnTo RENAME COLUMN's new name (with {@code column})
     * @param ownerTo OWNER TO's role, or null
     * @param setSchema SET SCHEMA's schema, or null
     */
    public SqlAlterView(SqlParserPos pos, boolean ifExists, SqlIdentifier name, String renameTo, String column,
            String columnTo, String ownerTo, String setSchema) {
        super(pos);
        this.setSchema = setSchema;
        this.ifExists = ifExists;
        this.name = Objects.requireNonNull(name, "name");
        this.renameTo = renameTo;
        this.column = column;
        this.columnTo = columnTo;
        this.ownerTo = ownerTo;
    }

    public boolean ifExists() {
        return ifExists;
    }

    public SqlIdentifier name() {
        return name;
    }

    /** RENAME TO's new name, or null. */
    public String renameTo() {
        return renameTo;
    }

    /** RENAME COLUMN's column, or null. */
    public String column() {
        return column;
    }

    /** RENAME COLUMN's new column name, or null. */
    public String columnTo() {
        return columnTo;
    }

    /** OWNER TO's role, or null. */
    public String ownerTo() {
        return ownerTo;
    }

    /** SET SCHEMA's schema, or null. */
    public String setSchema() {
        return setSchema;
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
        writer.keyword("ALTER VIEW");
        name.unparse(writer, 0, 0);
    }
}
