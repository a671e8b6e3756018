package io.tessera.common.types;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * PostgreSQL's array text form ({@code array_in}'s syntax, src/backend/utils/adt/arrayfuncs.c), read by the
 * coordinator's casts and its wire types. A multi-dimensional array ({@code {{1,2},{3,4}}}) is read as nested lists,
 * the form the coordinator holds such arrays in.
 */
public final class ArrayText {
    private static final String MATCHING = "Multidimensional arrays must have sub-arrays with matching dimensions.";

    private final String text;
    private int i;

    private ArrayText(String text) {
        this.text = text;
    }

    /**
     * The elements of an array's text form ({@code {1, "a b",NULL}}, {@code {{1,2},{3,4}}}), each as its text
     * (quotes and backslash escapes removed, unquoted ones stripped of white space), null for an unquoted
     * {@code NULL}, a list for a sub-array of a multi-dimensional array.
     *
     * @throws TesseraException 22P02 {@code malformed array literal}, with array_in's detail, for text that is not
     *     in braces, a sub-array among elements (or an element among sub-arrays), an empty sub-array, sub-arrays of
     *     different dimensions, or anything after the closing brace
     */
    public static List<Object> parse(String s) {
        ArrayText in = new ArrayText(s);
        in.blanks();
        if (in.i >= s.length() || s.charAt(in.i) != '{') {
            throw in.malformed("Array value must start with \"{\" or dimension information.");
        }
        List<Object> out = in.array(true);
        in.blanks();
        if (in.i < s.length()) {
            throw in.malformed("Junk after closing right brace.");
        }
        if (!rectangular(out)) {
            throw in.malformed(MATCHING);
        }
        return out;
    }

    /**
     * The elements of {@link #parse}, each non-null one read by {@code element}, sub-arrays as nested lists of the
     * same.
     */
    public static List<Object> parse(String s, Function<String, Object> element) {
        return map(parse(s), element);
    }

    private static List<Object> map(List<Object> parsed, Function<String, Object> element) {
        List<Object> out = new ArrayList<>(parsed.size());
        for (Object e : parsed) {
            @SuppressWarnings("unchecked")
            Object v = e == null ? null : e instanceof List<?> l ? map((List<Object>) l, element)
                    : element.apply((String) e);
            out.add(v);
        }
        return out;
    }

    /** The array whose opening brace is at {@code i}; {@code {}} only at the top level. */
    private List<Object> array(boolean top) {
        i++; // {
        List<Object> out = new ArrayList<>();
        blanks();
        if (i < text.length() && text.charAt(i) == '}') {
            if (!top) {
                throw malformed("Unexpected \"}\" character.");
            }
            i++;
            return out;
        }
        Boolean nested = null;
        while (true) {
            blanks();
            if (i >= text.length()) {
                throw malformed("Unexpected end of input.");
            }
            boolean sub = text.charAt(i) == '{';
            if (nested != null && nested != sub) {
                throw malformed(sub ? "Unexpected \"{\" character." : "Unexpected array element.");
            }
            nested = sub;
            out.add(sub ? array(false) : element());
            blanks();
            if (i >= text.length()) {
                throw malformed("Unexpected end of input.");
            }
            char c = text.charAt(i++);
            if (c == '}') {
                return out;
            }
            if (c != ',') {
                throw malformed("Unexpected \"" + c + "\" character.");
            }
        }
    }

    /** One element at {@code i}, up to the comma or brace after it: its text, or null for an unquoted NULL. */
    private String element() {
        StringBuilder e = new StringBuilder();
        boolean quotedAny = false;
        int lastKept = 0; // the length of e up to its last quoted or escaped character: trailing blanks after it stay
        boolean inQuotes = false;
        while (true) {
            if (i >= text.length()) {
                throw malformed("Unexpected end of input.");
            }
            char c = text.charAt(i);
            if (inQuotes) {
                if (c == '"') {
                    inQuotes = false;
                } else {
                    if (c == '\\') {
                        if (++i >= text.length()) {
                            throw malformed("Unexpected end of input.");
                        }
                        c = text.charAt(i);
                    }
                    e.append(c);
                    lastKept = e.length();
                }
                i++;
                continue;
            }
            if (c == ',' || c == '}') {
                break;
            }
            if (c == '{') {
                throw malformed("Unexpected \"{\" character.");
            }
            if (c == '"') {
                inQuotes = true;
                quotedAny = true;
                lastKept = e.length();
            } else if (c == '\\') {
                if (++i >= text.length()) {
                    throw malformed("Unexpected end of input.");
                }
                e.append(text.charAt(i));
                quotedAny = true; // NULL spelled with an escape is the string
                lastKept = e.length();
            } else {
                e.append(c); // leading blanks were skipped, trailing ones are cut below
            }
            i++;
        }
        int end = e.length();
        while (end > lastKept && Character.isWhitespace(e.charAt(end - 1))) {
            end--;
        }
        String s = e.substring(0, end);
        if (!quotedAny && s.isEmpty()) {
            throw malformed("Unexpected \"" + text.charAt(i) + "\" character.");
        }
        return !quotedAny && s.equalsIgnoreCase("NULL") ? null : s;
    }

    private void blanks() {
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
    }

    private TesseraException malformed(String detail) {
        return new TesseraException(SqlState.INVALID_TEXT_REPRESENTATION, "malformed array literal: \"" + text + "\"",
                detail, null, 0, null);
    }

    /** Whether every sub-array of each level has the same dimensions (the elements are all lists or none). */
    private static boolean rectangular(List<?> a) {
        if (a.isEmpty() || !(a.get(0) instanceof List<?> first)) {
            return true;
        }
        int[] dims = dimensions(first);
        for (Object e : a) {
            if (!(e instanceof List<?> l) || !java.util.Arrays.equals(dims, dimensions(l)) || !rectangular(l)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The lengths of an array's dimensions, an array being a list and a multi-dimensional one nested lists of equal
     * lengths (as {@link #parse} and the coordinator's constructors check): the first element of each level gives
     * the next; empty for an empty array.
     */
    public static int[] dimensions(List<?> a) {
        List<Integer> out = new ArrayList<>();
        Object level = a;
        while (level instanceof List<?> l && !l.isEmpty()) {
            out.add(l.size());
            level = l.get(0);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
