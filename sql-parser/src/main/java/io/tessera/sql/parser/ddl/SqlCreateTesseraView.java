package io.tessera.sql.parser.ddl;

import java.util.List;
import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code CREATE [OR REPLACE] VIEW name [( column [, ...] )] AS query}, PostgreSQL 15's form without options. */
public final class SqlCreateTesseraView extends SqlCreate {
    public static final SqlOperator OPERATOR = new SqlSpecialOperator("CREATE VIEW", SqlKind.CREATE_VIEW);

    private final SqlIdentifier name;
    private final List<String> columnNames;
    private final SqlNode query;

    /** @param columnNames the written column list, empty when there is none */
    public SqlCreateTesseraView(SqlParserPos pos, boolean replace, SqlIdentifier name, List<String> columnNames,
            SqlNode query) {
        super(OPERATOR, pos, replace, false);
        this.name = name;
        this.columnNames = List.copyOf(columnNames);
        this.query = query;
    }

    /** The view's name, possibly schema-qualified. */
    public SqlIdentifier name() {
        return name;
    }

    /** The written column names (empty: the query's). */
    public List<String> columnNames() {
        return columnNames;
    }

    /** The defining query. */
    public SqlNode query() {
        return query;
    }

    /** OR REPLACE. */
    public boolean orReplace() {
        return getReplace();
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of(name, query);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword(getReplace() ? "CREATE OR REPLACE VIEW" : "CREATE VIEW");
        name.unparse(writer, 0, 0);
        writer.keyword("AS");
        query.unparse(writer, 0, 0);
    }
}
