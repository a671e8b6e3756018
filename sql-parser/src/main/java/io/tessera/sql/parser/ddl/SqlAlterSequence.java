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
 * {@code ALTER SEQUENCE [IF EXISTS] name { options | RENAME TO new | OWNER TO role | SET SCHEMA s }} (PostgreSQL 15).
 */
public final class SqlAlterSequence extends SqlCall {
    public static final SqlOperator OPERATOR = new SqlSpecialOperator("ALTER SEQUENCE", SqlKind.ALTER_SEQUENCE);

    private final boolean ifExists;
    private final SqlIdentifier name;
    private final SequenceOptions options;
    private final String renameTo;
    private final String ownerTo;
    private final String setSchema;

    /**
     * @param options the options (empty for RENAME/OWNER/SET SCHEMA)
     * @param renameTo the new name, or null
     * @param ownerTo the new owner, or null
     * @param setSchema SET SCHEMA's schema, or null
     */
    public SqlAlterSequence(SqlParserPos pos, boolean ifExists, SqlIdentifier name, SequenceOptions options,
            String renameTo, String ownerTo, String setSchema) {
        super(pos);
        this.setSchema = setSchema;
        this.ifExists = ifExists;
        this.name = Objects.requireNonNull(name, "name");
        this.options = Objects.requireNonNull(options, "options");
        this.renameTo = renameTo;
        this.ownerTo = ownerTo;
    }

    public boolean ifExists() {
        return ifExists;
    }

    public SqlIdentifier name() {
        return name;
    }

    public SequenceOptions options() {
        return options;
    }

    /** RENAME TO's new name, or null. */
    public String renameTo() {
        return renameTo;
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
        writer.keyword("ALTER SEQUENCE");
        name.unparse(writer, 0, 0);
    }
}
