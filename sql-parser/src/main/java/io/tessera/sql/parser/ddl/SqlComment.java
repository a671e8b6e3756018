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
 * {@code COMMENT ON { TABLE | VIEW | SEQUENCE | INDEX | COLUMN } name IS { 'text' | NULL }} (PostgreSQL 15's forms
 * for relations and columns). For COLUMN the name is {@code [schema.]table.column}.
 */
public final class SqlComment extends SqlCall {
    public static final SqlOperator OPERATOR = new SqlSpecialOperator("COMMENT", SqlKind.OTHER_DDL);

    private final String objectType;
    private final SqlIdentifier name;
    private final String text;

    /**
     * @param objectType {@code TABLE}, {@code VIEW}, {@code SEQUENCE}, {@code INDEX} or {@code COLUMN}
     * @param text the comment, null for IS NULL (removes it)
     */
    public SqlComment(SqlParserPos pos, String objectType, SqlIdentifier name, String text) {
        super(pos);
        this.objectType = objectType;
        this.name = name;
        this.text = text;
    }

    public String objectType() {
        return objectType;
    }

    public SqlIdentifier name() {
        return name;
    }

    /** The comment, or null to remove it. */
    public String text() {
        return text;
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
        writer.keyword("COMMENT ON " + objectType);
        name.unparse(writer, 0, 0);
    }
}
