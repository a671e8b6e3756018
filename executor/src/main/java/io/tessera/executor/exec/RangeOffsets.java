package io.tessera.executor.exec;

import io.tessera.executor.expr.Values;
import java.math.BigDecimal;

/**
 * PostgreSQL's {@code in_range} support functions for RANGE frames with an offset ({@code RANGE BETWEEN 1
 * PRECEDING AND 2.5 FOLLOWING}): whether a row's ORDER BY value lies on the inner side of {@code base ± offset}.
 * Integer and numeric keys are computed exactly (as BigDecimals), so {@code k ± offset} never overflows: PostgreSQL's
 * {@code in_range_int8_int8} treats an overflowing bound as beyond every value, which is what the exact bound is.
 * Real and double precision keys are computed in double precision, NaN above every number and equal to NaN
 * ({@code in_range_float8_float8}).
 */
final class RangeOffsets {
    private RangeOffsets() {
    }

    /**
     * {@code in_range(val, base, offset, sub, less)}: whether {@code val <= base ∓ offset} (less) or
     * {@code val >= base ∓ offset} (not less), subtracting when {@code sub}.
     *
     * @param val a row's non-null key: Short, Integer, Long, BigDecimal, Float or Double
     * @param base the current row's non-null key, of the same type
     * @param offset the frame's non-negative distance ({@link WindowFrame.Bound#range})
     */
    static boolean inRange(Object val, Object base, Number offset, boolean sub, boolean less) {
        if (val instanceof Double || val instanceof Float) {
            double v = ((Number) val).doubleValue();
            double b = ((Number) base).doubleValue();
            double o = offset.doubleValue();
            if (Double.isNaN(v)) {
                return Double.isNaN(b) || !less; // NaN is above every number and equal to NaN
            }
            if (Double.isNaN(b)) {
                return less;
            }
            if (Double.isInfinite(o) && Double.isInfinite(b) && (sub ? b > 0 : b < 0)) {
                return true; // inf - inf: PostgreSQL takes every value as in range
            }
            double sum = sub ? b - o : b + o;
            return less ? v <= sum : v >= sum;
        }
        BigDecimal o = offset instanceof BigDecimal d ? d : Values.toBigDecimal(offset);
        BigDecimal b = Values.toBigDecimal(base);
        int c = Values.toBigDecimal(val).compareTo(sub ? b.subtract(o) : b.add(o));
        return less ? c <= 0 : c >= 0;
    }
}
