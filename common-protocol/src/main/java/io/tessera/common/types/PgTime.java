package io.tessera.common.types;

/**
 * A value of PostgreSQL's {@code time} (without time zone): microseconds since
 * midnight, 0 to {@link #MICROS_PER_DAY} inclusive ({@code 24:00:00} is a time), PostgreSQL's own form
 * ({@code TimeADT}, an int64 of microseconds).
 *
 * <p>Why a class of Tessera's and not Calcite's {@code TIME}: Calcite 1.42 hard-wires {@code TIME}'s Java type to an
 * {@code int} of milliseconds, and a day of microseconds does not fit an {@code int}. A Java type of its own (Calcite's
 * OTHER, as {@link PgInterval}) makes every Calcite path that was not converted fail at planning or with a
 * {@link ClassCastException}, never read microseconds as milliseconds.
 *
 * <p>Order, equality and hash are those of the microseconds ({@code time_cmp}).
 */
public final class PgTime implements Comparable<PgTime> {
    /** Microseconds in a day: {@code 24:00:00}, the largest time. */
    public static final long MICROS_PER_DAY = 86_400_000_000L;

    private final long micros;

    public PgTime(long micros) {
        this.micros = micros;
    }

    /** Microseconds since midnight, 0 to {@link #MICROS_PER_DAY}. */
    public long micros() {
        return micros;
    }

    /**
     * The microseconds since midnight of an engine time value, a {@code PgTime} ({@code localtime} is one too: the
     * coordinator rewrites Calcite's LOCALTIME, an Integer of milliseconds).
     *
     * @throws ClassCastException for anything else
     */
    public static long toMicros(Object engineValue) {
        return ((PgTime) engineValue).micros;
    }

    @Override
    public int compareTo(PgTime o) {
        return Long.compare(micros, o.micros);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PgTime t && t.micros == micros;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(micros);
    }

    /** {@code time_out}: {@link #format} of the microseconds. */
    @Override
    public String toString() {
        return format(micros);
    }

    /**
     * {@code time_out} of {@code micros} microseconds since midnight: {@code HH:MM:SS} and the fraction (up to 6
     * digits) without trailing zeros, {@code 13:14:15.12}.
     */
    public static String format(long micros) {
        int fraction = (int) (micros % 1_000_000L);
        int s = (int) (micros / 1_000_000L);
        StringBuilder b = new StringBuilder(15);
        two(b, s / 3600).append(':');
        two(b, s / 60 % 60).append(':');
        two(b, s % 60);
        appendFraction(b, fraction);
        return b.toString();
    }

    /**
     * Appends {@code .} and the digits of {@code micros} (0 to 999,999 microseconds of a second) without trailing
     * zeros, as PostgreSQL prints a fraction of a second; nothing when it is 0.
     */
    public static void appendFraction(StringBuilder b, int micros) {
        if (micros == 0) {
            return;
        }
        b.append('.');
        int divisor = 100_000;
        int rest = micros;
        while (rest != 0) {
            b.append((char) ('0' + rest / divisor));
            rest %= divisor;
            divisor /= 10;
        }
    }

    private static StringBuilder two(StringBuilder b, int v) {
        return b.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }
}
