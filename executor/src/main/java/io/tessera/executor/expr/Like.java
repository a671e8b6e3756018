package io.tessera.executor.expr;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.util.regex.Pattern;

/**
 * A compiled SQL LIKE pattern (PostgreSQL semantics, case-sensitive): {@code %} matches any sequence of
 * characters, {@code _} exactly one character (code point), and the escape character (default backslash, none when
 * the escape string is empty) makes the next character literal. A pattern ending in an escape character is an error
 * (22025, as PostgreSQL) when the rest of the pattern matches a proper prefix of the value, and false otherwise
 * (PostgreSQL's matching reaches that escape only then). Patterns without {@code _} and with {@code %} only at the
 * ends run as equals/startsWith/endsWith/contains; the rest as an anchored regular expression.
 */
public final class Like {
    private enum Kind { EXACT, PREFIX, SUFFIX, CONTAINS, ANY, REGEX, DANGLING_ESCAPE }

    private final Kind kind;
    private final String literal;
    private final Pattern regex;

    private Like(Kind kind, String literal, Pattern regex) {
        this.kind = kind;
        this.literal = literal;
        this.regex = regex;
    }

    /**
     * The escape character of an {@code ESCAPE} string: its one character, or -1 for the empty string (no escape);
     * 22025 {@code invalid escape string} for a longer one, as PostgreSQL.
     */
    public static int escapeChar(String esc) {
        if (esc.isEmpty()) {
            return -1;
        }
        if (esc.codePointCount(0, esc.length()) != 1) {
            throw new TesseraException(SqlState.INVALID_ESCAPE_SEQUENCE, "invalid escape string", null,
                    "Escape string must be empty or one character.", 0, null);
        }
        return esc.codePointAt(0);
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
                    // PostgreSQL fails only when its matching reaches the escape with text left: when what comes
                    // before matches a proper prefix of the value
                    return new Like(Kind.DANGLING_ESCAPE, null, Pattern.compile(re + ".+", Pattern.DOTALL));
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
            case DANGLING_ESCAPE:
                if (regex.matcher(s).matches()) {
                    throw new TesseraException(SqlState.INVALID_ESCAPE_SEQUENCE,
                            "LIKE pattern must not end with escape character");
                }
                return false;
            default: return regex.matcher(s).matches();
        }
    }
}
