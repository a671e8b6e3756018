package io.tessera.executor.expr;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * {@code to_number(text, format)}: the input half of PostgreSQL 15's {@code NUM_processor}
 * (src/backend/utils/adt/formatting.c) in the C locale, the reverse of {@link NumericFormat}.
 *
 * <p>The format and the input are read side by side, one input character per format position: {@code 9} and
 * {@code 0} take a digit (any other character there is skipped, and a decimal point there is read as the decimal
 * point), {@code .} and {@code D} the decimal point, {@code ,} and {@code G} a group separator when one is there
 * (nothing otherwise), {@code S}, {@code MI}, {@code PL}, {@code SG} a sign, {@code PR} angle brackets, {@code L} a
 * currency symbol (one character that is not a digit), other format characters and double-quoted text one character
 * each; a sign or {@code <} before the first digit is read without using a position. Reading stops at the end of
 * either. Digits past the format's positions are dropped ({@code to_number('12345', '99')} is 12), the fraction keeps
 * the digits read ({@code to_number('0042.10', '0000.00')} is 42.10).
 *
 * <p>Errors: 22P02 when no digit was read, 42601 for a format with two decimal points, 0A000 for {@code V},
 * {@code EEEE}, {@code RN} and {@code TH}, which this implementation does not read.
 */
public final class NumberInput {
    private NumberInput() {
    }

    /** {@code to_number(input, format)}; null when either is null. */
    public static BigDecimal toNumber(String input, String format) {
        if (input == null || format == null) {
            return null;
        }
        String f = format.toUpperCase(Locale.ROOT);
        boolean pr = f.contains("PR");
        if (count(f, '.') + count(f, 'D') > 1) {
            throw new TesseraException(SqlState.SYNTAX_ERROR, "multiple decimal points");
        }
        boolean hasDecimal = f.indexOf('.') >= 0 || f.indexOf('D') >= 0;
        StringBuilder whole = new StringBuilder();
        StringBuilder fraction = new StringBuilder();
        boolean afterPoint = false;
        boolean negative = false;
        boolean anyDigit = false;
        int in = 0;
        int i = 0;
        while (i < f.length() && in < input.length()) {
            char k = f.charAt(i);
            char c = input.charAt(in);
            if (k == '"') {
                int close = format.indexOf('"', i + 1);
                int end = close < 0 ? format.length() : close;
                in = Math.min(input.length(), in + (end - i - 1));
                i = end + 1;
                continue;
            }
            if (f.startsWith("FM", i)) {
                i += 2;
                continue;
            }
            for (String unsupported : new String[] {"EEEE", "RN", "TH", "V"}) {
                if (f.startsWith(unsupported, i)) {
                    throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "\"" + unsupported
                            + "\" is not supported by to_number here");
                }
            }
            if (k == '9' || k == '0') {
                if (!anyDigit && !afterPoint && (c == '-' || c == '+' || (c == '<' && pr))) {
                    negative = c != '+';
                    in++;
                    continue;
                }
                if (c >= '0' && c <= '9') {
                    (afterPoint ? fraction : whole).append(c);
                    anyDigit = true;
                } else if (c == '.' && hasDecimal && !afterPoint) {
                    afterPoint = true;
                }
                in++;
                i++;
            } else if (k == '.' || k == 'D') {
                if (c == '.' && !afterPoint) {
                    in++;
                }
                afterPoint = true;
                i++;
            } else if (k == ',' || k == 'G') {
                if (c == ',') {
                    in++;
                }
                i++;
            } else if (f.startsWith("MI", i) || f.startsWith("PL", i) || f.startsWith("SG", i) || k == 'S') {
                if (c == '-' || c == '+') {
                    negative |= c == '-';
                    in++;
                }
                i += k == 'S' && !f.startsWith("SG", i) ? 1 : 2;
            } else if (f.startsWith("PR", i)) {
                if (c == '>') {
                    in++;
                }
                i += 2;
            } else if (k == 'L') {
                if (c < '0' || c > '9') {
                    in++;
                }
                i++;
            } else {
                in++;
                i++;
            }
        }
        if (!anyDigit) {
            throw new TesseraException(SqlState.INVALID_TEXT_REPRESENTATION,
                    "invalid input syntax for type numeric: \" \"");
        }
        BigDecimal v = new BigDecimal(whole.length() == 0 ? "0" : whole.toString());
        if (fraction.length() > 0) {
            v = new BigDecimal((whole.length() == 0 ? "0" : whole) + "." + fraction);
        }
        return negative ? v.negate() : v;
    }

    private static int count(String s, char c) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }
}
