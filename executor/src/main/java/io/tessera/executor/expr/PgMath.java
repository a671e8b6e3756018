package io.tessera.executor.expr;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * PostgreSQL's math functions ({@code sqrt}, {@code exp}, {@code ln}, {@code log}, {@code power}/{@code ^}) of
 * numeric and of float8, with its result scales and its errors. Source: PostgreSQL 15
 * {@code src/backend/utils/adt/numeric.c} ({@code numeric_sqrt}, {@code numeric_exp}, {@code numeric_ln},
 * {@code log_var}, {@code power_var}, {@code estimate_ln_dweight}) and {@code float.c} ({@code dsqrt},
 * {@code dexp}, {@code dlog1}, {@code dpow}).
 *
 * <p>A numeric result is computed with {@link BigDecimal} at a working precision well beyond the result scale that
 * PostgreSQL picks, then rounded half away from zero to that scale, as PostgreSQL rounds its result.
 */
public final class PgMath {
    private static final int MIN_SIG_DIGITS = 16;
    private static final int MAX_DISPLAY_SCALE = 1000;
    private static final int MAX_RESULT_SCALE = 2000;
    /** Decimal digits of the largest numeric PostgreSQL can hold before the point (its weight limit). */
    private static final int MAX_WEIGHT_DIGITS = 131072;
    private static final int GUARD_DIGITS = 12;
    private static final double LOG10_E = 0.434294481903252;

    private PgMath() {
    }

    // ---- numeric ------------------------------------------------------------------------------------------------

    /**
     * {@code sqrt(numeric)}: at least 16 significant digits, never fewer decimals than {@code x}.
     *
     * @throws TesseraException 2201F for a negative {@code x}
     */
    public static BigDecimal sqrt(BigDecimal x) {
        if (x.signum() < 0) {
            throw new TesseraException(SqlState.INVALID_ARGUMENT_FOR_POWER_FUNCTION,
                    "cannot take square root of a negative number");
        }
        int weight = x.signum() == 0 ? 0 : PgNumerics.weight(x);
        int rscale = clampScale(Math.max(MIN_SIG_DIGITS - (weight * 4 / 2 + 1), dscale(x)));
        return sqrt(x, rscale);
    }

    /** {@code x}'s square root rounded to {@code rscale} decimals ({@code sqrt_var}); {@code x >= 0}. */
    public static BigDecimal sqrt(BigDecimal x, int rscale) {
        if (x.signum() == 0) {
            return BigDecimal.ZERO.setScale(rscale);
        }
        int integerDigits = Math.max(1, (x.precision() - x.scale()) / 2 + 1);
        return x.sqrt(new MathContext(integerDigits + rscale + GUARD_DIGITS)).setScale(rscale, RoundingMode.HALF_UP);
    }

    /**
     * {@code exp(numeric)}: at least 16 significant digits.
     *
     * @throws TesseraException 22003 "value overflows numeric format" for {@code x >= 6000}
     */
    public static BigDecimal exp(BigDecimal x) {
        double val = Math.max(-MAX_RESULT_SCALE, Math.min(MAX_RESULT_SCALE, x.doubleValue() * LOG10_E));
        int rscale = clampScale(Math.max(MIN_SIG_DIGITS - (int) val, dscale(x)));
        return expScaled(x, rscale);
    }

    private static BigDecimal expScaled(BigDecimal x, int rscale) {
        if (Math.abs(x.doubleValue()) >= MAX_RESULT_SCALE * 3) {
            if (x.signum() > 0) {
                throw overflow();
            }
            return BigDecimal.ZERO.setScale(rscale);
        }
        int weight = (int) Math.ceil(Math.max(0, x.doubleValue() * LOG10_E)) + 1;
        return expWorking(x, weight + rscale + GUARD_DIGITS).setScale(rscale, RoundingMode.HALF_UP);
    }

    /** e^x to {@code digits} significant digits: x halved until below 0.5, Taylor series, squared back. */
    private static BigDecimal expWorking(BigDecimal x, int digits) {
        int halvings = 0;
        double magnitude = Math.abs(x.doubleValue());
        while (magnitude > 0.5) {
            magnitude /= 2;
            halvings++;
        }
        MathContext mc = new MathContext(digits + halvings + 5);
        BigDecimal r = x.divide(BigDecimal.valueOf(2).pow(halvings), mc);
        BigDecimal sum = BigDecimal.ONE;
        BigDecimal term = BigDecimal.ONE;
        BigDecimal epsilon = BigDecimal.ONE.movePointLeft(mc.getPrecision() + 2);
        for (int i = 1; term.abs().compareTo(epsilon) > 0; i++) {
            term = term.multiply(r, mc).divide(BigDecimal.valueOf(i), mc);
            sum = sum.add(term, mc);
        }
        for (int i = 0; i < halvings; i++) {
            sum = sum.multiply(sum, mc);
        }
        return sum;
    }

    /**
     * {@code ln(numeric)}: at least 16 significant digits.
     *
     * @throws TesseraException 2201E for zero or a negative {@code x}
     */
    public static BigDecimal ln(BigDecimal x) {
        checkLogArgument(x);
        int rscale = clampScale(Math.max(MIN_SIG_DIGITS - lnDecimalWeight(x), dscale(x)));
        return lnWorking(x, rscale + GUARD_DIGITS).setScale(rscale, RoundingMode.HALF_UP);
    }

    /**
     * {@code log(base, x)} of numerics ({@code log(x)} is {@code log(10, x)}): at least 16 significant digits.
     *
     * @throws TesseraException 2201E for a zero or negative argument, 22012 for base 1
     */
    public static BigDecimal log(BigDecimal base, BigDecimal x) {
        checkLogArgument(base);
        checkLogArgument(x);
        int rscale = MIN_SIG_DIGITS - (lnDecimalWeight(x) - lnDecimalWeight(base));
        rscale = clampScale(Math.max(rscale, Math.max(dscale(base), dscale(x))));
        BigDecimal lnBase = lnWorking(base, rscale + 2 * GUARD_DIGITS);
        if (lnBase.signum() == 0) {
            throw new TesseraException(SqlState.DIVISION_BY_ZERO, "division by zero");
        }
        BigDecimal lnX = lnWorking(x, rscale + 2 * GUARD_DIGITS);
        return lnX.divide(lnBase, new MathContext(rscale + 2 * GUARD_DIGITS + Math.max(0, lnX.precision()
                - lnX.scale()))).setScale(rscale, RoundingMode.HALF_UP);
    }

    /**
     * {@code base ^ exponent} of numerics (and {@code power}): an integral exponent gives at least 16 decimals
     * ({@code power_var_int}); any other at least 16 significant digits.
     *
     * @throws TesseraException 2201F for zero to a negative power or a negative base to a non-integral power,
     *     22003 when the result overflows numeric
     */
    public static BigDecimal power(BigDecimal base, BigDecimal exponent) {
        if (base.signum() == 0 && exponent.signum() < 0) {
            throw new TesseraException(SqlState.INVALID_ARGUMENT_FOR_POWER_FUNCTION,
                    "zero raised to a negative power is undefined");
        }
        boolean integral = exponent.signum() == 0 || exponent.stripTrailingZeros().scale() <= 0;
        if (base.signum() < 0 && !integral) {
            throw new TesseraException(SqlState.INVALID_ARGUMENT_FOR_POWER_FUNCTION,
                    "a negative number raised to a non-integer power yields a complex result");
        }
        if (integral && exponent.abs().compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0) {
            return powerInt(base, exponent.intValueExact());
        }
        if (base.signum() == 0) {
            return BigDecimal.ZERO.setScale(MIN_SIG_DIGITS);
        }
        BigDecimal lnBase = lnWorking(base, 20);
        double val = lnBase.doubleValue() * exponent.doubleValue();
        if (Math.abs(val) > MAX_RESULT_SCALE * 3.01) {
            if (val > 0) {
                throw overflow();
            }
            return BigDecimal.ZERO.setScale(MAX_DISPLAY_SCALE);
        }
        val *= LOG10_E;
        int rscale = MIN_SIG_DIGITS - (int) val;
        rscale = clampScale(Math.max(rscale, Math.max(dscale(base), dscale(exponent))));
        int digits = Math.max(0, (int) Math.ceil(val)) + rscale + GUARD_DIGITS;
        int lnDigits = digits + Math.max(0, exponent.precision() - exponent.scale()) + 5;
        BigDecimal product = lnWorking(base, lnDigits).multiply(exponent);
        return expWorking(product, digits).setScale(rscale, RoundingMode.HALF_UP);
    }

    private static BigDecimal powerInt(BigDecimal base, int n) {
        int rscale = clampScale(Math.max(MIN_SIG_DIGITS, dscale(base)));
        if (n == 0) {
            return BigDecimal.ONE.setScale(rscale);
        }
        if (base.signum() == 0) {
            return BigDecimal.ZERO.setScale(rscale);
        }
        BigDecimal abs = base.abs();
        double weight = n * (Math.log10(abs.unscaledValue().doubleValue()) - abs.scale());
        if (Double.isInfinite(weight) || Double.isNaN(weight)) {
            weight = n * (abs.precision() - abs.scale());
        }
        if (weight > MAX_WEIGHT_DIGITS) {
            throw overflow();
        }
        if (weight + 1 < -MAX_DISPLAY_SCALE) {
            return BigDecimal.ZERO.setScale(MAX_DISPLAY_SCALE);
        }
        MathContext mc = new MathContext((int) Math.abs(weight) + rscale + GUARD_DIGITS + 10);
        BigDecimal p = base.pow(Math.abs(n), mc);
        if (n < 0) {
            p = BigDecimal.ONE.divide(p, mc);
        }
        return p.setScale(rscale, RoundingMode.HALF_UP);
    }

    /** {@code trunc(x, n)}: {@code n} decimals (tens, hundreds... for a negative n), toward zero. */
    public static BigDecimal truncate(BigDecimal x, int n) {
        BigDecimal r = x.setScale(n, RoundingMode.DOWN);
        return n < 0 ? r.setScale(0) : r;
    }

    /** {@code gcd(a, b)} of integers or numerics: non-negative, at the larger of the two scales. */
    public static BigDecimal gcd(BigDecimal a, BigDecimal b) {
        int scale = Math.max(dscale(a), dscale(b));
        return new BigDecimal(a.setScale(scale).unscaledValue().gcd(b.setScale(scale).unscaledValue()), scale);
    }

    /** {@code lcm(a, b)}: non-negative, zero when either is zero, at the larger of the two scales. */
    public static BigDecimal lcm(BigDecimal a, BigDecimal b) {
        int scale = Math.max(dscale(a), dscale(b));
        if (a.signum() == 0 || b.signum() == 0) {
            return BigDecimal.ZERO.setScale(scale);
        }
        java.math.BigInteger x = a.setScale(scale).unscaledValue().abs();
        java.math.BigInteger y = b.setScale(scale).unscaledValue().abs();
        return new BigDecimal(x.divide(x.gcd(y)).multiply(y), scale);
    }

    /**
     * {@code factorial(n)}: 1 for 0 and 1.
     *
     * @throws TesseraException 22003 for a negative {@code n} and when the result overflows numeric
     */
    public static BigDecimal factorial(long n) {
        if (n < 0) {
            throw new TesseraException(SqlState.NUMERIC_VALUE_OUT_OF_RANGE,
                    "factorial of a negative number is undefined");
        }
        if (n > 32177) {
            throw overflow();
        }
        java.math.BigInteger r = java.math.BigInteger.ONE;
        for (long i = 2; i <= n; i++) {
            r = r.multiply(java.math.BigInteger.valueOf(i));
        }
        return new BigDecimal(r);
    }

    /**
     * {@code width_bucket(operand, low, high, count)} of numerics: the bucket, 1 to {@code count}, of
     * {@code count} equal-width buckets from {@code low} to {@code high} (either way round) that holds
     * {@code operand}; 0 before them, {@code count + 1} after them ({@code width_bucket_numeric}).
     *
     * @throws TesseraException 2201G for a count below 1 or equal bounds, 22003 when {@code count + 1} overflows
     */
    public static int widthBucket(BigDecimal operand, BigDecimal low, BigDecimal high, int count) {
        checkBuckets(count, low.compareTo(high) == 0);
        int side = low.compareTo(high) < 0 ? 1 : -1;
        if (operand.compareTo(low) * side < 0) {
            return 0;
        }
        if (operand.compareTo(high) * side >= 0) {
            return afterLast(count);
        }
        return operand.subtract(low).multiply(BigDecimal.valueOf(count))
                .divide(high.subtract(low), 0, RoundingMode.FLOOR).intValueExact() + 1;
    }

    /** {@code width_bucket} of floats ({@code width_bucket_float8}); also 2201G for NaN or infinite bounds. */
    public static int widthBucket(double operand, double low, double high, int count) {
        checkBuckets(count, low == high);
        if (Double.isNaN(operand) || Double.isNaN(low) || Double.isNaN(high)) {
            throw new TesseraException(SqlState.INVALID_ARGUMENT_FOR_WIDTH_BUCKET_FUNCTION,
                    "operand, lower bound, and upper bound cannot be NaN");
        }
        if (Double.isInfinite(low) || Double.isInfinite(high)) {
            throw new TesseraException(SqlState.INVALID_ARGUMENT_FOR_WIDTH_BUCKET_FUNCTION,
                    "lower and upper bounds must be finite");
        }
        boolean ascending = low < high;
        if (ascending ? operand < low : operand > low) {
            return 0;
        }
        if (ascending ? operand >= high : operand <= high) {
            return afterLast(count);
        }
        double span = high - low;
        double fraction = Double.isInfinite(span) ? (operand / 2 - low / 2) / (high / 2 - low / 2)
                : (operand - low) / span;
        int bucket = (int) (count * fraction);
        return Math.min(bucket, count - 1) + 1; // the quotient may round up to 1
    }

    private static void checkBuckets(int count, boolean equalBounds) {
        if (count <= 0) {
            throw new TesseraException(SqlState.INVALID_ARGUMENT_FOR_WIDTH_BUCKET_FUNCTION,
                    "count must be greater than zero");
        }
        if (equalBounds) {
            throw new TesseraException(SqlState.INVALID_ARGUMENT_FOR_WIDTH_BUCKET_FUNCTION,
                    "lower bound cannot equal upper bound");
        }
    }

    private static int afterLast(int count) {
        if (count == Integer.MAX_VALUE) {
            throw new TesseraException(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, "integer out of range");
        }
        return count + 1;
    }

    /** PostgreSQL's {@code estimate_ln_dweight}: the decimal weight of {@code ln(x)}, estimated. */
    private static int lnDecimalWeight(BigDecimal x) {
        if (x.signum() <= 0) {
            return 0;
        }
        if (x.compareTo(new BigDecimal("0.9")) >= 0 && x.compareTo(new BigDecimal("1.1")) <= 0) {
            BigDecimal d = x.subtract(BigDecimal.ONE);
            if (d.signum() == 0) {
                return 0;
            }
            int w = PgNumerics.weight(d);
            return w * 4 + (int) Math.log10(PgNumerics.firstDigit(d, w));
        }
        int w = PgNumerics.weight(x);
        // the first two base-10000 digits: x ~= digits * 10^((w - 1) * 4)
        double digits = x.movePointLeft((w - 1) * 4).setScale(0, RoundingMode.DOWN).doubleValue();
        double lnX = Math.log(digits) + (w - 1) * 4 * 2.302585092994046;
        return (int) Math.log10(Math.abs(lnX));
    }

    /** ln(x) for x > 0 with at least {@code decimals} correct decimals (before the final rounding). */
    private static BigDecimal lnWorking(BigDecimal x, int decimals) {
        // x = m * 10^e with 1 <= m < 10: ln x = ln m + e * ln 10
        int e = x.precision() - x.scale() - 1;
        BigDecimal m = x.movePointLeft(e);
        int guard = decimals + String.valueOf(Math.abs(e)).length() + 10;
        MathContext mc = new MathContext(guard + 5);
        BigDecimal lnM = lnNearOne(m, mc);
        if (e == 0) {
            return lnM;
        }
        BigDecimal ln10 = lnNearOne(BigDecimal.TEN, mc);
        return lnM.add(ln10.multiply(BigDecimal.valueOf(e), mc), mc);
    }

    /** ln(m) for m > 0 of moderate size: square roots until m is near 1, then the atanh series. */
    private static BigDecimal lnNearOne(BigDecimal m, MathContext mc) {
        MathContext wide = new MathContext(mc.getPrecision() + 6);
        int roots = 0;
        BigDecimal low = new BigDecimal("0.95");
        BigDecimal high = new BigDecimal("1.05");
        while (m.compareTo(low) < 0 || m.compareTo(high) > 0) {
            m = m.sqrt(wide);
            roots++;
        }
        // ln m = 2 atanh(z), z = (m - 1) / (m + 1)
        BigDecimal z = m.subtract(BigDecimal.ONE).divide(m.add(BigDecimal.ONE), wide);
        BigDecimal z2 = z.multiply(z, wide);
        BigDecimal power = z;
        BigDecimal sum = z;
        BigDecimal epsilon = BigDecimal.ONE.movePointLeft(wide.getPrecision() + 2);
        for (int k = 3; power.abs().compareTo(epsilon) > 0; k += 2) {
            power = power.multiply(z2, wide);
            sum = sum.add(power.divide(BigDecimal.valueOf(k), wide), wide);
        }
        return sum.multiply(BigDecimal.valueOf(2).pow(roots + 1), wide).round(mc);
    }

    private static void checkLogArgument(BigDecimal x) {
        if (x.signum() == 0) {
            throw new TesseraException(SqlState.INVALID_ARGUMENT_FOR_LOGARITHM, "cannot take logarithm of zero");
        }
        if (x.signum() < 0) {
            throw new TesseraException(SqlState.INVALID_ARGUMENT_FOR_LOGARITHM,
                    "cannot take logarithm of a negative number");
        }
    }

    private static int dscale(BigDecimal x) {
        return Math.max(0, x.scale());
    }

    private static int clampScale(int rscale) {
        return Math.min(Math.max(rscale, 0), MAX_DISPLAY_SCALE);
    }

    private static TesseraException overflow() {
        return new TesseraException(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, "value overflows numeric format");
    }

    // ---- float8 -------------------------------------------------------------------------------------------------

    /** {@code sqrt(float8)}; 2201F for a negative argument. */
    public static double sqrt(double x) {
        if (x < 0) {
            throw new TesseraException(SqlState.INVALID_ARGUMENT_FOR_POWER_FUNCTION,
                    "cannot take square root of a negative number");
        }
        return Math.sqrt(x);
    }

    /** {@code exp(float8)}; 22003 on overflow or underflow. */
    public static double exp(double x) {
        return checkFloat8(Math.exp(x), Double.isInfinite(x), x == Double.NEGATIVE_INFINITY);
    }

    /** {@code ln(float8)}; 2201E for zero or a negative argument. */
    public static double ln(double x) {
        checkLogArgument(x);
        return Math.log(x);
    }

    /** {@code log(float8)}, base 10; 2201E for zero or a negative argument. */
    public static double log10(double x) {
        checkLogArgument(x);
        return Math.log10(x);
    }

    /**
     * {@code power(float8, float8)} and {@code ^}: 2201F for zero to a negative power or a negative base to a
     * non-integral power, 22003 on overflow or underflow.
     */
    public static double power(double base, double exponent) {
        if (base == 0 && exponent < 0) {
            throw new TesseraException(SqlState.INVALID_ARGUMENT_FOR_POWER_FUNCTION,
                    "zero raised to a negative power is undefined");
        }
        if (base < 0 && Math.floor(exponent) != exponent && !Double.isInfinite(exponent)) {
            throw new TesseraException(SqlState.INVALID_ARGUMENT_FOR_POWER_FUNCTION,
                    "a negative number raised to a non-integer power yields a complex result");
        }
        if (Double.isNaN(base)) {
            return exponent == 0 ? 1 : base;
        }
        if (Double.isNaN(exponent)) {
            return base == 1 ? 1 : exponent;
        }
        double r = Math.pow(base, exponent);
        boolean infiniteInput = Double.isInfinite(base) || Double.isInfinite(exponent);
        return checkFloat8(r, infiniteInput, infiniteInput || base == 0);
    }

    /** {@code round(float8)}: {@code rint}, halves to even; {@code round(-0.5)} is {@code -0}. */
    public static double round(double x) {
        return Math.rint(x);
    }

    /**
     * A float8 result checked as PostgreSQL's {@code float_overflow_error}/{@code float_underflow_error}: an
     * infinity from finite inputs overflows, a zero from non-zero inputs underflows.
     *
     * @param infiniteAllowed whether an infinite result may stand (an input was infinite)
     * @param zeroAllowed whether a zero result may stand (an input was zero)
     * @throws TesseraException 22003 "value out of range: overflow" or "...: underflow"
     */
    public static double checkFloat8(double r, boolean infiniteAllowed, boolean zeroAllowed) {
        if (Double.isInfinite(r) && !infiniteAllowed) {
            throw new TesseraException(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, "value out of range: overflow");
        }
        if (r == 0 && !zeroAllowed) {
            throw new TesseraException(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, "value out of range: underflow");
        }
        return r;
    }

    /** float8 {@code a + b}, {@code a - b} ({@code sign} -1) with PostgreSQL's overflow check. */
    public static double plus(double a, double b, int sign) {
        double r = sign < 0 ? a - b : a + b;
        return checkFloat8(r, Double.isInfinite(a) || Double.isInfinite(b), true);
    }

    /**
     * float8 {@code a * b} as PostgreSQL's {@code float8mul}: 22003 for an infinity from finite operands (overflow)
     * and for a zero from non-zero operands (underflow).
     */
    public static double times(double a, double b) {
        return checkFloat8(a * b, Double.isInfinite(a) || Double.isInfinite(b), a == 0 || b == 0);
    }

    /**
     * float8 {@code a * b} with PostgreSQL's overflow check only: the squares of Calcite's reduction of
     * {@code stddev} and {@code variance}, where PostgreSQL's accumulator ({@code float8_accum}) does not underflow.
     */
    public static double product(double a, double b) {
        return checkFloat8(a * b, Double.isInfinite(a) || Double.isInfinite(b), true);
    }

    private static void checkLogArgument(double x) {
        if (x == 0) {
            throw new TesseraException(SqlState.INVALID_ARGUMENT_FOR_LOGARITHM, "cannot take logarithm of zero");
        }
        if (x < 0) {
            throw new TesseraException(SqlState.INVALID_ARGUMENT_FOR_LOGARITHM,
                    "cannot take logarithm of a negative number");
        }
    }
}
