package io.tessera.executor.exec;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * PostgreSQL's numeric division result scale ({@code select_div_scale} in {@code src/backend/utils/adt/numeric.c}):
 * at least 16 significant digits ({@code NUMERIC_MIN_SIG_DIGITS}), never fewer decimals than either operand shows,
 * at most 1000; the quotient rounded half away from zero. Weights and first digits are those of PostgreSQL's
 * base-10000 representation.
 */
public final class NumericDivision {
    private static final int MIN_SIG_DIGITS = 16;
    private static final int MAX_DISPLAY_SCALE = 1000;

    private NumericDivision() {
    }

    /**
     * {@code a / b} as PostgreSQL's {@code numeric_div}.
     *
     * @throws ArithmeticException when b is zero (callers check first)
     */
    public static BigDecimal divide(BigDecimal a, BigDecimal b) {
        return a.divide(b, scale(a, b), RoundingMode.HALF_UP);
    }

    static int scale(BigDecimal a, BigDecimal b) {
        int[] wa = weightAndFirstDigit(a);
        int[] wb = weightAndFirstDigit(b);
        int qweight = wa[0] - wb[0];
        if (wa[1] <= wb[1]) {
            qweight--;
        }
        int rscale = MIN_SIG_DIGITS - qweight * 4;
        rscale = Math.max(rscale, Math.max(a.scale(), 0));
        rscale = Math.max(rscale, Math.max(b.scale(), 0));
        return Math.min(rscale, MAX_DISPLAY_SCALE);
    }

    /** The base-10000 weight of the first non-zero digit and that digit (0, 0 for zero). */
    private static int[] weightAndFirstDigit(BigDecimal v) {
        BigDecimal abs = v.abs();
        if (abs.signum() == 0) {
            return new int[] {0, 0};
        }
        int exponent = abs.precision() - abs.scale() - 1; // position of the leading decimal digit
        int weight = Math.floorDiv(exponent, 4);
        BigDecimal scaled = abs.movePointLeft(weight * 4);
        int first = scaled.setScale(0, RoundingMode.FLOOR).intValueExact();
        assert first > 0 && first < 10_000 : "v=" + v + " weight=" + weight;
        return new int[] {weight, first};
    }
}
