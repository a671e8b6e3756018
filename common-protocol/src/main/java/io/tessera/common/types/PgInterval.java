package io.tessera.common.types;

/**
 * A value of PostgreSQL's {@code interval}: months (int32), days (int32) and microseconds (int64), the three fields
 * of PostgreSQL's {@code Interval} struct (src/include/datatype/timestamp.h), kept apart because a month and a day
 * have no fixed length in calendar arithmetic ({@code '2020-01-31' + '1 mon'} is {@code 2020-02-29}).
 *
 * <p>Equality, order and hash follow PostgreSQL's {@code interval_cmp}, which compares the span with 30-day months
 * and 24-hour days: {@code '1 mon'} equals {@code '30 days'} and {@code '1 day'} equals {@code '24 hours'} (and they
 * hash alike, as {@code interval_hash} does), while the fields themselves stay as written.
 */
public final class PgInterval implements Comparable<PgInterval> {
    /** Microseconds in a day. */
    public static final long MICROS_PER_DAY = 86_400_000_000L;
    /** The zero interval, {@code 00:00:00}. */
    public static final PgInterval ZERO = new PgInterval(0, 0, 0);

    private final int months;
    private final int days;
    private final long micros;

    public PgInterval(int months, int days, long micros) {
        this.months = months;
        this.days = days;
        this.micros = micros;
    }

    public int months() {
        return months;
    }

    public int days() {
        return days;
    }

    public long micros() {
        return micros;
    }

    /**
     * Whole days of the span with 30-day months and 24-hour days, rounded toward -∞ (the high part of
     * {@code interval_cmp_value}, src/backend/utils/adt/timestamp.c); with {@link #spanMicros} it orders and equates
     * intervals as {@code interval_cmp}.
     */
    public long spanDays() {
        return months * 30L + days + Math.floorDiv(micros, MICROS_PER_DAY);
    }

    /** Microseconds of the span past {@link #spanDays}, 0 to {@link #MICROS_PER_DAY} − 1. */
    public long spanMicros() {
        return Math.floorMod(micros, MICROS_PER_DAY);
    }

    @Override
    public int compareTo(PgInterval o) {
        int c = Long.compare(spanDays(), o.spanDays());
        return c != 0 ? c : Long.compare(spanMicros(), o.spanMicros());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PgInterval i && compareTo(i) == 0;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(spanDays()) * 31 + Long.hashCode(spanMicros());
    }

    /**
     * {@code interval_out} in PostgreSQL's default IntervalStyle {@code postgres} (EncodeInterval, INTSTYLE_POSTGRES):
     * {@code 1 year 2 mons 3 days 04:05:06.5}, {@code -1 days +02:00:00}, {@code 00:00:00}.
     */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(32);
        boolean[] zeroBefore = {true, false}; // is_zero, is_before
        part(b, months / 12, "year", zeroBefore);
        part(b, months % 12, "mon", zeroBefore);
        part(b, days, "day", zeroBefore);
        long hour = micros / 3_600_000_000L;
        long rest = micros - hour * 3_600_000_000L;
        long min = rest / 60_000_000L;
        rest -= min * 60_000_000L;
        long sec = rest / 1_000_000L;
        long fsec = rest - sec * 1_000_000L;
        if (zeroBefore[0] || micros != 0) {
            boolean minus = hour < 0 || min < 0 || sec < 0 || fsec < 0;
            b.append(zeroBefore[0] ? "" : " ").append(minus ? "-" : zeroBefore[1] ? "+" : "");
            two(b, Math.abs(hour)).append(':');
            two(b, Math.abs(min)).append(':');
            two(b, Math.abs(sec));
            if (fsec != 0) {
                String f = Long.toString(1_000_000L + Math.abs(fsec)).substring(1);
                int end = f.length();
                while (f.charAt(end - 1) == '0') {
                    end--;
                }
                b.append('.').append(f, 0, end);
            }
        }
        return b.toString();
    }

    private static void part(StringBuilder b, long value, String unit, boolean[] zeroBefore) {
        if (value == 0) {
            return;
        }
        b.append(zeroBefore[0] ? "" : " ").append(zeroBefore[1] && value > 0 ? "+" : "").append(value).append(' ')
                .append(unit).append(value != 1 ? "s" : "");
        zeroBefore[1] = value < 0; // each non-zero field sets is_before for the next one only
        zeroBefore[0] = false;
    }

    private static StringBuilder two(StringBuilder b, long v) {
        return v < 10 ? b.append('0').append(v) : b.append(v);
    }
}
