package io.tessera.executor.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tessera.common.error.TesseraException;
import org.junit.jupiter.api.Test;

/** time input and output as PostgreSQL's time_in/time_out; 26_time.sql checks the same against PostgreSQL 15. */
class TimesTest {
    @Test
    void parsesPostgresForms() {
        assertEquals((((12 * 60 + 34) * 60 + 56) * 1000 + 789) * 1000L, Times.parseMicros("12:34:56.789"));
        assertEquals((1 * 60 + 2) * 60_000_000L, Times.parseMicros("01:02"));
        assertEquals(((13 * 60 + 2) * 60 + 3) * 1_000_000L, Times.parseMicros("1:02:03 pm"));
        assertEquals(0, Times.parseMicros("12:00 am"));
        assertEquals(Times.MICROS_PER_DAY, Times.parseMicros("24:00:00"));
        assertEquals(Times.MICROS_PER_DAY, Times.parseMicros("23:59:59.9999999"));
        assertEquals(((10 * 60 + 11) * 60 + 12) * 1_000_000L, Times.parseMicros("2020-01-01 10:11:12"));
        assertEquals(((10 * 60 + 11) * 60 + 12) * 1_000_000L, Times.parseMicros("10:11:12+05"));
    }

    @Test
    void rejectsBadInputWith22007AndFieldsOutOfRangeWith22008() {
        for (String s : new String[] {"abc", "", "12", "12:ab"}) {
            TesseraException e = assertThrows(TesseraException.class, () -> Times.parseMicros(s), s);
            assertEquals("22007", e.sqlState().code(), s);
            assertEquals("invalid input syntax for type time: \"" + s + "\"", e.getMessage());
        }
        for (String s : new String[] {"25:00", "12:60", "24:00:01", "13:00 pm"}) {
            TesseraException e = assertThrows(TesseraException.class, () -> Times.parseMicros(s), s);
            assertEquals("22008", e.sqlState().code(), s);
            assertEquals("date/time field value out of range: \"" + s + "\"", e.getMessage());
        }
    }

    @Test
    void formatsWithoutTrailingZeros() {
        assertEquals("12:34:56.789", Times.formatMicros(Times.parseMicros("12:34:56.789")));
        assertEquals("07:08:09.12", Times.formatMicros(Times.parseMicros("07:08:09.120")));
        assertEquals("00:00:00", Times.formatMicros(0));
        assertEquals("24:00:00", Times.formatMicros(Times.MICROS_PER_DAY));
    }

    @Test
    void parsesAndFormatsMicroseconds() {
        long noon = 12 * 3_600_000_000L;
        assertEquals(noon + 123_456, Times.parseMicros("12:00:00.123456"));
        assertEquals(noon + 123_400, Times.parseMicros("12:00:00.1234"));
        // a 7th digit rounds half even (PostgreSQL's rint)
        assertEquals(noon, Times.parseMicros("12:00:00.0000005"));
        assertEquals(noon + 2, Times.parseMicros("12:00:00.0000015"));
        assertEquals(Times.MICROS_PER_DAY, Times.parseMicros("23:59:59.9999995"));
        assertEquals("12:00:00.123456", Times.formatMicros(noon + 123_456));
        assertEquals("12:00:00.1234", Times.formatMicros(noon + 123_400));
        assertEquals("00:00:00.000001", Times.formatMicros(1));
        assertEquals("23:59:59.999999", Times.formatMicros(Times.MICROS_PER_DAY - 1));
        assertEquals("24:00:00", Times.formatMicros(Times.MICROS_PER_DAY));
    }
}
