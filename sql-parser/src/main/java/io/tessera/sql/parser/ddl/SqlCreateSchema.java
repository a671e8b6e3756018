package io.tessera.sql.parser.ddl;

import java.util.List;
import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code CREATE SCHEMA [IF NOT EXISTS] name [AUTHORIZATION role]} or {@code CREATE SCHEMA [IF NOT EXISTS]
 * AUTHORIZATION role} (PostgreSQL 15, https://www.postgresql.org/docs/15/sql-createschema.html; schema elements are
 * refused by the grammar with 0A000). Names are folded as PostgreSQL folds them.
 */
public final class SqlCreateSchema extends SqlCreate {
    public static final SqlOperator OPERATOR = new SqlSpecialOperator("CREATE SCHEMA", SqlKind.CREATE_SCHEMA);

    private final String name;
    private final String authorization;

    /**
     * @param name the schema's name, null when only AUTHORIZATION is given (the schema is named after the role)
     * @param authorization the owner as written ({@code current_user}, {@code session_user} and
     *     {@code current_role} included), or null for the current user
     */
    public SqlCreateSchema(SqlParserPos pos, boolean ifNotExists, String name, String authorization) {
        super(OPERATOR, pos, false, ifNotExists);
        this.name = name;
        this.authorization = authorization;
    }

    /** The schema's name, or null for {@code CREATE SCHEMA AUTHORIZATION role}. */
    public String name() {
        return name;
    }

    /** AUTHORIZATION's role, or null. */
    public String authorization() {
        return authorization;
    }

    /** IF NOT EXISTS was written. */
    public boolean ifNotExists() {
        return ifNotExists;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of();
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("CREATE SCHEMA");
        if (ifNotExists) {
            writer.keyword("IF NOT EXISTS");
        }
        if (name != null) {
            writer.identifier(name, true);
        }
        if (authorization != null) {
            writer.keyword("AUTHORIZATION");
            writer.identifier(authorization, true);
        }
    }
}
