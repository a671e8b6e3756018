package io.tessera.common.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The one text parser of dates and timestamps; expected values are what PostgreSQL 15 prints for the same input. */
class DateTimeInputTest {
    private static long ts(String iso) {
        return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    @Test
    void timestampForms() {
        assertEquals(ts("2020-01-31T10:00:00"), DateTimeInput.parseTimestamp("2020-01-31 10:00", false));
        assertEquals(ts("2020-01-31T10:00:00"), DateTimeInput.parseTimestamp("2020-01-31T10:00:00", false));
        assertEquals(ts("2020-01-31T10:00:00"), DateTimeInput.parseTimestamp("  2020-01-31   10:00  ", false));
        assertEquals(ts("2020-01-05T01:02:03"), DateTimeInput.parseTimestamp("2020-1-5 1:2:3", false));
        assertEquals(ts("2020-01-31T00:00:00"), DateTimeInput.parseTimestamp("2020-01-31", false));
        assertEquals(ts("2020-01-01T10:01:00"), DateTimeInput.parseTimestamp("2020-01-01 10:00:60", false));
        assertEquals(ts("2020-01-02T00:00:00"), DateTimeInput.parseTimestamp("2020-01-01 24:00", false));
        // micros rounded half even, then millis half up: .1234567 → .123457 → .123
        assertEquals(ts("2020-01-01T10:00:00.123"), DateTimeInput.parseTimestamp("2020-01-01 10:00:00.1234567", false));
        assertEquals(ts("2020-01-01T10:00:00.124"), DateTimeInput.parseTimestamp("2020-01-01 10:00:00.1235", false));
        assertEquals(0, DateTimeInput.parseTimestamp("epoch", true));
        assertEquals(Long.MAX_VALUE, DateTimeInput.parseTimestamp(" Infinity ", false));
        assertEquals(Long.MIN_VALUE, DateTimeInput.parseTimestamp("-infinity", true));
        assertEquals(LocalDate.of(-2019, 1, 1).toEpochDay() * 86_400_000L,
                DateTimeInput.parseTimestamp("2020-01-01 bc", false));
    }

    @Test
    void zonesCountForTimestamptzOnly() {
        assertEquals(ts("2020-01-31T08:00:00"), DateTimeInput.parseTimestamp("2020-01-31 10:00+02", true));
        assertEquals(ts("2020-01-31T10:00:00"), DateTimeInput.parseTimestamp("2020-01-31 10:00+02", false));
        assertEquals(ts("2020-01-01T07:30:00"), DateTimeInput.parseTimestamp("2020-01-01 10:00 +02:30", true));
        assertEquals(ts("2020-01-01T12:30:00"), DateTimeInput.parseTimestamp("2020-01-01 10:00-0230", true));
        assertEquals(ts("2020-01-01T04:30:00"), DateTimeInput.parseTimestamp("2020-01-01 10:00+530", true));
        assertEquals(ts("2020-01-01T10:00:00"), DateTimeInput.parseTimestamp("2020-01-01T10:00Z", true));
        assertEquals(ts("2020-01-01T09:00:00"), DateTimeInput.parseTimestamp("2020-01-01 10:00 Europe/Paris", true));
        assertEquals(ts("2020-07-01T08:00:00"), DateTimeInput.parseTimestamp("2020-07-01 10:00 Europe/Paris", true));
        assertEquals(ts("2020-01-01T10:00:00"), DateTimeInput.parseTimestamp("2020-01-01 10:00 Europe/Paris", false));
        assertEquals(ts("2020-01-01T10:00:00"), DateTimeInput.parseTimestamp("2020-01-01 10:00:00 UTC", true));
    }

    @Test
    void dates() {
        assertEquals(LocalDate.of(2020, 1, 31).toEpochDay(), DateTimeInput.parseDate("2020-01-31"));
        assertEquals(LocalDate.of(2020, 1, 31).toEpochDay(), DateTimeInput.parseDate("2020-01-31 10:00:00+02"));
        assertEquals(0, DateTimeInput.parseDate("epoch"));
        assertEquals(Integer.MAX_VALUE, DateTimeInput.parseDate("infinity"));
        assertEquals(Integer.MIN_VALUE, DateTimeInput.parseDate("-Infinity"));
    }

    @Test
    void daysRelativeToTheCurrentOne() {
        long before = LocalDate.now(ZoneOffset.UTC).toEpochDay();
        long today = DateTimeInput.parseDate(" Today ");
        long tomorrow = DateTimeInput.parseDate("tomorrow");
        long yesterday = DateTimeInput.parseDate("YESTERDAY");
        long now = DateTimeInput.parseDate("now");
        long midnight = DateTimeInput.parseTimestampMicros("today", false);
        long after = LocalDate.now(ZoneOffset.UTC).toEpochDay();
        assertEquals(true, before <= today && today <= after, "today between the clock's reads");
        assertEquals(true, before + 1 <= tomorrow && tomorrow <= after + 1, "tomorrow");
        assertEquals(true, before - 1 <= yesterday && yesterday <= after - 1, "yesterday");
        assertEquals(true, before <= now && now <= after, "now as a date");
        assertEquals(0, midnight % 86_400_000_000L, "today as a timestamp is a midnight");
        assertEquals(true, before <= midnight / 86_400_000_000L && midnight / 86_400_000_000L <= after);
        long t0 = System.currentTimeMillis() * 1000;
        long instant = DateTimeInput.parseTimestampMicros("now", true);
        long t1 = (System.currentTimeMillis() + 1) * 1000;
        assertEquals(true, t0 <= instant && instant <= t1, "now between the clock's reads");
        assertThrows(TesseraException.class, () -> DateTimeInput.parseDate("todays"));
    }

    @Test
    void errorsCarryPostgresStates() {
        assertState(SqlState.INVALID_DATETIME_FORMAT, "invalid input syntax for type timestamp: \"x\"",
                () -> DateTimeInput.parseTimestamp("x", false));
        assertState(SqlState.INVALID_DATETIME_FORMAT,
                "invalid input syntax for type timestamp with time zone: \"2020-01-01 10\"",
                () -> DateTimeInput.parseTimestamp("2020-01-01 10", true));
        assertState(SqlState.INVALID_DATETIME_FORMAT, "invalid input syntax for type date: \"\"",
                () -> DateTimeInput.parseDate(""));
        assertState(SqlState.DATETIME_FIELD_OVERFLOW, "date/time field value out of range: \"2020-02-30 10:00\"",
                () -> DateTimeInput.parseTimestamp("2020-02-30 10:00", false));
        assertState(SqlState.DATETIME_FIELD_OVERFLOW, "date/time field value out of range: \"2020-01-01 25:00\"",
                () -> DateTimeInput.parseTimestamp("2020-01-01 25:00", false));
        assertState(SqlState.DATETIME_FIELD_OVERFLOW, "date/time field value out of range: \"0000-01-01\"",
                () -> DateTimeInput.parseDate("0000-01-01"));
        assertState(SqlState.INVALID_TIME_ZONE_DISPLACEMENT_VALUE,
                "time zone displacement out of range: \"2020-01-01 10:00+16\"",
                () -> DateTimeInput.parseTimestamp("2020-01-01 10:00+16", true));
        assertState(SqlState.INVALID_PARAMETER_VALUE, "time zone \"foo/bar\" not recognized",
                () -> DateTimeInput.parseTimestamp("2020-01-01 10:00 Foo/Bar", false));
        assertState(SqlState.DATETIME_FIELD_OVERFLOW, "timestamp out of range: \"300000-01-01\"",
                () -> DateTimeInput.parseTimestamp("300000-01-01", false));
    }

    @Test
    void timestampsInMicroseconds() {
        long noon = ts("2024-01-01T12:00:00") * 1000;
        assertEquals(noon + 123_456, DateTimeInput.parseTimestampMicros("2024-01-01 12:00:00.123456", false));
        assertEquals(noon + 123_400, DateTimeInput.parseTimestampMicros("2024-01-01 12:00:00.1234", false));
        assertEquals(noon + 1, DateTimeInput.parseTimestampMicros("2024-01-01 12:00:00.000001", false));
        // a 7th digit rounds half even, as PostgreSQL's rint: .1234565 → .123456, .1234575 → .123458
        assertEquals(noon + 123_456, DateTimeInput.parseTimestampMicros("2024-01-01 12:00:00.1234565", false));
        assertEquals(noon + 123_458, DateTimeInput.parseTimestampMicros("2024-01-01 12:00:00.1234575", false));
        assertEquals(noon + 1_000_000, DateTimeInput.parseTimestampMicros("2024-01-01 12:00:00.9999995", false));
        assertEquals(-1, DateTimeInput.parseTimestampMicros("1969-12-31 23:59:59.999999", false));
        assertEquals(noon - 2 * 3_600_000_000L + 654_321,
                DateTimeInput.parseTimestampMicros("2024-01-01 12:00:00.654321+02", true));
        assertEquals(noon + 654_321, DateTimeInput.parseTimestampMicros("2024-01-01 12:00:00.654321+02", false));
        assertEquals(ts("2024-03-10T07:30:00") * 1000,
                DateTimeInput.parseTimestampMicros("2024-03-10 02:30:00.0000005 America/New_York", true));
        assertEquals((LocalDate.of(-43, 3, 15).toEpochDay() * 86_400 + 12 * 3600) * 1_000_000 + 1,
                DateTimeInput.parseTimestampMicros("0044-03-15 12:00:00.000001 BC", false));
        assertEquals(Long.MAX_VALUE, DateTimeInput.parseTimestampMicros("infinity", true));
        assertEquals(Long.MIN_VALUE, DateTimeInput.parseTimestampMicros("-infinity", false));
        assertEquals(Long.MAX_VALUE - 1, DateTimeInput.parseTimestampMicros("294247-01-10 04:00:54.775806", false));
        // the millisecond entry point is the same value rounded half up
        assertEquals(ts("2024-01-01T12:00:00.124"), DateTimeInput.parseTimestamp("2024-01-01 12:00:00.1235", false));
    }

    @Test
    void microsecondsBeyond64BitsAreOutOfRange() {
        // PostgreSQL reaches 294276 AD (it counts from 2000); 64 bits of microseconds since 1970 stop earlier, and
        // their last value is infinity
        for (String s : new String[] {"294247-01-10 04:00:54.775807", "294276-12-31 23:59:59"}) {
            assertState(SqlState.DATETIME_FIELD_OVERFLOW, "timestamp out of range: \"" + s + "\"",
                    () -> DateTimeInput.parseTimestampMicros(s, false));
        }
    }

    private static void assertState(SqlState state, String message, Runnable r) {
        TesseraException e = assertThrows(TesseraException.class, r::run);
        assertEquals(state, e.sqlState());
        assertEquals(message, e.getMessage());
    }
}
