package io.tessera.coordinator.sql.functions;

import io.tessera.common.types.PgInterval;
import io.tessera.common.types.PgTime;
import io.tessera.executor.expr.Casts;
import io.tessera.executor.expr.Intervals;
import java.math.BigDecimal;

/**
 * The code behind {@link IntervalFunctions}: the operators and functions of PostgreSQL's {@code interval} on the
 * engine's values (timestamps and timestamptz as Long microseconds, date as Integer days since 1970-01-01, times as
 * {@link PgTime}, intervals as {@link PgInterval}); the methods named {@code ...Micros} are those whose millisecond
 * twins of the earlier engine are gone (their names stay, as IntervalFunctions binds them). Every method returns
 * null when an argument is null (PostgreSQL's functions are strict). Errors are {@link Intervals}'.
 */
public final class IntervalRuntime {
    private IntervalRuntime() {
    }

    /** An interval from an interval or from text ({@code interval_in}). */
    public static PgInterval intervalIn(Object v) {
        if (v == null || v instanceof PgInterval) {
            return (PgInterval) v;
        }
        return Intervals.parse(v.toString());
    }

    /** interval as text ({@code interval_out}). */
    public static String intervalText(Object v) {
        return v == null ? null : intervalIn(v).toString();
    }

    private static final long MICROS_PER_DAY = 86_400_000_000L;

    public static PgInterval intervalPlus(Object a, Object b) {
        return a == null || b == null ? null : Intervals.plus(intervalIn(a), intervalIn(b));
    }

    public static PgInterval intervalMinus(Object a, Object b) {
        return a == null || b == null ? null : Intervals.minus(intervalIn(a), intervalIn(b));
    }

    public static PgInterval intervalNegate(Object a) {
        return a == null ? null : Intervals.negate(intervalIn(a));
    }

    public static PgInterval intervalMultiply(Object a, Number factor) {
        return a == null || factor == null ? null : Intervals.multiply(intervalIn(a), factor.doubleValue());
    }

    public static PgInterval numberMultiplyInterval(Number factor, Object a) {
        return intervalMultiply(a, factor);
    }

    public static PgInterval intervalDivide(Object a, Number divisor) {
        return a == null || divisor == null ? null : Intervals.divide(intervalIn(a), divisor.doubleValue());
    }

    /** {@code interval_cmp}: negative, zero or positive; null when either is null. */
    private static Integer compare(Object a, Object b) {
        return a == null || b == null ? null : intervalIn(a).compareTo(intervalIn(b));
    }

    public static Boolean intervalEq(Object a, Object b) {
        Integer c = compare(a, b);
        return c == null ? null : c == 0;
    }

    public static Boolean intervalNe(Object a, Object b) {
        Integer c = compare(a, b);
        return c == null ? null : c != 0;
    }

    public static Boolean intervalLt(Object a, Object b) {
        Integer c = compare(a, b);
        return c == null ? null : c < 0;
    }

    public static Boolean intervalLe(Object a, Object b) {
        Integer c = compare(a, b);
        return c == null ? null : c <= 0;
    }

    public static Boolean intervalGt(Object a, Object b) {
        Integer c = compare(a, b);
        return c == null ? null : c > 0;
    }

    public static Boolean intervalGe(Object a, Object b) {
        Integer c = compare(a, b);
        return c == null ? null : c >= 0;
    }

    /** {@code to_char(interval, text)} ({@link io.tessera.executor.expr.DateTimeFormat}). */
    public static String intervalToChar(Object a, Object format) {
        return a == null || format == null ? null
                : io.tessera.executor.expr.DateTimeFormat.format(intervalIn(a), format.toString());
    }

    public static PgInterval justifyDays(Object a) {
        return a == null ? null : Intervals.justifyDays(intervalIn(a));
    }

    public static PgInterval justifyHours(Object a) {
        return a == null ? null : Intervals.justifyHours(intervalIn(a));
    }

    public static PgInterval justifyInterval(Object a) {
        return a == null ? null : Intervals.justifyInterval(intervalIn(a));
    }

    public static PgInterval dateTruncInterval(String field, Object iv) {
        return field == null || iv == null ? null : Intervals.truncate(field, intervalIn(iv));
    }

    /** {@code extract(field from interval)}: numeric. */
    public static BigDecimal intervalExtract(String field, Object iv) {
        return field == null || iv == null ? null : Intervals.extract(field, intervalIn(iv));
    }

    /** {@code date_part(field, interval)}: float8. */
    public static Double intervalDatePart(String field, Object iv) {
        BigDecimal v = intervalExtract(field, iv);
        return v == null ? null : v.doubleValue();
    }

    private static int i(Number n) {
        return n == null ? 0 : Math.toIntExact(n.longValue());
    }

    /** {@code make_interval(years, months, weeks, days, hours, mins, secs)}, all but secs integers. */
    public static PgInterval makeInterval(Number years, Number months, Number weeks, Number days, Number hours,
            Number mins, Number secs) {
        return Intervals.make(i(years), i(months), i(weeks), i(days), i(hours), i(mins),
                secs == null ? 0 : secs.doubleValue());
    }

    // ---- operators on microseconds, PostgreSQL's unit and the engine's only one (timestamps and timestamptz as Long
    // microseconds since 1970, times as PgTime microseconds since midnight, 0 to 86,400,000,000)

    /** timestamp + interval ({@code timestamp_pl_interval}) on microseconds: every microsecond of the interval kept. */
    public static Long timestampPlusMicros(Long ts, Object iv) {
        return ts == null || iv == null ? null : Intervals.plusMicros(ts, intervalIn(iv));
    }

    public static Long intervalPlusTimestampMicros(Object iv, Long ts) {
        return timestampPlusMicros(ts, iv);
    }

    /** timestamp - interval ({@code timestamp_mi_interval}) on microseconds. */
    public static Long timestampMinusMicros(Long ts, Object iv) {
        return ts == null || iv == null ? null : Intervals.minusMicros(ts, intervalIn(iv));
    }

    /**
     * date + interval on microseconds: the date's midnight plus the interval; an infinite date stays infinite.
     *
     * @throws io.tessera.common.error.TesseraException 22008 for a date past 294247 AD (beyond 64 bits of
     *     microseconds) or a sum out of range
     */
    public static Long datePlusMicros(Integer date, Object iv) {
        return date == null ? null : timestampPlusMicros(Casts.dateToTimestampMicros(date), iv);
    }

    public static Long intervalPlusDateMicros(Object iv, Integer date) {
        return datePlusMicros(date, iv);
    }

    /** date - interval on microseconds. */
    public static Long dateMinusMicros(Integer date, Object iv) {
        return date == null ? null : timestampMinusMicros(Casts.dateToTimestampMicros(date), iv);
    }

    /** time + interval ({@code time_pl_interval}) on microseconds: around the clock, days and months ignored. */
    public static PgTime timePlusMicros(PgTime time, Object iv) {
        return time == null || iv == null ? null
                : new PgTime(io.tessera.executor.expr.Times.plusInterval(time.micros(), intervalIn(iv).micros(), false));
    }

    public static PgTime intervalPlusTimeMicros(Object iv, PgTime time) {
        return timePlusMicros(time, iv);
    }

    /** time - interval ({@code time_mi_interval}) on microseconds. */
    public static PgTime timeMinusMicros(PgTime time, Object iv) {
        return time == null || iv == null ? null
                : new PgTime(io.tessera.executor.expr.Times.plusInterval(time.micros(), intervalIn(iv).micros(), true));
    }

    /**
     * date + time ({@code datetime_timestamp}) on microseconds: the day's midnight plus the time (24:00:00 is the
     * next midnight); an infinite date stays infinite.
     *
     * @throws io.tessera.common.error.TesseraException 22008 for a date past 294247 AD
     */
    public static Long datePlusTimeMicros(Integer date, PgTime time) {
        if (date == null || time == null) {
            return null;
        }
        long midnight = Casts.dateToTimestampMicros(date);
        return midnight == Long.MAX_VALUE || midnight == Long.MIN_VALUE ? midnight : midnight + time.micros();
    }

    public static Long timePlusDateMicros(PgTime time, Integer date) {
        return datePlusTimeMicros(date, time);
    }

    /** time - time ({@code time_mi_time}) on microseconds: an interval, negative when the second is later. */
    public static PgInterval timeMinusTimeMicros(PgTime a, PgTime b) {
        return a == null || b == null ? null : new PgInterval(0, 0, a.micros() - b.micros());
    }

    /** to_char(time, format) on microseconds: the time as an interval, as PostgreSQL casts it. */
    public static String timeToCharMicros(PgTime time, Object format) {
        return time == null || format == null ? null
                : io.tessera.executor.expr.DateTimeFormat.format(new PgInterval(0, 0, time.micros()), format.toString());
    }

    /**
     * {@code CAST(v AS time(precision))} under {@code engine.microseconds}: from text ({@code time_in}: 22007, 22008),
     * a time, a timestamp or timestamptz in microseconds ({@code timestamp_time}: its time of day in UTC, the session's
     * zone; NULL for the infinities, as PostgreSQL) or an interval ({@code interval_time}: its time field modulo a
     * day); then rounded to {@code precision} fraction
     * digits ({@code AdjustTimeForTypmod}; -1 or 6 for none). The validator admits only those source types.
     */
    public static PgTime timeCastMicros(Object v, Integer precision) {
        if (v == null) {
            return null;
        }
        long micros;
        if (v instanceof PgTime t) {
            micros = t.micros();
        } else if (v instanceof PgInterval iv) {
            micros = Math.floorMod(iv.micros(), MICROS_PER_DAY);
        } else if (v instanceof Long ts) {
            if (ts == Long.MAX_VALUE || ts == Long.MIN_VALUE) {
                return null;
            }
            micros = Math.floorMod(ts, MICROS_PER_DAY);
        } else {
            micros = io.tessera.executor.expr.Times.parseMicros(v.toString());
        }
        return new PgTime(precision == null || precision < 0 ? micros : PgRuntime.timeRoundMicros(micros, precision));
    }

    /** time as text ({@code time_out}) of a {@code PgTime}. */
    public static String timeText(Object v) {
        return v == null ? null : io.tessera.executor.expr.Times.formatMicros(PgTime.toMicros(v));
    }

    /** A time from a time or from text ({@code time_in}), for the comparisons. */
    private static PgTime timeIn(Object v) {
        return v == null || v instanceof PgTime ? (PgTime) v : timeCastMicros(v, -1);
    }

    private static Integer timeCompare(Object a, Object b) {
        PgTime x = timeIn(a);
        PgTime y = timeIn(b);
        return x == null || y == null ? null : x.compareTo(y);
    }

    public static Boolean timeEq(Object a, Object b) {
        Integer c = timeCompare(a, b);
        return c == null ? null : c == 0;
    }

    public static Boolean timeNe(Object a, Object b) {
        Integer c = timeCompare(a, b);
        return c == null ? null : c != 0;
    }

    public static Boolean timeLt(Object a, Object b) {
        Integer c = timeCompare(a, b);
        return c == null ? null : c < 0;
    }

    public static Boolean timeLe(Object a, Object b) {
        Integer c = timeCompare(a, b);
        return c == null ? null : c <= 0;
    }

    public static Boolean timeGt(Object a, Object b) {
        Integer c = timeCompare(a, b);
        return c == null ? null : c > 0;
    }

    public static Boolean timeGe(Object a, Object b) {
        Integer c = timeCompare(a, b);
        return c == null ? null : c >= 0;
    }

    /**
     * {@code x [NOT] BETWEEN [SYMMETRIC] low AND high} of times (or text read as times): {@code x >= low AND x <=
     * high} in SQL's three-valued logic, SYMMETRIC also with the bounds swapped, NOT the negation (NULL stays NULL).
     */
    public static Boolean timeBetween(Object x, Object low, Object high) {
        return and(timeGe(x, low), timeLe(x, high));
    }

    public static Boolean timeNotBetween(Object x, Object low, Object high) {
        Boolean in = timeBetween(x, low, high);
        return in == null ? null : !in;
    }

    public static Boolean timeBetweenSymmetric(Object x, Object low, Object high) {
        Boolean in = timeBetween(x, low, high);
        Boolean swapped = timeBetween(x, high, low);
        return Boolean.TRUE.equals(in) || Boolean.TRUE.equals(swapped) ? Boolean.TRUE
                : in == null || swapped == null ? null : Boolean.FALSE;
    }

    public static Boolean timeNotBetweenSymmetric(Object x, Object low, Object high) {
        Boolean in = timeBetweenSymmetric(x, low, high);
        return in == null ? null : !in;
    }

    private static Boolean and(Boolean a, Boolean b) {
        if (Boolean.FALSE.equals(a) || Boolean.FALSE.equals(b)) {
            return false;
        }
        return a == null || b == null ? null : true;
    }

    /** time as an interval ({@code time_interval}). */
    public static PgInterval timeIntervalMicros(PgTime time) {
        return time == null ? null : new PgInterval(0, 0, time.micros());
    }

    /**
     * {@code extract(field FROM time)} ({@code time_part_common}): microseconds, milliseconds, second, minute, hour
     * (24 for {@code 24:00:00}) and epoch, numeric; a field of dates is 0A000, an unknown one 22023.
     */
    public static BigDecimal timePartMicros(String field, PgTime time) {
        if (field == null || time == null) {
            return null;
        }
        String f = field.toLowerCase(java.util.Locale.ROOT);
        switch (f) {
            case "microseconds", "microsecond", "milliseconds", "millisecond", "second", "seconds", "minute",
                    "minutes", "hour", "hours", "epoch" -> {
                return Intervals.extract(f, new PgInterval(0, 0, time.micros()));
            }
            case "day", "days", "month", "months", "quarter", "year", "years", "decade", "decades", "century",
                    "centuries", "millennium", "millennia", "week", "dow", "doy", "isodow", "isoyear", "julian",
                    "timezone", "timezone_hour", "timezone_minute" ->
                throw new io.tessera.common.error.TesseraException(
                        io.tessera.common.error.SqlState.FEATURE_NOT_SUPPORTED,
                        "unit \"" + field + "\" not supported for type time without time zone");
            default -> throw new io.tessera.common.error.TesseraException(
                    io.tessera.common.error.SqlState.INVALID_PARAMETER_VALUE,
                    "unit \"" + field + "\" not recognized for type time without time zone");
        }
    }

    /** {@code date_part(field, time)}: float8. */
    public static Double timeDatePartMicros(String field, PgTime time) {
        BigDecimal v = timePartMicros(field, time);
        return v == null ? null : v.doubleValue();
    }

    /** timestamp - timestamp ({@code timestamp_mi}) on microseconds. */
    public static PgInterval timestampDifferenceMicros(Long a, Long b) {
        return a == null || b == null ? null : Intervals.differenceMicros(a, b);
    }

    /** {@code age(a, b)} on microseconds. */
    public static PgInterval ageMicros(Long a, Long b) {
        return a == null || b == null ? null : Intervals.ageMicros(a, b);
    }

    /** {@code date_trunc(field, timestamp)} on microseconds ({@code microseconds} keeps every digit). */
    public static Long dateTruncTimestampMicros(String field, Long ts) {
        return field == null || ts == null ? null
                : Intervals.truncateMicros(field, ts, "timestamp without time zone");
    }

    /** {@code date_trunc(field, timestamptz)} on microseconds, in UTC. */
    public static Long dateTruncTimestamptzMicros(String field, Long ts) {
        return field == null || ts == null ? null
                : Intervals.truncateMicros(field, ts, "timestamp with time zone");
    }

    /** date - date: the days between them, an integer. */
    public static Integer dateMinusDate(Integer a, Integer b) {
        return a == null || b == null ? null : Math.subtractExact(a, b);
    }

    /** date + integer: a date. */
    public static Integer datePlusDays(Integer date, Number days) {
        return date == null || days == null ? null : Math.addExact(date, Math.toIntExact(days.longValue()));
    }

    public static Integer daysPlusDate(Number days, Integer date) {
        return datePlusDays(date, days);
    }

    /** date - integer: a date. */
    public static Integer dateMinusDays(Integer date, Number days) {
        return date == null || days == null ? null : Math.subtractExact(date, Math.toIntExact(days.longValue()));
    }
}
