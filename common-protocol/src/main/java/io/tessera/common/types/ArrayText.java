package io.tessera.common.types;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.util.ArrayList;
import java.util.List;

/** PostgreSQL's array text form ({@code array_in}'s syntax), read by the coordinator's casts and its wire types. */
public final class ArrayText {
    private ArrayText() {
    }

    /**
     * The elements of a one-dimensional array's text form ({@code array_in}'s syntax: {@code {1, "a b",NULL}}), each
     * as its text (quotes and backslash escapes removed, unquoted ones stripped of white space), null for an
     * unquoted {@code NULL}; 22P02 {@code malformed array literal} when the text is not in braces.
     */
    public static List<String> elements(String s) {
        String t = s.strip();
        if (t.length() < 2 || t.charAt(0) != '{' || t.charAt(t.length() - 1) != '}') {
            throw new TesseraException(SqlState.INVALID_TEXT_REPRESENTATION, "malformed array literal: \"" + s + "\"");
        }
        List<String> out = new ArrayList<>();
        String body = t.substring(1, t.length() - 1);
        int i = 0;
        while (i < body.length()) {
            while (i < body.length() && Character.isWhitespace(body.charAt(i))) {
                i++;
            }
            if (i >= body.length()) {
                break;
            }
            StringBuilder element = new StringBuilder();
            boolean quoted = body.charAt(i) == '"';
            if (quoted) {
                i++;
                while (i < body.length() && body.charAt(i) != '"') {
                    if (body.charAt(i) == '\\' && i + 1 < body.length()) {
                        i++;
                    }
                    element.append(body.charAt(i++));
                }
                i++; // the closing quote
                while (i < body.length() && body.charAt(i) != ',') {
                    i++;
                }
            } else {
                boolean escaped = false;
                while (i < body.length() && body.charAt(i) != ',') {
                    if (body.charAt(i) == '\\' && i + 1 < body.length()) {
                        i++; // an escaped character, kept as it is ({a\\_c} is a\_c)
                        escaped = true;
                    }
                    element.append(body.charAt(i++));
                }
                quoted = escaped; // NULL spelled with an escape is the string, and escaped blanks stay
            }
            i++; // the comma
            String e = quoted ? element.toString() : element.toString().strip();
            out.add(!quoted && e.equalsIgnoreCase("NULL") ? null : e);
        }
        return out;
    }
}
