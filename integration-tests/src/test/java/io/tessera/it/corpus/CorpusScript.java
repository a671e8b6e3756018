package io.tessera.it.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One file of the differential corpus ({@code src/test/resources/corpus/*.sql}, format in the README.md there):
 * SQL statements ended by {@code ;}, each case preceded by {@code --} comments saying the invariant it checks.
 *
 * <p>The statements are written in Tessera's dialect, which is PostgreSQL's plus Postgres-XL's distribution clause
 * of CREATE TABLE. {@link Case#postgresSql()} is the same text with that clause removed — the only translation the
 * harness makes — so every other difference between the two systems shows.
 */
public record CorpusScript(String name, List<Case> cases) {
    /**
     * Postgres-XL's distribution clause: {@code DISTRIBUTE BY | DIST BY} HASH(c) | MODULO(c) | SHARD(c) | ROUNDROBIN
     * | REPLICATION, then an optional {@code TO NODE (...)} / {@code TO GROUP g}.
     */
    private static final Pattern DISTRIBUTION = Pattern.compile(
            "(?is)\\s+dist(?:ribute)?\\s+by\\s+(?:(?:hash|modulo|shard)\\s*\\([^)]*\\)|roundrobin|replication)"
                    + "(?:\\s+to\\s+(?:node\\s*\\([^)]*\\)|group\\s+\\w+))?");

    /**
     * One statement.
     *
     * @param sql the statement as Tessera gets it, without the ending semicolon
     * @param comment the {@code --} comment lines right before it (without the dashes), the case's invariant
     * @param line the 1-based line of the file the statement starts on
     */
    public record Case(String sql, String comment, int line) {
        /** The statement for PostgreSQL: {@link #sql} without Postgres-XL's distribution clause. */
        public String postgresSql() {
            return DISTRIBUTION.matcher(sql).replaceAll("");
        }

        /** Whether the statement's result has an order to keep: a query with a top-level ORDER BY. */
        public boolean ordered() {
            return hasTopLevelOrderBy(sql);
        }

        /** The statement on one line, whitespace collapsed (how deviations name it). */
        public String oneLine() {
            return sql.strip().replaceAll("\\s+", " ");
        }
    }

    /**
     * Splits a corpus file into its statements.
     *
     * @throws IllegalArgumentException for an unterminated string, comment or statement
     */
    public static CorpusScript parse(String name, String text) {
        List<Case> cases = new ArrayList<>();
        StringBuilder sql = new StringBuilder();
        StringBuilder comment = new StringBuilder();
        int line = 1;
        int start = -1;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '-' && i + 1 < n && text.charAt(i + 1) == '-') {
                int end = text.indexOf('\n', i);
                end = end < 0 ? n : end;
                if (sql.toString().isBlank()) {
                    comment.append(text, i + 2, end).append('\n');
                }
                i = end;
                continue;
            }
            if (c == '\n') {
                line++;
                if (sql.toString().isBlank() && i + 1 < n && text.charAt(i + 1) == '\n') {
                    comment.setLength(0); // a blank line ends a comment that was not about a statement
                }
            }
            if (c == ';') {
                if (!sql.toString().isBlank()) {
                    cases.add(new Case(sql.toString().strip(), comment.toString().strip(), start));
                }
                sql.setLength(0);
                comment.setLength(0);
                start = -1;
                i++;
                continue;
            }
            if (!Character.isWhitespace(c) && start < 0) {
                start = line;
            }
            int end = quotedEnd(text, i, name, line);
            if (end > i) {
                String quoted = text.substring(i, end);
                line += (int) quoted.chars().filter(ch -> ch == '\n').count();
                sql.append(quoted);
                i = end;
                continue;
            }
            if (!(sql.length() == 0 && Character.isWhitespace(c))) {
                sql.append(c);
            }
            i++;
        }
        if (!sql.toString().isBlank()) {
            throw new IllegalArgumentException(name + ":" + start + ": statement not ended by ';'");
        }
        return new CorpusScript(name, List.copyOf(cases));
    }

    /**
     * If a string, quoted identifier, dollar-quoted string or block comment starts at {@code i}, the index just past
     * its end; else {@code i}.
     */
    private static int quotedEnd(String text, int i, String name, int line) {
        char c = text.charAt(i);
        int n = text.length();
        if (c == '\'' || c == '"') {
            boolean backslashes = c == '\'' && i > 0 && (text.charAt(i - 1) == 'E' || text.charAt(i - 1) == 'e')
                    && (i < 2 || !Character.isLetterOrDigit(text.charAt(i - 2)));
            for (int j = i + 1; j < n; j++) {
                char d = text.charAt(j);
                if (backslashes && d == '\\') {
                    j++;
                } else if (d == c) {
                    if (j + 1 < n && text.charAt(j + 1) == c) {
                        j++;
                    } else {
                        return j + 1;
                    }
                }
            }
            throw new IllegalArgumentException(name + ":" + line + ": unterminated " + (c == '"' ? "identifier" : "string"));
        }
        if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
            int end = text.indexOf("*/", i + 2);
            if (end < 0) {
                throw new IllegalArgumentException(name + ":" + line + ": unterminated comment");
            }
            return end + 2;
        }
        if (c == '$') {
            int j = i + 1;
            while (j < n && (Character.isLetter(text.charAt(j)) || text.charAt(j) == '_')) {
                j++;
            }
            if (j < n && text.charAt(j) == '$' && (i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1)))) {
                String tag = text.substring(i, j + 1);
                int end = text.indexOf(tag, j + 1);
                if (end < 0) {
                    throw new IllegalArgumentException(name + ":" + line + ": unterminated " + tag + " string");
                }
                return end + tag.length();
            }
        }
        return i;
    }

    /** Whether {@code sql} has ORDER BY outside parentheses, strings and comments. */
    static boolean hasTopLevelOrderBy(String sql) {
        StringBuilder top = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < sql.length(); ) {
            int end = quotedEnd(sql, i, "statement", 0);
            if (end > i) {
                top.append(' ');
                i = end;
                continue;
            }
            char c = sql.charAt(i++);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (depth == 0) {
                top.append(c);
            }
        }
        return Pattern.compile("\\border\\s+by\\b").matcher(top.toString().toLowerCase(Locale.ROOT)).find();
    }
}
