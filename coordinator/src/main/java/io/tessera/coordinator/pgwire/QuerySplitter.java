package io.tessera.coordinator.pgwire;

import io.tessera.sql.parser.SqlLexer;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a simple-query string into statements at the semicolons PostgreSQL's lexer would see: not inside strings,
 * quoted identifiers, dollar quotes or comments ({@link SqlLexer}).
 *
 * <p>Statements that hold nothing but whitespace and comments are dropped, as PostgreSQL's grammar drops empty
 * statements; a string with none left is the empty query (EmptyQueryResponse). An unterminated quote or comment
 * runs to the end of the string — the SQL layer's parser then reports it.
 */
final class QuerySplitter {
    /**
     * One statement.
     *
     * @param sql the statement text, trimmed, without the semicolon
     * @param offset the 0-based character offset of {@code sql} in the whole query string, so that an error
     *     position in the statement can be reported relative to the string the client sent
     */
    record Statement(String sql, int offset) {
    }

    private QuerySplitter() {
    }

    static List<Statement> split(String query) {
        List<Statement> out = new ArrayList<>();
        int start = 0;
        boolean content = false; // anything but whitespace and comments since start
        int n = query.length();
        int i = 0;
        while (i < n) {
            char c = query.charAt(i);
            int skipped = SqlLexer.skipNonCode(query, i);
            if (c == ';') {
                add(out, query, start, i, content);
                start = i + 1;
                content = false;
                i++;
            } else if (skipped > i) {
                content |= !SqlLexer.isComment(query, i);
                i = skipped;
            } else {
                if (!Character.isWhitespace(c)) {
                    content = true;
                }
                i++;
            }
        }
        add(out, query, start, n, content);
        return out;
    }

    private static void add(List<Statement> out, String query, int from, int to, boolean content) {
        if (!content) {
            return;
        }
        while (from < to && Character.isWhitespace(query.charAt(from))) {
            from++;
        }
        while (to > from && Character.isWhitespace(query.charAt(to - 1))) {
            to--;
        }
        out.add(new Statement(query.substring(from, to), from));
    }
}
