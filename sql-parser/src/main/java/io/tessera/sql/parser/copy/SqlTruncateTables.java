package io.tessera.sql.parser.copy;

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
 * {@code TRUNCATE [TABLE] [ONLY] name [*] [, ...] [RESTART IDENTITY | CONTINUE IDENTITY] [CASCADE | RESTRICT]}
 * (ONLY and {@code *} are accepted and mean nothing: Tessera has no table inheritance).
 *
 * @see <a href="https://www.postgresql.org/docs/15/sql-truncate.html">PostgreSQL: TRUNCATE</a>
 */
public final class SqlTruncateTables extends SqlCall {
    public static final SqlOperator OPERATOR = new SqlSpecialOperator("TRUNCATE", SqlKind.OTHER_DDL);

    private final List<SqlIdentifier> names;
    private final boolean restartIdentity;
    private final boolean cascade;

    public SqlTruncateTables(SqlParserPos pos, List<SqlIdentifier> names, boolean restartIdentity, boolean cascade) {
        super(pos);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("TRUNCATE needs a table name");
        }
        this.names = List.copyOf(names);
        this.restartIdentity = restartIdentity;
        this.cascade = cascade;
    }

    /** The tables in written order, possibly schema-qualified. */
    public List<SqlIdentifier> names() {
        return names;
    }

    /** RESTART IDENTITY (false for CONTINUE IDENTITY, the default). */
    public boolean restartIdentity() {
        return restartIdentity;
    }

    /** CASCADE (false for RESTRICT, the default). */
    public boolean cascade() {
        return cascade;
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.copyOf(names);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("TRUNCATE TABLE");
        SqlWriter.Frame frame = writer.startList("", "");
        for (SqlIdentifier name : names) {
            writer.sep(",");
            name.unparse(writer, 0, 0);
        }
        writer.endList(frame);
        if (restartIdentity) {
            writer.keyword("RESTART IDENTITY");
        }
        if (cascade) {
            writer.keyword("CASCADE");
        }
    }
}
