package io.tessera.coordinator.sql.functions;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import io.tessera.executor.expr.Bitwise;
import io.tessera.executor.expr.Casts;
import io.tessera.executor.expr.PgMath;
import io.tessera.executor.expr.PgNumerics;
import java.math.BigDecimal;
import org.apache.calcite.linq4j.function.Strict;

/**
 * PostgreSQL's semantics for the arithmetic and casts where Calcite's enumerable runtime differs, called from the
 * code Calcite generates for a plan ({@link PgRexRewriter} puts the calls in). Every method is strict (NULL in,
 * NULL out, without being called) and throws PostgreSQL's errors as {@link TesseraException}s. Casts and numeric
 * division delegate to the executor's {@link Casts} and {@link PgNumerics}, which the datanodes use too, so a value
 * is the same whichever side computes it.
 */
@Strict
public final class PgRuntime {
    private PgRuntime() {
    }

    // ---- integer arithmetic: PostgreSQL's int2/int4/int8 operators raise 22003 instead of wrapping -------------

    public static short int2Plus(short a, short b) {
        return int2(a + b);
    }

    public static short int2Minus(short a, short b) {
        return int2(a - b);
    }

    public static short int2Times(short a, short b) {
        return int2(a * b);
    }

    public static short int2Divide(short a, short b) {
        return int2(a / nonZero(b));
    }

    public static short int2Mod(short a, short b) {
        return (short) (a % nonZero(b));
    }

    public static short int2Negate(short a) {
        return int2(-a);
    }

    public static int int4Plus(int a, int b) {
        return int4((long) a + b);
    }

    public static int int4Minus(int a, int b) {
        return int4((long) a - b);
    }

    public static int int4Times(int a, int b) {
        return int4((long) a * b);
    }

    public static int int4Divide(int a, int b) {
        return int4((long) a / nonZero(b));
    }

    public static int int4Mod(int a, int b) {
        return b == -1 ? 0 : a % (int) nonZero(b);
    }

    public static int int4Negate(int a) {
        return int4(-(long) a);
    }

    public static long int8Plus(long a, long b) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            throw outOfRange("bigint");
        }
    }

    public static long int8Minus(long a, long b) {
        try {
            return Math.subtractExact(a, b);
        } catch (ArithmeticException e) {
            throw outOfRange("bigint");
        }
    }

    public static long int8Times(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw outOfRange("bigint");
        }
    }

    public static long int8Divide(long a, long b) {
        nonZero(b);
        if (a == Long.MIN_VALUE && b == -1) {
            throw outOfRange("bigint");
        }
        return a / b;
    }

    public static long int8Mod(long a, long b) {
        nonZero(b);
        return b == -1 ? 0 : a % b;
    }

    public static long int8Negate(long a) {
        if (a == Long.MIN_VALUE) {
            throw outOfRange("bigint");
        }
        return -a;
    }

    // bit strings (bit(n), bit varying(n)): strings of 0 and 1, PostgreSQL's varbit.c through executor's Bits

    /** {@code text::bit(n)} / {@code ::bit varying(n)}: bit_in, then padded or cut to {@code typmod} (below 1: none). */
    public static String bitFromText(String s, int typmod, boolean varying) {
        return s == null ? null : io.tessera.executor.expr.Bits.applyTypmod(io.tessera.executor.expr.Bits.parse(s),
                varying ? PgType.VARBIT : PgType.BIT, typmod, true);
    }

    /** An explicit cast of a bit string to bit(n) / bit varying(n). */
    public static String bitTypmod(String s, int typmod, boolean varying) {
        return s == null ? null : io.tessera.executor.expr.Bits.applyTypmod(s, varying ? PgType.VARBIT : PgType.BIT,
                typmod, true);
    }

    public static String bitFromInt4(Integer v, int length) {
        return v == null ? null : io.tessera.executor.expr.Bits.fromLong(v, length, 32);
    }

    public static String bitFromInt8(Long v, int length) {
        return v == null ? null : io.tessera.executor.expr.Bits.fromLong(v, length, 64);
    }

    public static Integer bitToInt4(String s) {
        return s == null ? null : (int) io.tessera.executor.expr.Bits.toLong(s, 32);
    }

    public static Long bitToInt8(String s) {
        return s == null ? null : io.tessera.executor.expr.Bits.toLong(s, 64);
    }

    public static String bitAnd(String a, String b) {
        return a == null || b == null ? null : io.tessera.executor.expr.Bits.bitwise(a, b, '&');
    }

    public static String bitOr(String a, String b) {
        return a == null || b == null ? null : io.tessera.executor.expr.Bits.bitwise(a, b, '|');
    }

    public static String bitXor(String a, String b) {
        return a == null || b == null ? null : io.tessera.executor.expr.Bits.bitwise(a, b, '#');
    }

    public static String bitNot(String a) {
        return a == null ? null : io.tessera.executor.expr.Bits.not(a);
    }

    public static String bitShl(String a, Integer n) {
        return a == null || n == null ? null : io.tessera.executor.expr.Bits.shiftLeft(a, n);
    }

    public static String bitShr(String a, Integer n) {
        return a == null || n == null ? null : io.tessera.executor.expr.Bits.shiftRight(a, n);
    }

    public static Integer bitGetBit(String a, Integer n) {
        return a == null || n == null ? null : io.tessera.executor.expr.Bits.getBit(a, n);
    }

    public static String bitSetBit(String a, Integer n, Integer v) {
        return a == null || n == null || v == null ? null : io.tessera.executor.expr.Bits.setBit(a, n, v);
    }

    public static Integer bitBitLength(String a) {
        return a == null ? null : a.length();
    }

    public static Integer bitOctetLength(String a) {
        return a == null ? null : io.tessera.executor.expr.Bits.octetLength(a);
    }

    // integer bitwise operators (BitOperators), as the datanodes compute them (Bitwise)

    public static short int2And(short a, short b) {
        return (short) Bitwise.and(a, b);
    }

    public static short int2Or(short a, short b) {
        return (short) Bitwise.or(a, b);
    }

    public static short int2Xor(short a, short b) {
        return (short) Bitwise.xor(a, b);
    }

    public static short int2Not(short a) {
        return (short) Bitwise.not(a);
    }

    public static short int2Shl(short a, int n) {
        return (short) Bitwise.shiftLeft(a, n, PgType.INT2);
    }

    public static short int2Shr(short a, int n) {
        return (short) Bitwise.shiftRight(a, n, PgType.INT2);
    }

    public static int int4And(int a, int b) {
        return (int) Bitwise.and(a, b);
    }

    public static int int4Or(int a, int b) {
        return (int) Bitwise.or(a, b);
    }

    public static int int4Xor(int a, int b) {
        return (int) Bitwise.xor(a, b);
    }

    public static int int4Not(int a) {
        return (int) Bitwise.not(a);
    }

    public static int int4Shl(int a, int n) {
        return (int) Bitwise.shiftLeft(a, n, PgType.INT4);
    }

    public static int int4Shr(int a, int n) {
        return (int) Bitwise.shiftRight(a, n, PgType.INT4);
    }

    public static long int8And(long a, long b) {
        return (long) Bitwise.and(a, b);
    }

    public static long int8Or(long a, long b) {
        return (long) Bitwise.or(a, b);
    }

    public static long int8Xor(long a, long b) {
        return (long) Bitwise.xor(a, b);
    }

    public static long int8Not(long a) {
        return (long) Bitwise.not(a);
    }

    public static long int8Shl(long a, int n) {
        return (long) Bitwise.shiftLeft(a, n, PgType.INT8);
    }

    public static long int8Shr(long a, int n) {
        return (long) Bitwise.shiftRight(a, n, PgType.INT8);
    }

    public static short int2Abs(short a) {
        return int2(Math.abs((int) a));
    }

    public static int int4Abs(int a) {
        return int4(Math.abs((long) a));
    }

    public static long int8Abs(long a) {
        return a < 0 ? int8Negate(a) : a;
    }

    // ---- math functions: PostgreSQL's result scales and errors ({@link PgMath}) ---------------------------------

    public static BigDecimal numericSqrt(Number x) {
        return PgMath.sqrt(numeric(x));
    }

    public static BigDecimal numericExp(Number x) {
        return PgMath.exp(numeric(x));
    }

    public static BigDecimal numericLn(Number x) {
        return PgMath.ln(numeric(x));
    }

    /** {@code log(numeric)}: {@code log(10, x)}. */
    public static BigDecimal numericLog10(Number x) {
        return PgMath.log(BigDecimal.TEN, numeric(x));
    }

    public static BigDecimal numericLog(Number base, Number x) {
        return PgMath.log(numeric(base), numeric(x));
    }

    public static BigDecimal numericPower(Number base, Number exponent) {
        return PgMath.power(numeric(base), numeric(exponent));
    }

    /**
     * The square root that ends {@code stddev} of integers and numerics, as {@code numeric_stddev_internal}: rounded to
     * the variance's scale; zero (scale 0) when rounding made the variance zero or negative.
     */
    public static BigDecimal numericStddev(Number variance) {
        BigDecimal v = numeric(variance);
        return v.signum() <= 0 ? BigDecimal.ZERO : PgMath.sqrt(v, Math.max(0, v.scale()));
    }

    public static double float8Sqrt(Number x) {
        return PgMath.sqrt(x.doubleValue());
    }

    public static double float8Exp(Number x) {
        return PgMath.exp(x.doubleValue());
    }

    public static double float8Ln(Number x) {
        return PgMath.ln(x.doubleValue());
    }

    public static double float8Log10(Number x) {
        return PgMath.log10(x.doubleValue());
    }

    public static double float8Power(Number base, Number exponent) {
        return PgMath.power(base.doubleValue(), exponent.doubleValue());
    }

    public static BigDecimal numericSign(Number x) {
        return BigDecimal.valueOf(numeric(x).signum());
    }

    /** {@code sign(float8)}: 0 for NaN and -0, as PostgreSQL's {@code dsign}. */
    public static double float8Sign(Number x) {
        double d = x.doubleValue();
        return d > 0 ? 1 : d < 0 ? -1 : 0;
    }

    public static BigDecimal numericTrunc(Number x) {
        return PgMath.truncate(numeric(x), 0);
    }

    /** {@code trunc(numeric, n)}: n decimals, toward zero. */
    public static BigDecimal numericTruncTo(Number x, int n) {
        return PgMath.truncate(numeric(x), n);
    }

    public static double float8Trunc(Number x) {
        double d = x.doubleValue();
        return d >= 0 ? Math.floor(d) : Math.ceil(d);
    }

    /** {@code div(a, b)}: the quotient truncated toward zero, 22012 for a zero divisor. */
    public static BigDecimal numericDiv(Number a, Number b) {
        BigDecimal d = numeric(b);
        if (d.signum() == 0) {
            throw divisionByZero();
        }
        return numeric(a).divideToIntegralValue(d).setScale(0, java.math.RoundingMode.DOWN);
    }

    public static int numericScale(Number x) {
        return Math.max(0, numeric(x).scale());
    }

    public static int numericMinScale(Number x) {
        return Math.max(0, numeric(x).stripTrailingZeros().scale());
    }

    public static BigDecimal numericTrimScale(Number x) {
        BigDecimal r = numeric(x).stripTrailingZeros();
        return r.scale() < 0 ? r.setScale(0) : r;
    }

    public static int int4Gcd(int a, int b) {
        return int4(PgMath.gcd(BigDecimal.valueOf(a), BigDecimal.valueOf(b)).longValueExact());
    }

    public static long int8Gcd(long a, long b) {
        return int8(PgMath.gcd(BigDecimal.valueOf(a), BigDecimal.valueOf(b)));
    }

    public static BigDecimal numericGcd(Number a, Number b) {
        return PgMath.gcd(numeric(a), numeric(b));
    }

    public static int int4Lcm(int a, int b) {
        return int4(PgMath.lcm(BigDecimal.valueOf(a), BigDecimal.valueOf(b)));
    }

    public static long int8Lcm(long a, long b) {
        return int8(PgMath.lcm(BigDecimal.valueOf(a), BigDecimal.valueOf(b)));
    }

    public static BigDecimal numericLcm(Number a, Number b) {
        return PgMath.lcm(numeric(a), numeric(b));
    }

    public static BigDecimal numericFactorial(Number n) {
        return PgMath.factorial(n.longValue());
    }

    public static int numericWidthBucket(Number operand, Number low, Number high, int count) {
        return PgMath.widthBucket(numeric(operand), numeric(low), numeric(high), count);
    }

    public static int float8WidthBucket(Number operand, Number low, Number high, int count) {
        return PgMath.widthBucket(operand.doubleValue(), low.doubleValue(), high.doubleValue(), count);
    }

    /** {@code round(float8)}: halves to even (PostgreSQL's {@code rint}). */
    public static double float8Round(Number x) {
        return PgMath.round(x.doubleValue());
    }

    public static double float8Plus(double a, double b) {
        return PgMath.plus(a, b, 1);
    }

    public static double float8Minus(double a, double b) {
        return PgMath.plus(a, b, -1);
    }

    public static double float8Times(double a, double b) {
        return PgMath.times(a, b);
    }

    /** float8 {@code *} of Calcite's variance reduction: overflow checked, no underflow ({@link PgMath#product}). */
    public static double float8Product(double a, double b) {
        return PgMath.product(a, b);
    }

    // float8 comparisons: NaN = NaN and NaN above every number, -0 = 0 (float8_cmp_internal)

    public static boolean float8Lt(double a, double b) {
        return io.tessera.executor.expr.Values.compareDoubles(a, b) < 0;
    }

    public static boolean float8Le(double a, double b) {
        return io.tessera.executor.expr.Values.compareDoubles(a, b) <= 0;
    }

    public static boolean float8Gt(double a, double b) {
        return io.tessera.executor.expr.Values.compareDoubles(a, b) > 0;
    }

    public static boolean float8Ge(double a, double b) {
        return io.tessera.executor.expr.Values.compareDoubles(a, b) >= 0;
    }

    public static boolean float8Eq(double a, double b) {
        return io.tessera.executor.expr.Values.compareDoubles(a, b) == 0;
    }

    public static boolean float8Ne(double a, double b) {
        return io.tessera.executor.expr.Values.compareDoubles(a, b) != 0;
    }

    public static float float4Plus(float a, float b) {
        return (float) PgMath.checkFloat8(a + b, Float.isInfinite(a) || Float.isInfinite(b), true);
    }

    public static float float4Minus(float a, float b) {
        return (float) PgMath.checkFloat8(a - b, Float.isInfinite(a) || Float.isInfinite(b), true);
    }

    public static float float4Times(float a, float b) {
        return (float) PgMath.checkFloat8((float) (a * b), Float.isInfinite(a) || Float.isInfinite(b),
                a == 0 || b == 0); // PgMath.times in float4
    }

    /** float4 {@code *} of Calcite's variance reduction: overflow checked, no underflow ({@link PgMath#product}). */
    public static float float4Product(float a, float b) {
        return (float) PgMath.checkFloat8(a * b, Float.isInfinite(a) || Float.isInfinite(b), true);
    }

    /** float4 division: 22012 for a zero divisor, 22003 on overflow or underflow. */
    public static float float4Divide(float a, float b) {
        if (b == 0) {
            throw divisionByZero();
        }
        return (float) PgMath.checkFloat8(a / b, Float.isInfinite(a), a == 0 || Float.isInfinite(b));
    }

    // ---- float and numeric division -----------------------------------------------------------------------

    /** float8 division: 22012 for a zero divisor (PostgreSQL's {@code float8div}), 22003 on overflow or underflow. */
    public static double float8Divide(double a, double b) {
        if (b == 0) {
            throw divisionByZero();
        }
        return PgMath.checkFloat8(a / b, Double.isInfinite(a), a == 0 || Double.isInfinite(b));
    }

    /** float8 remainder ({@code mod}), 22012 for a zero divisor. */
    public static double float8Mod(double a, double b) {
        if (b == 0) {
            throw divisionByZero();
        }
        return a % b;
    }

    /** Numeric division with PostgreSQL's result scale ({@link PgNumerics#divide}). */
    public static BigDecimal numericDivide(Number a, Number b) {
        return PgNumerics.divide(numeric(a), numeric(b));
    }

    /** Numeric remainder, 22012 for a zero divisor. */
    public static BigDecimal numericMod(Number a, Number b) {
        BigDecimal d = numeric(b);
        if (d.signum() == 0) {
            throw divisionByZero();
        }
        return numeric(a).remainder(d);
    }

    // ---- casts ------------------------------------------------------------------------------------------

    /**
     * Any number as an unconstrained numeric, keeping its scale (floats through {@link PgNumerics#fromFloat} and
     * {@link PgNumerics#fromDouble}).
     */
    public static BigDecimal numeric(Number n) {
        if (n instanceof BigDecimal b) {
            return b;
        }
        if (n instanceof Float f) {
            return PgNumerics.fromFloat(f);
        }
        if (n instanceof Double) {
            return PgNumerics.fromDouble(n.doubleValue());
        }
        return BigDecimal.valueOf(n.longValue());
    }

    /** Text as an unconstrained numeric: blanks trimmed, 22P02 for anything else that is not a number. */
    public static BigDecimal numericFromText(String s) {
        return (BigDecimal) Casts.cast(s, PgType.TEXT, PgType.NUMERIC);
    }

    /** A number fitted to {@code numeric(precision, scale)} ({@link PgNumerics#applyTypmod}). */
    public static BigDecimal numericTypmod(Number n, int precision, int scale) {
        return PgNumerics.applyTypmod(numeric(n), precision, scale);
    }

    /** Text fitted to {@code numeric(precision, scale)}. */
    public static BigDecimal numericTypmodFromText(String s, int precision, int scale) {
        return PgNumerics.applyTypmod(numericFromText(s), precision, scale);
    }

    /** A number as int2: numeric rounds half away from zero, float to even; 22003 out of range. */
    public static short int2(Number n) {
        return (Short) toInteger(n, PgType.INT2);
    }

    public static int int4(Number n) {
        return (Integer) toInteger(n, PgType.INT4);
    }

    public static long int8(Number n) {
        return (Long) toInteger(n, PgType.INT8);
    }

    public static short int2FromText(String s) {
        return (Short) Casts.cast(s, PgType.TEXT, PgType.INT2);
    }

    public static int int4FromText(String s) {
        return (Integer) Casts.cast(s, PgType.TEXT, PgType.INT4);
    }

    public static long int8FromText(String s) {
        return (Long) Casts.cast(s, PgType.TEXT, PgType.INT8);
    }

    public static double float8FromText(String s) {
        return (Double) Casts.cast(s, PgType.TEXT, PgType.FLOAT8);
    }

    public static float float4FromText(String s) {
        return (Float) Casts.cast(s, PgType.TEXT, PgType.FLOAT4);
    }

    /** float8 to float4 ({@code Casts.float8ToFloat4}: 22003 on overflow and underflow). */
    public static float float4FromFloat8(double d) {
        return Casts.float8ToFloat4(d);
    }

    /** numeric to float4 ({@code Casts.numericToFloat4}: 22003 past float4's range). */
    public static float float4FromNumeric(java.math.BigDecimal n) {
        return Casts.numericToFloat4(n);
    }

    /**
     * An array from PostgreSQL's text form ({@code {1,2}}, {@code {"a b",NULL}}, {@code {{1,2},{3,4}}}), as the
     * list Calcite holds an ARRAY value in (nested lists for a multi-dimensional one).
     *
     * @param elementType the element's Calcite type name ({@code INTEGER}, {@code VARCHAR}, ...)
     * @throws TesseraException 22P02 for text that is no array ({@code ArrayText.parse}), or an element its type
     *     does not take
     */
    public static java.util.List<Object> arrayFromText(String s, String elementType) {
        return io.tessera.common.types.ArrayText.parse(s, e -> arrayElement(e, elementType));
    }

    /**
     * {@code a @> b} (PostgreSQL's {@code arraycontains}): every element of b equals some element of a; a NULL
     * element equals nothing, so a b holding NULL is never contained; an empty b is contained in every array.
     * One-dimensional arrays as Calcite holds them (lists).
     */
    public static boolean arrayContains(java.util.List<?> a, java.util.List<?> b) {
        for (Object x : b) {
            if (x == null || a.stream().noneMatch(y -> arrayElementsEqual(x, y))) {
                return false;
            }
        }
        return true;
    }

    /** {@code a && b} (PostgreSQL's {@code arrayoverlap}): some non-NULL element of a equals one of b. */
    public static boolean arrayOverlaps(java.util.List<?> a, java.util.List<?> b) {
        for (Object x : a) {
            if (x != null && b.stream().anyMatch(y -> arrayElementsEqual(x, y))) {
                return true;
            }
        }
        return false;
    }

    /** PostgreSQL's {@code =} of two array elements of one type: NULL equals nothing, numbers by value. */
    static boolean arrayElementsEqual(Object x, Object y) {
        if (x == null || y == null) {
            return false;
        }
        if (x instanceof Number n && y instanceof Number m) {
            return io.tessera.executor.expr.Values.compareNumbers(n, m) == 0;
        }
        return x.equals(y);
    }

    /**
     * {@code a[lower:upper]} (PostgreSQL's {@code array_get_slice} over an array whose lower bound is 1): the
     * elements from {@code lower} to {@code upper}, both clipped to the array, an empty array when none are left
     * ({@code a[5:6]} of four elements, {@code a[3:2]}); an omitted bound is the array's own. Over a
     * multi-dimensional array (nested lists) it slices the first dimension.
     *
     * @param lowerGiven false for {@code a[:upper]} ({@code lower} is then ignored)
     * @param upperGiven false for {@code a[lower:]}
     * @return null when the array or a given bound is NULL
     */
    public static java.util.List<Object> arraySlice(java.util.List<?> a, Integer lower, Integer upper,
            boolean lowerGiven, boolean upperGiven) {
        if (a == null || lowerGiven && lower == null || upperGiven && upper == null) {
            return null;
        }
        int from = lowerGiven ? Math.max(lower, 1) : 1;
        int to = upperGiven ? Math.min(upper, a.size()) : a.size();
        return from > to ? new java.util.ArrayList<>() : new java.util.ArrayList<>(a.subList(from - 1, to));
    }

    /**
     * The lengths of an array's dimensions: a multi-dimensional array is nested lists of equal lengths (checked when
     * it is built, {@link #arrayMatchingDims}), so the first element of each level gives the next; empty for an
     * empty array.
     */
    public static int[] arrayDimensions(java.util.List<?> a) {
        return io.tessera.common.types.ArrayText.dimensions(a);
    }

    /**
     * Whether {@code subscripts} subscripts of {@code a} reach an element: {@code a} has that many dimensions (or is
     * empty, where every subscript is out of range); PostgreSQL's {@code array_ref} is NULL otherwise. False for a
     * NULL array.
     */
    public static boolean arraySubscriptsReach(java.util.List<?> a, int subscripts) {
        return a != null && (a.isEmpty() || arrayDimensions(a).length == subscripts);
    }

    /** {@code cardinality(a)}: the number of elements over all dimensions, 0 for an empty array. */
    public static Integer arrayCardinality(java.util.List<?> a) {
        if (a == null) {
            return null;
        }
        int n = 1;
        for (int d : arrayDimensions(a)) {
            n *= d;
        }
        return arrayDimensions(a).length == 0 ? 0 : n;
    }

    /**
     * A multi-dimensional array built of sub-arrays ({@code ARRAY[[1,2],[3,4]]}): itself when every sub-array has the
     * same dimensions; 2202E {@code multidimensional arrays must have array expressions with matching dimensions}
     * otherwise (a NULL or empty sub-array among non-empty ones included), as PostgreSQL's ExecEvalArrayExpr.
     */
    public static java.util.List<?> arrayMatchingDims(java.util.List<?> a) {
        if (a == null || a.isEmpty()) {
            return a;
        }
        int[] first = a.get(0) instanceof java.util.List<?> l ? arrayDimensions(l) : null;
        for (Object e : a) {
            if (!(e instanceof java.util.List<?> l) || first == null || !java.util.Arrays.equals(first, arrayDimensions(l))
                    || !matching(l)) {
                throw new TesseraException(SqlState.ARRAY_SUBSCRIPT_ERROR,
                        "multidimensional arrays must have array expressions with matching dimensions");
            }
        }
        return a;
    }

    private static boolean matching(java.util.List<?> l) {
        if (l.isEmpty() || !(l.get(0) instanceof java.util.List<?>)) {
            return l.stream().noneMatch(e -> e instanceof java.util.List<?>);
        }
        int[] first = arrayDimensions((java.util.List<?>) l.get(0));
        for (Object e : l) {
            if (!(e instanceof java.util.List<?> inner) || !java.util.Arrays.equals(first, arrayDimensions(inner))
                    || !matching(inner)) {
                return false;
            }
        }
        return true;
    }

    /**
     * An array as text ({@code array_out}): {@code {1,2}}, {@code {{1,2},{3,4}}} for nested lists, elements in their
     * type's text form ({@code elementType} a {@code SqlTypeName} name, as {@link #arrayFromText} takes it) and
     * double-quoted when empty, {@code NULL} (any case) or holding braces, commas, quotes, backslashes or white
     * space (those two escaped by a backslash), a NULL element {@code NULL}.
     */
    public static String arrayText(java.util.List<?> a, String elementType) {
        if (a == null) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        appendArrayText(out, a, elementType);
        return out.toString();
    }

    private static void appendArrayText(StringBuilder out, java.util.List<?> a, String elementType) {
        out.append('{');
        for (int i = 0; i < a.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            Object e = a.get(i);
            if (e instanceof java.util.List<?> inner) {
                appendArrayText(out, inner, elementType);
                continue;
            }
            if (e == null) {
                out.append("NULL");
                continue;
            }
            String t = elementText(e, elementType);
            boolean quote = t.isEmpty() || t.equalsIgnoreCase("NULL");
            for (int k = 0; k < t.length() && !quote; k++) {
                char c = t.charAt(k);
                quote = c == '{' || c == '}' || c == ',' || c == '"' || c == '\\' || Character.isWhitespace(c);
            }
            out.append(quote ? '"' + t.replace("\\", "\\\\").replace("\"", "\\\"") + '"' : t);
        }
        out.append('}');
    }

    private static String elementText(Object e, String elementType) {
        if (e instanceof Boolean b) {
            return b ? "t" : "f";
        }
        PgType type = switch (elementType) {
            case "DOUBLE" -> PgType.FLOAT8;
            case "REAL", "FLOAT" -> PgType.FLOAT4;
            case "DECIMAL" -> PgType.NUMERIC;
            case "DATE" -> PgType.DATE;
            default -> null;
        };
        return type != null && !(e instanceof String) ? Casts.toText(e, type) : e.toString();
    }

    private static Object arrayElement(String e, String elementType) {
        return switch (elementType) {
            case "SMALLINT" -> Casts.cast(e, PgType.TEXT, PgType.INT2);
            case "INTEGER" -> Casts.cast(e, PgType.TEXT, PgType.INT4);
            case "BIGINT" -> Casts.cast(e, PgType.TEXT, PgType.INT8);
            case "DOUBLE" -> Casts.cast(e, PgType.TEXT, PgType.FLOAT8);
            case "BOOLEAN" -> Casts.cast(e, PgType.TEXT, PgType.BOOL);
            case "DECIMAL" -> Casts.cast(e, PgType.TEXT, PgType.NUMERIC);
            default -> e;
        };
    }

    public static boolean boolFromText(String s) {
        return (Boolean) Casts.cast(s, PgType.TEXT, PgType.BOOL);
    }

    /** A date from text, as days since 1970-01-01 (Calcite's DATE representation); 22008 for a date that does not exist. */
    public static int dateFromText(String s) {
        return (Integer) Casts.cast(s, PgType.TEXT, PgType.DATE);
    }

    /**
     * A timestamp from text, milliseconds since 1970-01-01 00:00 (Calcite's TIMESTAMP representation): ISO date and
     * time, a zone given in the text is ignored as PostgreSQL's {@code timestamp_in} does; 22007, 22008.
     */
    public static long timestampFromText(String s) {
        return (Long) Casts.cast(s, PgType.TEXT, PgType.TIMESTAMP);
    }

    /**
     * A timestamptz from text, milliseconds since 1970-01-01 00:00 UTC; an offset in the text ({@code +02},
     * {@code -05:30}, {@code Z}) is applied, none means the session's time zone (UTC); 22007, 22008.
     */
    public static long timestamptzFromText(String s) {
        return (Long) Casts.cast(s, PgType.TEXT, PgType.TIMESTAMPTZ);
    }

    /** timestamp as text ({@code timestamp_out}: BC, years past 9999, infinity). */
    public static String timestampText(long millis) {
        return io.tessera.executor.expr.Casts.formatTimestamp(millis, false);
    }

    /** timestamptz as text in the session's zone, UTC ({@code timestamptz_out}). */
    public static String timestamptzText(long millis) {
        return io.tessera.executor.expr.Casts.formatTimestamp(millis, true);
    }

    /** date as text ({@code date_out}: BC, years past 9999, infinity). */
    public static String dateText(int epochDay) {
        return io.tessera.executor.expr.Casts.formatDate(epochDay);
    }

    /** timestamp or timestamptz to date ({@code Casts.timestampToDate}: infinity stays infinity). */
    public static int timestampDate(long millis) {
        return io.tessera.executor.expr.Casts.timestampToDate(millis);
    }

    /** date to timestamp or timestamptz ({@code Casts.dateToTimestamp}: infinity stays infinity). */
    public static long dateTimestamp(int epochDay) {
        return io.tessera.executor.expr.Casts.dateToTimestamp(epochDay);
    }

    /** timestamp to timestamptz in the session's zone, UTC: the same instant (infinities included). */
    public static long timestampAtUtc(long millis) {
        return millis;
    }

    /** A uuid from text in PostgreSQL's accepted forms ({@code Uuids.parse}); 22P02 otherwise. */
    public static java.util.UUID uuidFromText(String s) {
        return io.tessera.executor.expr.Uuids.parse(s);
    }

    /** uuid as text: lowercase 8-4-4-4-12. */
    public static String uuidText(java.util.UUID u) {
        return u.toString();
    }

    /** {@code gen_random_uuid()}: a random (version 4) uuid. */
    public static java.util.UUID genRandomUuid() {
        return io.tessera.executor.expr.Uuids.random();
    }

    /** text {@code <}, {@code <=}, {@code >}, {@code >=} in code point order (the C.UTF-8 collation's). */
    public static boolean textLt(String a, String b) {
        return io.tessera.executor.expr.Values.compareStrings(a, b) < 0;
    }

    public static boolean textLe(String a, String b) {
        return io.tessera.executor.expr.Values.compareStrings(a, b) <= 0;
    }

    public static boolean textGt(String a, String b) {
        return io.tessera.executor.expr.Values.compareStrings(a, b) > 0;
    }

    public static boolean textGe(String a, String b) {
        return io.tessera.executor.expr.Values.compareStrings(a, b) >= 0;
    }

    /** uuid {@code <}, {@code <=}, {@code >}, {@code >=}, {@code =}, {@code <>} in PostgreSQL's order. */
    public static boolean uuidLt(java.util.UUID a, java.util.UUID b) {
        return PgType.compareUuid(a, b) < 0;
    }

    public static boolean uuidLe(java.util.UUID a, java.util.UUID b) {
        return PgType.compareUuid(a, b) <= 0;
    }

    public static boolean uuidGt(java.util.UUID a, java.util.UUID b) {
        return PgType.compareUuid(a, b) > 0;
    }

    public static boolean uuidGe(java.util.UUID a, java.util.UUID b) {
        return PgType.compareUuid(a, b) >= 0;
    }

    public static boolean uuidEq(java.util.UUID a, java.util.UUID b) {
        return a.equals(b);
    }

    public static boolean uuidNe(java.util.UUID a, java.util.UUID b) {
        return !a.equals(b);
    }

    /** PostgreSQL's uuid order (bytewise unsigned), for the comparisons Calcite would make with the signed one. */
    public static int uuidCompare(java.util.UUID a, java.util.UUID b) {
        return PgType.compareUuid(a, b);
    }

    private static Object toInteger(Number n, PgType to) {
        PgType from = n instanceof BigDecimal ? PgType.NUMERIC
                : n instanceof Double || n instanceof Float ? PgType.FLOAT8 : PgType.INT8;
        Object v = n instanceof Float f ? (Object) f.doubleValue() : n instanceof BigDecimal ? n : from == PgType.INT8
                ? (Object) n.longValue() : n;
        return Casts.cast(v, from, to);
    }

    // ---- strings, bytea, json ------------------------------------------------------------------------------

    /** float8 as text, PostgreSQL's {@code float8out} (shortest exact digits; {@code 0}, not {@code 0E0}). */
    public static String float8Text(double d) {
        return Casts.toText(d, PgType.FLOAT8);
    }

    /** numeric as text ({@code numeric_out}): {@code 0.00}, {@code 0.5}, never Calcite's {@code .00}. */
    public static String numericText(java.math.BigDecimal n) {
        return n == null ? null : Casts.toText(n, PgType.NUMERIC);
    }

    /** float4 as text ({@code float4out}). */
    public static String float4Text(float f) {
        return Casts.toText(f, PgType.FLOAT4);
    }

    /** boolean as text: {@code true} / {@code false}. */
    public static String boolText(boolean b) {
        return b ? "true" : "false";
    }

    /** char(n) semantics: trailing blanks are padding, not data, for length(), || and comparisons. */
    public static String rtrim(String s) {
        int n = s.length();
        while (n > 0 && s.charAt(n - 1) == ' ') {
            n--;
        }
        return n == s.length() ? s : s.substring(0, n);
    }

    /** A value cast to {@code char(n)}: blank-padded, or cut to {@code n} characters (explicit casts truncate). */
    public static String bpchar(String s, int n) {
        int count = s.codePointCount(0, s.length());
        if (count > n) {
            return s.substring(0, s.offsetByCodePoints(0, n));
        }
        return count == n ? s : s + " ".repeat(n - count);
    }

    /** A value cast to {@code varchar(n)}: cut to {@code n} characters (code points; explicit casts truncate). */
    public static String varchar(String s, int n) {
        return s.codePointCount(0, s.length()) <= n ? s : s.substring(0, s.offsetByCodePoints(0, n));
    }

    /** {@code left(s, n)}: the first n characters; a negative n drops the last |n| (PostgreSQL's {@code text_left}). */
    public static String left(String s, int n) {
        int len = s.codePointCount(0, s.length());
        int keep = n >= 0 ? Math.min(n, len) : Math.max(len + n, 0);
        return s.substring(0, s.offsetByCodePoints(0, keep));
    }

    /** {@code right(s, n)}: the last n characters; a negative n drops the first |n| ({@code text_right}). */
    public static String right(String s, int n) {
        int len = s.codePointCount(0, s.length());
        int keep = n >= 0 ? Math.min(n, len) : Math.max(len + n, 0);
        return s.substring(s.offsetByCodePoints(0, len - keep));
    }

    /** {@code octet_length}: bytes of a bytea, UTF-8 bytes of text. */
    public static int octetLength(Object v) {
        if (v instanceof org.apache.calcite.avatica.util.ByteString b) {
            return b.length();
        }
        if (v instanceof byte[] b) {
            return b.length;
        }
        return v.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    /** {@code bit_length}: 8 times {@link #octetLength}. */
    public static int bitLength(Object v) {
        return 8 * octetLength(v);
    }

    /** Text to bytea: hex ({@code \xdeadbeef}) or escape format ({@link Casts#parseBytea}). */
    /** bytea as text ({@code byteaout}, hex format): {@code \x41} for one byte 0x41. */
    public static String byteaText(org.apache.calcite.avatica.util.ByteString b) {
        return b == null ? null : Casts.toText(b.getBytes(), PgType.BYTEA);
    }

    public static org.apache.calcite.avatica.util.ByteString byteaFromText(String s) {
        return new org.apache.calcite.avatica.util.ByteString(Casts.parseBytea(s));
    }

    /** json input: 22P02 unless the text is JSON; the text is kept as written. */
    public static String jsonIn(String s) {
        return io.tessera.executor.expr.Json.validate(s);
    }

    /** jsonb input: 22P02 unless the text is JSON; returns jsonb's normal form. */
    public static String jsonbIn(String s) {
        return io.tessera.executor.expr.Json.normalize(s);
    }

    // ---- date and time ----------------------------------------------------------------------------------

    /** {@code extract(dow ...)} from Calcite's day of week (Sunday 1) to PostgreSQL's (Sunday 0). */
    public static long dow(long calciteDow) {
        return calciteDow - 1;
    }

    /** {@code extract(year ...)}: Calcite's astronomical year (0 is 1 BC) as PostgreSQL's (1 BC is -1). */
    public static long bcYear(long calciteYear) {
        return calciteYear > 0 ? calciteYear : calciteYear - 1;
    }

    // ---- date and time in microseconds, PostgreSQL's unit ------------------------------------------------------
    // The engine's switch from milliseconds (docs/architecture.md, "Timestamps and times"): each function below is
    // its millisecond namesake above on a timestamp in microseconds since 1970-01-01 00:00 (UTC for timestamptz)
    // or a time in microseconds since midnight; none is called until PgRexRewriter switches to them all at once.

    /** 2000-01-01 00:00, PostgreSQL's epoch, in microseconds since 1970: typmod rounding is relative to it. */
    private static final long PG_EPOCH_MICROS = 946_684_800_000_000L;

    /**
     * A timestamp from text in microseconds ({@code timestamp_in}: a zone in the text ignored; a 7th fraction
     * digit rounded half even); 22007, 22008.
     */
    public static long timestampFromTextMicros(String s) {
        return io.tessera.common.types.DateTimeInput.parseTimestampMicros(s, false);
    }

    /** A timestamptz from text in microseconds since the epoch UTC ({@code timestamptz_in}); 22007, 22008. */
    public static long timestamptzFromTextMicros(String s) {
        return io.tessera.common.types.DateTimeInput.parseTimestampMicros(s, true);
    }

    /**
     * timestamp or timestamptz plus {@code sign} times a SQL standard interval of days to seconds ({@code interval '12'
     * hour}, which Calcite holds as milliseconds), on microseconds since 1970 ({@code engine.microseconds}):
     * PostgreSQL's {@code timestamp_pl_interval}, the infinities staying themselves; null for a null operand.
     *
     * @throws TesseraException 22008 {@code timestamp out of range} when the sum leaves 64 bits of microseconds
     */
    public static Long timestampPlusMillisMicros(Long micros, Long millis, int sign) {
        return micros == null || millis == null ? null : io.tessera.executor.expr.Intervals.plusMicros(micros,
                new io.tessera.common.types.PgInterval(0, 0, Math.multiplyExact(millis, 1000L * sign)));
    }

    /**
     * timestamp or timestamptz plus {@code sign} times a SQL standard interval of years and months ({@code interval
     * '1' month}, which Calcite holds as months), on microseconds since 1970 ({@code engine.microseconds}):
     * PostgreSQL's {@code timestamp_pl_interval} (the day clamped to the month's last), the infinities staying
     * themselves; null for a null operand.
     *
     * @throws TesseraException 22008 {@code timestamp out of range} when the sum leaves 64 bits of microseconds
     */
    public static Long timestampPlusMonthsMicros(Long micros, Integer months, int sign) {
        return micros == null || months == null ? null : io.tessera.executor.expr.Intervals.plusMicros(micros,
                new io.tessera.common.types.PgInterval(Math.multiplyExact(months, sign), 0, 0));
    }

    /**
     * {@code timestamp(p)} / {@code timestamptz(p)} of a value in microseconds, p = 0 to 6: the fraction rounded to p
     * digits, halves away from zero counted from PostgreSQL's epoch 2000-01-01 as its
     * {@code AdjustTimestampForTypmod} does ({@code '1990-01-01 00:00:00.5'::timestamp(0)} is {@code 00:00:00},
     * {@code '2010-01-01 00:00:00.5'::timestamp(0)} is {@code 00:00:01}); the infinities stay themselves.
     */
    public static long timestampRoundMicros(long micros, int precision) {
        return Casts.timestampRoundMicros(micros, Math.max(precision, 0));
    }

    /**
     * {@code time(p)} of a time in microseconds since midnight, p = 0 to 6: halves up as PostgreSQL's
     * {@code AdjustTimeForTypmod} ({@code '23:59:59.5'::time(0)} is {@code 24:00:00}).
     */
    public static long timeRoundMicros(long micros, int precision) {
        return io.tessera.executor.expr.Times.roundMicros(micros, Math.max(precision, 0));
    }

    /** timestamp in microseconds as text ({@code timestamp_out}: up to six fraction digits). */
    public static String timestampTextMicros(long micros) {
        return Casts.formatTimestampMicros(micros, false);
    }

    /** timestamptz in microseconds as text in the session's zone, UTC ({@code timestamptz_out}). */
    public static String timestamptzTextMicros(long micros) {
        return Casts.formatTimestampMicros(micros, true);
    }

    /** timestamp or timestamptz in microseconds to date ({@code timestamp_date}: infinity stays infinity). */
    public static int timestampDateMicros(long micros) {
        return Casts.timestampMicrosToDate(micros);
    }

    /** date to timestamp or timestamptz in microseconds ({@code date_timestamp}); 22008 past 294247 AD. */
    public static long dateTimestampMicros(int epochDay) {
        return Casts.dateToTimestampMicros(epochDay);
    }

    /**
     * timestamp or timestamptz (in UTC, the session's zone) in microseconds to time in microseconds since midnight
     * ({@code timestamp_time}); null for the infinities, as PostgreSQL's.
     */
    public static Long timestampTimeMicros(long micros) {
        if (micros == Long.MAX_VALUE || micros == Long.MIN_VALUE) {
            return null;
        }
        return Math.floorMod(micros, io.tessera.executor.expr.Times.MICROS_PER_DAY);
    }

    /** A time from text in microseconds since midnight ({@code time_in}: a 7th digit rounded half even). */
    public static long timeFromTextMicros(String s) {
        return io.tessera.executor.expr.Times.parseMicros(s);
    }

    /** time in microseconds as text ({@code time_out}: up to six fraction digits). */
    public static String timeTextMicros(long micros) {
        return io.tessera.executor.expr.Times.formatMicros(micros);
    }

    /**
     * {@code extract(second FROM ts)} of a timestamp in microseconds since 1970, or of a time in microseconds since
     * midnight: seconds with the fraction, scale 6.
     */
    public static BigDecimal extractSecondMicros(long micros) {
        return BigDecimal.valueOf(Math.floorMod(micros, 60_000_000L), 6);
    }

    /** {@code extract(milliseconds FROM ts)} of microseconds: seconds × 1000 with the fraction, scale 3. */
    public static BigDecimal extractMillisecondsMicros(long micros) {
        return BigDecimal.valueOf(Math.floorMod(micros, 60_000_000L), 3);
    }

    /** {@code extract(microseconds FROM ts)} of microseconds: seconds × 1,000,000, scale 0. */
    public static BigDecimal extractMicrosecondsMicros(long micros) {
        return BigDecimal.valueOf(Math.floorMod(micros, 60_000_000L));
    }

    /**
     * {@code extract(epoch FROM ts)} of a timestamp in microseconds: seconds since 1970-01-01 00:00, scale 6 (of a
     * time: seconds since midnight).
     */
    public static BigDecimal extractEpochMicros(long micros) {
        return BigDecimal.valueOf(micros, 6);
    }

    /**
     * {@code extract(field FROM ts)} of a timestamp in microseconds for the fields that count whole units (year to
     * minute, dow, doy, week, quarter, decade, century, millennium, isoyear, isodow) as Calcite counts them
     * (day of week Sunday 1, year 0 for 1 BC: {@link #dow} and {@link #bcYear} make them PostgreSQL's): hour and
     * minute of the time of day, the others of the day ({@code DateTimeUtils.unixDateExtract}).
     */
    public static long extractFieldMicros(org.apache.calcite.avatica.util.TimeUnitRange field, long micros) {
        long day = Math.floorDiv(micros, io.tessera.executor.expr.Times.MICROS_PER_DAY);
        long ofDay = Math.floorMod(micros, io.tessera.executor.expr.Times.MICROS_PER_DAY);
        return switch (field) {
            case HOUR -> ofDay / 3_600_000_000L;
            case MINUTE -> ofDay / 60_000_000L % 60;
            default -> org.apache.calcite.avatica.util.DateTimeUtils.unixDateExtract(field, day);
        };
    }

    /**
     * {@code FLOOR(ts TO unit)} of a timestamp in microseconds: {@code date_trunc} of the unit
     * ({@code Intervals.truncateMicros}); the infinities stay themselves.
     */
    public static long floorMicros(org.apache.calcite.avatica.util.TimeUnitRange unit, long micros) {
        return io.tessera.executor.expr.Intervals.truncateMicros(unit.name(), micros, "timestamp without time zone");
    }

    /**
     * {@code CEIL(ts TO unit)} of a timestamp in microseconds: the value when it lies on a boundary of the unit,
     * otherwise the next boundary; the infinities stay themselves.
     */
    public static long ceilMicros(org.apache.calcite.avatica.util.TimeUnitRange unit, long micros) {
        long floor = floorMicros(unit, micros);
        if (floor == micros) {
            return micros;
        }
        java.time.LocalDateTime f = java.time.LocalDateTime.ofEpochSecond(Math.floorDiv(floor, 1_000_000L),
                (int) Math.floorMod(floor, 1_000_000L) * 1000, java.time.ZoneOffset.UTC);
        java.time.LocalDateTime next = switch (unit) {
            case MILLISECOND -> f.plusNanos(1_000_000L);
            case SECOND -> f.plusSeconds(1);
            case MINUTE -> f.plusMinutes(1);
            case HOUR -> f.plusHours(1);
            case DAY -> f.plusDays(1);
            case WEEK -> f.plusWeeks(1);
            case MONTH -> f.plusMonths(1);
            case QUARTER -> f.plusMonths(3);
            case YEAR -> f.plusYears(1);
            case DECADE -> f.plusYears(10);
            case CENTURY -> f.plusYears(100);
            case MILLENNIUM -> f.plusYears(1000);
            default -> throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE,
                    "unit \"" + unit.name().toLowerCase(java.util.Locale.ROOT) + "\" not supported for ceil");
        };
        java.time.Instant i = next.toInstant(java.time.ZoneOffset.UTC);
        return epochMicros(i);
    }

    /** An instant in microseconds since 1970 ({@code now()}'s and {@code clock_timestamp()}'s unit), floored. */
    public static long epochMicros(java.time.Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private static short int2(int v) {
        if (v < Short.MIN_VALUE || v > Short.MAX_VALUE) {
            throw outOfRange("smallint");
        }
        return (short) v;
    }

    private static int int4(long v) {
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw outOfRange("integer");
        }
        return (int) v;
    }

    private static long nonZero(long b) {
        if (b == 0) {
            throw divisionByZero();
        }
        return b;
    }

    /**
     * PostgreSQL's {@code ntile(buckets)} of the {@code row}-th (from 1) of a partition's {@code rows} rows: buckets
     * as equal as can be, the first {@code rows % buckets} one row larger (PostgreSQL 15, windowfuncs.c).
     *
     * @throws TesseraException 22014 when {@code buckets} is not positive
     */
    public static int ntile(int buckets, long row, long rows) {
        if (buckets <= 0) {
            throw new TesseraException(SqlState.INVALID_ARGUMENT_FOR_NTILE_FUNCTION,
                    "argument of ntile must be greater than zero");
        }
        long perBucket = rows / buckets;
        long larger = rows % buckets; // buckets of perBucket + 1 rows
        long i = row - 1;
        return (int) (i < larger * (perBucket + 1) ? i / (perBucket + 1) + 1
                : (i - larger * (perBucket + 1)) / perBucket + larger + 1);
    }

    /**
     * {@code string_agg(s, delimiter)} over a window frame, from the frame's values in order (NULLs included, as
     * {@code array_agg(s) OVER w} gives them): the non-NULL values, each after the delimiter but the first; NULL when
     * there are none, as PostgreSQL's {@code string_agg}.
     */
    public static String windowStringAgg(java.util.List<?> values, String delimiter) {
        if (values == null) {
            return null;
        }
        StringBuilder b = null;
        for (Object v : values) {
            if (v == null) {
                continue;
            }
            if (b == null) {
                b = new StringBuilder();
            } else {
                b.append(delimiter);
            }
            b.append(v);
        }
        return b == null ? null : b.toString();
    }

    /**
     * {@code string_agg(s, d) OVER w} with a delimiter that is not one constant string: the frame's non-NULL values,
     * each but the first after its own row's delimiter (none for a NULL delimiter), as PostgreSQL's
     * {@code string_agg_transfn}; NULL when there are none.
     *
     * @param values the frame's values ({@code array_agg(s) OVER w}), or null for an empty frame
     * @param delimiters the frame's delimiters ({@code array_agg(d) OVER w}), as many
     */
    public static String windowStringAggDelimited(java.util.List<?> values, java.util.List<?> delimiters) {
        if (values == null) {
            return null;
        }
        StringBuilder b = null;
        for (int i = 0; i < values.size(); i++) {
            Object v = values.get(i);
            if (v == null) {
                continue;
            }
            if (b == null) {
                b = new StringBuilder();
            } else if (delimiters.get(i) != null) {
                b.append(delimiters.get(i));
            }
            b.append(v);
        }
        return b == null ? null : b.toString();
    }

    /**
     * {@code nth_value}'s position {@code n}, checked.
     *
     * @throws TesseraException 22016 when {@code n} is not positive
     */
    public static long nthValuePosition(long n) {
        if (n <= 0) {
            throw new TesseraException(SqlState.INVALID_ARGUMENT_FOR_NTH_VALUE_FUNCTION,
                    "argument of nth_value must be greater than zero");
        }
        return n;
    }

    private static TesseraException outOfRange(String type) {
        return new TesseraException(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, type + " out of range");
    }

    private static TesseraException divisionByZero() {
        return new TesseraException(SqlState.DIVISION_BY_ZERO, "division by zero");
    }

    /** {@code to_number(text, format)} ({@link io.tessera.executor.expr.NumberInput}). */
    public static java.math.BigDecimal toNumber(String input, String format) {
        return io.tessera.executor.expr.NumberInput.toNumber(input, format);
    }

    /** Text as a string of the same order under Java's UTF-16 order ({@code Values.textSortKey}). */
    public static String textSortKey(String s) {
        return io.tessera.executor.expr.Values.textSortKey(s);
    }

    /** A real or double precision value as a bigint in float8 order ({@link io.tessera.executor.expr.Values#float8SortKey}). */
    public static Long float8SortKey(Number x) {
        return x == null ? null : io.tessera.executor.expr.Values.float8SortKey(x.doubleValue());
    }
}
