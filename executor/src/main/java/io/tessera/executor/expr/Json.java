package io.tessera.executor.expr;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL's json and jsonb input: {@link #validate} checks json text (RFC 8259, as PostgreSQL's json parser) and
 * keeps it as written; {@link #normalize} gives jsonb's output form — object keys ordered by length, then bytewise,
 * the last of duplicate keys kept, {@code ", "} and {@code ": "} separators, numbers as numeric prints them, strings
 * re-escaped (PostgreSQL 15 {@code src/backend/utils/adt/jsonb.c}, {@code jsonb_util.c}). Invalid input is 22P02
 * "invalid input syntax for type json".
 */
public final class Json {
    private final String text;
    private int pos;

    private Json(String text) {
        this.text = text;
    }

    /**
     * Checks that {@code text} is one JSON value.
     *
     * @throws TesseraException 22P02 when it is not
     */
    public static String validate(String text) {
        Json p = new Json(text);
        p.value();
        p.end();
        return text;
    }

    /**
     * jsonb's normal form of {@code text}.
     *
     * @throws TesseraException 22P02 when {@code text} is not JSON
     */
    public static String normalize(String text) {
        Json p = new Json(text);
        Object v = p.value();
        p.end();
        StringBuilder sb = new StringBuilder(text.length());
        write(v, sb);
        return sb.toString();
    }

    /** JSON's {@code null} in the trees of {@link #parse}. */
    public static final Object NULL = new Object();

    /**
     * The tree of JSON text {@code text}: {@link #NULL}, Boolean, BigDecimal, String, {@code List<Object>}, or
     * {@code Map<String, Object>} in input order with the last of duplicate keys.
     *
     * @throws TesseraException 22P02 when {@code text} is not JSON
     */
    public static Object parse(String text) {
        Json p = new Json(text);
        Object v = p.value();
        p.end();
        return v;
    }

    /** jsonb's text of a tree of {@link #parse} (its keys sorted as jsonb sorts them). */
    public static String write(Object tree) {
        StringBuilder sb = new StringBuilder();
        write(tree, sb);
        return sb.toString();
    }

    /**
     * The text of the value at {@code path} in JSON text {@code text}, as written there (json's operators keep the
     * input's text; jsonb's text is its normal form, and so is each part of it): each step is an object's key (the
     * last of duplicates) or, for an array, an element's index ({@code Integer}; negative counts from the end).
     * Null when a step finds nothing, or a key meets an array or an index an object. An empty path is the text
     * itself without surrounding blanks.
     */
    public static String rawPath(String text, List<?> path) {
        Json p = new Json(text);
        p.skipBlanks();
        int start = p.pos;
        for (Object step : path) {
            if (step == null) {
                return null;
            }
            p.pos = start;
            char c = p.text.charAt(start);
            int found;
            if (c == '{' && step instanceof String key) {
                found = p.member(key);
            } else if (c == '[' && step instanceof Integer index) {
                found = p.element(index);
            } else {
                return null;
            }
            if (found < 0) {
                return null;
            }
            start = found;
        }
        p.pos = start;
        p.value();
        return text.substring(start, p.pos);
    }

    /** In the object at {@code pos}: where the value of the last member named {@code key} starts, or -1. */
    private int member(String key) {
        pos++;
        int found = -1;
        skipBlanks();
        if (text.charAt(pos) == '}') {
            return -1;
        }
        while (true) {
            skipBlanks();
            String k = string();
            skipBlanks();
            pos++; // ':'
            skipBlanks();
            if (k.equals(key)) {
                found = pos;
            }
            value();
            skipBlanks();
            if (text.charAt(pos++) == '}') {
                return found;
            }
        }
    }

    /** In the array at {@code pos}: where element {@code index} (negative: from the end) starts, or -1. */
    private int element(int index) {
        pos++;
        List<Integer> starts = new ArrayList<>();
        skipBlanks();
        if (text.charAt(pos) == ']') {
            return -1;
        }
        while (true) {
            skipBlanks();
            starts.add(pos);
            value();
            skipBlanks();
            if (text.charAt(pos++) == ']') {
                break;
            }
        }
        int i = index < 0 ? starts.size() + index : index;
        return i < 0 || i >= starts.size() ? -1 : starts.get(i);
    }

    /**
     * The members of the object {@code text} as written, each a key and its value's text, in order, duplicates
     * included ({@code json_each}; jsonb's text has neither duplicates nor another order than its own).
     *
     * @throws TesseraException 22023 {@code cannot call <function> on a non-object}
     */
    public static List<String[]> rawMembers(String text, String function) {
        Json p = new Json(text);
        p.skipBlanks();
        if (text.charAt(p.pos) != '{') {
            throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, "cannot call " + function
                    + " on a non-object");
        }
        p.pos++;
        List<String[]> out = new ArrayList<>();
        p.skipBlanks();
        if (text.charAt(p.pos) == '}') {
            return out;
        }
        while (true) {
            p.skipBlanks();
            String k = p.string();
            p.skipBlanks();
            p.pos++; // ':'
            p.skipBlanks();
            int start = p.pos;
            p.value();
            out.add(new String[] {k, text.substring(start, p.pos)});
            p.skipBlanks();
            if (text.charAt(p.pos++) == '}') {
                return out;
            }
        }
    }

    /**
     * The elements of the array {@code text} as written ({@code json_array_elements}).
     *
     * @throws TesseraException 22023 {@code cannot extract elements from a scalar} / {@code from an object}
     */
    public static List<String> rawElements(String text) {
        Json p = new Json(text);
        p.skipBlanks();
        char c = text.charAt(p.pos);
        if (c != '[') {
            throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, c == '{'
                    ? "cannot extract elements from an object" : "cannot extract elements from a scalar");
        }
        p.pos++;
        List<String> out = new ArrayList<>();
        p.skipBlanks();
        if (text.charAt(p.pos) == ']') {
            return out;
        }
        while (true) {
            p.skipBlanks();
            int start = p.pos;
            p.value();
            out.add(text.substring(start, p.pos));
            p.skipBlanks();
            if (text.charAt(p.pos++) == ']') {
                return out;
            }
        }
    }

    /**
     * The text {@code ->>} gives of a value's JSON text {@code raw}: a string's characters, null for JSON's null,
     * otherwise the text itself.
     */
    public static String asText(String raw) {
        if (raw == null) {
            return null;
        }
        Json p = new Json(raw);
        p.skipBlanks();
        char c = raw.charAt(p.pos);
        if (c == '"') {
            return p.string();
        }
        return c == 'n' ? null : raw;
    }

    /** {@code json_typeof}: object, array, string, number, boolean or null. */
    public static String typeOf(String text) {
        Json p = new Json(text);
        p.skipBlanks();
        return switch (text.charAt(p.pos)) {
            case '{' -> "object";
            case '[' -> "array";
            case '"' -> "string";
            case 't', 'f' -> "boolean";
            case 'n' -> "null";
            default -> "number";
        };
    }

    /** A JSON string literal of {@code s} ({@code escape_json}). */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2);
        quote(s, sb);
        return sb.toString();
    }

    private void end() {
        skipBlanks();
        if (pos != text.length()) {
            throw invalid();
        }
    }

    private void skipBlanks() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private Object value() {
        skipBlanks();
        if (pos >= text.length()) {
            throw invalid();
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{':
                return object();
            case '[':
                return array();
            case '"':
                return string();
            case 't':
                return keyword("true", Boolean.TRUE);
            case 'f':
                return keyword("false", Boolean.FALSE);
            case 'n':
                return keyword("null", NULL);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw invalid();
        }
    }

    private Object keyword(String word, Object v) {
        if (!text.startsWith(word, pos)) {
            throw invalid();
        }
        pos += word.length();
        return v;
    }

    private Map<String, Object> object() {
        pos++;
        Map<String, Object> members = new LinkedHashMap<>();
        skipBlanks();
        if (pos < text.length() && text.charAt(pos) == '}') {
            pos++;
            return members;
        }
        while (true) {
            skipBlanks();
            if (pos >= text.length() || text.charAt(pos) != '"') {
                throw invalid();
            }
            String key = string();
            skipBlanks();
            if (pos >= text.length() || text.charAt(pos) != ':') {
                throw invalid();
            }
            pos++;
            Object v = value();
            members.remove(key); // the last duplicate wins
            members.put(key, v);
            skipBlanks();
            if (pos < text.length() && text.charAt(pos) == ',') {
                pos++;
            } else if (pos < text.length() && text.charAt(pos) == '}') {
                pos++;
                return members;
            } else {
                throw invalid();
            }
        }
    }

    private List<Object> array() {
        pos++;
        List<Object> items = new ArrayList<>();
        skipBlanks();
        if (pos < text.length() && text.charAt(pos) == ']') {
            pos++;
            return items;
        }
        while (true) {
            items.add(value());
            skipBlanks();
            if (pos < text.length() && text.charAt(pos) == ',') {
                pos++;
            } else if (pos < text.length() && text.charAt(pos) == ']') {
                pos++;
                return items;
            } else {
                throw invalid();
            }
        }
    }

    private String string() {
        pos++; // opening quote
        StringBuilder sb = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c < 0x20) {
                throw invalid();
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= text.length()) {
                throw invalid();
            }
            char e = text.charAt(pos++);
            switch (e) {
                case '"': sb.append('"'); break;
                case '\\': sb.append('\\'); break;
                case '/': sb.append('/'); break;
                case 'b': sb.append('\b'); break;
                case 'f': sb.append('\f'); break;
                case 'n': sb.append('\n'); break;
                case 'r': sb.append('\r'); break;
                case 't': sb.append('\t'); break;
                case 'u':
                    if (pos + 4 > text.length()) {
                        throw invalid();
                    }
                    try {
                        sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                    } catch (NumberFormatException ex) {
                        throw invalid();
                    }
                    pos += 4;
                    break;
                default:
                    throw invalid();
            }
        }
        throw invalid();
    }

    private BigDecimal number() {
        int start = pos;
        if (text.charAt(pos) == '-') {
            pos++;
        }
        int intStart = pos;
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            pos++;
        }
        int intDigits = pos - intStart;
        if (intDigits == 0 || (intDigits > 1 && text.charAt(intStart) == '0')) {
            throw invalid();
        }
        if (pos < text.length() && text.charAt(pos) == '.') {
            pos++;
            int f = pos;
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                pos++;
            }
            if (pos == f) {
                throw invalid();
            }
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            pos++;
            if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                pos++;
            }
            int e = pos;
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                pos++;
            }
            if (pos == e) {
                throw invalid();
            }
        }
        BigDecimal b = new BigDecimal(text.substring(start, pos));
        return b.scale() < 0 ? b.setScale(0) : b;
    }

    /** jsonb orders object keys by length first, then by their bytes ({@code lengthCompareJsonbString}). */
    private static final Comparator<String> KEY_ORDER = Comparator
            .comparingInt((String k) -> k.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
            .thenComparing((a, b) -> java.util.Arrays.compareUnsigned(a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    b.getBytes(java.nio.charset.StandardCharsets.UTF_8)));

    @SuppressWarnings("unchecked")
    private static void write(Object v, StringBuilder sb) {
        if (v == NULL) {
            sb.append("null");
        } else if (v instanceof Boolean b) {
            sb.append(b ? "true" : "false");
        } else if (v instanceof BigDecimal d) {
            sb.append(d.signum() == 0 && d.scale() == 0 ? "0" : d.toPlainString());
        } else if (v instanceof String s) {
            quote(s, sb);
        } else if (v instanceof List<?> items) {
            sb.append('[');
            for (int i = 0; i < items.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                write(items.get(i), sb);
            }
            sb.append(']');
        } else {
            Map<String, Object> members = (Map<String, Object>) v;
            List<String> keys = new ArrayList<>(members.keySet());
            keys.sort(KEY_ORDER);
            sb.append('{');
            for (int i = 0; i < keys.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                quote(keys.get(i), sb);
                sb.append(": ");
                write(members.get(keys.get(i)), sb);
            }
            sb.append('}');
        }
    }

    /** PostgreSQL's {@code escape_json}. */
    private static void quote(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\b': sb.append("\\b"); break;
                case '\f': sb.append("\\f"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }

    private static TesseraException invalid() {
        return new TesseraException(SqlState.INVALID_TEXT_REPRESENTATION, "invalid input syntax for type json");
    }
}
