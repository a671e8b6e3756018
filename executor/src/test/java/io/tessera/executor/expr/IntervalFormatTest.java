package io.tessera.executor.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code to_char(interval, fmt)}; the expected texts are PostgreSQL 15's answers to the same calls (checked on the
 * reference server; 29_interval_aggregates.sql runs such calls through SQL against it).
 */
class IntervalFormatTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
        "1 mon 2 days 03:04:05.5|HH24:MI:SS.MS|03:04:05.500",
        "-3 days -04:05:06|HH24:MI:SS.MS|-04:-05:-06.000",
        "2 years 11 mons 15:00:00.000123|HH24:MI:SS.MS|15:00:00.000",
        "1 mon 2 days 03:04:05.5|DD \"days\" HH12 AM SSSS US|02 days 03 AM 11045 500000",
        "-3 days -04:05:06|DD \"days\" HH12 AM SSSS US|-3 days -04 AM -14706 000000",
        "2 years 11 mons 15:00:00.000123|DD \"days\" HH12 AM SSSS US|00 days 03 PM 54000 000123",
        "1 mon 2 days 03:04:05.5|YYYY-MM FMDD Q DDD WW|0000-01 2 1 032 05",
        "-3 days -04:05:06|YYYY-MM FMDD Q DDD WW|0000-00 -3  -03 01",
        "2 years 11 mons 15:00:00.000123|YYYY-MM FMDD Q DDD WW|0002-11 0 4 1050 150",
        "1 mon 2 days 03:04:05.5|HH12th pm|03rd am",
        "-3 days -04:05:06|HH12th pm|-04th am",
        "2 years 11 mons 15:00:00.000123|HH12th pm|03rd pm",
        "1 mon 2 days 03:04:05.5|YYYY Y,YYY YY CC MM RM|0000 0,000 00 00 01 I   ",
        "-3 days -04:05:06|YYYY Y,YYY YY CC MM RM|0000 0,000 00 00 00 ",
        "2 years 11 mons 15:00:00.000123|YYYY Y,YYY YY CC MM RM|0002 0,002 02 00 11 XI  ",
        "1 mon 2 days 03:04:05.5|FF1 FF2 FF3 FF4 FF5 FF6|5 50 500 5000 50000 500000",
        "2 years 11 mons 15:00:00.000123|FF1 FF2 FF3 FF4 FF5 FF6|0 00 000 0001 00012 000123",
    })
    void formatsAsPostgres(String interval, String format, String expected) {
        assertEquals(expected, IntervalFormat.format(Intervals.parse(interval), format));
    }

    @Test
    void emptyFormatIsNull() {
        assertNull(IntervalFormat.format(Intervals.parse("1 day"), ""));
    }

    @Test
    void calendarPatternsAreInvalidForIntervals() {
        for (String f : new String[] {"Month", "mon", "Day", "D", "AD", "TZ"}) {
            TesseraException e = assertThrows(TesseraException.class,
                    () -> IntervalFormat.format(Intervals.parse("1 mon"), f), f);
            assertEquals(SqlState.INVALID_DATETIME_FORMAT, e.sqlState(), f);
            assertEquals("invalid format specification for an interval value", e.getMessage(), f);
        }
    }
}
