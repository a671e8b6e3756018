package io.tessera.executor.expr;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.util.regex.Pattern;

/**
 * A compiled SQL LIKE pattern (PostgreSQL semantics, case-sensitive): {@code %} matches any sequence of
 * characters, {@code _} exactly one character (code point), and the escape character (default backslash, none when
 * the escape string is empty) makes the next character literal. A pattern ending in an escape character is an error
 * (22025 in PostgreSQL; reported as 22000 here). Patterns without {@code _} and with {@code %} only at the ends run as
 * equals/startsWith/endsWith/contains; the rest as an anchored regular expression.
 */
public final class Like {
    private enum Kind { EXACT, PREFIX, SUFFIX, CONTAINS, ANY, REGEX }

    private final Kind kind;
    private final String literal;
    private final Pattern regex;

    private Like(Kind kind, String literal, Pattern regex) {
        this.kind = kind;
        this.literal = literal;
        this.regex = regex;
    }

    /** Compiles {@code pattern} with escape character {@code escape} (-1 for none). */
    public static Like compile(String pattern, int escape) {
        StringBuilder lit = new StringBuilder();
        StringBuilder re = new StringBuilder();
        boolean simple = true;
        boolean leadingPercent = false;
        boolean trailingPercent = false;
        boolean innerPercent = false;
        int n = pattern.length();
        int i = 0;
        while (i < n) {
            int c = pattern.codePointAt(i);
            i += Character.charCount(c);
            if (c == escape) {
                if (i >= n) {
                    throw new TesseraException(SqlState.DATA_EXCEPTION, "LIKE pattern must not end with escape character");
                }
                int e = pattern.codePointAt(i);
                i += Character.charCount(e);
                if (trailingPercent) {
                    innerPercent = true;
                    trailingPercent = false;
                }
                lit.appendCodePoint(e);
                re.append(Pattern.quote(new String(Character.toChars(e))));
            } else if (c == '%') {
                if (lit.length() == 0 && !innerPercent && !trailingPercent) {
                    leadingPercent = true;
                } else {
                    trailingPercent = true;
                }
                re.append(".*");
            } else if (c == '_') {
                simple = false;
                re.append('.');
            } else {
                if (trailingPercent) {
                    innerPercent = true;
                    trailingPercent = false;
                }
                lit.appendCodePoint(c);
                re.append(Pattern.quote(new String(Character.toChars(c))));
            }
        }
        if (simple && !innerPercent) {
            Kind k = leadingPercent && trailingPercent ? Kind.CONTAINS
                    : leadingPercent ? (lit.length() == 0 ? Kind.ANY : Kind.SUFFIX)
                    : trailingPercent ? Kind.PREFIX : Kind.EXACT;
            return new Like(k, lit.toString(), null);
        }
        return new Like(Kind.REGEX, null, Pattern.compile(re.toString(), Pattern.DOTALL));
    }

    /** Whether {@code s} matches the whole pattern. */
    public boolean matches(String s) {
        switch (kind) {
            case EXACT: return s.equals(literal);
            case PREFIX: return s.startsWith(literal);
            case SUFFIX: return s.endsWith(literal);
            case CONTAINS: return s.contains(literal);
            case ANY: return true;
            default: return regex.matcher(s).matches();
        }
    }
}
