package io.tessera.executor.expr;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import java.math.BigDecimal;
import java.util.Arrays;

/**
 * Runtime helpers over the {@link PgType} Java representations: SQL ordering across numeric types, "C"-collation
 * string order, range checks with PostgreSQL's messages.
 */
public final class Values {
    private Values() {
    }

    /** Whether a value of this type is an integer of some width (int2, int4, int8, oid). */
    public static boolean isInteger(PgType t) {
        return t == PgType.INT2 || t == PgType.INT4 || t == PgType.INT8 || t == PgType.OID;
    }

    public static boolean isFloat(PgType t) {
        return t == PgType.FLOAT4 || t == PgType.FLOAT8;
    }

    public static boolean isNumeric(PgType t) {
        return isInteger(t) || isFloat(t) || t == PgType.NUMERIC;
    }

    public static boolean isString(PgType t) {
        return t == PgType.TEXT || t == PgType.VARCHAR || t == PgType.BPCHAR || t == PgType.NAME
                || t == PgType.JSON || t == PgType.JSONB;
    }

    public static boolean isTimestamp(PgType t) {
        return t == PgType.TIMESTAMP || t == PgType.TIMESTAMPTZ;
    }

    /**
     * SQL comparison of two non-null values: numbers across Short/Integer/Long/BigDecimal/Float/Double (numeric
     * against float compares as double, as PostgreSQL casts numeric to float8), strings by code point, booleans
     * false &lt; true, bytea and uuid unsigned bytewise, times (under engine.microseconds) by microseconds, intervals
     * by their span ({@code interval_cmp}), arrays (lists) by {@link #compareArrays}. Doubles compare as
     * PostgreSQL's float8: -0 = 0, NaN equals NaN and is greater than everything.
     *
     * @throws TesseraException 42883 when the values are not comparable
     */
    public static int compare(Object a, Object b) {
        if (a instanceof Number && b instanceof Number) {
            return compareNumbers((Number) a, (Number) b);
        }
        if (a instanceof String && b instanceof String) {
            return compareStrings((String) a, (String) b);
        }
        if (a instanceof Boolean && b instanceof Boolean) {
            return Boolean.compare((Boolean) a, (Boolean) b);
        }
        if (a instanceof byte[] && b instanceof byte[]) {
            return Arrays.compareUnsigned((byte[]) a, (byte[]) b);
        }
        if (a instanceof java.util.UUID && b instanceof java.util.UUID) {
            return io.tessera.common.types.PgType.compareUuid((java.util.UUID) a, (java.util.UUID) b);
        }
        if (a instanceof io.tessera.common.types.PgTime x && b instanceof io.tessera.common.types.PgTime y) {
            return x.compareTo(y); // time_cmp: microseconds since midnight
        }
        if (a instanceof io.tessera.common.types.PgInterval x && b instanceof io.tessera.common.types.PgInterval y) {
            return x.compareTo(y); // interval_cmp: 30-day months, 24-hour days
        }
        if (a instanceof java.util.List<?> x && b instanceof java.util.List<?> y) {
            return compareArrays(x, y);
        }
        throw new TesseraException(SqlState.UNDEFINED_FUNCTION, "operator does not exist: "
                + a.getClass().getSimpleName() + " = " + b.getClass().getSimpleName());
    }

    /**
     * PostgreSQL's {@code array_cmp} (src/backend/utils/adt/arrayfuncs.c) over arrays as lists (a multi-dimensional
     * one nested lists): the elements in storage order, each by {@link #compare}, a NULL element after every value
     * and equal to another NULL; when one array's elements are a prefix of the other's, the one with fewer
     * elements first, then the one with fewer dimensions, then dimension by dimension the shorter.
     */
    public static int compareArrays(java.util.List<?> a, java.util.List<?> b) {
        java.util.List<?> x = flatten(a);
        java.util.List<?> y = flatten(b);
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
            Object p = x.get(i);
            Object q = y.get(i);
            int c = p == null ? (q == null ? 0 : 1) : q == null ? -1 : compare(p, q);
            if (c != 0) {
                return c;
            }
        }
        if (x.size() != y.size()) {
            return Integer.compare(x.size(), y.size());
        }
        int[] da = io.tessera.common.types.ArrayText.dimensions(a);
        int[] db = io.tessera.common.types.ArrayText.dimensions(b);
        if (da.length != db.length) {
            return Integer.compare(da.length, db.length);
        }
        return java.util.Arrays.compare(da, db);
    }

    /** Every element of an array, a multi-dimensional one's (nested lists) in storage order; {@code a} itself when flat. */
    public static java.util.List<?> flatten(java.util.List<?> a) {
        if (a.stream().noneMatch(e -> e instanceof java.util.List<?>)) {
            return a;
        }
        java.util.List<Object> out = new java.util.ArrayList<>();
        for (Object e : a) {
            if (e instanceof java.util.List<?> sub) {
                out.addAll(flatten(sub));
            } else {
                out.add(e);
            }
        }
        return out;
    }

    static boolean isIntegral(Number n) {
        return n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte;
    }

    public static int compareNumbers(Number a, Number b) {
        if (isIntegral(a) && isIntegral(b)) {
            return Long.compare(a.longValue(), b.longValue());
        }
        if (a instanceof Double || a instanceof Float || b instanceof Double || b instanceof Float) {
            return compareDoubles(a.doubleValue(), b.doubleValue());
        }
        return toBigDecimal(a).compareTo(toBigDecimal(b));
    }

    /**
     * {@code d} as a bigint in float8 order ({@link #compareDoubles}: -0 = 0, NaN equal to NaN and above every other
     * value, infinities included): the IEEE 754 sign-magnitude bits made two's complement.
     */
    public static long float8SortKey(double d) {
        long bits = Double.doubleToLongBits(d == 0.0 ? 0.0 : d); // -0 as 0; doubleToLongBits makes NaN canonical
        return bits ^ ((bits >> 63) & Long.MAX_VALUE);
    }

    /** float8 order: -0 = 0; NaN = NaN and NaN sorts above every other value. */
    public static int compareDoubles(double a, double b) {
        if (a < b) {
            return -1;
        }
        if (a > b) {
            return 1;
        }
        if (a == b) {
            return 0;
        }
        return Double.compare(a, b); // at least one NaN
    }

    /** Code point order, which is PostgreSQL's "C" collation and UTF-8 byte order. */
    public static int compareStrings(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char ca = a.charAt(i);
            char cb = b.charAt(i);
            if (ca != cb) {
                // surrogates (U+D800–DFFF) encode code points above U+FFFF: they must sort after U+E000–FFFF
                if (Character.isSurrogate(ca) || Character.isSurrogate(cb)) {
                    return Integer.compare(a.codePointAt(i), b.codePointAt(i));
                }
                return ca - cb;
            }
        }
        return a.length() - b.length();
    }

    /**
     * A string whose order under {@link String#compareTo} (UTF-16, Calcite's) and under {@link #compareStrings} (code
     * points) is {@code s}'s code point order: its UTF-8 bytes, each as the character U+0000–U+00FF of its value
     * (UTF-8's byte order is code point order). Equal for equal strings; up to four characters per character.
     */
    public static String textSortKey(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return new String(s.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        java.nio.charset.StandardCharsets.ISO_8859_1);
            }
        }
        return s; // ASCII: its own key
    }

    /** A number as BigDecimal (float NaN/Infinity cannot be: 22P02 as PostgreSQL for numeric). */
    public static BigDecimal toBigDecimal(Object v) {
        if (v instanceof BigDecimal) {
            return (BigDecimal) v;
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return BigDecimal.valueOf(((Number) v).longValue());
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                        "cannot convert " + d + " to numeric");
            }
            return v instanceof Float ? new BigDecimal(Float.toString((Float) v)) : BigDecimal.valueOf(d);
        }
        throw new TesseraException(SqlState.DATATYPE_MISMATCH, "not a number: " + v.getClass().getSimpleName());
    }

    /** Checks that {@code v} fits the integer type and boxes it as that type's Java form. */
    public static Object boxInteger(long v, PgType t) {
        switch (t) {
            case INT2:
                if (v < Short.MIN_VALUE || v > Short.MAX_VALUE) {
                    throw outOfRange("smallint");
                }
                return (short) v;
            case INT4: case OID:
                if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                    throw outOfRange("integer");
                }
                return (int) v;
            case DATE:
                if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                    throw new TesseraException(SqlState.DATETIME_FIELD_OVERFLOW, "date out of range");
                }
                return (int) v;
            default:
                return v;
        }
    }

    /** As {@link #boxInteger} for parsed text: PostgreSQL names the input in the message. */
    static Object boxIntegerText(long v, PgType t, String text) {
        try {
            return boxInteger(v, t);
        } catch (TesseraException e) {
            throw new TesseraException(SqlState.NUMERIC_VALUE_OUT_OF_RANGE,
                    "value \"" + text + "\" is out of range for type " + t.sqlName());
        }
    }

    static TesseraException outOfRange(String typeName) {
        return new TesseraException(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, typeName + " out of range");
    }

    /** Whether a predicate result is SQL TRUE (NULL and FALSE are not). */
    public static boolean isTrue(Object v) {
        return v == Boolean.TRUE || (v instanceof Boolean && (Boolean) v);
    }
}
