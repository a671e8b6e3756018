package io.tessera.coordinator.pgwire;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a simple-query string into statements at the semicolons PostgreSQL's lexer would see: not inside
 * {@code '...'} strings ({@code ''} escapes a quote), {@code E'...'} strings (backslash escapes too),
 * {@code "..."} identifiers, {@code $tag$...$tag$} dollar quotes, {@code --} line comments or nested
 * {@code /* ... *}{@code /} block comments.
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
            if (c == ';') {
                add(out, query, start, i, content);
                start = i + 1;
                content = false;
                i++;
            } else if (c == '-' && i + 1 < n && query.charAt(i + 1) == '-') {
                i += 2;
                while (i < n && query.charAt(i) != '\n' && query.charAt(i) != '\r') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && query.charAt(i + 1) == '*') {
                int depth = 1;
                i += 2;
                while (i < n && depth > 0) {
                    if (query.startsWith("/*", i)) {
                        depth++;
                        i += 2;
                    } else if (query.startsWith("*/", i)) {
                        depth--;
                        i += 2;
                    } else {
                        i++;
                    }
                }
            } else if (c == '\'') {
                boolean backslashEscapes = i > 0 && (query.charAt(i - 1) == 'E' || query.charAt(i - 1) == 'e')
                        && (i < 2 || !isIdentChar(query.charAt(i - 2)));
                i = skipString(query, i + 1, '\'', backslashEscapes);
                content = true;
            } else if (c == '"') {
                i = skipString(query, i + 1, '"', false);
                content = true;
            } else if (c == '$' && (i == 0 || !isIdentChar(query.charAt(i - 1)))) {
                int tagEnd = dollarTagEnd(query, i);
                if (tagEnd < 0) {
                    i++; // a parameter ($1) or a lone dollar
                } else {
                    String tag = query.substring(i, tagEnd + 1);
                    int close = query.indexOf(tag, tagEnd + 1);
                    i = close < 0 ? n : close + tag.length();
                }
                content = true;
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

    /** Index just past the closing quote (a doubled quote continues the string). */
    private static int skipString(String s, int i, char quote, boolean backslashEscapes) {
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < n && s.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return n;
    }

    /** For a {@code $} at {@code i}: the index of the tag's closing {@code $}, or -1 when this is no dollar quote. */
    private static int dollarTagEnd(String s, int i) {
        int j = i + 1;
        if (j < s.length() && s.charAt(j) == '$') {
            return j;
        }
        if (j >= s.length() || !(Character.isLetter(s.charAt(j)) || s.charAt(j) == '_')) {
            return -1;
        }
        while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
            j++;
        }
        return j < s.length() && s.charAt(j) == '$' ? j : -1;
    }

    private static boolean isIdentChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
