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

    private static final Object NULL = new Object();

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
