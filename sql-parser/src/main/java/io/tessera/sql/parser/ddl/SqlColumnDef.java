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
import org.apache.calcite.util.ImmutableNullableList;

/**
 * One column of CREATE TABLE: {@code name type [NOT NULL | NULL | PRIMARY KEY | DEFAULT expr]...}.
 *
 * <p>A column-level PRIMARY KEY implies NOT NULL, so {@link #notNull()} is true for it, as
 * {@code pg_attribute.attnotnull} would be.
 */
public final class SqlColumnDef extends SqlCall {
    public static final SqlOperator OPERATOR = new SqlSpecialOperator("COLUMN_DECL", SqlKind.COLUMN_DECL);

    private final SqlIdentifier name;
    private final PgTypeName type;
    private final boolean notNull;
    private final boolean primaryKey;
    private final SqlNode defaultValue;

    /** @param defaultValue the DEFAULT expression, or null */
    public SqlColumnDef(SqlParserPos pos, SqlIdentifier name, PgTypeName type, boolean notNull,
            boolean primaryKey, SqlNode defaultValue) {
        super(pos);
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.notNull = notNull;
        this.primaryKey = primaryKey;
        this.defaultValue = defaultValue;
    }

    /** The column name (unquoted names folded to lower case). */
    public String name() {
        return name.getSimple();
    }

    public SqlIdentifier nameIdentifier() {
        return name;
    }

    public PgTypeName type() {
        return type;
    }

    public boolean notNull() {
        return notNull;
    }

    /** Whether the column itself carries PRIMARY KEY (a table-level key is on the table). */
    public boolean primaryKey() {
        return primaryKey;
    }

    /** The DEFAULT expression (a literal, a signed number or a function call), or null. */
    public SqlNode defaultValue() {
        return defaultValue;
    }

    /** Whether any column in the list carries a column-level PRIMARY KEY. */
    public static boolean anyPrimaryKey(List<SqlColumnDef> columns) {
        return columns.stream().anyMatch(SqlColumnDef::primaryKey);
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return ImmutableNullableList.of(name, type, defaultValue);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        name.unparse(writer, 0, 0);
        type.unparse(writer, 0, 0);
        if (notNull && !primaryKey) {
            writer.keyword("NOT NULL");
        }
        if (primaryKey) {
            writer.keyword("PRIMARY KEY");
        }
        if (defaultValue != null) {
            writer.keyword("DEFAULT");
            defaultValue.unparse(writer, 0, 0);
        }
    }
}
