package io.tessera.sql.parser;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds PostgreSQL's {@code SELECT ... INTO [TABLE] name ...} in SQL text, which Calcite's SELECT cannot carry: the
 * {@code INTO} clause of a statement that starts with SELECT, outside parentheses. The parser blanks the clause out
 * (spaces, so every other token keeps its position), parses the SELECT that remains and wraps it as a
 * {@code CREATE TABLE name AS} ({@link io.tessera.sql.parser.ddl.SqlCreateTableAs#selectInto}).
 *
 * <p>{@code INTO [GLOBAL | LOCAL] TEMP | TEMPORARY [TABLE] name} makes a temporary table ({@link Found#temporary});
 * {@code INTO UNLOGGED ...} and {@code INTO STRICT ...} are left alone (the parser then reports a syntax error).
 */
final class SelectInto {
    /**
     * One SELECT INTO.
     *
     * @param statement the statement's index among the text's non-empty statements
     * @param start the offset of the statement's first character
     * @param end the offset just past the statement's last character (its semicolon or the text's end)
     * @param intoStart the offset of {@code INTO}
     * @param intoEnd the offset just past the table's name
     * @param name the table's name as written (possibly qualified or quoted)
     * @param temporary whether {@code TEMP} or {@code TEMPORARY} was written
     */
    record Found(int statement, int start, int end, int intoStart, int intoEnd, String name, boolean temporary) {
    }

    private SelectInto() {
    }

    /** The SELECT INTO statements of {@code sql}, in order; empty when there is none. */
    static List<Found> find(String sql) {
        List<Found> found = new ArrayList<>();
        int statement = 0;
        int start = -1;
        int depth = 0;
        String first = null;
        int intoStart = -1;
        int intoEnd = -1;
        String name = null;
        boolean temporary = false;
        int i = 0;
        int n = sql.length();
        while (i <= n) {
            if (i == n || sql.charAt(i) == ';' && depth == 0) {
                if (start >= 0) {
                    if (intoStart >= 0) {
                        found.add(new Found(statement, start, i, intoStart, intoEnd, name, temporary));
                    }
                    statement++;
                }
                start = -1;
                depth = 0;
                first = null;
                intoStart = -1;
                i++;
                continue;
            }
            char c = sql.charAt(i);
            int skipped = SqlLexer.skipNonCode(sql, i);
            if (skipped > i) {
                if (!SqlLexer.isComment(sql, i) && start < 0) {
                    start = i;
                    first = "";
                }
                i = skipped;
                continue;
            }
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if (start < 0) {
                start = i;
            }
            if (SqlLexer.isIdentifierStart(c)) {
                int e = wordEnd(sql, i);
                String word = sql.substring(i, e).toUpperCase(Locale.ROOT);
                if (first == null) {
                    first = word;
                } else if (depth == 0 && intoStart < 0 && word.equals("INTO") && first.equals("SELECT")) {
                    int[] target = target(sql, e);
                    if (target != null) {
                        intoStart = i;
                        intoEnd = target[1];
                        name = sql.substring(target[0], target[1]);
                        temporary = target[2] != 0;
                        i = intoEnd;
                        continue;
                    }
                }
                i = e;
                continue;
            }
            if (first == null) {
                first = "";
            }
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth = Math.max(0, depth - 1);
            }
            i++;
        }
        return found;
    }

    /** {@code sql} with each found INTO clause replaced by as many spaces. */
    static String blank(String sql, List<Found> found) {
        StringBuilder sb = new StringBuilder(sql);
        for (Found f : found) {
            for (int i = f.intoStart(); i < f.intoEnd(); i++) {
                if (sb.charAt(i) != '\n' && sb.charAt(i) != '\r') {
                    sb.setCharAt(i, ' ');
                }
            }
        }
        return sb.toString();
    }

    /**
     * After INTO at {@code from}: the start and end of {@code [[GLOBAL | LOCAL] TEMP[ORARY]] [TABLE] name[.name]}'s
     * name and 1 when it is temporary (else 0), or null.
     */
    private static int[] target(String sql, int from) {
        int i = skipSpace(sql, from);
        int e = wordEnd(sql, i);
        int temporary = 0;
        if (e > i && List.of("GLOBAL", "LOCAL").contains(sql.substring(i, e).toUpperCase(Locale.ROOT))) {
            int t = skipSpace(sql, e);
            int te = wordEnd(sql, t);
            if (!List.of("TEMP", "TEMPORARY").contains(sql.substring(t, te).toUpperCase(Locale.ROOT))) {
                return null;
            }
            i = t;
            e = te;
        }
        if (e > i && List.of("TEMP", "TEMPORARY").contains(sql.substring(i, e).toUpperCase(Locale.ROOT))) {
            temporary = 1;
            i = skipSpace(sql, e);
            e = wordEnd(sql, i);
        }
        if (e > i) {
            String word = sql.substring(i, e).toUpperCase(Locale.ROOT);
            if (List.of("UNLOGGED", "STRICT").contains(word)) {
                return null;
            }
            if (word.equals("TABLE")) {
                i = skipSpace(sql, e);
            }
        }
        int nameStart = i;
        int end = identifierEnd(sql, i);
        if (end < 0) {
            return null;
        }
        while (true) {
            int dot = skipSpace(sql, end);
            if (dot >= sql.length() || sql.charAt(dot) != '.') {
                break;
            }
            int next = identifierEnd(sql, skipSpace(sql, dot + 1));
            if (next < 0) {
                return null;
            }
            end = next;
        }
        return new int[] {nameStart, end, temporary};
    }

    /** The end of the identifier (plain or double-quoted) at {@code i}, or -1 when none starts there. */
    private static int identifierEnd(String sql, int i) {
        if (i >= sql.length()) {
            return -1;
        }
        if (sql.charAt(i) == '"') {
            return SqlLexer.skipQuoted(sql, i, '"', false);
        }
        int e = wordEnd(sql, i);
        return e > i ? e : -1;
    }

    private static int wordEnd(String sql, int i) {
        if (i >= sql.length() || !SqlLexer.isIdentifierStart(sql.charAt(i))) {
            return i;
        }
        int e = i + 1;
        while (e < sql.length() && SqlLexer.isIdentifierPart(sql.charAt(e))) {
            e++;
        }
        return e;
    }

    private static int skipSpace(String sql, int i) {
        while (i < sql.length()) {
            int skipped = SqlLexer.skipNonCode(sql, i);
            if (skipped > i && SqlLexer.isComment(sql, i)) {
                i = skipped;
            } else if (Character.isWhitespace(sql.charAt(i))) {
                i++;
            } else {
                break;
            }
        }
        return i;
    }
}
