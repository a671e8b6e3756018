package io.tessera.executor.expr;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL's {@code time} (without time zone) input and output ({@code time_in}/{@code time_out}), on the engine's
 * representation: Integer milliseconds since midnight, 0 to 86,400,000 ({@code 24:00:00} is a valid time).
 *
 * <p>Input: {@code [H]H:MM[:SS[.fraction]]}, optionally after an ISO date (which is ignored, as PostgreSQL ignores
 * it), optionally followed by {@code AM}/{@code PM} and by a zone offset or {@code Z} (ignored by {@code time}).
 * Fields out of range are 22008 {@code date/time field value out of range: "..."}, anything else 22007
 * {@code invalid input syntax for type time: "..."}. The fraction is rounded to milliseconds (PostgreSQL keeps
 * microseconds: the engine's unit is milliseconds, as for timestamps; docs/storage-format.md). Output is
 * {@code HH:MM:SS} plus the fraction without trailing zeros.
 */
public final class Times {
    /** Milliseconds in a day: the largest time, 24:00:00. */
    public static final int MILLIS_PER_DAY = 86_400_000;

    private static final Pattern TIME = Pattern.compile(
            "(?:\\d{4}-\\d{1,2}-\\d{1,2}[ tT]\\s*)?(\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(?:\\.(\\d*))?)?"
                    + "\\s*([aApP][mM])?\\s*(?:[zZ]|[+-]\\d{1,2}(?::?\\d{2})?)?");

    private Times() {
    }

    /** Parses PostgreSQL's text input of a time; milliseconds since midnight. */
    public static int parse(String s) {
        Matcher m = TIME.matcher(s.strip());
        if (!m.matches()) {
            throw new TesseraException(SqlState.INVALID_DATETIME_FORMAT,
                    "invalid input syntax for type time: \"" + s + "\"");
        }
        int h = Integer.parseInt(m.group(1));
        int min = Integer.parseInt(m.group(2));
        int sec = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        String frac = m.group(4) == null ? "" : m.group(4);
        // PostgreSQL rounds the fraction to microseconds; the engine then keeps milliseconds
        long micros = frac.isEmpty() ? 0 : new java.math.BigDecimal("0." + frac).movePointRight(6)
                .setScale(0, java.math.RoundingMode.HALF_EVEN).longValueExact();
        if (m.group(5) != null) {
            boolean pm = Character.toLowerCase(m.group(5).charAt(0)) == 'p';
            if (h < 1 || h > 12) {
                throw outOfRange(s);
            }
            h = (h % 12) + (pm ? 12 : 0);
        }
        if (h > 24 || min > 59 || sec > 60 || (h == 24 && (min > 0 || sec > 0 || micros > 0))) {
            throw outOfRange(s);
        }
        long total = ((h * 60L + min) * 60L + sec) * 1_000_000L + micros;
        if (total > MILLIS_PER_DAY * 1000L) {
            throw outOfRange(s);
        }
        return (int) Math.round(total / 1000.0);
    }

    private static TesseraException outOfRange(String s) {
        return new TesseraException(SqlState.DATETIME_FIELD_OVERFLOW,
                "date/time field value out of range: \"" + s + "\"");
    }

    /** {@code time_out}: {@code HH:MM:SS} and the fraction without trailing zeros. */
    public static String format(int millis) {
        int ms = millis % 1000;
        int s = millis / 1000;
        StringBuilder b = new StringBuilder(12);
        two(b, s / 3600).append(':');
        two(b, s / 60 % 60).append(':');
        two(b, s % 60);
        if (ms != 0) {
            String f = String.format(Locale.ROOT, "%03d", ms);
            int end = f.length();
            while (f.charAt(end - 1) == '0') {
                end--;
            }
            b.append('.').append(f, 0, end);
        }
        return b.toString();
    }

    private static StringBuilder two(StringBuilder b, int v) {
        return b.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }

    /** The stored and on-wire unit: microseconds since midnight. */
    public static long toMicros(int millis) {
        return millis * 1000L;
    }

    /** From microseconds since midnight to the engine's milliseconds (floor). */
    public static int fromMicros(long micros) {
        return (int) Math.floorDiv(micros, 1000L);
    }
}
