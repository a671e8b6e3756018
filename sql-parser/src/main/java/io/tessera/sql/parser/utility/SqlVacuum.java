package io.tessera.sql.parser.utility;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code VACUUM [ ( option [, ...] ) ] [ FULL ] [ FREEZE ] [ VERBOSE ] [ ANALYZE ] [ table [, ...] ]}: removes
 * row versions no snapshot can see any more. Options are recorded (lower case) but Tessera's VACUUM always does
 * the same thing: purge, then compact.
 *
 * @see <a href="https://www.postgresql.org/docs/15/sql-vacuum.html">PostgreSQL documentation</a>
 */
public final class SqlVacuum extends SqlCall {
    public static final SqlOperator OPERATOR = new SqlSpecialOperator("VACUUM", SqlKind.OTHER);

    private final List<String> options;
    private final SqlNodeList tables;

    public SqlVacuum(SqlParserPos pos, List<String> options, SqlNodeList tables) {
        super(pos);
        this.options = List.copyOf(options);
        this.tables = Objects.requireNonNull(tables, "tables");
    }

    /** The options given, lower case ({@code full}, {@code verbose}, ...), in order. */
    public List<String> options() {
        return options;
    }

    /** The tables named (possibly qualified); empty: every table of the database. */
    public List<SqlIdentifier> tables() {
        List<SqlIdentifier> out = new ArrayList<>();
        for (SqlNode n : tables) {
            out.add((SqlIdentifier) n);
        }
        return out;
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of(tables);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("VACUUM");
        if (!options.isEmpty()) {
            writer.print("(" + String.join(", ", options).toUpperCase(java.util.Locale.ROOT) + ") ");
        }
        for (int i = 0; i < tables.size(); i++) {
            if (i > 0) {
                writer.print(", ");
            }
            tables.get(i).unparse(writer, 0, 0);
        }
    }
}
