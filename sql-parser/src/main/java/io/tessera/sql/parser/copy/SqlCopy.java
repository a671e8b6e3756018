package io.tessera.sql.parser.copy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * {@code COPY table [(columns)] FROM STDIN | 'file' | PROGRAM 'cmd' [WITH] options} and
 * {@code COPY table [(columns)] | (query) TO STDOUT | 'file' | PROGRAM 'cmd' [WITH] options}.
 *
 * <p>Options are kept as written, in order, under the names of the parenthesized syntax (the pre-9.0 keywords
 * are mapped: {@code CSV} → {@code format = csv}, {@code BINARY} → {@code format = binary},
 * {@code FORCE NOT NULL a, b} → {@code force_not_null = "a,b"}); a name without a value has the value null.
 * Column lists are comma-joined names, {@code *} for all.
 *
 * @see <a href="https://www.postgresql.org/docs/15/sql-copy.html">PostgreSQL: COPY</a>
 */
public final class SqlCopy extends SqlCall {
    public static final SqlOperator OPERATOR = new SqlSpecialOperator("COPY", SqlKind.OTHER);

    private final SqlIdentifier table;
    private final SqlNodeList columns;
    private final SqlNode query;
    private final boolean from;
    private final String file;
    private final boolean program;
    private final List<Map.Entry<String, String>> options;

    /**
     * @param table the table, or null when {@code query} is given
     * @param columns the column list, or null
     * @param file the server file or program, null for STDIN/STDOUT
     * @param keyValues alternating option names (lower case) and values (null when absent)
     */
    public SqlCopy(SqlParserPos pos, SqlIdentifier table, SqlNodeList columns, SqlNode query, boolean from,
            String file, boolean program, List<String> keyValues) {
        super(pos);
        if ((table == null) == (query == null)) {
            throw new IllegalArgumentException("COPY needs a table or a query");
        }
        this.table = table;
        this.columns = columns;
        this.query = query;
        this.from = from;
        this.file = file;
        this.program = program;
        List<Map.Entry<String, String>> opts = new ArrayList<>();
        for (int i = 0; i + 1 < keyValues.size(); i += 2) {
            opts.add(new java.util.AbstractMap.SimpleImmutableEntry<>(keyValues.get(i), keyValues.get(i + 1)));
        }
        this.options = Collections.unmodifiableList(opts);
    }

    /** Column names of a parenthesized list, comma-joined (the form option values take). */
    public static String columnList(SqlNodeList columns) {
        List<String> names = new ArrayList<>();
        for (SqlNode n : columns) {
            names.add(((SqlIdentifier) n).getSimple());
        }
        return String.join(",", names);
    }

    /** The table, or null for {@code COPY (query) TO}. */
    public SqlIdentifier table() {
        return table;
    }

    /** The written column list, or null. */
    public SqlNodeList columns() {
        return columns;
    }

    /** The query of {@code COPY (query) TO}, or null. */
    public SqlNode query() {
        return query;
    }

    /** True for COPY FROM (rows into the table), false for COPY TO. */
    public boolean isFrom() {
        return from;
    }

    /** The server-side file name or program command; null for STDIN / STDOUT. */
    public String file() {
        return file;
    }

    public boolean isProgram() {
        return program;
    }

    /** Options in written order (duplicates kept, so the coordinator can reject them as PostgreSQL does). */
    public List<Map.Entry<String, String>> options() {
        return options;
    }

    /** The options as a map, last one winning (for tests and printing). */
    public Map<String, String> optionMap() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : options) {
            m.put(e.getKey(), e.getValue());
        }
        return m;
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList() {
        List<SqlNode> out = new ArrayList<>();
        out.add(table != null ? table : query);
        if (columns != null) {
            out.add(columns);
        }
        return out;
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("COPY");
        if (table != null) {
            table.unparse(writer, 0, 0);
            if (columns != null) {
                SqlWriter.Frame f = writer.startList("(", ")");
                for (SqlNode c : columns) {
                    writer.sep(",");
                    c.unparse(writer, 0, 0);
                }
                writer.endList(f);
            }
        } else {
            SqlWriter.Frame f = writer.startList("(", ")");
            query.unparse(writer, 0, 0);
            writer.endList(f);
        }
        writer.keyword(from ? "FROM" : "TO");
        if (file == null) {
            writer.keyword(from ? "STDIN" : "STDOUT");
        } else {
            if (program) {
                writer.keyword("PROGRAM");
            }
            writer.literal("'" + file.replace("'", "''") + "'");
        }
        if (!options.isEmpty()) {
            writer.keyword("WITH");
            SqlWriter.Frame f = writer.startList("(", ")");
            for (Map.Entry<String, String> e : options) {
                writer.sep(",");
                writer.print(e.getKey());
                if (e.getValue() != null) {
                    writer.print(" '" + e.getValue().replace("'", "''") + "'");
                }
            }
            writer.endList(f);
        }
    }
}
