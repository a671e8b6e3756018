package io.tessera.executor.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code to_timestamp(text, text)} / {@code to_date}; the expected values are PostgreSQL 15's answers to the same
 * calls (71_formatting.sql runs such calls through SQL against it).
 */
class DateTimeParseTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2024-1-1|YYYY-MM-DD|2024-01-01T00:00|0",
        "20240101|YYYYMMDD|2024-01-01T00:00|0",
        "2024011|YYYYMMDD|2024-01-01T00:00|0",
        "2024/03/05|YYYY-MM-DD|2024-03-05T00:00|0",
        "05 march 2024|DD Month YYYY|2024-03-05T00:00|0",
        "99-03-05|YY-MM-DD|1999-03-05T00:00|0",
        "0001-03-05 BC|YYYY-MM-DD BC|0000-03-05T00:00|0",
        "2024-01-01 1:00 PM|YYYY-MM-DD HH:MI PM|2024-01-01T13:00|0",
        "2024-03-05 12:00 AM|YYYY-MM-DD HH12:MI AM|2024-03-05T00:00|0",
        "2024-03-05 14:07:09.5|YYYY-MM-DD HH24:MI:SS.MS|2024-03-05T14:07:09.500|0",
        "2024-03-05 14:07:09 +02:30|YYYY-MM-DD HH24:MI:SS TZH:TZM|2024-03-05T14:07:09|9000",
        "12:00|HH24:MI|0000-01-01T12:00|0",
        "2024 061|YYYY DDD|2024-03-01T00:00|0",
        "2460375|J|2024-03-05T00:00|0",
    })
    void readsAsPostgres(String input, String format, String local, int offset) {
        DateTimeParse.Result r = DateTimeParse.parse(input, format);
        assertEquals(java.time.LocalDateTime.parse(local), r.local());
        assertEquals(offset, r.offsetSeconds());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2024-02-30|YYYY-MM-DD|22008",
        "2024-13-01|YYYY-MM-DD|22008",
        "2024--03-05|YYYY-MM-DD|22008",
        "2024-01-01 13:00 PM|YYYY-MM-DD HH:MI PM|22007",
        "5 Foo 2024|DD Mon YYYY|22007",
        "2024-xx-01|YYYY-MM-DD|22007",
        "2024-03-05 UTC|YYYY-MM-DD TZ|0A000",
    })
    void refusesAsPostgres(String input, String format, String sqlState) {
        TesseraException e = assertThrows(TesseraException.class, () -> DateTimeParse.parse(input, format));
        assertEquals(sqlState, e.sqlState().code());
    }

    @org.junit.jupiter.api.Test
    void keepsMicroseconds() {
        assertEquals(1_704_101_407_123_456L,
                DateTimeParse.parse("2024-01-01 12:00:07.123456 +02:30", "YYYY-MM-DD HH24:MI:SS.US TZH:TZM").epochMicros());
        assertEquals(java.time.LocalDateTime.parse("2024-01-01T12:00:07.0045"),
                DateTimeParse.parse("2024-01-01 12:00:07.0045", "YYYY-MM-DD HH24:MI:SS.FF4").local());
    }
}
