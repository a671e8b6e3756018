package io.tessera.common.types;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL's text input of {@code date}, {@code timestamp} and {@code timestamptz} ({@code date_in},
 * {@code timestamp_in}, {@code timestamptz_in}, src/backend/utils/adt/datetime.c) in its ISO forms — the one parser
 * behind casts from text, typed literals ({@code timestamp '…'}), COPY and pgwire parameters.
 *
 * <p>Accepted: {@code Y-M-D} (a year of one or more digits, month and day of one or two), then optionally a time
 * after blanks or a {@code T}: {@code H:MM}, {@code H:MM:SS}, {@code H:MM:SS.fraction}; then optionally a zone —
 * {@code Z}, an offset {@code ±H}, {@code ±HH:MM}, {@code ±HHMM}, {@code ±HH:MM:SS}, or a zone name after a blank
 * ({@code UTC}, {@code GMT}, an IANA name such as {@code Europe/Paris}); then optionally {@code BC} or {@code AD}.
 * Blanks around the value are ignored. The specials {@code epoch}, {@code infinity}, {@code +infinity},
 * {@code -infinity}, {@code now}, {@code today}, {@code tomorrow} and {@code yesterday} are accepted alone. {@code timestamp} checks and then ignores a zone, as PostgreSQL does.
 *
 * <p>Values are the engine's ({@link PgType}): a date is an {@code int} of days since 1970-01-01, a timestamp a
 * {@code long} of milliseconds since 1970-01-01 00:00 (UTC for timestamptz). {@code infinity}/{@code -infinity} are
 * {@link Integer#MAX_VALUE}/{@link Integer#MIN_VALUE} for dates and {@link Long#MAX_VALUE}/{@link Long#MIN_VALUE}
 * for timestamps. The fraction is rounded to microseconds (half even, as PostgreSQL's {@code rint}) and then to
 * milliseconds (half up), the engine's unit (docs/storage-format.md); {@link #parseTimestampMicros} stops at
 * microseconds, PostgreSQL's unit and the engine's once it switches (docs/architecture.md, "Timestamps and times"). A seconds field of 60 is the next minute.
 *
 * <p>Errors, as PostgreSQL's: 22007 {@code invalid input syntax for type T: "text"} for text of another shape,
 * 22008 {@code date/time field value out of range: "text"} for a field beyond its range (month 13, 2023-02-29,
 * 25:00, year 0), 22008 {@code timestamp out of range} beyond PostgreSQL's range, 22009 {@code time zone
 * displacement out of range} for an offset beyond ±15:59:59, 22023 {@code time zone "x" not recognized}.
 */
public final class DateTimeInput {
    private static final long SECONDS_PER_DAY = 86_400L;
    /** PostgreSQL's last year of timestamps (294276 AD) and dates (5874897 AD); the first is 4713 BC. */
    private static final int TIMESTAMP_MAX_YEAR = 294_276;
    private static final int DATE_MAX_YEAR = 5_874_897;
    private static final int MIN_YEAR = -4712; // 4713 BC in proleptic years

    private static final Pattern VALUE = Pattern.compile(
            "(\\d{1,9})-(\\d{1,2})-(\\d{1,2})"
                    + "(?:(?:\\s+|[Tt]\\s*)(\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(?:\\.(\\d*))?)?)?"
                    + "(?:\\s*(?:([Zz])|([+-])(\\d{1,2})(?::?(\\d{2}))?(?::?(\\d{2}))?)"
                    + "|\\s+([A-Za-z][A-Za-z0-9_/+-]*))?"
                    + "(\\s+(?:[Bb][Cc]|[Aa][Dd]))?");

    private DateTimeInput() {
    }

    /**
     * {@code date_in}: days since 1970-01-01. A time and zone after the date are checked and dropped.
     *
     * @throws TesseraException 22007, 22008, 22009 or 22023 (see the class comment)
     */
    public static int parseDate(String text) {
        String s = text.strip();
        switch (s.toLowerCase(Locale.ROOT)) {
            case "infinity": case "+infinity": return Integer.MAX_VALUE;
            case "-infinity": return Integer.MIN_VALUE;
            case "epoch": return 0;
            default: break;
        }
        Long relative = relativeDay(s);
        if (relative != null) {
            return Math.toIntExact(relative);
        }
        Matcher m = VALUE.matcher(s);
        if (!m.matches()) {
            throw invalid("date", text);
        }
        LocalDate date = date(m, text);
        if (date.getYear() > DATE_MAX_YEAR || date.getYear() < MIN_YEAR) {
            throw new TesseraException(SqlState.DATETIME_FIELD_OVERFLOW, "date out of range: \"" + text + "\"");
        }
        timeOfDayMicros(m, text);
        zone(m, text);
        return Math.toIntExact(date.toEpochDay());
    }

    /**
     * {@code timestamp_in} ({@code withZone} false) or {@code timestamptz_in}: milliseconds since 1970-01-01 00:00,
     * UTC for timestamptz (a value without a zone is read in UTC, the session's only time zone), the engine's unit:
     * {@link #parseTimestampMicros}'s value rounded half up to milliseconds.
     *
     * @throws TesseraException 22007, 22008, 22009 or 22023 (see the class comment)
     */
    public static long parseTimestamp(String text, boolean withZone) {
        return parseTimestamp(text, withZone, false);
    }

    /**
     * {@code timestamp_in} ({@code withZone} false) or {@code timestamptz_in} in PostgreSQL's unit: microseconds
     * since 1970-01-01 00:00 (UTC for timestamptz), the fraction rounded half even to microseconds; the infinities
     * are {@link Long#MAX_VALUE} and {@link Long#MIN_VALUE}.
     *
     * @throws TesseraException 22007, 22008, 22009 or 22023 (see the class comment); 22008 {@code timestamp out of
     *     range: "text"} also for the years past 294,247 that 64 bits of microseconds since 1970 do not reach
     */
    public static long parseTimestampMicros(String text, boolean withZone) {
        return parseTimestamp(text, withZone, true);
    }

    private static long parseTimestamp(String text, boolean withZone, boolean inMicros) {
        String s = text.strip();
        switch (s.toLowerCase(Locale.ROOT)) {
            case "infinity": case "+infinity": return Long.MAX_VALUE;
            case "-infinity": return Long.MIN_VALUE;
            case "epoch": return 0;
            case "now": {
                Instant now = Instant.now();
                long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
                return inMicros ? micros : Math.floorDiv(micros, 1_000L);
            }
            default: break;
        }
        Long relative = relativeDay(s);
        if (relative != null) {
            return relative * SECONDS_PER_DAY * (inMicros ? 1_000_000L : 1_000L);
        }
        Matcher m = VALUE.matcher(s);
        if (!m.matches()) {
            throw invalid(withZone ? "timestamp with time zone" : "timestamp", text);
        }
        LocalDate date = date(m, text);
        if (date.getYear() > TIMESTAMP_MAX_YEAR || date.getYear() < MIN_YEAR) {
            throw timestampOutOfRange(text);
        }
        long micros = timeOfDayMicros(m, text);
        ZoneId zone = zone(m, text);
        long seconds = Math.floorDiv(micros, 1_000_000L);
        long fraction = micros - seconds * 1_000_000L;
        if (!withZone || zone == null || zone == ZoneOffset.UTC) {
            seconds += date.toEpochDay() * SECONDS_PER_DAY;
        } else {
            seconds = date.atStartOfDay().plusSeconds(seconds).atZone(zone).toEpochSecond();
        }
        if (!inMicros) {
            return seconds * 1000 + Math.floorDiv(fraction + 500, 1000);
        }
        long value;
        try {
            value = Math.addExact(Math.multiplyExact(seconds, 1_000_000L), fraction);
        } catch (ArithmeticException e) {
            throw timestampOutOfRange(text);
        }
        if (value == Long.MAX_VALUE) {
            throw timestampOutOfRange(text); // the last microsecond is infinity's (TimestampMicros)
        }
        return value;
    }

    /**
     * The specials naming a day relative to the current one — {@code today}, {@code tomorrow}, {@code yesterday}, and
     * {@code now} for a date — as days since 1970-01-01 of the current date in UTC (the session's time zone), read
     * from the wall clock when the text is parsed (PostgreSQL reads its transaction's start); null for other text.
     */
    private static Long relativeDay(String stripped) {
        int offset;
        switch (stripped.toLowerCase(Locale.ROOT)) {
            case "today": case "now": offset = 0; break;
            case "tomorrow": offset = 1; break;
            case "yesterday": offset = -1; break;
            default: return null;
        }
        return LocalDate.now(ZoneOffset.UTC).toEpochDay() + offset;
    }

    private static TesseraException timestampOutOfRange(String text) {
        return new TesseraException(SqlState.DATETIME_FIELD_OVERFLOW, "timestamp out of range: \"" + text + "\"");
    }

    private static LocalDate date(Matcher m, String text) {
        try {
            int year = Integer.parseInt(m.group(1));
            if (year == 0) {
                throw outOfRange(text);
            }
            String era = m.group(14);
            String name = m.group(13);
            boolean bc = era != null ? era.strip().equalsIgnoreCase("bc")
                    : name != null && name.equalsIgnoreCase("bc");
            return LocalDate.of(bc ? 1 - year : year, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        } catch (DateTimeException | NumberFormatException e) {
            throw outOfRange(text);
        }
    }

    /** The time of day in microseconds (0 without a time); 24:00:00 is allowed and 60 seconds carry. */
    private static long timeOfDayMicros(Matcher m, String text) {
        if (m.group(4) == null) {
            return 0;
        }
        int h = Integer.parseInt(m.group(4));
        int min = Integer.parseInt(m.group(5));
        int sec = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
        String frac = m.group(7);
        long fraction = frac == null || frac.isEmpty() ? 0
                : new BigDecimal("0." + frac).movePointRight(6).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
        if (h > 24 || min > 59 || sec > 60 || (h == 24 && (min > 0 || sec > 0 || fraction > 0))) {
            throw outOfRange(text);
        }
        return ((h * 60L + min) * 60L + sec) * 1_000_000L + fraction;
    }

    /** The zone written after the time, or null; a fixed offset as a {@link ZoneOffset}. */
    private static ZoneId zone(Matcher m, String text) {
        if (m.group(8) != null) {
            return ZoneOffset.UTC;
        }
        if (m.group(9) != null) {
            int h = Integer.parseInt(m.group(10));
            int min = m.group(11) == null ? 0 : Integer.parseInt(m.group(11));
            int sec = m.group(12) == null ? 0 : Integer.parseInt(m.group(12));
            if (h > 15 || min > 59 || sec > 59) {
                throw new TesseraException(SqlState.INVALID_TIME_ZONE_DISPLACEMENT_VALUE,
                        "time zone displacement out of range: \"" + text + "\"");
            }
            int total = (h * 60 + min) * 60 + sec;
            return ZoneOffset.ofTotalSeconds(m.group(9).equals("-") ? -total : total);
        }
        String name = m.group(13);
        if (name == null || name.equalsIgnoreCase("bc") || name.equalsIgnoreCase("ad")) {
            return null;
        }
        String upper = name.toUpperCase(Locale.ROOT);
        if (upper.equals("UTC") || upper.equals("GMT") || upper.equals("Z") || upper.equals("ZULU")) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(name);
        } catch (DateTimeException e) {
            throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE,
                    "time zone \"" + name.toLowerCase(Locale.ROOT) + "\" not recognized");
        }
    }

    private static TesseraException invalid(String type, String text) {
        return new TesseraException(SqlState.INVALID_DATETIME_FORMAT,
                "invalid input syntax for type " + type + ": \"" + text + "\"");
    }

    private static TesseraException outOfRange(String text) {
        return new TesseraException(SqlState.DATETIME_FIELD_OVERFLOW,
                "date/time field value out of range: \"" + text + "\"");
    }
}
