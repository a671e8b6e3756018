package io.tessera.executor.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tessera.common.error.TesseraException;
import org.junit.jupiter.api.Test;

/** Casts between timestamps, dates and text in microseconds; expected values are PostgreSQL 15's. */
class CastsTest {
    @Test
    void formatsTimestampsInMicroseconds() {
        long noon = java.time.LocalDateTime.parse("2024-01-01T12:00:00").toEpochSecond(java.time.ZoneOffset.UTC)
                * 1_000_000L;
        assertEquals("2024-01-01 12:00:00.123456", Casts.formatTimestampMicros(noon + 123_456, false));
        assertEquals("2024-01-01 12:00:00.00005+00", Casts.formatTimestampMicros(noon + 50, true));
        assertEquals("2024-01-01 12:00:00", Casts.formatTimestampMicros(noon, false));
        assertEquals("1969-12-31 23:59:59.999999", Casts.formatTimestampMicros(-1, false));
        assertEquals("0044-03-15 12:00:00.000001 BC", Casts.formatTimestampMicros(
                (java.time.LocalDate.of(-43, 3, 15).toEpochDay() * 86_400 + 12 * 3600) * 1_000_000 + 1, false));
        assertEquals("infinity", Casts.formatTimestampMicros(Long.MAX_VALUE, true));
        assertEquals("-infinity", Casts.formatTimestampMicros(Long.MIN_VALUE, false));
        assertEquals("2024-01-01 12:00:00.12", Casts.formatTimestamp(noon + 120_000, false));
    }

    @Test
    void datesAndTimestampsInMicroseconds() {
        int day = (int) java.time.LocalDate.parse("2024-01-01").toEpochDay();
        assertEquals(day * 86_400_000_000L, Casts.dateToTimestampMicros(day));
        assertEquals(day, Casts.timestampMicrosToDate(day * 86_400_000_000L + 86_399_999_999L));
        assertEquals(-1, Casts.timestampMicrosToDate(-1));
        assertEquals(Long.MAX_VALUE, Casts.dateToTimestampMicros(Integer.MAX_VALUE));
        assertEquals(Integer.MIN_VALUE, Casts.timestampMicrosToDate(Long.MIN_VALUE));
        assertEquals(day * 86_400_000_000L, Intervals.midnightMicros(day * 86_400_000_000L + 1));
        int far = (int) java.time.LocalDate.parse("+300000-01-01").toEpochDay();
        TesseraException e = assertThrows(TesseraException.class, () -> Casts.dateToTimestampMicros(far));
        assertEquals("22008", e.sqlState().code());
        assertEquals("date out of range for timestamp", e.getMessage());
    }
}
