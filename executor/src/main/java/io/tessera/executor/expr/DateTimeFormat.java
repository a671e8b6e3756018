package io.tessera.executor.expr;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgInterval;
import java.util.Locale;

/**
 * {@code to_char} of a timestamp, a timestamp with time zone or an interval: PostgreSQL 15's {@code DCH_to_char}
 * (src/backend/utils/adt/formatting.c), shared by {@code timestamp_to_char}, {@code timestamptz_to_char} and
 * {@code interval_to_char}.
 *
 * <p>A timestamp is split into the proleptic Gregorian calendar's fields (year 0 is 1 BC, as PostgreSQL's
 * {@code tm_year}); a timestamp with time zone is shown in UTC (the only session time zone Tessera has), so
 * {@code TZ} is {@code UTC} and {@code TZH}/{@code TZM}/{@code OF} are zero; for a timestamp without time zone
 * {@code TZ} is empty. The ISO 8601 week fields ({@code IYYY IYY IY I IW IDDD ID}) are {@code date2isoyear},
 * {@code date2isoweek} and {@code date2isoyearday} of PostgreSQL's datetime.c.
 *
 * <p>An interval is split as {@code interval2itm} does (years and months from the months, days as they are, hours,
 * minutes, seconds and microseconds from the microseconds, each truncated toward zero, so a negative interval has
 * negative fields), and the day of the year approximates the whole span: {@code (years * 12 + months) * 30 + days}.
 *
 * <p>Patterns (https://www.postgresql.org/docs/15/functions-formatting.html): {@code HH HH12 HH24 MI SS MS US
 * FF1..FF6 SSSS SSSSS AM PM A.M. P.M. (either case) Y,YYY YYYY YYY YY Y CC MM RM rm DDD DD W WW Q J}, the {@code FM} prefix (no padding), the {@code TH}/{@code th} suffix (ordinal), {@code SP} and
 * {@code FX} (no effect here), double-quoted literal text and backslash escapes. Fields tied to calendar dates
 * (month and day names, {@code D}, {@code ID}, {@code AD}/{@code BC}, time zones) are 22007
 * {@code invalid format specification for an interval value}, as in PostgreSQL; the ISO week fields
 * ({@code IW}, {@code IYYY}, {@code IDDD}) are 0A000 here.
 */
public final class DateTimeFormat {
    private static final String[] RM_MONTHS = {"XII", "XI", "X", "IX", "VIII", "VII", "VI", "V", "IV", "III", "II",
        "I"};

    /**
     * Keywords as PostgreSQL's {@code DCH_keywords} lists them, longest first where one is a prefix of another;
     * each is matched in exactly this spelling (so {@code Month} and {@code month} differ and {@code Hh24} is text).
     */
    private static final String[] KEYWORDS = {
        "A.D.", "A.M.", "AD", "AM", "B.C.", "BC", "CC", "DAY", "DDD", "DD", "DY", "Day", "Dy", "D", "FF1", "FF2",
        "FF3", "FF4", "FF5", "FF6", "FX", "HH24", "HH12", "HH", "IDDD", "ID", "IW", "IYYY", "IYY", "IY", "I", "J",
        "MI", "MM", "MONTH", "MON", "MS", "Month", "Mon", "OF", "P.M.", "PM", "Q", "RM", "SSSSS", "SSSS", "SS",
        "TZH", "TZM", "TZ", "US", "WW", "W", "Y,YYY", "YYYY", "YYY", "YY", "Y",
        "a.d.", "a.m.", "ad", "am", "b.c.", "bc", "cc", "day", "ddd", "dd", "dy", "d", "ff1", "ff2", "ff3", "ff4",
        "ff5", "ff6", "fx", "hh24", "hh12", "hh", "iddd", "id", "iw", "iyyy", "iyy", "iy", "i", "j", "mi", "mm",
        "month", "mon", "ms", "of", "p.m.", "pm", "q", "rm", "sssss", "ssss", "ss", "tz", "us", "ww", "w", "y,yyy",
        "yyyy", "yyy", "yy", "y"};

    private static final String[] MONTHS = {"January", "February", "March", "April", "May", "June", "July",
        "August", "September", "October", "November", "December"};
    private static final String[] DAYS = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
        "Saturday"};

    /** The broken-down value PostgreSQL's {@code DCH_to_char} formats ({@code struct pg_tm} and the fraction). */
    private record Fields(boolean interval, long year, long mon, long mday, long hour, long min, long sec, long fsec,
            long yday, int wday, String tzn) {
    }

    private DateTimeFormat() {
    }

    /**
     * {@code to_char(timestamp, text)} or {@code to_char(timestamptz, text)}.
     *
     * @param epochMillis milliseconds since 1970-01-01 00:00 (UTC for a timestamp with time zone), the engine's
     *     representation of both types
     * @param withTimeZone whether the value is a timestamp with time zone ({@code TZ} prints {@code UTC})
     * @return the text, or null for an empty format (PostgreSQL returns NULL then)
     */
    public static String format(long epochMillis, boolean withTimeZone, String format) {
        return format(Math.floorDiv(epochMillis, 1000L), (int) Math.floorMod(epochMillis, 1000L) * 1000,
                withTimeZone, format);
    }

    /**
     * {@code to_char(timestamp, text)} or {@code to_char(timestamptz, text)} of a value in microseconds since
     * 1970-01-01 00:00 (UTC for a timestamp with time zone), PostgreSQL's unit: {@code US} and {@code FF4} to
     * {@code FF6} print its digits below the millisecond.
     *
     * @return the text, or null for an empty format (PostgreSQL returns NULL then)
     */
    public static String formatMicros(long epochMicros, boolean withTimeZone, String format) {
        return format(Math.floorDiv(epochMicros, 1_000_000L), (int) Math.floorMod(epochMicros, 1_000_000L),
                withTimeZone, format);
    }

    private static String format(long epochSecond, int micros, boolean withTimeZone, String format) {
        java.time.LocalDateTime t = java.time.LocalDateTime.ofEpochSecond(epochSecond, micros * 1000,
                java.time.ZoneOffset.UTC);
        return format(new Fields(false, t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getHour(),
                t.getMinute(), t.getSecond(), t.getNano() / 1000L, t.getDayOfYear(), t.getDayOfWeek().getValue() % 7,
                withTimeZone ? "UTC" : null), format);
    }

    /**
     * The interval formatted by {@code format}; null for an empty format (PostgreSQL returns NULL then).
     *
     * @throws TesseraException 22007 for a pattern that needs a calendar date, 0A000 for the ISO week patterns
     */
    public static String format(PgInterval span, String format) {
        long year = span.months() / 12;
        long mon = span.months() % 12;
        long mday = span.days();
        long time = span.micros();
        long hour = time / 3_600_000_000L;
        time -= hour * 3_600_000_000L;
        long min = time / 60_000_000L;
        time -= min * 60_000_000L;
        long sec = time / 1_000_000L;
        long fsec = time - sec * 1_000_000L;
        long yday = (year * 12 + mon) * 30 + mday;
        return format(new Fields(true, year, mon, mday, hour, min, sec, fsec, yday, 0, null), format);
    }

    private static String format(Fields f, String format) {
        if (format.isEmpty()) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        int n = format.length();
        while (i < n) {
            boolean fm = false;
            if (format.startsWith("FM", i) || format.startsWith("fm", i)) {
                fm = true;
                i += 2;
            }
            boolean tm = false;
            while (format.startsWith("TM", i) || format.startsWith("tm", i)) {
                i += 2; // translation mode: the names are English here either way, and not padded
                tm = true;
            }
            String key = keywordAt(format, i);
            if (tm && key != null && (key.equalsIgnoreCase("MONTH") || key.equalsIgnoreCase("DAY"))) {
                fm = true;
            }
            if (key == null) {
                if (fm) {
                    continue; // a lone FM prefix: PostgreSQL ignores it
                }
                char c = format.charAt(i);
                if (c == '"') {
                    i++;
                    while (i < n && format.charAt(i) != '"') {
                        if (format.charAt(i) == '\\' && i + 1 < n) {
                            i++;
                        }
                        out.append(format.charAt(i++));
                    }
                    i++;
                } else if (c == '\\' && i + 1 < n && format.charAt(i + 1) == '"') {
                    out.append('"');
                    i += 2;
                } else {
                    out.append(c);
                    i++;
                }
                continue;
            }
            i += key.length();
            String th = null;
            if (format.startsWith("TH", i) || format.startsWith("th", i)) {
                th = format.substring(i, i + 2);
                i += 2;
            }
            if (format.startsWith("SP", i) || format.startsWith("sp", i)) {
                i += 2;
            }
            String s = f.interval ? intervalField(key, fm, f) : field(key, fm, f);
            if (th != null && !s.isEmpty() && Character.isDigit(s.charAt(s.length() - 1))) {
                s = s + ordinal(s, th.equals("TH"));
            }
            out.append(s);
        }
        return out.toString();
    }

    private static String keywordAt(String format, int i) {
        for (String k : KEYWORDS) {
            if (format.startsWith(k, i)) {
                return k;
            }
        }
        return null;
    }

    /** {@code %0*d} with one more digit of width for a negative value (PostgreSQL's {@code (v >= 0) ? w : w + 1}). */
    private static String pad(long v, boolean fm, int width) {
        return fixed(v, fm, v >= 0 ? width : width + 1);
    }

    /** {@code %0*d} of a fixed width, the sign inside it, as C's printf; FM: no padding. */
    private static String fixed(long v, boolean fm, int width) {
        return fm ? Long.toString(v) : String.format(Locale.ROOT, "%0" + width + "d", v);
    }

    private static String cased(String key, String value) {
        if (key.equals(key.toUpperCase(Locale.ROOT)) && key.length() > 1) {
            return value.toUpperCase(Locale.ROOT);
        }
        if (key.equals(key.toLowerCase(Locale.ROOT))) {
            return value.toLowerCase(Locale.ROOT);
        }
        return value;
    }

    /** A field of an interval: the calendar-bound ones are errors, the ISO week ones unsupported. */
    private static String intervalField(String key, boolean fm, Fields f) {
        switch (key.toUpperCase(Locale.ROOT)) {
            case "IW", "IYYY", "IYY", "IY", "I", "IDDD":
                throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                        "ISO week fields in to_char of an interval are not supported");
            case "MONTH", "MON", "DAY", "DY", "D", "ID", "AD", "BC", "A.D.", "B.C.", "TZ", "TZH", "TZM", "OF":
                throw new TesseraException(SqlState.INVALID_DATETIME_FORMAT,
                        "invalid format specification for an interval value",
                        null, "Intervals are not tied to specific calendar dates.", 0, null);
            default:
                return field(key, fm, f);
        }
    }

    /** PostgreSQL's {@code ADJUST_YEAR}: a timestamp's year 0 and before are shown as years BC, counted from 1. */
    private static long adjustYear(Fields f) {
        return f.interval || f.year > 0 ? f.year : -(f.year - 1);
    }

    private static String field(String key, boolean fm, Fields f) {
        long year = adjustYear(f);
        long mon = f.mon;
        long mday = f.mday;
        long hour = f.hour;
        long min = f.min;
        long sec = f.sec;
        long fsec = f.fsec;
        long yday = f.yday;
        String upper = key.toUpperCase(Locale.ROOT);
        switch (upper) {
            case "HH24":
                return pad(hour, fm, 2);
            case "HH":
            case "HH12":
                return pad(hour % 12 == 0 ? 12 : hour % 12, fm, 2);
            case "MI":
                return pad(min, fm, 2);
            case "SS":
                return pad(sec, fm, 2);
            case "FF1":
                return String.format(Locale.ROOT, "%01d", fsec / 100_000);
            case "FF2":
                return String.format(Locale.ROOT, "%02d", fsec / 10_000);
            case "FF3":
            case "MS":
                return String.format(Locale.ROOT, "%03d", fsec / 1_000);
            case "FF4":
                return String.format(Locale.ROOT, "%04d", fsec / 100);
            case "FF5":
                return String.format(Locale.ROOT, "%05d", fsec / 10);
            case "FF6":
            case "US":
                return String.format(Locale.ROOT, "%06d", fsec);
            case "SSSS":
            case "SSSSS":
                return Long.toString(hour * 3600 + min * 60 + sec);
            case "AM":
            case "PM":
                return cased(key, hour % 24 >= 12 ? "PM" : "AM");
            case "A.M.":
            case "P.M.":
                return cased(key, hour % 24 >= 12 ? "P.M." : "A.M.");
            case "FX":
                return "";
            case "Y,YYY": {
                long thousands = year / 1000;
                return String.format(Locale.ROOT, "%d,%03d", thousands, year - thousands * 1000);
            }
            case "YYYY":
                return pad(year, fm, 4);
            case "YYY":
            case "YY":
            case "Y": {
                int digits = upper.length();
                String s = pad(year, fm, digits);
                return s.length() > digits ? s.substring(s.length() - digits) : s;
            }
            case "CC": {
                // century 21 is 2001 - 2100; century 6 BC is 600 BC - 501 BC
                long c = f.interval ? f.year / 100 : f.year > 0 ? (f.year - 1) / 100 + 1 : f.year / 100 - 1;
                return c <= 99 && c >= -99 ? pad(c, fm, 2) : Long.toString(c);
            }
            case "MM":
                return pad(mon, fm, 2);
            case "RM": {
                if (mon == 0 && f.year == 0) {
                    return "";
                }
                int at = mon == 0 ? (f.year >= 0 ? 0 : 11) : mon < 0 ? (int) (-1 * (mon + 1)) : (int) (12 - mon);
                String r = key.equals("rm") ? RM_MONTHS[at].toLowerCase(Locale.ROOT) : RM_MONTHS[at];
                return fm ? r : String.format(Locale.ROOT, "%-4s", r);
            }
            case "DDD":
                return fixed(yday, fm, 3);
            case "DD":
                return fixed(mday, fm, 2);
            case "W":
                return Long.toString((mday - 1) / 7 + 1);
            case "WW":
                return fixed((yday - 1) / 7 + 1, fm, 2);
            case "Q":
                return mon == 0 ? "" : Long.toString((mon - 1) / 3 + 1);
            case "J":
                return Long.toString(date2j(f.year, mon, mday));
            case "IYYY":
            case "IYY":
            case "IY":
            case "I": {
                long iso = isoYear(f.year, mon, mday);
                long shown = iso > 0 ? iso : -(iso - 1);
                int digits = upper.length() == 4 ? 4 : upper.length();
                String s = pad(shown, fm, digits);
                return digits < 4 && s.length() > digits ? s.substring(s.length() - digits) : s;
            }
            case "IW":
                return fixed(isoWeek(f.year, mon, mday), fm, 2);
            case "IDDD":
                return fixed(date2j(f.year, mon, mday) - isoWeekStart(isoYear(f.year, mon, mday)) + 1, fm, 3);
            case "ID":
                return Integer.toString(f.wday == 0 ? 7 : f.wday);
            case "D":
                return Integer.toString(f.wday + 1);
            case "MONTH":
                return name(key, MONTHS[(int) mon - 1], fm, 9);
            case "MON":
                return name(key, MONTHS[(int) mon - 1].substring(0, 3), true, 0);
            case "DAY":
                return name(key, DAYS[f.wday], fm, 9);
            case "DY":
                return name(key, DAYS[f.wday].substring(0, 3), true, 0);
            case "AD":
            case "BC":
                return cased(key, f.year <= 0 ? "BC" : "AD");
            case "A.D.":
            case "B.C.":
                return cased(key, f.year <= 0 ? "B.C." : "A.D.");
            case "TZ":
                return f.tzn == null ? "" : cased(key, f.tzn);
            case "TZH":
                return "+00";
            case "TZM":
                return "00";
            case "OF":
                return fm ? "+0" : "+00";
            default:
                throw new IllegalStateException("unhandled to_char keyword " + key);
        }
    }

    /**
     * A month or day name as the keyword's spelling cases it ({@code MONTH} upper, {@code Month} as is,
     * {@code month} lower), left-justified to {@code width} unless FM.
     */
    private static String name(String key, String value, boolean fm, int width) {
        String cased = key.equals(key.toUpperCase(Locale.ROOT)) ? value.toUpperCase(Locale.ROOT)
                : key.equals(key.toLowerCase(Locale.ROOT)) ? value.toLowerCase(Locale.ROOT) : value;
        return fm ? cased : String.format(Locale.ROOT, "%-" + width + "s", cased);
    }

    /** PostgreSQL's {@code j2day}: 0 for Sunday. */
    private static long j2day(long julian) {
        return Math.floorMod(julian + 1, 7L);
    }

    /** PostgreSQL's {@code isoweek2j(year, 1)}: the Julian day of the Monday of ISO week 1 of {@code isoYear}. */
    private static long isoWeekStart(long isoYear) {
        long day4 = date2j(isoYear, 1, 4);
        return day4 - (j2day(day4 - 1));
    }

    /** PostgreSQL's {@code date2isoyear}. */
    private static long isoYear(long year, long mon, long mday) {
        long dayn = date2j(year, mon, mday);
        if (dayn < isoWeekStart(year)) {
            return year - 1;
        }
        return dayn >= isoWeekStart(year + 1) ? year + 1 : year;
    }

    /** PostgreSQL's {@code date2isoweek}. */
    private static long isoWeek(long year, long mon, long mday) {
        return (date2j(year, mon, mday) - isoWeekStart(isoYear(year, mon, mday))) / 7 + 1;
    }

    /** PostgreSQL's {@code date2j} (src/backend/utils/adt/datetime.c), with C's truncating division. */
    private static long date2j(long year, long month, long day) {
        if (month > 2) {
            month += 1;
            year += 4800;
        } else {
            month += 13;
            year += 4799;
        }
        long century = year / 100;
        long julian = year * 365 - 32167;
        julian += year / 4 - century + century / 4;
        julian += 7834 * month / 256 + day;
        return julian;
    }

    /** {@code str_numth}: st, nd, rd or th after the number's last digits (11, 12 and 13 take th). */
    private static String ordinal(String number, boolean upper) {
        int last = number.charAt(number.length() - 1) - '0';
        boolean teen = number.length() > 1 && number.charAt(number.length() - 2) == '1';
        String s = teen ? "th" : switch (last) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return upper ? s.toUpperCase(Locale.ROOT) : s;
    }
}
