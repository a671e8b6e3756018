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
 * {@code to_char} of timestamps and intervals; the expected texts are PostgreSQL 15's answers to the same calls (checked on the
 * reference server; 29_interval_aggregates.sql runs such calls through SQL against it).
 */
class DateTimeFormatTest {
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
        assertEquals(expected, DateTimeFormat.format(Intervals.parse(interval), format));
    }

    @Test
    void emptyFormatIsNull() {
        assertNull(DateTimeFormat.format(Intervals.parse("1 day"), ""));
    }

    @Test
    void calendarPatternsAreInvalidForIntervals() {
        for (String f : new String[] {"Month", "mon", "Day", "D", "AD", "TZ"}) {
            TesseraException e = assertThrows(TesseraException.class,
                    () -> DateTimeFormat.format(Intervals.parse("1 mon"), f), f);
            assertEquals(SqlState.INVALID_DATETIME_FORMAT, e.sqlState(), f);
            assertEquals("invalid format specification for an interval value", e.getMessage(), f);
        }
    }

    private static long millis(String timestamp) {
        return java.time.LocalDateTime.parse(timestamp).toInstant(java.time.ZoneOffset.UTC).toEpochMilli();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
        "2024-12-30T14:07:09.123|false|YYYY-MM-DD HH24:MI:SS.MS|2024-12-30 14:07:09.123",
        "2024-12-30T14:07:09.123|false|IYYY-IW-ID IDDD|2025-01-1 001",
        "2021-01-03T00:00:00|false|IYYY-IW-ID IDDD|2020-53-7 371",
        "2024-12-30T14:07:09.123|false|Day DY dy Month MON mon FMMonth FMDay|Monday    MON mon December  DEC dec December Monday",
        "2024-12-30T14:07:09.123|false|HH12:MI:SS AM a.m. pm TZ tz TZH:TZM OF|02:07:09 PM p.m. pm   +00:00 +00",
        "2021-01-03T23:59:59|true|HH12:MI:SS AM a.m. pm TZ tz TZH:TZM OF FMOF|11:59:59 PM p.m. pm UTC utc +00:00 +00 +0",
        "2024-12-30T14:07:09.123|false|CC Y,YYY YYY YY Y BC A.D. b.c.|21 2,024 024 24 4 AD A.D. a.d.",
        "-0043-03-15T12:00:00|false|CC Y,YYY YYY YY Y BC A.D. b.c.|-01 0,044 044 44 4 BC B.C. b.c.",
        "2000-02-29T09:05:01.500|false|DDD DD D W WW Q J RM rm FMRM|060 29 3 5 09 1 2451604 II   ii   II",
        "2021-01-03T00:00:00|false|DDth DDTH FMDDth MMth HH24th SSSS SSSSS US FF1 FF2 FF3|03rd 03RD 3rd 01st 00th 0 0 000000 0 00 000",
        "2024-12-30T14:07:09|true|YYYYMMDD\"T\"HH24MISS|20241230T140709",
        "2024-03-05T14:07:09|false|TMMonth TMDay|March Tuesday",
    })
    void formatsTimestampsAsPostgres(String timestamp, boolean withTimeZone, String format, String expected) {
        assertEquals(expected, DateTimeFormat.format(millis(timestamp), withTimeZone, format));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
        "2024-01-01T12:00:07.123456|false|HH24:MI:SS.US|12:00:07.123456",
        "2024-01-01T12:00:07.123456|false|HH24:MI:SS.MS|12:00:07.123",
        "2024-01-01T12:00:07.123456|false|FF1 FF2 FF3 FF4 FF5 FF6|1 12 123 1234 12345 123456",
        "2024-01-01T12:00:07.000009|false|SS.FF6 SS.US|07.000009 07.000009",
        "2024-01-01T12:00:07.987654|true|YYYY-MM-DD HH24:MI:SS.FF5|2024-01-01 12:00:07.98765",
        "1969-12-31T23:59:59.999999|false|YYYY-MM-DD HH24:MI:SS.US|1969-12-31 23:59:59.999999",
    })
    void formatsMicrosecondsAsPostgres(String timestamp, boolean withTimeZone, String format, String expected) {
        java.time.LocalDateTime t = java.time.LocalDateTime.parse(timestamp);
        long micros = t.toEpochSecond(java.time.ZoneOffset.UTC) * 1_000_000L + t.getNano() / 1000;
        assertEquals(expected, DateTimeFormat.formatMicros(micros, withTimeZone, format));
    }
}
