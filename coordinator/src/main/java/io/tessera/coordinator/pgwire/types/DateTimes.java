package io.tessera.coordinator.pgwire.types;

import java.time.LocalDate;

/**
 * Text forms of dates and timestamps as PostgreSQL prints them with {@code DateStyle = ISO, MDY} and
 * {@code TimeZone = UTC}: {@code 2024-01-02}, {@code 2024-01-02 03:04:05.123} (fraction only when non-zero,
 * trailing zeros trimmed), years before 1 AD as {@code 0001-01-01 BC}, and {@code infinity}/{@code -infinity}
 * for the extreme values ({@link Integer#MAX_VALUE}/{@link Long#MAX_VALUE} and the minimums).
 *
 * Text input is {@link io.tessera.common.types.DateTimeInput}'s, shared with casts and literals.
 *
 * <p>Binary forms count from PostgreSQL's epoch 2000-01-01: days for a date, microseconds for a timestamp.
 */
final class DateTimes {
    /** 2000-01-01 as days since 1970-01-01. */
    static final int PG_EPOCH_DAYS = 10957;
    /** 2000-01-01 00:00 UTC as milliseconds since 1970-01-01. */
    static final long PG_EPOCH_MILLIS = PG_EPOCH_DAYS * 86_400_000L;
    private static final long MILLIS_PER_DAY = 86_400_000L;

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
