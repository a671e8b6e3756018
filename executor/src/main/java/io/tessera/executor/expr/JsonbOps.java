package io.tessera.executor.expr;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL 15's jsonb operators and functions that rebuild or compare values ({@code src/backend/utils/adt/
 * jsonfuncs.c}, {@code jsonb_op.c}, {@code jsonb_util.c}), on jsonb's text: each value is parsed into
 * {@link Json#parse}'s tree and the result written in jsonb's normal form ({@link Json#write}). Errors carry
 * PostgreSQL's SQLSTATE and message (22023 for a wrong kind of value). Arguments are not null (the callers are
 * strict).
 */
public final class JsonbOps {
    private JsonbOps() {
    }

    /** {@code a @> b}: jsonb containment ({@code JsonbDeepContains}); a top-level array contains a scalar. */
    public static boolean contains(String a, String b) {
        Object x = Json.parse(a);
        Object y = Json.parse(b);
        if (x instanceof List<?> items && !(y instanceof List<?>) && !(y instanceof Map<?, ?>)) {
            return items.stream().anyMatch(e -> scalarEquals(e, y)); // a raw scalar is an one-element array
        }
        return contains(x, y);
    }

    private static boolean contains(Object x, Object y) {
        if (x instanceof Map<?, ?> mx && y instanceof Map<?, ?> my) {
            for (Map.Entry<?, ?> e : my.entrySet()) {
                if (!mx.containsKey(e.getKey()) || !contains(mx.get(e.getKey()), e.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (x instanceof List<?> lx && y instanceof List<?> ly) {
            for (Object e : ly) {
                boolean found = false;
                for (Object candidate : lx) {
                    if (e instanceof Map<?, ?> || e instanceof List<?> ? contains(candidate, e)
                            : scalarEquals(candidate, e)) {
                        found = true;
                        break;
                    }
                }
                if (!found) {
                    return false;
                }
            }
            return true;
        }
        return !(x instanceof Map<?, ?>) && !(x instanceof List<?>) && scalarEquals(x, y);
    }

    private static boolean scalarEquals(Object x, Object y) {
        if (x instanceof BigDecimal dx && y instanceof BigDecimal dy) {
            return dx.compareTo(dy) == 0;
        }
        return x == y || (x instanceof String || x instanceof Boolean) && x.equals(y);
    }

    /**
     * {@code jb -> index} of jsonb: the element's text ({@link Json#rawPath}), or null; a scalar is an array of itself
     * at index 0 and -1 (PostgreSQL 15's {@code jsonb_array_element} reads a raw scalar as the one-element array it is
     * stored as).
     */
    public static String element(String a, int index) {
        if (index == 0 || index == -1) {
            String kind = Json.typeOf(a);
            if (!kind.equals("array") && !kind.equals("object")) {
                return a;
            }
        }
        return Json.rawPath(a, List.of(index));
    }

    /** {@code a ? key}: an object's key, an array's string element, or a string scalar equal to {@code key}. */
    public static boolean exists(String a, String key) {
        Object x = Json.parse(a);
        if (x instanceof Map<?, ?> m) {
            return m.containsKey(key);
        }
        if (x instanceof List<?> items) {
            return items.contains(key);
        }
        return key.equals(x);
    }

    /** {@code a ?| keys} ({@code any}) and {@code a ?& keys} (not {@code any}); NULL keys are skipped. */
    public static boolean existsAny(String a, List<?> keys, boolean any) {
        for (Object k : keys) {
            if (k == null) {
                continue;
            }
            if (exists(a, k.toString()) == any) {
                return any;
            }
        }
        return !any;
    }

    /**
     * {@code a || b}: two objects merge (b's keys win), two arrays concatenate, a scalar or object beside an array
     * joins it as an element, two non-arrays make a two-element array.
     */
    public static String concat(String a, String b) {
        Object x = Json.parse(a);
        Object y = Json.parse(b);
        if (x instanceof Map<?, ?> mx && y instanceof Map<?, ?> my) {
            Map<Object, Object> out = new LinkedHashMap<>(mx);
            out.putAll(my);
            return Json.write(out);
        }
        List<Object> out = new ArrayList<>();
        addAll(out, x);
        addAll(out, y);
        return Json.write(out);
    }

    private static void addAll(List<Object> out, Object v) {
        if (v instanceof List<?> items) {
            out.addAll(items);
        } else {
            out.add(v);
        }
    }

    /** {@code a - key}: without the object's key, or the array's string elements equal to it. */
    public static String deleteKey(String a, String key) {
        Object x = Json.parse(a);
        if (x instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>(m);
            out.remove(key);
            return Json.write(out);
        }
        if (x instanceof List<?> items) {
            return Json.write(items.stream().filter(e -> !key.equals(e)).toList());
        }
        throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, "cannot delete from scalar");
    }

    /** {@code a - index}: without the array's element {@code index} (negative: from the end). */
    public static String deleteIndex(String a, int index) {
        Object x = Json.parse(a);
        if (x instanceof Map<?, ?>) {
            throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE,
                    "cannot delete from object using integer index");
        }
        if (!(x instanceof List<?> items)) {
            throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, "cannot delete from scalar");
        }
        List<Object> out = new ArrayList<>(items);
        int i = index < 0 ? out.size() + index : index;
        if (i >= 0 && i < out.size()) {
            out.remove(i);
        }
        return Json.write(out);
    }

    /** {@code a #- path}: without the value at {@code path} (its steps as text). */
    public static String deletePath(String a, List<?> path) {
        Object x = container(a, "cannot delete path in scalar");
        return Json.write(path.isEmpty() ? x : edit(x, path, 0, null, false, true));
    }

    /**
     * {@code jsonb_set(target, path, value, create_missing)}: {@code target} with the value at {@code path}
     * replaced by {@code value}, or added where the last step is missing and {@code createMissing} (an index past
     * either end of an array adds at that end).
     */
    public static String set(String target, List<?> path, String value, boolean createMissing) {
        Object x = container(target, "cannot set path in scalar");
        return Json.write(path.isEmpty() ? x : edit(x, path, 0, Json.parse(value), createMissing, false));
    }

    /**
     * {@code jsonb_insert(target, path, value, insert_after)}: {@code target} with {@code value} inserted before (or
     * after) the array element at {@code path} (an index past the end appends, one before the start prepends), or
     * as the object member {@code path} names when it is missing; the target unchanged when the path leads nowhere.
     *
     * @throws TesseraException 22023 for a scalar target or a member that exists (PostgreSQL's hint: use
     *     jsonb_set); 22004 for a NULL path element; 22P02 for an array step that is not an integer
     */
    public static String insert(String target, List<?> path, String value, boolean after) {
        Object x = container(target, "cannot set path in scalar");
        return Json.write(path.isEmpty() ? x : insert(x, path, 0, Json.parse(value), after));
    }

    private static Object insert(Object v, List<?> path, int level, Object value, boolean after) {
        String step = pathStep(path, level);
        boolean last = level == path.size() - 1;
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>(m);
            if (!out.containsKey(step)) {
                if (last) {
                    out.put(step, value);
                }
            } else if (last) {
                throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, "cannot replace existing key", null,
                        "Try using the function jsonb_set to replace key value.", 0, null);
            } else {
                out.put(step, insert(out.get(step), path, level + 1, value, after));
            }
            return out;
        }
        if (v instanceof List<?> items) {
            List<Object> out = new ArrayList<>(items);
            int i = arrayIndex(step, level, out.size());
            if (last) {
                if (i < 0) {
                    out.add(0, value);
                } else if (i >= out.size()) {
                    out.add(value);
                } else {
                    out.add(after ? i + 1 : i, value);
                }
            } else if (i >= 0 && i < out.size()) {
                out.set(i, insert(out.get(i), path, level + 1, value, after));
            }
            return out;
        }
        return v; // a scalar inside: the rest of the path finds nothing
    }

    /** {@code target} parsed, an object or array; 22023 with {@code scalarMessage} for a scalar. */
    private static Object container(String target, String scalarMessage) {
        Object x = Json.parse(target);
        if (!(x instanceof Map<?, ?>) && !(x instanceof List<?>)) {
            throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, scalarMessage);
        }
        return x;
    }

    /** The path's step at {@code level} as text; 22004 when it is NULL (positions count from 1). */
    private static String pathStep(List<?> path, int level) {
        Object step = path.get(level);
        if (step == null) {
            throw new TesseraException(SqlState.NULL_VALUE_NOT_ALLOWED, "path element at position " + (level + 1)
                    + " is null");
        }
        return step.toString();
    }

    /**
     * The array position {@code step} names in an array of {@code size} elements (a negative step counts from the
     * end; the result may lie outside {@code [0, size)}); 22P02 when the step is not an integer.
     */
    private static int arrayIndex(String step, int level, int size) {
        int index;
        try {
            index = Integer.parseInt(step.strip());
        } catch (NumberFormatException e) {
            throw new TesseraException(SqlState.INVALID_TEXT_REPRESENTATION, "path element at position "
                    + (level + 1) + " is not an integer: \"" + step + "\"");
        }
        return index < 0 ? size + index : index;
    }

    /** The value {@code v} with {@code path[level..]} set to {@code value} or deleted. */
    private static Object edit(Object v, List<?> path, int level, Object value, boolean create, boolean delete) {
        String step = pathStep(path, level);
        boolean last = level == path.size() - 1;
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>(m);
            if (!out.containsKey(step)) {
                if (last && create && !delete) {
                    out.put(step, value);
                }
                return out;
            }
            if (last) {
                if (delete) {
                    out.remove(step);
                } else {
                    out.put(step, value);
                }
            } else {
                out.put(step, edit(out.get(step), path, level + 1, value, create, delete));
            }
            return out;
        }
        if (v instanceof List<?> items) {
            List<Object> out = new ArrayList<>(items);
            int i = arrayIndex(step, level, out.size());
            if (i < 0 || i >= out.size()) {
                if (last && create && !delete) {
                    if (i < 0) {
                        out.add(0, value);
                    } else {
                        out.add(value);
                    }
                }
                return out;
            }
            if (last) {
                if (delete) {
                    out.remove(i);
                } else {
                    out.set(i, value);
                }
            } else {
                out.set(i, edit(out.get(i), path, level + 1, value, create, delete));
            }
            return out;
        }
        return v; // a scalar inside: the rest of the path finds nothing
    }

    /** {@code jsonb_strip_nulls}: without the object members whose value is null, at every depth. */
    public static String stripNulls(String a) {
        return Json.write(strip(Json.parse(a)));
    }

    private static Object strip(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, e) -> {
                if (e != Json.NULL) {
                    out.put(k, strip(e));
                }
            });
            return out;
        }
        if (v instanceof List<?> items) {
            return items.stream().map(JsonbOps::strip).toList();
        }
        return v;
    }

    /**
     * {@code json_array_length} / {@code jsonb_array_length}.
     *
     * @throws TesseraException 22023 {@code cannot get array length of a scalar} / {@code of a non-array}
     */
    public static int arrayLength(String a) {
        Object x = Json.parse(a);
        if (x instanceof List<?> items) {
            return items.size();
        }
        throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, x instanceof Map<?, ?>
                ? "cannot get array length of a non-array" : "cannot get array length of a scalar");
    }

    /** {@code jsonb_pretty}: four blanks of indent per level, each member and element on its own line. */
    public static String pretty(String a) {
        StringBuilder sb = new StringBuilder();
        pretty(Json.parse(Json.normalize(a)), sb, 0);
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    private static void pretty(Object v, StringBuilder sb, int level) {
        if (v instanceof Map<?, ?> m) {
            sb.append("{\n");
            int i = 0;
            for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
                sb.append(i++ > 0 ? ",\n" : "").append("    ".repeat(level + 1)).append(Json.quote(e.getKey()))
                        .append(": ");
                pretty(e.getValue(), sb, level + 1);
            }
            sb.append(m.isEmpty() ? "" : "\n").append("    ".repeat(level)).append('}');
        } else if (v instanceof List<?> items) {
            sb.append("[\n");
            for (int i = 0; i < items.size(); i++) {
                sb.append(i > 0 ? ",\n" : "").append("    ".repeat(level + 1));
                pretty(items.get(i), sb, level + 1);
            }
            sb.append(items.isEmpty() ? "" : "\n").append("    ".repeat(level)).append(']');
        } else {
            sb.append(Json.write(v));
        }
    }

    /**
     * jsonb's btree order ({@code compareJsonbContainers} in {@code jsonb_util.c}): by kind first, null &lt; string
     * &lt; number &lt; boolean &lt; array &lt; object; arrays by length, then element by element; objects by their
     * number of pairs, then pair by pair in jsonb's key order (shorter keys first), key (as a string) before value; numbers by
     * value ({@code 1.0} equals {@code 1}), strings by code point. A top-level scalar is a one-element array that
     * sorts before a real one-element array, so {@code []} sorts before every scalar, {@code null} included.
     * https://www.postgresql.org/docs/15/datatype-json.html#JSON-INDEXING
     *
     * @return negative, zero or positive as {@code a} sorts before, with or after {@code b}
     * @throws TesseraException 22P02 when either is not JSON
     */
    public static int compare(String a, String b) {
        Object x = Json.parse(a);
        Object y = Json.parse(b);
        boolean xScalar = !(x instanceof List<?>) && !(x instanceof Map<?, ?>);
        boolean yScalar = !(y instanceof List<?>) && !(y instanceof Map<?, ?>);
        if (xScalar != yScalar && (xScalar ? y instanceof List<?> : x instanceof List<?>)) {
            int xCount = xScalar ? 1 : ((List<?>) x).size();
            int yCount = yScalar ? 1 : ((List<?>) y).size();
            return xCount != yCount ? Integer.compare(xCount, yCount) : xScalar ? -1 : 1;
        }
        return compareTrees(x, y);
    }

    private static int rank(Object v) {
        return v == Json.NULL ? 0 : v instanceof String ? 1 : v instanceof BigDecimal ? 2 : v instanceof Boolean ? 3
                : v instanceof List<?> ? 4 : 5;
    }

    @SuppressWarnings("unchecked")
    private static int compareTrees(Object x, Object y) {
        int rx = rank(x);
        int ry = rank(y);
        if (rx != ry) {
            return Integer.compare(rx, ry);
        }
        if (x instanceof String s) {
            return Values.compareStrings(s, (String) y); // the "C" collation's code point order
        }
        if (x instanceof BigDecimal d) {
            return d.compareTo((BigDecimal) y);
        }
        if (x instanceof Boolean bx) {
            return bx.compareTo((Boolean) y);
        }
        if (x instanceof List<?> lx) {
            List<?> ly = (List<?>) y;
            if (lx.size() != ly.size()) {
                return Integer.compare(lx.size(), ly.size());
            }
            for (int i = 0; i < lx.size(); i++) {
                int c = compareTrees(lx.get(i), ly.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        }
        if (x instanceof Map<?, ?> mx) {
            Map<?, ?> my = (Map<?, ?>) y;
            if (mx.size() != my.size()) {
                return Integer.compare(mx.size(), my.size());
            }
            // jsonb's normal form keeps the keys in jsonb's order
            List<Map.Entry<String, Object>> ex = new ArrayList<>(((Map<String, Object>) Json.parse(Json.write(mx)))
                    .entrySet());
            List<Map.Entry<String, Object>> ey = new ArrayList<>(((Map<String, Object>) Json.parse(Json.write(my)))
                    .entrySet());
            for (int i = 0; i < ex.size(); i++) {
                String kx = ex.get(i).getKey();
                String ky = ey.get(i).getKey();
                int c = Values.compareStrings(kx, ky); // as strings, though they are visited in storage order
                if (c == 0) {
                    c = compareTrees(ex.get(i).getValue(), ey.get(i).getValue());
                }
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        }
        return 0; // both null
    }

    /**
     * A string whose order ({@link Values#compareStrings}, code points) is {@link #compare}'s order of the jsonb
     * values, and which is equal for equal values ({@code 1.0} and {@code 1} have one key): sorts, top-N, GROUP BY
     * and DISTINCT of jsonb on the coordinator and the datanodes compare and hash these keys, as plain text.
     *
     * <p>Layout: a top-level object is {@code 'O'} then its tree's key; an array or scalar is {@code 'A'}, its count
     * (a scalar counts one), {@code '0'} for a scalar or {@code '1'} for an array (a scalar sorts before an array of
     * one), then its elements' keys. A tree's key is its kind's rank ({@code '0'} null ... {@code '5'} object), then:
     * a string's characters with {@code U+0001}/{@code U+0002} escaped behind {@code U+0002} and {@code U+0001} at
     * the end (a prefix sorts first); a number's sign ({@code '1'} negative, {@code '2'} zero, {@code '3'}
     * positive), its decimal exponent and its significant digits (both inverted for a negative number) and an end
     * mark below (above, when negative) every digit; a boolean {@code '0'} or {@code '1'}; an array its count and
     * its elements' keys; an object its count and its pairs' keys and values in jsonb's key order. Each key ends
     * where its kind says, so concatenations compare element by element.
     *
     * @throws TesseraException 22P02 when {@code a} is not JSON
     */
    public static String sortKey(String a) {
        Object x = Json.parse(a);
        StringBuilder sb = new StringBuilder(a.length() + 16);
        if (x instanceof Map<?, ?>) {
            sb.append('O');
            sortKey(x, sb);
        } else if (x instanceof List<?> items) {
            sb.append('A');
            count(items.size(), sb);
            sb.append('1');
            for (Object e : items) {
                sortKey(e, sb);
            }
        } else {
            sb.append('A');
            count(1, sb);
            sb.append('0');
            sortKey(x, sb);
        }
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    private static void sortKey(Object v, StringBuilder sb) {
        sb.append((char) ('0' + rank(v)));
        if (v instanceof String s) {
            stringKey(s, sb);
        } else if (v instanceof BigDecimal d) {
            numberKey(d, sb);
        } else if (v instanceof Boolean b) {
            sb.append(b ? '1' : '0');
        } else if (v instanceof List<?> items) {
            count(items.size(), sb);
            for (Object e : items) {
                sortKey(e, sb);
            }
        } else if (v instanceof Map<?, ?> m) {
            count(m.size(), sb);
            // jsonb's normal form keeps the keys in jsonb's storage order
            Map<String, Object> ordered = (Map<String, Object>) Json.parse(Json.write(m));
            for (Map.Entry<String, Object> e : ordered.entrySet()) {
                stringKey(e.getKey(), sb);
                sortKey(e.getValue(), sb);
            }
        }
    }

    private static void stringKey(String s, StringBuilder sb) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= '\u0002') {
                sb.append('\u0002');
            }
            sb.append(c);
        }
        sb.append('\u0001');
    }

    /** A count as its number of digits, then its digits: shorter numbers sort first. */
    private static void count(long n, StringBuilder sb) {
        String digits = Long.toString(n);
        sb.append((char) ('0' + digits.length())).append(digits);
    }

    private static void numberKey(BigDecimal d, StringBuilder sb) {
        int sign = d.signum();
        sb.append(sign < 0 ? '1' : sign == 0 ? '2' : '3');
        if (sign == 0) {
            return;
        }
        BigDecimal abs = d.abs().stripTrailingZeros();
        String digits = abs.unscaledValue().toString();
        long exponent = (long) digits.length() - abs.scale() - 1; // of the first significant digit
        long biased = exponent + 5_000_000_000L; // non-negative for every exponent a BigDecimal has
        String e = Long.toString(sign > 0 ? biased : 10_000_000_000L - biased);
        sb.append("0".repeat(11 - e.length())).append(e);
        for (int i = 0; i < digits.length(); i++) {
            sb.append(sign > 0 ? digits.charAt(i) : (char) ('9' - digits.charAt(i) + '0'));
        }
        sb.append(sign > 0 ? '!' : '~'); // below or above every digit: a shorter number is nearer zero
    }
}
