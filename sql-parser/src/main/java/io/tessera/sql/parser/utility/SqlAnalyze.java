package io.tessera.sql.parser.utility;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * {@code ANALYZE [ ( option [, ...] ) ] [ VERBOSE ] [ table [ ( column [, ...] ) ] [, ...] ]} (also spelled
 * {@code ANALYSE}): collects statistics about the contents of tables. Options are recorded lower case.
 *
 * @see <a href="https://www.postgresql.org/docs/15/sql-analyze.html">PostgreSQL documentation</a>
 */
public final class SqlAnalyze extends SqlCall {
    public static final SqlOperator OPERATOR = new SqlSpecialOperator("ANALYZE", SqlKind.OTHER);

    /** One table to analyze and the columns named after it (empty: every column). */
    public record Target(SqlIdentifier table, List<String> columns) {
    }

    private final List<String> options;
    private final SqlNodeList tables;
    private final List<List<String>> columns;

    /**
     * @param tables the tables named, each a {@link SqlIdentifier}
     * @param columns for each table, the column names given (folded as identifiers are), empty for all
     */
    public SqlAnalyze(SqlParserPos pos, List<String> options, SqlNodeList tables, List<List<String>> columns) {
        super(pos);
        this.options = List.copyOf(options);
        this.tables = Objects.requireNonNull(tables, "tables");
        this.columns = columns.stream().map(List::copyOf).toList();
        if (this.columns.size() != tables.size()) {
            throw new IllegalArgumentException("one column list per table");
        }
    }

    /** The options given, lower case ({@code verbose}, {@code skip_locked}, ...), in order. */
    public List<String> options() {
        return options;
    }

    /** Whether VERBOSE was given. */
    public boolean verbose() {
        return options.contains("verbose");
    }

    /** The tables named with their column lists, in order; empty: every table of the database. */
    public List<Target> targets() {
        List<Target> out = new ArrayList<>();
        for (int i = 0; i < tables.size(); i++) {
            out.add(new Target((SqlIdentifier) tables.get(i), columns.get(i)));
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
        writer.keyword("ANALYZE");
        if (!options.isEmpty()) {
            writer.print("(" + String.join(", ", options).toUpperCase(Locale.ROOT) + ") ");
        }
        for (int i = 0; i < tables.size(); i++) {
            if (i > 0) {
                writer.print(", ");
            }
            tables.get(i).unparse(writer, 0, 0);
            if (!columns.get(i).isEmpty()) {
                writer.print(" (" + String.join(", ", columns.get(i)) + ")");
            }
        }
    }
}
