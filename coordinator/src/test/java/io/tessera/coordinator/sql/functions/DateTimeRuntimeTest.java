package io.tessera.coordinator.sql.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tessera.common.error.TesseraException;
import io.tessera.common.types.DateTimeInput;
import io.tessera.executor.expr.Casts;
import org.junit.jupiter.api.Test;

/**
 * DateTimeRuntime's functions, each expected value PostgreSQL 15's answer to the SQL in the comment (TimeZone UTC),
 * in the engine's default unit (milliseconds) and, where digits below a millisecond matter, in microseconds.
 */
class DateTimeRuntimeTest {
    private static long ts(String text) {
        return DateTimeInput.parseTimestampMicros(text, false);
    }

    private static String text(Long value) {
        return Casts.formatTimestampMicros(value, false);
    }

    private static String tz(Long value) {
        return Casts.formatTimestampMicros(value, true);
    }

    @Test
    void atTimeZoneReadsNamesAbbreviationsAndPosixOffsets() {
        // timestamptz '2024-07-01 12:00:00+00' at time zone 'America/New_York' | 'CET' | '+05' | 'UTC+5' | '-03:30'
        long noon = DateTimeInput.parseTimestampMicros("2024-07-01 12:00:00+00", true);
        assertEquals("2024-07-01 08:00:00", text(DateTimeRuntime.timezoneOfTimestamptz("america/NEW_york", noon)));
        assertEquals("2024-07-01 13:00:00", text(DateTimeRuntime.timezoneOfTimestamptz("CET", noon)));
        assertEquals("2024-07-01 07:00:00", text(DateTimeRuntime.timezoneOfTimestamptz("+05", noon)));
        assertEquals("2024-07-01 07:00:00", text(DateTimeRuntime.timezoneOfTimestamptz("UTC+5", noon)));
        assertEquals("2024-07-01 15:30:00", text(DateTimeRuntime.timezoneOfTimestamptz("-03:30", noon)));
        // timestamp '2024-11-03 01:30:00' at time zone 'America/New_York' (repeated: EST), '2024-03-10 02:30' (skipped)
        assertEquals("2024-11-03 06:30:00+00",
                tz(DateTimeRuntime.timezoneOfTimestamp("America/New_York", ts("2024-11-03 01:30:00"))));
        assertEquals("2024-03-10 07:30:00+00",
                tz(DateTimeRuntime.timezoneOfTimestamp("America/New_York", ts("2024-03-10 02:30:00"))));
        TesseraException e = assertThrows(TesseraException.class,
                () -> DateTimeRuntime.timezoneOfTimestamptz("Nowhere/Town", noon));
        assertEquals("time zone \"Nowhere/Town\" not recognized", e.getMessage());
        assertNull(DateTimeRuntime.timezoneOfTimestamp(null, noon));
    }

    @Test
    void intervalZoneIsAnOffsetEastOfUtc() {
        // timestamptz '2024-03-10 12:00:00+00' at time zone interval '+02:00'; timestamp ... at time zone '-02:30'
        long noon = ts("2024-03-10 12:00:00");
        assertEquals("2024-03-10 14:00:00", text(DateTimeRuntime.intervalZoneOfTimestamptz("+02:00", noon)));
        assertEquals("2024-03-10 14:30:00+00", tz(DateTimeRuntime.intervalZoneOfTimestamp("-02:30", noon)));
        TesseraException e = assertThrows(TesseraException.class,
                () -> DateTimeRuntime.intervalZoneOfTimestamp("1 day", noon));
        assertEquals("interval time zone \"1 day\" must not include months or days", e.getMessage());
    }

    @Test
    void makeFunctionsCheckTheirFieldsAsPostgresql() {
        // make_date(-44, 3, 15) is 0044-03-15 BC; make_date(-44, 2, 30) names the year -43, make_timestamp -44
        assertEquals("0044-03-15 BC", Casts.formatDate(DateTimeRuntime.makeDate(-44, 3, 15)));
        assertEquals("date field value out of range: -43-02-30",
                assertThrows(TesseraException.class, () -> DateTimeRuntime.makeDate(-44, 2, 30)).getMessage());
        assertEquals("date field value out of range: -44-02-30", assertThrows(TesseraException.class,
                () -> DateTimeRuntime.makeTimestamp(-44, 2, 30, 0, 0, 0)).getMessage());
        assertEquals("date out of range: 5874898-01-01",
                assertThrows(TesseraException.class, () -> DateTimeRuntime.makeDate(5874898, 1, 1)).getMessage());
        // make_time(24, 0, 0) is 24:00:00; make_time(12, 0, 60.5) and make_time(-1, 0, 0) are 22008
        assertEquals(86_400_000_000L, DateTimeRuntime.makeTimeMicros(24, 0, 0).micros());
        assertEquals("time field value out of range: 12:00:60.5",
                assertThrows(TesseraException.class, () -> DateTimeRuntime.makeTimeMicros(12, 0, 60.5)).getMessage());
        assertEquals("time field value out of range: -1:00:00",
                assertThrows(TesseraException.class, () -> DateTimeRuntime.makeTimeMicros(-1, 0, 0)).getMessage());
        // make_timestamptz(2023, 7, 1, 12, 0, 0, '+05') is east (ISO), 'UTC+5' west (POSIX), '5' an error
        assertEquals("2023-07-01 07:00:00+00", tz(DateTimeRuntime.makeTimestamptzAt(2023, 7, 1, 12, 0, 0, "+05")));
        assertEquals("2023-07-01 17:00:00+00", tz(DateTimeRuntime.makeTimestamptzAt(2023, 7, 1, 12, 0, 0, "UTC+5")));
        assertEquals("invalid input syntax for type numeric time zone: \"5\"", assertThrows(TesseraException.class,
                () -> DateTimeRuntime.makeTimestamptzAt(2023, 7, 1, 12, 0, 0, "5")).getMessage());
    }

    @Test
    void dateTruncInAZoneAndDateBin() {
        // date_trunc('day', timestamptz '2023-05-17 22:30:00+00', 'Asia/Tokyo') is 2023-05-17 15:00:00+00
        long t = DateTimeInput.parseTimestampMicros("2023-05-17 22:30:00+00", true);
        assertEquals("2023-05-17 15:00:00+00", tz(DateTimeRuntime.dateTruncZone("day", t, "Asia/Tokyo")));
        // date_trunc('hour', timestamptz '2024-11-03 05:30:00+00', 'America/New_York') keeps EDT: 05:00:00+00
        long repeated = DateTimeInput.parseTimestampMicros("2024-11-03 05:30:00+00", true);
        assertEquals("2024-11-03 05:00:00+00",
                tz(DateTimeRuntime.dateTruncZone("hour", repeated, "America/New_York")));
        // date_bin('15 minutes', timestamp '2020-02-11 15:44:17', timestamp '2001-01-01') is 15:30:00; an origin
        // after the source still gives the bin's start
        assertEquals("2020-02-11 15:30:00",
                text(DateTimeRuntime.dateBin("15 minutes", ts("2020-02-11 15:44:17"), ts("2001-01-01"))));
        assertEquals("2000-02-11 15:40:00",
                text(DateTimeRuntime.dateBin("10 minutes", ts("2000-02-11 15:44:17"), ts("2001-01-01"))));
        // date_bin('1 hour', timestamp '2024-01-01 10:00', timestamp '2024-01-01 12:00'): a bin's start is itself
        assertEquals("2024-01-01 10:00:00",
                text(DateTimeRuntime.dateBin("1 hour", ts("2024-01-01 10:00"), ts("2024-01-01 12:00"))));
        assertEquals("stride must be greater than zero", assertThrows(TesseraException.class,
                () -> DateTimeRuntime.dateBin("0 minutes", ts("2020-02-11 15:44:17"), ts("2001-01-01"))).getMessage());
    }

    @Test
    void microsecondsAreKept() {
        // make_timestamp(2023, 1, 2, 3, 4, 5.678901) is 2023-01-02 03:04:05.678901
        assertEquals("2023-01-02 03:04:05.678901", Casts.formatTimestampMicros(
                DateTimeRuntime.makeTimestamp(2023, 1, 2, 3, 4, 5.678901), false));
        // timestamp '2024-01-01 12:00:00.123456' at time zone 'Asia/Tokyo' is 03:00:00.123456+00
        long micros = DateTimeInput.parseTimestampMicros("2024-01-01 12:00:00.123456", false);
        assertEquals("2024-01-01 03:00:00.123456+00",
                Casts.formatTimestampMicros(DateTimeRuntime.timezoneOfTimestamp("Asia/Tokyo", micros), true));
    }
}
