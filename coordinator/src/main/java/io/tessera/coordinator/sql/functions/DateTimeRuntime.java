package io.tessera.coordinator.sql.functions;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgInterval;
import io.tessera.executor.expr.Casts;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The code behind PostgreSQL's date/time functions that {@link IntervalFunctions} swaps in beside the interval
 * ones: {@code AT TIME ZONE} / {@code timezone(zone, x)}, {@code make_date}, {@code make_time},
 * {@code make_timestamp}, {@code make_timestamptz}, {@code isfinite}, {@code date_trunc(unit, date)} and
 * {@code date_trunc(unit, timestamptz, zone)}, {@code date_bin}. Values are the engine's (timestamps and
 * timestamptz as Long microseconds since 1970-01-01, UTC
 * for timestamptz; dates as Integer days; times as PgTime microseconds; the infinities as the types' ends). Every
 * method returns null when an argument is null (the functions are strict). The session's time zone is UTC, so a
 * timestamptz prints as its UTC wall clock and {@code timestamp → timestamptz} without a zone keeps the value.
 *
 * <p>Zone names are read as PostgreSQL's {@code timestamp_zone} reads them (datetime.c, pg_tzset): a time zone
 * abbreviation of its default set (fixed offsets such as {@code EST}, {@code CET}), a POSIX spec ({@code '+05'} and
 * {@code 'UTC+5'} are five hours <em>west</em> of Greenwich), or an IANA name, case-insensitively; else 22023
 * {@code time zone "x" not recognized}. {@code make_timestamptz}'s zone reads a leading sign as ISO 8601 instead
 * ({@code '+05'} is east), as {@code parse_sane_timezone} does. A local time a region skips (spring forward) is read
 * with the offset before the change, one it repeats (fall back) with the later (standard) offset, as PostgreSQL's
 * {@code DetermineTimeZoneOffset}. https://www.postgresql.org/docs/15/functions-datetime.html
 */
public final class DateTimeRuntime {
    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final long MICROS_PER_DAY = 86_400_000_000L;
    /** PostgreSQL's last date, 5874897-12-31, as days since 1970; its first is 4714-11-24 BC. */
    private static final int DATE_MAX_YEAR = 5_874_897;
    private static final int DATE_MIN_YEAR = -4713;

    /** The fixed-offset abbreviations of PostgreSQL's default set that this reads (pg_timezone_abbrevs). */
    private static final Map<String, ZoneId> ABBREVIATIONS = new HashMap<>();
    /** IANA names by their lower-case spelling (pg_tzset matches case-insensitively). */
    private static final Map<String, String> REGIONS = new HashMap<>();
    /** A POSIX zone without daylight rules: an optional name of 3+ letters, then hours west of Greenwich. */
    private static final Pattern POSIX =
            Pattern.compile("(?:[A-Za-z]{3,})?([+-]?)(\\d{1,2})(?::(\\d{1,2})(?::(\\d{1,2}))?)?");
    /** An ISO 8601 offset as {@code DecodeTimezone} reads it: a sign, hours, optional minutes and seconds. */
    private static final Pattern ISO = Pattern.compile("([+-])(\\d{1,2})(?::?(\\d{2}))?(?::?(\\d{2}))?");

    static {
        Object[][] fixed = {
            {"utc", 0}, {"ut", 0}, {"gmt", 0}, {"z", 0}, {"zulu", 0}, {"wet", 0}, {"west", 1}, {"bst", 1},
            {"cet", 1}, {"met", 1}, {"cest", 2}, {"mest", 2}, {"eet", 2}, {"eest", 3}, {"jst", 9}, {"kst", 9},
            {"aest", 10}, {"aedt", 11}, {"nzst", 12}, {"nzdt", 13}, {"est", -5}, {"edt", -4}, {"cst", -6},
            {"cdt", -5}, {"mst", -7}, {"mdt", -6}, {"pst", -8}, {"pdt", -7}, {"akst", -9}, {"akdt", -8},
            {"hst", -10},
        };
        for (Object[] f : fixed) {
            ABBREVIATIONS.put((String) f[0], ZoneOffset.ofHours((Integer) f[1]));
        }
        ABBREVIATIONS.put("msk", ZoneId.of("Europe/Moscow")); // a dynamic abbreviation in PostgreSQL
        for (String id : ZoneId.getAvailableZoneIds()) {
            REGIONS.put(id.toLowerCase(Locale.ROOT), id);
        }
    }

    private DateTimeRuntime() {
    }

    // ---- AT TIME ZONE

    /** {@code timezone(zone, timestamp)}, {@code timestamp AT TIME ZONE zone}: that wall clock in zone. */
    public static Long timezoneOfTimestamp(String zone, Long ts) {
        return zone == null || ts == null ? null : fromLocal(ts, zone(zone, false));
    }

    /** {@code timezone(zone, timestamptz)}: the wall clock in zone at that instant, a timestamp. */
    public static Long timezoneOfTimestamptz(String zone, Long tz) {
        return zone == null || tz == null ? null : toLocal(tz, zone(zone, false));
    }

    /** {@code timezone(zone, date)}: the date's midnight (UTC, the session's zone) as a timestamptz, then as above. */
    public static Long timezoneOfDate(String zone, Integer date) {
        return date == null ? null : timezoneOfTimestamptz(zone, Casts.dateToTimestamp(date));
    }

    /** {@code timezone(interval, timestamp)}: the timestamp read at UTC offset {@code interval}, a timestamptz. */
    public static Long intervalZoneOfTimestamp(Object zone, Long ts) {
        return zone == null || ts == null ? null : finite(ts) ? ts - offset(zone) : ts;
    }

    /** {@code timezone(interval, timestamptz)}: the wall clock at UTC offset {@code interval}, a timestamp. */
    public static Long intervalZoneOfTimestamptz(Object zone, Long tz) {
        return zone == null || tz == null ? null : finite(tz) ? tz + offset(zone) : tz;
    }

    /** An interval zone's offset east of UTC in microseconds; 22023 when it has months or days. */
    private static long offset(Object zone) {
        PgInterval iv = IntervalRuntime.intervalIn(zone);
        if (iv.months() != 0 || iv.days() != 0) {
            throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE,
                    "interval time zone \"" + iv + "\" must not include months or days");
        }
        return iv.micros();
    }

    /**
     * The zone a name denotes for {@code AT TIME ZONE} and {@code date_trunc} ({@code iso} false: a bare offset is
     * POSIX, hours west) or for {@code make_timestamptz} ({@code iso} true: a leading sign is ISO 8601, east).
     *
     * @throws TesseraException 22023 {@code time zone "name" not recognized}, and for {@code iso} PostgreSQL's
     *     errors for a leading digit and an offset beyond ±15:59:59
     */
    static ZoneId zone(String name, boolean iso) {
        if (iso && !name.isEmpty() && Character.isDigit(name.charAt(0))) {
            throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, "invalid input syntax for type numeric time"
                    + " zone: \"" + name + "\"", null,
                    "Numeric time zones must have \"-\" or \"+\" as first character.", 0, null);
        }
        Matcher m = ISO.matcher(name);
        if (iso && m.matches()) {
            int seconds = seconds(m.group(2), m.group(3), m.group(4));
            if (Integer.parseInt(m.group(2)) > 15 || seconds > 15 * 3600 + 59 * 60 + 59) {
                throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE,
                        "numeric time zone \"" + name + "\" out of range");
            }
            return ZoneOffset.ofTotalSeconds(m.group(1).equals("-") ? -seconds : seconds);
        }
        String lower = name.toLowerCase(Locale.ROOT);
        ZoneId abbreviation = ABBREVIATIONS.get(lower);
        if (abbreviation != null) {
            return abbreviation;
        }
        String region = REGIONS.get(lower);
        if (region != null) {
            return ZoneId.of(region);
        }
        Matcher posix = POSIX.matcher(name);
        if (posix.matches()) {
            int seconds = seconds(posix.group(2), posix.group(3), posix.group(4));
            if (seconds <= 24 * 3600) {
                return ZoneOffset.ofTotalSeconds(posix.group(1).equals("-") ? seconds : -seconds);
            }
        }
        throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, "time zone \"" + name + "\" not recognized");
    }

    private static int seconds(String hours, String minutes, String seconds) {
        return (Integer.parseInt(hours) * 60 + (minutes == null ? 0 : Integer.parseInt(minutes))) * 60
                + (seconds == null ? 0 : Integer.parseInt(seconds));
    }

    /** A timestamptz's wall clock in {@code zone}, as a timestamp; the infinities stay. */
    private static long toLocal(long tz, ZoneId zone) {
        if (!finite(tz)) {
            return tz;
        }
        long micros = tz;
        long second = Math.floorDiv(micros, MICROS_PER_SECOND);
        int offset = zone.getRules().getOffset(java.time.Instant.ofEpochSecond(second)).getTotalSeconds();
        return micros + offset * MICROS_PER_SECOND;
    }

    /** The instant at which {@code zone}'s wall clock shows the timestamp {@code ts}; the infinities stay. */
    private static long fromLocal(long ts, ZoneId zone) {
        if (!finite(ts)) {
            return ts;
        }
        long micros = ts;
        long second = Math.floorDiv(micros, MICROS_PER_SECOND);
        LocalDateTime local = LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC);
        long utc = ZonedDateTime.ofLocal(local, zone, null).withLaterOffsetAtOverlap().toEpochSecond();
        return micros + (utc - second) * MICROS_PER_SECOND;
    }

    // ---- make_date, make_time, make_timestamp, make_timestamptz

    /**
     * {@code make_date(year, month, day)}: a negative year is BC; 22008 {@code date field value out of range} (with
     * PostgreSQL's quirk of printing a BC year as its astronomical one, -43 for 44 BC) or {@code date out of range}.
     */
    public static Integer makeDate(Number year, Number month, Number day) {
        if (year == null || month == null || day == null) {
            return null;
        }
        int y = year.intValue();
        int proleptic = y < 0 ? y + 1 : y;
        LocalDate date = validDate(y, proleptic, month.intValue(), day.intValue(), y < 0 ? proleptic : y);
        return Math.toIntExact(date.toEpochDay());
    }

    /**
     * {@code make_time(hour, min, sec)}: a {@code PgTime} of microseconds, {@code 24:00:00} allowed; 22008
     * {@code time field value out of range: h:mm:ss}.
     */
    public static io.tessera.common.types.PgTime makeTimeMicros(Number hour, Number min, Number sec) {
        if (hour == null || min == null || sec == null) {
            return null;
        }
        return new io.tessera.common.types.PgTime(timeMicros(hour.intValue(), min.intValue(), sec.doubleValue()));
    }

    /** {@code make_timestamp(year, month, mday, hour, min, sec)}: 22008 for a field out of range, as make_date. */
    public static Long makeTimestamp(Number year, Number month, Number day, Number hour, Number min, Number sec) {
        if (year == null || month == null || day == null || hour == null || min == null || sec == null) {
            return null;
        }
        int y = year.intValue();
        LocalDate date = validDate(y, y < 0 ? y + 1 : y, month.intValue(), day.intValue(), y);
        long micros = timeMicros(hour.intValue(), min.intValue(), sec.doubleValue());
        try {
            return Math.addExact(Math.multiplyExact(date.toEpochDay(), MICROS_PER_DAY), micros);
        } catch (ArithmeticException e) {
            throw new TesseraException(SqlState.DATETIME_FIELD_OVERFLOW, "timestamp out of range: " + y + "-"
                    + two(month.intValue()) + "-" + two(day.intValue()) + " " + hour + ":" + two(min.intValue()) + ":"
                    + seconds(sec.doubleValue()));
        }
    }

    /** {@code make_timestamptz(year, month, mday, hour, min, sec)}: in the session's time zone, UTC. */
    public static Long makeTimestamptz(Number year, Number month, Number day, Number hour, Number min, Number sec) {
        return makeTimestamp(year, month, day, hour, min, sec);
    }

    /** {@code make_timestamptz(year, month, mday, hour, min, sec, zone)}: the local time in {@code zone}. */
    public static Long makeTimestamptzAt(Number year, Number month, Number day, Number hour, Number min, Number sec,
            String zone) {
        Long local = makeTimestamp(year, month, day, hour, min, sec);
        return local == null || zone == null ? null : fromLocal(local, zone(zone, true));
    }

    private static LocalDate validDate(int year, int proleptic, int month, int day, int shownYear) {
        LocalDate date;
        try {
            if (year == 0) {
                throw new DateTimeException("year 0");
            }
            date = LocalDate.of(proleptic, month, day);
        } catch (DateTimeException e) {
            throw new TesseraException(SqlState.DATETIME_FIELD_OVERFLOW, "date field value out of range: "
                    + shownYear + "-" + two(month) + "-" + two(day));
        }
        if (proleptic > DATE_MAX_YEAR || proleptic < DATE_MIN_YEAR
                || proleptic == DATE_MIN_YEAR && date.isBefore(LocalDate.of(DATE_MIN_YEAR, 11, 24))) {
            throw new TesseraException(SqlState.DATETIME_FIELD_OVERFLOW, "date out of range: "
                    + shownYear + "-" + two(month) + "-" + two(day));
        }
        return date;
    }

    /** A time of day in microseconds as PostgreSQL's {@code float_time_overflows} allows it (up to 24:00:00). */
    private static long timeMicros(int hour, int min, double sec) {
        double usecs = Math.rint(sec * MICROS_PER_SECOND);
        long micros = ((hour * 60L + min) * 60L) * MICROS_PER_SECOND + (long) usecs;
        if (hour < 0 || hour > 24 || min < 0 || min > 59 || Double.isNaN(usecs) || usecs < 0
                || usecs > 60 * MICROS_PER_SECOND || micros > MICROS_PER_DAY) {
            throw new TesseraException(SqlState.DATETIME_FIELD_OVERFLOW, "time field value out of range: "
                    + hour + ":" + two(min) + ":" + seconds(sec));
        }
        return micros;
    }

    private static String two(int n) {
        return n >= 0 && n < 10 ? "0" + n : Integer.toString(n);
    }

    /** C's {@code %02g}: six significant digits, no trailing zeros, at least two characters, zero-padded. */
    private static String seconds(double sec) {
        if (Double.isNaN(sec) || Double.isInfinite(sec)) {
            return Double.isNaN(sec) ? "nan" : sec > 0 ? "inf" : "-inf";
        }
        String s = new BigDecimal(sec).round(new MathContext(6)).stripTrailingZeros().toPlainString();
        return s.length() < 2 ? "0" + s : s;
    }

    // ---- isfinite

    /** {@code isfinite(date)}: false for ±infinity. */
    public static Boolean isfiniteDate(Integer date) {
        return date == null ? null : date != Integer.MAX_VALUE && date != Integer.MIN_VALUE;
    }

    /** {@code isfinite(timestamp)}, {@code isfinite(timestamptz)}: false for ±infinity. */
    public static Boolean isfiniteTimestamp(Long ts) {
        return ts == null ? null : finite(ts);
    }

    /** {@code isfinite(interval)}: always true (PostgreSQL 15's intervals are finite). */
    public static Boolean isfiniteInterval(Object iv) {
        return iv == null ? null : Boolean.TRUE;
    }

    // ---- date_trunc, date_bin

    /** {@code date_trunc(unit, date)}: PostgreSQL casts the date to timestamptz, so the result is a timestamptz. */
    public static Long dateTruncDate(String field, Integer date) {
        return date == null ? null : truncate(field, Casts.dateToTimestamp(date));
    }

    /**
     * {@code date_trunc(unit, timestamptz, zone)}: truncated on the wall clock of {@code zone}; units of a day and
     * above are read back in the zone at the truncated time, smaller ones keep the value's offset
     * ({@code timestamptz_trunc_internal}'s {@code redotz}).
     */
    public static Long dateTruncZone(String field, Long tz, String zone) {
        if (field == null || tz == null || zone == null) {
            return null;
        }
        if (!finite(tz)) {
            return truncate(field, tz);
        }
        ZoneId z = zone(zone, false);
        long local = toLocal(tz, z);
        long truncated = truncate(field, local);
        if (truncated == local) {
            return tz;
        }
        return truncated > truncate("day", local) ? tz - (local - truncated) : fromLocal(truncated, z);
    }

    private static long truncate(String field, long ts) {
        return IntervalRuntime.dateTruncTimestamptzMicros(field, ts);
    }

    /**
     * {@code date_bin(stride, source, origin)} of timestamps or timestamptz ({@code timestamp_bin}): the start of
     * the stride-wide bin, counted from origin, that holds source. 0A000 for a stride with months, 22008 for a
     * stride not above zero or an infinite origin; an infinite source stays.
     */
    public static Long dateBin(Object stride, Long source, Long origin) {
        if (stride == null || source == null || origin == null) {
            return null;
        }
        if (!finite(source)) {
            return source;
        }
        if (!finite(origin)) {
            throw new TesseraException(SqlState.DATETIME_FIELD_OVERFLOW, "origin out of range");
        }
        PgInterval iv = IntervalRuntime.intervalIn(stride);
        if (iv.months() != 0) {
            throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                    "timestamps cannot be binned into intervals containing months or years");
        }
        long strideMicros = iv.days() * MICROS_PER_DAY + iv.micros();
        if (strideMicros <= 0) {
            throw new TesseraException(SqlState.DATETIME_FIELD_OVERFLOW, "stride must be greater than zero");
        }
        long s = source;
        long o = origin;
        long diff = s - o;
        long modulo = diff % strideMicros;
        long delta = diff - modulo;
        if (o > s && modulo != 0) {
            delta -= strideMicros; // the bin's start even when the origin is after the source
        }
        return o + delta;
    }

    // ---- the infinities

    private static boolean finite(long ts) {
        return ts != Long.MAX_VALUE && ts != Long.MIN_VALUE;
    }
}
