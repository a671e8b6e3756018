package io.tessera.sql.parser.ddl;

import java.util.List;
import org.apache.calcite.sql.SqlDrop;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code DROP VIEW [IF EXISTS] name [, ...] [CASCADE | RESTRICT]}. */
public final class SqlDropTesseraView extends SqlDrop {
    public static final SqlOperator OPERATOR = new SqlSpecialOperator("DROP VIEW", SqlKind.DROP_VIEW);

    private final List<SqlIdentifier> names;
    private final boolean cascade;

    public SqlDropTesseraView(SqlParserPos pos, boolean ifExists, List<SqlIdentifier> names, boolean cascade) {
        super(OPERATOR, pos, ifExists);
        this.names = List.copyOf(names);
        this.cascade = cascade;
    }

    /** The views in written order, possibly schema-qualified. */
    public List<SqlIdentifier> names() {
        return names;
    }

    public boolean ifExists() {
        return ifExists;
    }

    /** True for CASCADE. */
    public boolean cascade() {
        return cascade;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.copyOf(names);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("DROP VIEW");
        for (SqlIdentifier n : names) {
            n.unparse(writer, 0, 0);
        }
    }
}
