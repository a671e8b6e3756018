package io.tessera.coordinator.catalog.pgcatalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Splits a possibly qualified SQL name ({@code public."My T"}) as PostgreSQL's stringToQualifiedNameList does. */
public final class NameParts {
    private NameParts() {
    }

    /** The parts: quoted ones kept as written, unquoted ones folded to lower case. */
    public static List<String> split(String text) {
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        String s = text.trim();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < s.length() && s.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                wasQuoted = true;
            } else if (c == '.') {
                parts.add(wasQuoted ? cur.toString() : cur.toString().trim().toLowerCase(Locale.ROOT));
                cur.setLength(0);
                wasQuoted = false;
            } else {
                cur.append(c);
            }
        }
        parts.add(wasQuoted ? cur.toString() : cur.toString().trim().toLowerCase(Locale.ROOT));
        return parts;
    }
}
