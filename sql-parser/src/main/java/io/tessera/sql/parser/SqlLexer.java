package io.tessera.sql.parser;

/**
 * The parts of PostgreSQL's lexical rules that every scanner of raw SQL text needs, so that a semicolon, a
 * {@code $1}, a {@code ?} or a digit inside a string or a comment is never taken for code: string constants
 * ({@code '...'} with {@code ''}, {@code E'...'} with backslash escapes too), quoted identifiers ({@code "..."}),
 * line comments ({@code --} to the end of the line), nested block comments ({@code /* ... *}{@code /}) and
 * dollar-quoted strings ({@code $tag$ ... $tag$}, the tag empty or an identifier without {@code $}).
 *
 * <p>Offsets are {@code char} indexes into the text. Anything unterminated runs to the end of the text; the parser
 * then reports it.
 *
 * <p>Source: PostgreSQL 15 documentation, 4.1 "Lexical Structure", and {@code src/backend/parser/scan.l}.
 */
public final class SqlLexer {
    private SqlLexer() {
    }

    /**
     * If a string constant, quoted identifier, comment or dollar-quoted string starts at {@code i}, the offset just
     * past it; otherwise {@code i}. A {@code $} right after an identifier character is part of that identifier, and
     * {@code $} followed by digits is a parameter: neither starts a dollar quote.
     */
    public static int skipNonCode(String sql, int i) {
        int n = sql.length();
        char c = sql.charAt(i);
        if (c == '\'') {
            return skipQuoted(sql, i, '\'', backslashEscapes(sql, i));
        } else if (c == '"') {
            return skipQuoted(sql, i, '"', false);
        } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
            return skipLineComment(sql, i);
        } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
            return skipBlockComment(sql, i);
        } else if (c == '$' && (i == 0 || !isIdentifierPart(sql.charAt(i - 1)))) {
            int end = skipDollarQuoted(sql, i);
            return end > i + 1 ? end : i;
        }
        return i;
    }

    /** Whether what starts at {@code i} (as {@link #skipNonCode} found it) is a comment. */
    public static boolean isComment(String sql, int i) {
        return sql.startsWith("--", i) || sql.startsWith("/*", i);
    }

    /** Whether the string constant whose quote is at {@code quote} is an escape string ({@code E'...'}). */
    public static boolean backslashEscapes(String sql, int quote) {
        return quote > 0 && (sql.charAt(quote - 1) == 'E' || sql.charAt(quote - 1) == 'e')
                && (quote < 2 || !isIdentifierPart(sql.charAt(quote - 2)));
    }

    /** The offset just past the closing quote (a doubled quote continues the text). */
    public static int skipQuoted(String sql, int open, char quote, boolean backslashEscapes) {
        int i = open + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return sql.length();
    }

    /** For {@code --} at {@code open}: the offset of the newline ({@code \n} or {@code \r}) that ends it. */
    public static int skipLineComment(String sql, int open) {
        int i = open + 2;
        while (i < sql.length() && sql.charAt(i) != '\n' && sql.charAt(i) != '\r') {
            i++;
        }
        return i;
    }

    /** For {@code /*} at {@code open}: the offset just past its matching close (block comments nest). */
    public static int skipBlockComment(String sql, int open) {
        int depth = 0;
        int i = open;
        while (i < sql.length()) {
            if (sql.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (sql.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return sql.length();
    }

    /**
     * At a {@code $}: the offset just past a dollar-quoted string {@code $tag$...$tag$} starting there, or
     * {@code dollar + 1} when no tag starts there (a parameter {@code $1} or a lone {@code $}).
     */
    public static int skipDollarQuoted(String sql, int dollar) {
        int i = dollar + 1;
        if (i < sql.length() && isIdentifierStart(sql.charAt(i))) {
            while (i < sql.length() && isIdentifierPart(sql.charAt(i)) && sql.charAt(i) != '$') {
                i++;
            }
        }
        if (i >= sql.length() || sql.charAt(i) != '$') {
            return dollar + 1;
        }
        String tag = sql.substring(dollar, i + 1);
        int close = sql.indexOf(tag, i + 1);
        return close < 0 ? sql.length() : close + tag.length();
    }

    /** A character that may start an identifier or keyword: a letter, {@code _}, or any non-ASCII character. */
    public static boolean isIdentifierStart(char c) {
        return Character.isLetter(c) || c == '_' || c > 0x7f;
    }

    /** A character that may continue an identifier: a start character, a digit or {@code $}. */
    public static boolean isIdentifierPart(char c) {
        return isIdentifierStart(c) || Character.isDigit(c) || c == '$';
    }
}
