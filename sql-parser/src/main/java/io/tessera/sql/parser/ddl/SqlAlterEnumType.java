package io.tessera.sql.parser.ddl;

import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code ALTER TYPE name} with one of PostgreSQL 15's enum actions
 * (https://www.postgresql.org/docs/15/sql-altertype.html):
 * <pre>
 *   ADD VALUE [ IF NOT EXISTS ] 'new' [ { BEFORE | AFTER } 'neighbor' ]   action ADD_VALUE
 *   RENAME VALUE 'existing' TO 'new'                                     action RENAME_VALUE
 *   RENAME TO new_name                                                   action RENAME
 *   OWNER TO role                                                        action OWNER
 *   SET SCHEMA new_schema                                                action SET_SCHEMA
 * </pre>
 */
public final class SqlAlterEnumType extends SqlCall {
    public static final SqlOperator OPERATOR = new SqlSpecialOperator("ALTER TYPE", SqlKind.OTHER_DDL);

    /** What the statement does. */
    public enum Action { ADD_VALUE, RENAME_VALUE, RENAME, OWNER, SET_SCHEMA }

    private final SqlIdentifier name;
    private final Action action;
    private final String value;
    private final String other;
    private final boolean before;
    private final boolean ifNotExists;

    /**
     * @param value ADD_VALUE: the new label; RENAME_VALUE: the existing label; RENAME: the new type name; OWNER:
     *     the role; SET_SCHEMA: the schema
     * @param other ADD_VALUE: the neighbor label or null; RENAME_VALUE: the new label; RENAME, OWNER, SET_SCHEMA: null
     * @param before ADD_VALUE: whether the neighbor is BEFORE (else AFTER)
     */
    public SqlAlterEnumType(SqlParserPos pos, SqlIdentifier name, Action action, String value, String other,
            boolean before, boolean ifNotExists) {
        super(pos);
        this.name = name;
        this.action = action;
        this.value = value;
        this.other = other;
        this.before = before;
        this.ifNotExists = ifNotExists;
    }

    public SqlIdentifier name() {
        return name;
    }

    public Action action() {
        return action;
    }

    public String value() {
        return value;
    }

    public String other() {
        return other;
    }

    public boolean before() {
        return before;
    }

    public boolean ifNotExists() {
        return ifNotExists;
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
        writer.keyword("ALTER TYPE");
        name.unparse(writer, 0, 0);
        switch (action) {
            case ADD_VALUE -> {
                writer.keyword("ADD VALUE");
                if (ifNotExists) {
                    writer.keyword("IF NOT EXISTS");
                }
                writer.literal(quote(value));
                if (other != null) {
                    writer.keyword(before ? "BEFORE" : "AFTER");
                    writer.literal(quote(other));
                }
            }
            case RENAME_VALUE -> {
                writer.keyword("RENAME VALUE");
                writer.literal(quote(value));
                writer.keyword("TO");
                writer.literal(quote(other));
            }
            case RENAME -> {
                writer.keyword("RENAME TO");
                writer.identifier(value, true);
            }
            case OWNER -> {
                writer.keyword("OWNER TO");
                writer.identifier(value, true);
            }
            case SET_SCHEMA -> {
                writer.keyword("SET SCHEMA");
                writer.identifier(value, true);
            }
        }
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
