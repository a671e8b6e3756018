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

/** {@code DROP INDEX [CONCURRENTLY] [IF EXISTS] name [, ...] [CASCADE | RESTRICT]}. */
public final class SqlDropTesseraIndex extends SqlDrop {
    public static final SqlOperator OPERATOR = new SqlSpecialOperator("DROP INDEX", SqlKind.DROP_INDEX);

    private final boolean concurrently;
    private final List<SqlIdentifier> names;
    private final boolean cascade;

    public SqlDropTesseraIndex(SqlParserPos pos, boolean concurrently, boolean ifExists, List<SqlIdentifier> names,
            boolean cascade) {
        super(OPERATOR, pos, ifExists);
        this.concurrently = concurrently;
        this.names = List.copyOf(names);
        this.cascade = cascade;
    }

    public boolean concurrently() {
        return concurrently;
    }

    /** The indexes in written order, possibly schema-qualified. */
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
        writer.keyword("DROP INDEX");
        for (SqlIdentifier n : names) {
            n.unparse(writer, 0, 0);
        }
    }
}
