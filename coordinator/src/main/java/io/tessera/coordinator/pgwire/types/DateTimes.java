package io.tessera.coordinator.pgwire.types;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text forms of dates and timestamps as PostgreSQL prints them with {@code DateStyle = ISO, MDY} and
 * {@code TimeZone = UTC}: {@code 2024-01-02}, {@code 2024-01-02 03:04:05.123} (fraction only when non-zero,
 * trailing zeros trimmed), years before 1 AD as {@code 0001-01-01 BC}, and {@code infinity}/{@code -infinity}
 * for the extreme values ({@link Integer#MAX_VALUE}/{@link Long#MAX_VALUE} and the minimums).
 *
 * <p>Binary forms count from PostgreSQL's epoch 2000-01-01: days for a date, microseconds for a timestamp.
 */
final class DateTimes {
    /** 2000-01-01 as days since 1970-01-01. */
    static final int PG_EPOCH_DAYS = 10957;
    /** 2000-01-01 00:00 UTC as milliseconds since 1970-01-01. */
    static final long PG_EPOCH_MILLIS = PG_EPOCH_DAYS * 86_400_000L;
    private static final long MILLIS_PER_DAY = 86_400_000L;

    private static final Pattern DATE = Pattern.compile(
            "\\s*(\\d{1,})-(\\d{1,2})-(\\d{1,2})(\\s+BC)?\\s*", Pattern.CASE_INSENSITIVE);
    private static final Pattern TIMESTAMP = Pattern.compile(
            "\\s*(\\d{1,})-(\\d{1,2})-(\\d{1,2})"
                    + "(?:(?:\\s+|T)(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d*))?)?)?"
                    + "\\s*(Z|UTC|GMT|[+-]\\d{1,2}(?::?\\d{2}(?::?\\d{2})?)?)?"
                    + "(\\s+BC)?\\s*",
            Pattern.CASE_INSENSITIVE);

    private DateTimes() {
    }

    static String formatDate(int epochDay) {
        if (epochDay == Integer.MAX_VALUE) {
            return "infinity";
        }
        if (epochDay == Integer.MIN_VALUE) {
            return "-infinity";
        }
        StringBuilder sb = new StringBuilder(16);
        LocalDate d = LocalDate.ofEpochDay(epochDay);
        appendDate(sb, d);
        if (d.getYear() <= 0) {
            sb.append(" BC");
        }
        return sb.toString();
    }

    static String formatTimestamp(long millis, boolean withZone) {
        if (millis == Long.MAX_VALUE) {
            return "infinity";
        }
        if (millis == Long.MIN_VALUE) {
            return "-infinity";
        }
        long day = Math.floorDiv(millis, MILLIS_PER_DAY);
        int ms = (int) Math.floorMod(millis, MILLIS_PER_DAY);
        LocalDate d = LocalDate.ofEpochDay(day);
        StringBuilder sb = new StringBuilder(32);
        appendDate(sb, d);
        sb.append(' ');
        int seconds = ms / 1000;
        append2(sb, seconds / 3600).append(':');
        append2(sb, seconds / 60 % 60).append(':');
        append2(sb, seconds % 60);
        int fraction = ms % 1000;
        if (fraction != 0) {
            sb.append('.');
            sb.append((char) ('0' + fraction / 100));
            if (fraction % 100 != 0) {
                sb.append((char) ('0' + fraction / 10 % 10));
                if (fraction % 10 != 0) {
                    sb.append((char) ('0' + fraction % 10));
                }
            }
        }
        if (withZone) {
            sb.append("+00");
        }
        if (d.getYear() <= 0) {
            sb.append(" BC");
        }
        return sb.toString();
    }

    private static void appendDate(StringBuilder sb, LocalDate d) {
        int year = d.getYear() > 0 ? d.getYear() : 1 - d.getYear(); // year 0 is 1 BC
        String y = Integer.toString(year);
        sb.append("0".repeat(Math.max(0, 4 - y.length()))).append(y).append('-');
        append2(sb, d.getMonthValue()).append('-');
        append2(sb, d.getDayOfMonth());
    }

    private static StringBuilder append2(StringBuilder sb, int v) {
        if (v < 10) {
            sb.append('0');
        }
        return sb.append(v);
    }

    /** Parses {@code date_in}'s ISO forms; 22007 for bad syntax, 22008 for an impossible date. */
    static int parseDate(String text) {
        String s = text.strip();
        if (s.equalsIgnoreCase("infinity") || s.equalsIgnoreCase("+infinity")) {
            return Integer.MAX_VALUE;
        }
        if (s.equalsIgnoreCase("-infinity")) {
            return Integer.MIN_VALUE;
        }
        if (s.equalsIgnoreCase("epoch")) {
            return 0;
        }
        Matcher m = DATE.matcher(text);
        if (!m.matches()) {
            // a timestamp literal is a valid date input too: the time part is dropped
            Matcher t = TIMESTAMP.matcher(text);
            if (!t.matches()) {
                throw invalid("date", text);
            }
            return (int) toDate(t, text).toEpochDay();
        }
        return (int) toDate(m, text).toEpochDay();
    }

    /**
     * Parses {@code timestamp_in}/{@code timestamptz_in}'s ISO forms to milliseconds since 1970-01-01 (UTC).
     * A zone offset is honoured for timestamptz and ignored for timestamp, as PostgreSQL does; fractions beyond
     * milliseconds are rounded.
     */
    static long parseTimestamp(String text, boolean withZone) {
        String s = text.strip();
        if (s.equalsIgnoreCase("infinity") || s.equalsIgnoreCase("+infinity")) {
            return Long.MAX_VALUE;
        }
        if (s.equalsIgnoreCase("-infinity")) {
            return Long.MIN_VALUE;
        }
        if (s.equalsIgnoreCase("epoch")) {
            return 0;
        }
        String type = withZone ? "timestamp with time zone" : "timestamp without time zone";
        Matcher m = TIMESTAMP.matcher(text);
        if (!m.matches()) {
            throw invalid(type, text);
        }
        LocalDate date = toDate(m, text);
        long millis = date.toEpochDay() * MILLIS_PER_DAY;
        if (m.group(4) != null) {
            int h = Integer.parseInt(m.group(4));
            int min = Integer.parseInt(m.group(5));
            int sec = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
            if (h > 24 || min > 59 || sec > 60 || (h == 24 && (min != 0 || sec != 0))) {
                throw outOfRange(text);
            }
            millis += ((h * 60L + min) * 60 + sec) * 1000;
            String frac = m.group(7);
            if (frac != null && !frac.isEmpty()) {
                String f = (frac + "0000").substring(0, 4); // tenths of a millisecond, for rounding
                millis += (Integer.parseInt(f) + 5) / 10;
            }
        }
        String zone = m.group(8);
        if (withZone && zone != null && zone.charAt(0) != 'Z' && zone.charAt(0) != 'z'
                && !zone.equalsIgnoreCase("UTC") && !zone.equalsIgnoreCase("GMT")) {
            String digits = zone.substring(1).replace(":", "");
            int zh;
            int zm = 0;
            int zs = 0;
            if (digits.length() <= 2) {
                zh = Integer.parseInt(digits);
            } else {
                int hl = digits.length() % 2 == 1 ? 1 : 2; // "+530" is 5:30, "+0530" is 05:30
                zh = Integer.parseInt(digits.substring(0, hl));
                zm = Integer.parseInt(digits.substring(hl, hl + 2));
                if (digits.length() >= hl + 4) {
                    zs = Integer.parseInt(digits.substring(hl + 2, hl + 4));
                }
            }
            if (zh > 15 || zm > 59 || zs > 59) {
                throw outOfRange(text);
            }
            long offset = ((zh * 60L + zm) * 60 + zs) * 1000;
            millis -= zone.charAt(0) == '-' ? -offset : offset;
        }
        return millis;
    }

    private static LocalDate toDate(Matcher m, String text) {
        try {
            int year = Integer.parseInt(m.group(1));
            boolean bc = m.group(m.groupCount()) != null;
            if (year == 0) {
                throw outOfRange(text);
            }
            return LocalDate.of(bc ? 1 - year : year, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        } catch (DateTimeException | NumberFormatException e) {
            throw outOfRange(text);
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

    /** Milliseconds since 1970 to microseconds since 2000 ({@code timestamp_send}), keeping the infinities. */
    static long toPgMicros(long millis) {
        if (millis == Long.MAX_VALUE || millis == Long.MIN_VALUE) {
            return millis;
        }
        return (millis - PG_EPOCH_MILLIS) * 1000;
    }

    static long fromPgMicros(long micros) {
        if (micros == Long.MAX_VALUE || micros == Long.MIN_VALUE) {
            return micros;
        }
        return Math.floorDiv(micros, 1000) + PG_EPOCH_MILLIS;
    }
}
