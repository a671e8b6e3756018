package io.tessera.executor.expr;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL's {@code time} (without time zone) input and output ({@code time_in}/{@code time_out}) in its unit and
 * the engine's: microseconds since midnight, 0 to {@link #MICROS_PER_DAY} ({@code 24:00:00} is a valid time).
 *
 * <p>Input: {@code [H]H:MM[:SS[.fraction]]}, optionally after an ISO date (which is ignored, as PostgreSQL ignores
 * it), optionally followed by {@code AM}/{@code PM} and by a zone offset or {@code Z} (ignored by {@code time}).
 * Fields out of range are 22008 {@code date/time field value out of range: "..."}, anything else 22007
 * {@code invalid input syntax for type time: "..."}. The fraction is rounded half even to microseconds. Output is
 * {@code HH:MM:SS} plus the fraction without trailing zeros (docs/architecture.md, "Timestamps and times").
 */
public final class Times {
    private static final Pattern TIME = Pattern.compile(
            "(?:\\d{4}-\\d{1,2}-\\d{1,2}[ tT]\\s*)?(\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(?:\\.(\\d*))?)?"
                    + "\\s*([aApP][mM])?\\s*(?:[zZ]|[+-]\\d{1,2}(?::?\\d{2})?)?");

    private Times() {
    }

    /** Microseconds in a day: the largest time, 24:00:00, in PostgreSQL's unit. */
    public static final long MICROS_PER_DAY = 86_400_000_000L;

    /**
     * Parses PostgreSQL's text input of a time in PostgreSQL's unit: microseconds since midnight, 0 to
     * {@link #MICROS_PER_DAY}, the fraction rounded half even to microseconds ({@code rint}).
     */
    public static long parseMicros(String s) {
        Matcher m = TIME.matcher(s.strip());
        if (!m.matches()) {
            throw new TesseraException(SqlState.INVALID_DATETIME_FORMAT,
                    "invalid input syntax for type time: \"" + s + "\"");
        }
        int h = Integer.parseInt(m.group(1));
        int min = Integer.parseInt(m.group(2));
        int sec = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        String frac = m.group(4) == null ? "" : m.group(4);
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
        if (total > MICROS_PER_DAY) {
            throw outOfRange(s);
        }
        return total;
    }

    private static TesseraException outOfRange(String s) {
        return new TesseraException(SqlState.DATETIME_FIELD_OVERFLOW,
                "date/time field value out of range: \"" + s + "\"");
    }

    /** {@code time_out}: {@code HH:MM:SS} and the fraction (up to 6 digits) without trailing zeros. */
    public static String formatMicros(long micros) {
        return io.tessera.common.types.PgTime.format(micros);
    }

    /**
     * Appends {@code .} and the digits of {@code micros} (0 to 999,999 microseconds of a second) without trailing
     * zeros, as PostgreSQL prints a fraction of a second; nothing when it is 0.
     */
    public static void appendFraction(StringBuilder b, int micros) {
        io.tessera.common.types.PgTime.appendFraction(b, micros);
    }

    /**
     * {@code time(p)} of a time in microseconds since midnight, p = 0 to 6: halves up as PostgreSQL's
     * {@code AdjustTimeForTypmod} ({@code '23:59:59.5'::time(0)} is {@code 24:00:00}); p of 6 or more (or below 0:
     * no typmod) leaves it as it is.
     */
    public static long roundMicros(long micros, int precision) {
        if (precision >= 6 || precision < 0) {
            return micros;
        }
        long unit = 1_000_000L;
        for (int i = 0; i < precision; i++) {
            unit /= 10;
        }
        return (micros + unit / 2) / unit * unit;
    }

    /**
     * {@code time_pl_interval} / {@code time_mi_interval} on microseconds: the interval's time field (its days and
     * months ignored) added to or taken from {@code micros} around the clock.
     */
    public static long plusInterval(long micros, long intervalMicros, boolean minus) {
        long delta = Math.floorMod(intervalMicros, MICROS_PER_DAY);
        return Math.floorMod(minus ? micros - delta : micros + delta, MICROS_PER_DAY);
    }
}
