package io.tessera.it.corpus;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What one statement did on one system, in a form two systems can be compared by: the error's SQLSTATE and
 * message, or the update count, or the result's columns (name and {@link #typeName type name}) and its rows as the text pgjdbc
 * received ({@code getString}, NULL as {@code NULL}).
 *
 * @param error "SQLSTATE: message" of a failed statement, else null
 * @param columns "name type" per column of a query, else empty
 * @param rows rows as text, in the order received; empty for a statement without a result
 * @param updateCount the update count of a statement without a result, -1 for a query or an error
 */
public record Outcome(String error, List<String> columns, List<List<String>> rows, long updateCount) {
    private static final Comparator<List<String>> ROW_ORDER = (a, b) -> String.join("\u0001", a)
            .compareTo(String.join("\u0001", b));

    /** Runs {@code sql} on {@code statement} and captures the outcome; never throws for a SQL error. */
    public static Outcome of(Statement statement, String sql) {
        try {
            if (!statement.execute(sql)) {
                return new Outcome(null, List.of(), List.of(), statement.getLargeUpdateCount());
            }
            try (ResultSet rs = statement.getResultSet()) {
                ResultSetMetaData md = rs.getMetaData();
                List<String> columns = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    columns.add(md.getColumnLabel(i) + " " + typeName(md.getColumnTypeName(i)));
                }
                List<List<String>> rows = new ArrayList<>();
                while (rs.next()) {
                    List<String> row = new ArrayList<>(columns.size());
                    for (int i = 1; i <= columns.size(); i++) {
                        String v = rs.getString(i);
                        row.add(v == null ? "NULL" : v);
                    }
                    rows.add(row);
                }
                return new Outcome(null, columns, rows, -1);
            }
        } catch (SQLException e) {
            String message = e.getMessage();
            // pgjdbc appends "\n  Position: n" or "\n  Detail: ..." to the server's primary message
            int nl = message == null ? -1 : message.indexOf('\n');
            if (nl >= 0) {
                message = message.substring(0, nl);
            }
            if (message != null && message.startsWith("ERROR: ")) {
                message = message.substring("ERROR: ".length());
            }
            return new Outcome(e.getSQLState() + ": " + message, List.of(), List.of(), -1);
        }
    }

    /**
     * The type name compared: the name pgjdbc reports for the column ({@code getColumnTypeName}), PostgreSQL's
     * {@code pg_type.typname} of the column's type OID, so text, varchar, bpchar and name differ as they do to a
     * client (an ORM maps them to different Java types, and {@code bpchar} results are blank-padded).
     */
    static String typeName(String pgName) {
        return pgName;
    }

    /**
     * Whether this outcome matches {@code expected}: same error (SQLSTATE and primary message), or same update count,
     * or same columns and the same rows — in the same order when {@code ordered}, else as multisets.
     */
    public boolean matches(Outcome expected, boolean ordered) {
        if (error != null || expected.error != null) {
            return java.util.Objects.equals(error, expected.error);
        }
        if (updateCount != expected.updateCount || !columns.equals(expected.columns)) {
            return false;
        }
        if (ordered) {
            return rows.equals(expected.rows);
        }
        List<List<String>> a = new ArrayList<>(rows);
        List<List<String>> b = new ArrayList<>(expected.rows);
        a.sort(ROW_ORDER);
        b.sort(ROW_ORDER);
        return a.equals(b);
    }

    /** The outcome as a few indented lines for a mismatch report. */
    public String render(String indent) {
        if (error != null) {
            return indent + "ERROR " + error + "\n";
        }
        if (updateCount >= 0) {
            return indent + "update count " + updateCount + "\n";
        }
        StringBuilder sb = new StringBuilder(indent).append(String.join(" | ", columns)).append('\n');
        int shown = 0;
        for (List<String> row : rows) {
            if (shown++ == 50) {
                sb.append(indent).append("... (").append(rows.size()).append(" rows)\n");
                break;
            }
            sb.append(indent).append(String.join(" | ", row)).append('\n');
        }
        if (rows.isEmpty()) {
            sb.append(indent).append("(0 rows)\n");
        }
        return sb.toString();
    }
}
