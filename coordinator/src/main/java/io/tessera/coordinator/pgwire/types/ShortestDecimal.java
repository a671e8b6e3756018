package io.tessera.coordinator.pgwire.types;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * PostgreSQL 12+'s float output: the shortest decimal that reads back as the same value (its port of Ryu in
 * {@code src/common/d2s.c} and {@code f2s.c}), printed in fixed notation when the decimal exponent is in
 * {@code [-4, 15)} for float8 or {@code [-4, 6)} for float4, else as {@code 1.5e+20} (sign and at least two
 * exponent digits, like printf's {@code %e}).
 *
 * <p>The digits come from {@link BigDecimal}: the value's exact expansion rounded half-even to the fewest
 * significant digits that still parse back to the same binary value. Round-tripping is monotonic in the number
 * of digits, so the search starts from the length of {@link Double#toString} (which round-trips but on Java 17
 * is sometimes a digit or two longer than necessary) and only goes down.
 */
final class ShortestDecimal {
    private ShortestDecimal() {
    }

    static String format(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return (Double.doubleToRawLongBits(d) < 0) ? "-0" : "0";
        }
        double abs = Math.abs(d);
        BigDecimal exact = new BigDecimal(abs);
        int p = significantDigits(Double.toString(abs));
        int lo = 1;
        int hi = p; // hi always round-trips
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (Double.parseDouble(exact.round(new MathContext(mid, RoundingMode.HALF_EVEN)).toString()) == abs) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return layout(d < 0, exact.round(new MathContext(hi, RoundingMode.HALF_EVEN)), 15);
    }

    static String format(float f) {
        if (Float.isNaN(f)) {
            return "NaN";
        }
        if (Float.isInfinite(f)) {
            return f > 0 ? "Infinity" : "-Infinity";
        }
        if (f == 0) {
            return (Float.floatToRawIntBits(f) < 0) ? "-0" : "0";
        }
        float abs = Math.abs(f);
        BigDecimal exact = new BigDecimal((double) abs);
        int p = significantDigits(Float.toString(abs));
        int lo = 1;
        int hi = p;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (Float.parseFloat(exact.round(new MathContext(mid, RoundingMode.HALF_EVEN)).toString()) == abs) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return layout(f < 0, exact.round(new MathContext(hi, RoundingMode.HALF_EVEN)), 6);
    }

    /** Significant digits in Java's {@code toString} form ({@code 1.0E-5}, {@code 123.45}). */
    private static int significantDigits(String javaForm) {
        int e = javaForm.indexOf('E');
        String mantissa = e < 0 ? javaForm : javaForm.substring(0, e);
        String digits = mantissa.replace(".", "");
        int start = 0;
        while (start < digits.length() - 1 && digits.charAt(start) == '0') {
            start++;
        }
        int end = digits.length();
        while (end > start + 1 && digits.charAt(end - 1) == '0') {
            end--;
        }
        return Math.max(1, end - start);
    }

    private static String layout(boolean negative, BigDecimal rounded, int fixedBelow) {
        BigDecimal r = rounded.stripTrailingZeros();
        String digits = r.unscaledValue().toString();
        int exp = digits.length() - 1 - r.scale();
        StringBuilder sb = new StringBuilder(digits.length() + 8);
        if (negative) {
            sb.append('-');
        }
        if (exp >= -4 && exp < fixedBelow) {
            if (exp < 0) {
                sb.append("0.");
                sb.append("0".repeat(-exp - 1));
                sb.append(digits);
            } else if (exp + 1 >= digits.length()) {
                sb.append(digits);
                sb.append("0".repeat(exp + 1 - digits.length()));
            } else {
                sb.append(digits, 0, exp + 1).append('.').append(digits, exp + 1, digits.length());
            }
        } else {
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            sb.append('e').append(exp < 0 ? '-' : '+');
            int a = Math.abs(exp);
            if (a < 10) {
                sb.append('0');
            }
            sb.append(a);
        }
        return sb.toString();
    }
}
