package io.tessera.coordinator.sql.functions;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.executor.expr.Casts;
import io.tessera.executor.expr.DateTimeFormat;
import io.tessera.executor.expr.DateTimeParse;

/**
 * PostgreSQL's data type formatting functions over the engine's values (timestamps and timestamps with time zone as
 * {@code Long} milliseconds since 1970-01-01 00:00, UTC for the latter; dates as {@code Integer} days; infinity as the
 * extreme values), swapped in by {@link IntervalFunctions#resolve}:
 * <pre>
 *   to_char(timestamp, text), to_char(timestamptz | date, text)    → {@link DateTimeFormat}
 *   to_timestamp(text, text), to_date(text, text)                 → {@link DateTimeParse}
 *   to_timestamp(double precision)                                  → seconds since the epoch
 *   to_char(numeric | integer types | floating point, text)         → {@link io.tessera.executor.expr.NumericFormat}
 * </pre>
 * Each returns null for a null argument, as the strict functions of PostgreSQL do.
 */
public final class FormattingRuntime {
    private static final int TIMESTAMP_MAX_YEAR = 294_276;
    private static final int DATE_MAX_YEAR = 5_874_897;
    private static final int MIN_YEAR = -4712;

    private FormattingRuntime() {
    }

    /** {@code to_char(date, text)}: PostgreSQL casts the date to timestamptz (midnight UTC here). */
    public static String dateToChar(Object date, Object format) {
        if (date == null || format == null) {
            return null;
        }
        int days = ((Number) date).intValue();
        if (days == Integer.MAX_VALUE || days == Integer.MIN_VALUE) {
            return null;
        }
        // the midnight in microseconds: a date past 294247 AD has no timestamptz (22008, as PostgreSQL's cast)
        return DateTimeFormat.formatMicros(Casts.dateToTimestampMicros(days), true, format.toString());
    }

    /**
     * {@code to_char(timestamp, text)} of microseconds: {@code US} and {@code FF4}-{@code FF6} print every digit;
     * null for infinity, as PostgreSQL.
     */
    public static String timestampToCharMicros(Object ts, Object format) {
        return toChar(ts, format, false);
    }

    /** {@code to_char(timestamptz, text)} of microseconds, in UTC. */
    public static String timestamptzToCharMicros(Object ts, Object format) {
        return toChar(ts, format, true);
    }

    private static String toChar(Object ts, Object format, boolean withTimeZone) {
        if (ts == null || format == null) {
            return null;
        }
        long v = ((Number) ts).longValue();
        if (v == Long.MAX_VALUE || v == Long.MIN_VALUE) {
            return null;
        }
        return DateTimeFormat.formatMicros(v, withTimeZone, format.toString());
    }

    /**
     * {@code to_char(numeric | smallint | integer | bigint | real | double precision, text)}
     * ({@link io.tessera.executor.expr.NumericFormat}).
     */
    public static String numberToChar(Object value, Object format) {
        if (value == null || format == null) {
            return null;
        }
        String f = format.toString();
        if (value instanceof Float r) {
            return io.tessera.executor.expr.NumericFormat.format(r.floatValue(), f);
        }
        if (value instanceof Double d) {
            return io.tessera.executor.expr.NumericFormat.format(d.doubleValue(), f);
        }
        if (value instanceof java.math.BigDecimal d) {
            return io.tessera.executor.expr.NumericFormat.format(d, f);
        }
        return io.tessera.executor.expr.NumericFormat.format(java.math.BigDecimal.valueOf(((Number) value).longValue()),
                f, true);
    }

    /**
     * {@code to_timestamp(text, text)} in microseconds since 1970, PostgreSQL's unit ({@code US}, {@code FF4} to
     * {@code FF6} kept).
     *
     * @throws TesseraException 22008 {@code timestamp out of range} for a year past 294276 or before 4713 BC, and
     *     past 294247-01-10 04:00:54.775806 UTC (64 bits of microseconds since 1970); {@link DateTimeParse}'s errors
     */
    public static Long toTimestampMicros(Object text, Object format) {
        DateTimeParse.Result r = parseTimestamp(text, format);
        if (r == null) {
            return null;
        }
        try {
            return finiteMicros(r.epochMicros());
        } catch (ArithmeticException e) {
            throw new TesseraException(SqlState.DATETIME_FIELD_OVERFLOW, "timestamp out of range");
        }
    }

    private static DateTimeParse.Result parseTimestamp(Object text, Object format) {
        if (text == null || format == null) {
            return null;
        }
        DateTimeParse.Result r = DateTimeParse.parse(text.toString(), format.toString());
        int year = r.local().getYear();
        if (year > TIMESTAMP_MAX_YEAR || year < MIN_YEAR) {
            throw new TesseraException(SqlState.DATETIME_FIELD_OVERFLOW, "timestamp out of range");
        }
        return r;
    }

    /** A finite value: Long.MAX_VALUE and MIN_VALUE are the infinities, no sum's result. */
    private static long finiteMicros(long micros) {
        if (micros == Long.MAX_VALUE || micros == Long.MIN_VALUE) {
            throw new ArithmeticException();
        }
        return micros;
    }

    /** {@code to_date(text, text)}: the date part of what to_timestamp reads. */
    public static Integer toDate(Object text, Object format) {
        if (text == null || format == null) {
            return null;
        }
        DateTimeParse.Result r = DateTimeParse.parse(text.toString(), format.toString());
        int year = r.local().getYear();
        if (year > DATE_MAX_YEAR || year < MIN_YEAR) {
            throw new TesseraException(SqlState.DATETIME_FIELD_OVERFLOW, "date out of range: \"" + text + "\"");
        }
        return Math.toIntExact(r.local().toLocalDate().toEpochDay());
    }

    /**
     * {@code to_timestamp(double precision)} in microseconds since 1970, PostgreSQL's unit: the seconds since
     * 2000-01-01 rounded half even to the microsecond ({@code rint}), as PostgreSQL computes them; infinities are Long.MAX_VALUE/MIN_VALUE.
     *
     * @throws TesseraException 22008 for NaN, for values before 4714-11-24 BC or past 294276 AD, and past
     *     294247-01-10 04:00:54.775806 UTC (64 bits of microseconds since 1970)
     */
    public static Long epochToTimestampMicros(Object seconds) {
        Double s = epochSeconds(seconds);
        if (s == null || Double.isInfinite(s)) {
            return s == null ? null : s > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        // counted from 2000-01-01 as PostgreSQL does before rounding: the double's digits are those of its result
        long fromPgEpoch = (long) Math.rint((s - PG_EPOCH_SECONDS) * 1_000_000.0);
        try {
            long micros = Math.addExact(fromPgEpoch, PG_EPOCH_SECONDS * 1_000_000L);
            if (micros != Long.MAX_VALUE) {
                return micros;
            }
        } catch (ArithmeticException e) {
            // past 64 bits of microseconds since 1970
        }
        throw new TesseraException(SqlState.DATETIME_FIELD_OVERFLOW, "timestamp out of range: \"" + formatG(s) + "\"");
    }

    /** 2000-01-01 00:00 UTC, PostgreSQL's epoch, in seconds since 1970. */
    private static final long PG_EPOCH_SECONDS = 946_684_800L;

    /** The seconds of to_timestamp(double precision), null for null; 22008 for NaN and outside PostgreSQL's range. */
    private static Double epochSeconds(Object seconds) {
        if (seconds == null) {
            return null;
        }
        double s = ((Number) seconds).doubleValue();
        if (Double.isNaN(s)) {
            throw new TesseraException(SqlState.DATETIME_FIELD_OVERFLOW, "timestamp cannot be NaN");
        }
        // PostgreSQL's range: 4714-11-24 BC (Julian day 0) to the end of 294276 AD
        if (!Double.isInfinite(s) && (s < -210_866_803_200.0 || s >= 9_224_318_016_000.0)) {
            throw new TesseraException(SqlState.DATETIME_FIELD_OVERFLOW, "timestamp out of range: \""
                    + formatG(s) + "\"");
        }
        return s;
    }

    /** C's {@code %g}: six significant digits. */
    private static String formatG(double v) {
        String g = String.format(java.util.Locale.ROOT, "%.6g", v);
        if (g.contains("e")) {
            String[] parts = g.split("e");
            String mantissa = parts[0].contains(".") ? parts[0].replaceAll("0+$", "").replaceAll("\\.$", "")
                    : parts[0];
            int exp = Integer.parseInt(parts[1]);
            return mantissa + "e" + (exp < 0 ? "-" : "+") + String.format(java.util.Locale.ROOT, "%02d", Math.abs(exp));
        }
        return g.contains(".") ? g.replaceAll("0+$", "").replaceAll("\\.$", "") : g;
    }
}
