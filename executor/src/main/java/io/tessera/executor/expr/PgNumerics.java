package io.tessera.executor.expr;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * PostgreSQL's numeric rules that both evaluators share — the coordinator's Calcite runtime and the datanodes'
 * {@link ExprCompiler} — so that an expression means the same wherever it runs.
 *
 * <p>PostgreSQL's numeric has no fixed scale unless a type modifier gives one: every value carries its own display
 * scale ({@code dscale}), which a {@link BigDecimal}'s scale represents here. Source: PostgreSQL 15
 * {@code src/backend/utils/adt/numeric.c}.
 */
public final class PgNumerics {
    /** {@code NUMERIC_MIN_SIG_DIGITS}: a quotient has at least this many significant digits. */
    private static final int MIN_SIG_DIGITS = 16;
    /** {@code NUMERIC_MAX_DISPLAY_SCALE}. */
    private static final int MAX_DISPLAY_SCALE = 1000;
    /** {@code DEC_DIGITS}: decimal digits per base-{@code NBASE} digit of the on-disk form. */
    private static final int DEC_DIGITS = 4;

    private PgNumerics() {
    }

    /**
     * {@code a / b} with PostgreSQL's result scale ({@code select_div_scale}): about 16 significant digits, never
     * fewer decimals than either input, rounded half away from zero.
     *
     * @throws TesseraException 22012 when {@code b} is zero
     */
    public static BigDecimal divide(BigDecimal a, BigDecimal b) {
        if (b.signum() == 0) {
            throw new TesseraException(SqlState.DIVISION_BY_ZERO, "division by zero");
        }
        return a.divide(b, divideScale(a, b), RoundingMode.HALF_UP);
    }

    /**
     * The result scale {@code select_div_scale} picks for {@code a / b}. PostgreSQL stores numerics in base 10000
     * digits; the quotient's weight is estimated from the inputs' first base-10000 digits and their weights.
     */
    public static int divideScale(BigDecimal a, BigDecimal b) {
        int weight1 = a.signum() == 0 ? 0 : weight(a);
        int first1 = a.signum() == 0 ? 0 : firstDigit(a, weight1);
        int weight2 = b.signum() == 0 ? 0 : weight(b);
        int first2 = b.signum() == 0 ? 0 : firstDigit(b, weight2);
        int qweight = weight1 - weight2;
        if (first1 <= first2) {
            qweight--;
        }
        int rscale = MIN_SIG_DIGITS - qweight * DEC_DIGITS;
        rscale = Math.max(rscale, Math.max(a.scale(), 0));
        rscale = Math.max(rscale, Math.max(b.scale(), 0));
        return Math.min(rscale, MAX_DISPLAY_SCALE);
    }

    /** The weight of the first non-zero base-10000 digit: floor(log10(|x|) / 4). */
    static int weight(BigDecimal x) {
        int exponent = x.precision() - x.scale() - 1; // position of the first decimal digit
        return Math.floorDiv(exponent, DEC_DIGITS);
    }

    /** The first base-10000 digit, in [1, 9999]. */
    static int firstDigit(BigDecimal x, int weight) {
        return x.abs().movePointLeft(weight * DEC_DIGITS).setScale(0, RoundingMode.DOWN).intValue();
    }

    /**
     * {@code avg} of a numeric or integer column: {@code sum / count} by {@link #divide}, as PostgreSQL's
     * {@code numeric_avg} does.
     */
    public static BigDecimal average(BigDecimal sum, long count) {
        return divide(sum, BigDecimal.valueOf(count));
    }

    /**
     * A float8 as numeric, as PostgreSQL's {@code float8_numeric}: the value printed with 15 significant digits
     * ({@code DBL_DIG}) and read back, so {@code 0.1::float8::numeric} is {@code 0.1}.
     *
     * @throws TesseraException 0A000 for NaN and infinities, which numeric cannot hold here
     */
    public static BigDecimal fromDouble(double d) {
        return fromBinary(d, 15);
    }

    /**
     * A float4 as numeric, as PostgreSQL's {@code float4_numeric}: the value printed with 6 significant digits
     * ({@code FLT_DIG}) and read back, so {@code 0.1::float4::numeric} is {@code 0.1}, not 0.100000001490116.
     *
     * @throws TesseraException 0A000 for NaN and infinities, which numeric cannot hold here
     */
    public static BigDecimal fromFloat(float f) {
        return fromBinary(f, 6);
    }

    private static BigDecimal fromBinary(double d, int digits) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "cannot convert " + d + " to numeric");
        }
        if (d == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal b = new BigDecimal(d).round(new MathContext(digits, RoundingMode.HALF_EVEN)).stripTrailingZeros();
        return b.scale() < 0 ? b.setScale(0) : b;
    }

    /**
     * A value fitted to {@code numeric(precision, scale)} as PostgreSQL's {@code apply_typmod}: rounded half away
     * from zero to {@code scale} decimals.
     *
     * @throws TesseraException 22003 "numeric field overflow" when more than {@code precision - scale} integer
     *     digits remain
     */
    public static BigDecimal applyTypmod(BigDecimal v, int precision, int scale) {
        BigDecimal r = v.setScale(scale, RoundingMode.HALF_UP);
        int integerDigits = r.signum() == 0 ? 0 : r.precision() - r.scale();
        if (integerDigits > precision - scale) {
            throw new TesseraException(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, "numeric field overflow",
                    "A field with precision " + precision + ", scale " + scale + " must round to an absolute value less than "
                            + (precision - scale == 0 ? "1" : "10^" + (precision - scale)) + ".",
                    null, 0, null);
        }
        return r;
    }
}
