package io.tessera.coordinator.sql.functions;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
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
    private static final long MILLIS_PER_DAY = 86_400_000L;
    private static final int TIMESTAMP_MAX_YEAR = 294_276;
    private static final int DATE_MAX_YEAR = 5_874_897;
    private static final int MIN_YEAR = -4712;

    private FormattingRuntime() {
    }

    /** {@code to_char(timestamp, text)}: null for infinity, as PostgreSQL. */
    public static String timestampToChar(Object ts, Object format) {
        return toChar(ts, format, false);
    }

    /** {@code to_char(timestamptz, text)}, in UTC. */
    public static String timestamptzToChar(Object ts, Object format) {
        return toChar(ts, format, true);
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
        return DateTimeFormat.format(days * MILLIS_PER_DAY, true, format.toString());
    }

    private static String toChar(Object ts, Object format, boolean withTimeZone) {
        if (ts == null || format == null) {
            return null;
        }
        long millis = ((Number) ts).longValue();
        if (millis == Long.MAX_VALUE || millis == Long.MIN_VALUE) {
            return null;
        }
        return DateTimeFormat.format(millis, withTimeZone, format.toString());
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

    /** {@code to_timestamp(text, text)}: a timestamp with time zone (the input read in UTC unless TZH/OF say). */
    public static Long toTimestamp(Object text, Object format) {
        if (text == null || format == null) {
            return null;
        }
        DateTimeParse.Result r = DateTimeParse.parse(text.toString(), format.toString());
        int year = r.local().getYear();
        if (year > TIMESTAMP_MAX_YEAR || year < MIN_YEAR) {
            throw new TesseraException(SqlState.DATETIME_FIELD_OVERFLOW, "timestamp out of range");
        }
        long micros = r.local().getNano() / 1000L;
        long seconds = r.local().toEpochSecond(java.time.ZoneOffset.UTC) - r.offsetSeconds();
        // the engine holds milliseconds: rounded as the timestamptz input rounds
        return seconds * 1000L + Math.floorDiv(micros + 500, 1000);
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
     * {@code to_timestamp(double precision)}: seconds since 1970-01-01 00:00 UTC, rounded to the microsecond (then to
     * the engine's millisecond); infinities are the infinite timestamps; NaN and values out of range are 22008.
     */
    public static Long epochToTimestamp(Object seconds) {
        if (seconds == null) {
            return null;
        }
        double s = ((Number) seconds).doubleValue();
        if (Double.isNaN(s)) {
            throw new TesseraException(SqlState.DATETIME_FIELD_OVERFLOW, "timestamp cannot be NaN");
        }
        if (Double.isInfinite(s)) {
            return s > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        // PostgreSQL's range: 4714-11-24 BC (Julian day 0) to the end of 294276 AD
        if (s < -210_866_803_200.0 || s >= 9_224_318_016_000.0) {
            throw new TesseraException(SqlState.DATETIME_FIELD_OVERFLOW, "timestamp out of range: \""
                    + formatG(s) + "\"");
        }
        long micros = (long) Math.rint(s * 1_000_000.0);
        return Math.floorDiv(micros + 500, 1000);
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
