package io.tessera.executor.expr;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgInterval;
import java.util.Locale;

/**
 * {@code to_char(interval, text)}: PostgreSQL 15's {@code interval_to_char} (src/backend/utils/adt/formatting.c).
 * The interval is split as {@code interval2itm} does (years and months from the months, days as they are, hours,
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
public final class IntervalFormat {
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

    private IntervalFormat() {
    }

    /**
     * The interval formatted by {@code format}; null for an empty format (PostgreSQL returns NULL then).
     *
     * @throws TesseraException 22007 for a pattern that needs a calendar date, 0A000 for the ISO week patterns
     */
    public static String format(PgInterval span, String format) {
        if (format.isEmpty()) {
            return null;
        }
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

        StringBuilder out = new StringBuilder();
        int i = 0;
        int n = format.length();
        while (i < n) {
            boolean fm = false;
            if (format.startsWith("FM", i) || format.startsWith("fm", i)) {
                fm = true;
                i += 2;
            }
            while (format.startsWith("TM", i) || format.startsWith("tm", i)) {
                i += 2; // translation mode: the names are English here either way
            }
            String key = keywordAt(format, i);
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
            String s = field(key, fm, year, mon, mday, hour, min, sec, fsec, yday);
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

    private static String field(String key, boolean fm, long year, long mon, long mday, long hour, long min,
            long sec, long fsec, long yday) {
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
                long c = year / 100;
                return c <= 99 && c >= -99 ? pad(c, fm, 2) : Long.toString(c);
            }
            case "MM":
                return pad(mon, fm, 2);
            case "RM": {
                if (mon == 0 && year == 0) {
                    return "";
                }
                int at = mon == 0 ? (year >= 0 ? 0 : 11) : mon < 0 ? (int) (-1 * (mon + 1)) : (int) (12 - mon);
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
                return Long.toString(date2j(year, mon, mday));
            case "IW":
            case "IYYY":
            case "IYY":
            case "IY":
            case "I":
            case "IDDD":
                throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                        "ISO week fields in to_char of an interval are not supported");
            default: // MONTH, MON, DAY, DY, D, ID, AD, BC, A.D., B.C., TZ, TZH, TZM, OF
                throw new TesseraException(SqlState.INVALID_DATETIME_FORMAT,
                        "invalid format specification for an interval value",
                        null, "Intervals are not tied to specific calendar dates.", 0, null);
        }
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
