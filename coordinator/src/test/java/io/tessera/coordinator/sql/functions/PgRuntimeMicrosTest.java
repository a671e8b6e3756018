package io.tessera.coordinator.sql.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tessera.common.types.DateTimeInput;
import io.tessera.executor.expr.Casts;
import io.tessera.executor.expr.Times;
import java.math.BigDecimal;
import org.apache.calcite.avatica.util.TimeUnitRange;
import org.junit.jupiter.api.Test;

/** PgRuntime's date/time functions on microseconds, each expected value PostgreSQL 15's answer to the same SQL. */
class PgRuntimeMicrosTest {
    private static long ts(String text) {
        return DateTimeInput.parseTimestampMicros(text, false);
    }

    private static String text(long micros) {
        return Casts.formatTimestampMicros(micros, false);
    }

    @Test
    void timestampTypmodRoundsHalvesAwayFromPostgresEpoch() {
        // '2024-01-01 12:00:00.5555555'::timestamp(4|5|0)
        long v = PgRuntime.timestampFromTextMicros("2024-01-01 12:00:00.5555555");
        assertEquals("2024-01-01 12:00:00.5556", text(PgRuntime.timestampRoundMicros(v, 4)));
        assertEquals("2024-01-01 12:00:00.55556", text(PgRuntime.timestampRoundMicros(v, 5)));
        assertEquals("2024-01-01 12:00:01", text(PgRuntime.timestampRoundMicros(v, 0)));
        assertEquals("2024-01-01 12:00:00.555556", text(PgRuntime.timestampRoundMicros(v, 6)));
        // before 2000 a half rounds toward the past: PostgreSQL counts from 2000-01-01
        assertEquals("1969-12-31 23:59:59.99999", text(PgRuntime.timestampRoundMicros(ts("1969-12-31 23:59:59.999995"), 5)));
        assertEquals("1969-12-31 23:59:59", text(PgRuntime.timestampRoundMicros(ts("1969-12-31 23:59:59.5"), 0)));
        assertEquals("1969-12-31 23:59:59.4", text(PgRuntime.timestampRoundMicros(ts("1969-12-31 23:59:59.45"), 1)));
        assertEquals("1970-01-01 00:00:00", text(PgRuntime.timestampRoundMicros(ts("1969-12-31 23:59:59.999999"), 2)));
        assertEquals("1990-01-01 00:00:00", text(PgRuntime.timestampRoundMicros(ts("1990-01-01 00:00:00.5"), 0)));
        assertEquals("1990-01-01 00:00:00.5", text(PgRuntime.timestampRoundMicros(ts("1990-01-01 00:00:00.55"), 1)));
        assertEquals("1990-01-01 00:00:00", text(PgRuntime.timestampRoundMicros(ts("1990-01-01 00:00:00.000005"), 5)));
        assertEquals("2010-01-01 00:00:01", text(PgRuntime.timestampRoundMicros(ts("2010-01-01 00:00:00.5"), 0)));
        assertEquals(Long.MAX_VALUE, PgRuntime.timestampRoundMicros(Long.MAX_VALUE, 0));
    }

    @Test
    void timeTypmodRoundsHalvesUpToMidnight() {
        long v = PgRuntime.timeFromTextMicros("12:00:00.5555555");
        assertEquals("12:00:01", Times.formatMicros(PgRuntime.timeRoundMicros(v, 0)));
        assertEquals("12:00:00.5556", Times.formatMicros(PgRuntime.timeRoundMicros(v, 4)));
        assertEquals("24:00:00", PgRuntime.timeTextMicros(PgRuntime.timeFromTextMicros("23:59:59.9999995")));
        assertEquals("24:00:00", PgRuntime.timeTextMicros(PgRuntime.timeRoundMicros(Times.parseMicros("23:59:59.99995"), 4)));
        assertEquals("24:00:00", PgRuntime.timeTextMicros(PgRuntime.timeRoundMicros(Times.parseMicros("23:59:59.5"), 0)));
    }

    @Test
    void castsKeepMicroseconds() {
        long v = ts("2024-01-01 12:00:07.123456");
        assertEquals("2024-01-01 12:00:07.123456", PgRuntime.timestampTextMicros(v));
        assertEquals("2024-01-01 12:00:07.123456+00", PgRuntime.timestamptzTextMicros(v));
        assertEquals("12:00:07.123456", PgRuntime.timeTextMicros(PgRuntime.timestampTimeMicros(v)));
        assertEquals("23:59:59.999999", PgRuntime.timeTextMicros(PgRuntime.timestampTimeMicros(ts("1969-12-31 23:59:59.999999"))));
        assertEquals("1969-12-31", Casts.formatDate(PgRuntime.timestampDateMicros(ts("1969-12-31 23:59:59.999999"))));
        assertEquals("1969-12-31 00:00:00", text(PgRuntime.dateTimestampMicros(-1)));
        assertNull(PgRuntime.timestampTimeMicros(Long.MAX_VALUE)); // 'infinity'::timestamp::time is NULL
        assertEquals(PgRuntime.timestamptzFromTextMicros("2024-01-01 12:00:00.654321+00") - 9_000_000_000L,
                PgRuntime.timestamptzFromTextMicros("2024-01-01 12:00:00.654321+02:30"));
    }

    @Test
    void extractKeepsMicroseconds() {
        long v = ts("1969-12-31 23:59:59.999999");
        assertEquals(new BigDecimal("-0.000001"), PgRuntime.extractEpochMicros(v));
        assertEquals(new BigDecimal("59.999999"), PgRuntime.extractSecondMicros(v));
        assertEquals(new BigDecimal("59999.999"), PgRuntime.extractMillisecondsMicros(v));
        assertEquals(new BigDecimal("59999999"), PgRuntime.extractMicrosecondsMicros(v));
        assertEquals(new BigDecimal("1704110407.123456"), PgRuntime.extractEpochMicros(ts("2024-01-01 12:00:07.123456")));
        assertEquals(new BigDecimal("-315619199.999999"), PgRuntime.extractEpochMicros(ts("1960-01-01 00:00:00.000001")));
        assertEquals(new BigDecimal("0.000001"), PgRuntime.extractSecondMicros(ts("1960-01-01 00:00:00.000001")));
        assertEquals(new BigDecimal("7.000000"), PgRuntime.extractSecondMicros(ts("2024-01-01 12:00:07")));
        long time = Times.parseMicros("12:00:07.000009");
        assertEquals(new BigDecimal("7.000009"), PgRuntime.extractSecondMicros(time));
        assertEquals(new BigDecimal("7000009"), PgRuntime.extractMicrosecondsMicros(time));
        assertEquals(new BigDecimal("43207.000009"), PgRuntime.extractEpochMicros(time));
        assertEquals(12, PgRuntime.extractFieldMicros(TimeUnitRange.HOUR, ts("2024-01-01 12:59:59.999999")));
        assertEquals(59, PgRuntime.extractFieldMicros(TimeUnitRange.MINUTE, v));
        assertEquals(1969, PgRuntime.extractFieldMicros(TimeUnitRange.YEAR, v));
        // Calcite's day of week (Sunday 1), which PgRuntime.dow makes PostgreSQL's 0
        assertEquals(1, PgRuntime.extractFieldMicros(TimeUnitRange.DOW, ts("2024-01-07 00:00:00.000001")));
    }

    @Test
    void floorIsDateTruncAndCeilTheNextBoundary() {
        assertEquals("1969-12-31 23:59:59", text(PgRuntime.floorMicros(TimeUnitRange.SECOND, ts("1969-12-31 23:59:59.999999"))));
        assertEquals("1969-12-31 23:59:59.999", text(PgRuntime.floorMicros(TimeUnitRange.MILLISECOND, ts("1969-12-31 23:59:59.999999"))));
        assertEquals("2024-02-01 00:00:00", text(PgRuntime.floorMicros(TimeUnitRange.MONTH, ts("2024-02-29 23:59:59.999999"))));
        assertEquals("2024-01-02 00:00:00", text(PgRuntime.ceilMicros(TimeUnitRange.DAY, ts("2024-01-01 12:00:07.123456"))));
        assertEquals("2024-01-01 12:00:08", text(PgRuntime.ceilMicros(TimeUnitRange.SECOND, ts("2024-01-01 12:00:07.000001"))));
        assertEquals("2024-01-01 12:00:07.124", text(PgRuntime.ceilMicros(TimeUnitRange.MILLISECOND, ts("2024-01-01 12:00:07.123456"))));
        assertEquals("2024-01-01 00:00:00", text(PgRuntime.ceilMicros(TimeUnitRange.DAY, ts("2024-01-01 00:00:00"))));
        assertEquals("1970-01-01 00:00:00", text(PgRuntime.ceilMicros(TimeUnitRange.DAY, ts("1969-12-31 23:59:59.999999"))));
        assertEquals("2024-03-01 00:00:00", text(PgRuntime.ceilMicros(TimeUnitRange.MONTH, ts("2024-02-29 23:59:59.999999"))));
    }

    @Test
    void nowHasMicroseconds() {
        assertEquals(ts("2024-01-01 12:00:07.123456"),
                PgRuntime.epochMicros(java.time.Instant.parse("2024-01-01T12:00:07.123456789Z")));
        assertEquals(-1, PgRuntime.epochMicros(java.time.Instant.parse("1969-12-31T23:59:59.999999Z")));
    }
}
