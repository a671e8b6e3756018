package io.tessera.sql.parser.tcl;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlAlter;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code SET CONSTRAINTS { ALL | name [, ...] } { DEFERRED | IMMEDIATE }}: when the current transaction checks its
 * deferrable constraints.
 *
 * @see <a href="https://www.postgresql.org/docs/15/sql-set-constraints.html">PostgreSQL documentation</a>
 */
public final class SqlSetConstraints extends SqlAlter {
    public static final SqlOperator OPERATOR = new SqlSpecialOperator("SET CONSTRAINTS", SqlKind.OTHER);

    private final List<SqlIdentifier> names;
    private final boolean deferred;

    /**
     * @param names the constraints named, possibly schema-qualified; empty for ALL
     * @param deferred DEFERRED (true) or IMMEDIATE
     */
    public SqlSetConstraints(SqlParserPos pos, List<SqlIdentifier> names, boolean deferred) {
        super(pos);
        this.names = List.copyOf(names);
        this.deferred = deferred;
    }

    /** The constraints named (empty: ALL). */
    public List<SqlIdentifier> names() {
        return names;
    }

    /** Whether SET CONSTRAINTS ALL was written. */
    public boolean all() {
        return names.isEmpty();
    }

    /** DEFERRED (true) or IMMEDIATE (false). */
    public boolean deferred() {
        return deferred;
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return new ArrayList<>(names);
    }

    @Override
    protected void unparseAlterOperation(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("CONSTRAINTS");
        if (names.isEmpty()) {
            writer.keyword("ALL");
        } else {
            SqlWriter.Frame f = writer.startList("", "");
            for (SqlIdentifier n : names) {
                writer.sep(",");
                n.unparse(writer, 0, 0);
            }
            writer.endList(f);
        }
        writer.keyword(deferred ? "DEFERRED" : "IMMEDIATE");
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("SET");
        unparseAlterOperation(writer, leftPrec, rightPrec);
    }
}
