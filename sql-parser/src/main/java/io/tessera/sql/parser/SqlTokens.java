package io.tessera.sql.parser;

/**
 * Finds the token that starts at an offset in SQL text, for the {@code at or near "..."} part of
 * PostgreSQL's syntax errors. Reads the client's original text, so a rewritten {@code ?} shows as the
 * {@code $1} the client wrote.
 */
final class SqlTokens {
    private static final String OPERATOR_CHARS = "+-*/<>=~!@#%^&|`?:";

    private SqlTokens() {
    }

    /**
     * The token at {@code offset} (skipping white space first), or null when only white space and comments
     * remain ("end of input").
     */
    static String tokenAt(String sql, int offset) {
        int i = offset;
        int n = sql.length();
        while (true) {
            while (i < n && Character.isWhitespace(sql.charAt(i))) {
                i++;
            }
            if (sql.startsWith("--", i)) {
                int nl = sql.indexOf('\n', i);
                i = nl < 0 ? n : nl;
            } else if (sql.startsWith("/*", i)) {
                int close = sql.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
            } else {
                break;
            }
        }
        if (i >= n) {
            return null;
        }
        char c = sql.charAt(i);
        int end;
        if (c == '\'' || c == '"') {
            end = i + 1;
            while (end < n) {
                if (sql.charAt(end) == c) {
                    if (end + 1 < n && sql.charAt(end + 1) == c) {
                        end += 2;
                        continue;
                    }
                    end++;
                    break;
                }
                end++;
            }
        } else if (Character.isLetterOrDigit(c) || c == '_' || c == '$') {
            end = i + 1;
            while (end < n && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_'
                    || sql.charAt(end) == '$' || (Character.isDigit(c) && sql.charAt(end) == '.'))) {
                end++;
            }
        } else if (OPERATOR_CHARS.indexOf(c) >= 0) {
            end = i + 1;
            while (end < n && OPERATOR_CHARS.indexOf(sql.charAt(end)) >= 0) {
                end++;
            }
        } else {
            end = i + 1;
        }
        return sql.substring(i, end);
    }

    /** Whether a token from {@link #tokenAt} is a string or quoted identifier that runs to the end of the text. */
    static boolean isUnterminatedQuote(String token) {
        if (token.isEmpty() || (token.charAt(0) != '\'' && token.charAt(0) != '"')) {
            return false;
        }
        char quote = token.charAt(0);
        int i = 1;
        while (i < token.length()) {
            if (token.charAt(i) == quote) {
                if (i + 1 < token.length() && token.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return false;
            }
            i++;
        }
        return true;
    }
}
