package io.tessera.coordinator.sql;

import org.apache.calcite.util.TimeString;
import org.apache.calcite.util.TimestampString;

/**
 * Calcite's date/time literal values in PostgreSQL's unit, microseconds, exactly. A {@link TimestampString} or
 * {@link TimeString} keeps up to nine fraction digits, but its {@code getMillisSinceEpoch}/{@code getMillisOfDay}
 * (what {@code RexLiteral.getValueAs(Long.class)} and Calcite's generated code read) drop all but three; these
 * read and make them with six, so a literal of {@code timestamp '2024-01-01 12:00:00.123456'} keeps its
 * microseconds through planning and into a fragment. Digits past the sixth are not kept: Tessera's input
 * functions have rounded them already ({@code DateTimeInput.parseTimestampMicros}, {@code Times.parseMicros}).
 */
public final class LiteralMicros {
    private LiteralMicros() {
    }

    /** A timestamp literal's value in microseconds since 1970-01-01 00:00, its 7th and later digits truncated. */
    public static long of(TimestampString t) {
        long second = Math.floorDiv(t.getMillisSinceEpoch(), 1000L);
        return second * 1_000_000L + fractionMicros(t.toString());
    }

    /** A time literal's value in microseconds since midnight, its 7th and later digits truncated. */
    public static long of(TimeString t) {
        long second = Math.floorDiv(t.getMillisOfDay(), 1000);
        return second * 1_000_000L + fractionMicros(t.toString());
    }

    /** The timestamp literal of {@code micros} microseconds since 1970 (years 1 to 9999: Calcite's range). */
    public static TimestampString timestamp(long micros) {
        return TimestampString.fromMillisSinceEpoch(Math.floorDiv(micros, 1_000_000L) * 1000L)
                .withNanos((int) Math.floorMod(micros, 1_000_000L) * 1000);
    }

    /** The time literal of {@code micros} microseconds since midnight (less than a day). */
    public static TimeString time(long micros) {
        return TimeString.fromMillisOfDay((int) (micros / 1_000_000L * 1000L))
                .withNanos((int) (micros % 1_000_000L) * 1000);
    }

    /** The fraction digits after the last {@code .} of a literal's text as microseconds (0 without a fraction). */
    private static int fractionMicros(String text) {
        int dot = text.lastIndexOf('.');
        if (dot < 0) {
            return 0;
        }
        int micros = 0;
        for (int i = 1; i <= 6; i++) {
            int p = dot + i;
            micros = micros * 10 + (p < text.length() ? text.charAt(p) - '0' : 0);
        }
        return micros;
    }
}
