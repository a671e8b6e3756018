package io.tessera.executor.expr;

/**
 * PostgreSQL's {@code upper(text)} and {@code lower(text)} in a UTF-8 database whose LC_CTYPE is {@code C.UTF-8}
 * (initdb's default where the reference PostgreSQL runs): each character's simple case mapping on its own, as
 * {@code str_toupper}/{@code str_tolower} apply {@code towupper}/{@code towlower} per wide character. So
 * {@code upper('straße')} keeps its ß (Java's {@code String.toUpperCase} makes it SS) and {@code lower('İ')} is a
 * plain i. The coordinator and the datanodes both call these, so the value does not depend on where it is computed.
 */
public final class TextCase {
    private TextCase() {
    }

    /** {@code upper(s)}; null for null. */
    public static String upper(String s) {
        return s == null ? null : s.codePoints().map(Character::toUpperCase)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    /** {@code lower(s)}; null for null. */
    public static String lower(String s) {
        return s == null ? null : s.codePoints().map(Character::toLowerCase)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    /**
     * {@code initcap(s)}: as PostgreSQL's {@code str_initcap}, each character after a letter or digit in lower case
     * and every other in upper case ({@code towupper}, not title case: {@code initcap('ǆx')} is {@code Ǆx}); letters
     * and digits are Unicode's, as {@code iswalnum} under C.UTF-8 ({@code initcap('élan')} is {@code Élan}). Null
     * for null.
     */
    public static String initcap(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(s.length());
        boolean afterAlnum = false;
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            out.appendCodePoint(afterAlnum ? Character.toLowerCase(c) : Character.toUpperCase(c));
            afterAlnum = Character.isLetterOrDigit(c);
            i += Character.charCount(c);
        }
        return out.toString();
    }
}
