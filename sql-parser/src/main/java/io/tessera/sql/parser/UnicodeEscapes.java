package io.tessera.sql.parser;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.util.Locale;

/**
 * PostgreSQL's Unicode-escaped constants, {@code U&'d\0061t\+000061'} and identifiers {@code U&"d\0061t\+000061"},
 * each optionally followed by {@code UESCAPE 'c'}, decoded into the plain string constant or quoted identifier they
 * stand for ({@code 'data'}, {@code "data"}), so Calcite's grammar (whose own U& reads only the four-digit form and
 * no {@code UESCAPE}) sees no escape. The escapes are {@code \XXXX}, {@code \+XXXXXX} (a code point past U+FFFF),
 * and the escape character twice for itself; a UTF-16 surrogate pair written as two escapes is one character.
 * Errors are PostgreSQL's (its parser.c {@code str_udeescape} and scan.l): 42601 with the same messages.
 * https://www.postgresql.org/docs/15/sql-syntax-lexical.html#SQL-SYNTAX-STRINGS-UESCAPE
 */
final class UnicodeEscapes {
    private UnicodeEscapes() {
    }

    /**
     * The edit for {@code U&} whose quote ({@code '} or {@code "}) is at {@code quote}: the decoded constant or
     * identifier, up to the end of a {@code UESCAPE 'c'} clause when one follows.
     *
     * @throws TesseraException 42601 for a malformed escape, an escape value of zero or past U+10FFFF, a lone
     *     surrogate, or an escape character that PostgreSQL refuses (a hexadecimal digit, {@code +}, a quote, white
     *     space, or not one character)
     */
    static PgSyntax.Edit decode(String sql, int quote) {
        char q = sql.charAt(quote);
        int end = SqlLexer.skipQuoted(sql, quote, q, false);
        if (end > sql.length() || sql.charAt(end - 1) != q || end - 1 == quote) {
            return null; // unterminated: the parser reports it
        }
        String body = sql.substring(quote + 1, end - 1).replace(String.valueOf(q) + q, String.valueOf(q));
        char escape = '\\';
        int after = end;
        int k = skipSpace(sql, end);
        if (sql.regionMatches(true, k, "uescape", 0, 7)
                && (k + 7 >= sql.length() || !SqlLexer.isIdentifierPart(sql.charAt(k + 7)))) {
            int open = skipSpace(sql, k + 7);
            if (open < sql.length() && sql.charAt(open) == '\'') {
                int close = SqlLexer.skipQuoted(sql, open, '\'', false);
                String c = sql.substring(open, close);
                if (c.length() != 3 || !validEscape(c.charAt(1))) {
                    throw new TesseraException(SqlState.SYNTAX_ERROR,
                            "invalid Unicode escape character at or near \"" + c + "\"");
                }
                escape = c.charAt(1);
                after = close;
            }
        }
        String decoded = unescape(body, escape);
        String replacement = q + decoded.replace(String.valueOf(q), String.valueOf(q) + q) + q;
        return new PgSyntax.Edit(after, replacement);
    }

    private static boolean validEscape(char c) {
        return !(Character.digit(c, 16) >= 0 || c == '+' || c == '\'' || c == '"' || Character.isWhitespace(c));
    }

    /** {@code body} with its escapes (introduced by {@code escape}) replaced by the characters they name. */
    static String unescape(String body, char escape) {
        StringBuilder out = new StringBuilder(body.length());
        int i = 0;
        int n = body.length();
        while (i < n) {
            char c = body.charAt(i);
            if (c != escape) {
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 < n && body.charAt(i + 1) == escape) {
                out.append(escape);
                i += 2;
                continue;
            }
            int digits = i + 1 < n && body.charAt(i + 1) == '+' ? 6 : 4;
            int start = digits == 6 ? i + 2 : i + 1;
            int cp = hex(body, start, digits);
            i = start + digits;
            if (Character.isHighSurrogate((char) cp) && cp <= 0xFFFF) {
                int low = -1;
                if (i < n && body.charAt(i) == escape && i + 1 < n && body.charAt(i + 1) != escape) {
                    int d = body.charAt(i + 1) == '+' ? 6 : 4;
                    int s = d == 6 ? i + 2 : i + 1;
                    low = hex(body, s, d);
                    i = s + d;
                }
                if (low < 0 || low > 0xFFFF || !Character.isLowSurrogate((char) low)) {
                    throw new TesseraException(SqlState.SYNTAX_ERROR, "invalid Unicode surrogate pair");
                }
                cp = Character.toCodePoint((char) cp, (char) low);
            } else if (cp <= 0xFFFF && Character.isLowSurrogate((char) cp)) {
                throw new TesseraException(SqlState.SYNTAX_ERROR, "invalid Unicode surrogate pair");
            }
            out.appendCodePoint(cp);
        }
        return out.toString();
    }

    /** The {@code digits} hexadecimal digits at {@code start} as a code point (1 to U+10FFFF). */
    private static int hex(String body, int start, int digits) {
        if (start + digits > body.length()) {
            throw invalidEscape();
        }
        int v = 0;
        for (int j = start; j < start + digits; j++) {
            int d = Character.digit(body.charAt(j), 16);
            if (d < 0 || body.charAt(j) > 'f') {
                throw invalidEscape();
            }
            v = v * 16 + d;
        }
        if (v == 0 || v > Character.MAX_CODE_POINT) {
            throw new TesseraException(SqlState.SYNTAX_ERROR, "invalid Unicode escape value");
        }
        return v;
    }

    private static TesseraException invalidEscape() {
        return new TesseraException(SqlState.SYNTAX_ERROR, "invalid Unicode escape", null,
                "Unicode escapes must be \\XXXX or \\+XXXXXX.", 0, null);
    }

    /** Whether {@code word} (lower case) ending at {@code identEnd} opens a Unicode-escaped constant or identifier. */
    static boolean opens(String sql, String word, int identEnd) {
        return word.equals("u") && identEnd + 1 < sql.length() && sql.charAt(identEnd) == '&'
                && (sql.charAt(identEnd + 1) == '\'' || sql.charAt(identEnd + 1) == '"');
    }

    /** Whether {@code sql} may hold a Unicode-escaped constant or identifier. */
    static boolean mayHold(String sql) {
        return sql.toLowerCase(Locale.ROOT).contains("u&");
    }

    private static int skipSpace(String sql, int i) {
        while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
            i++;
        }
        return i;
    }
}
