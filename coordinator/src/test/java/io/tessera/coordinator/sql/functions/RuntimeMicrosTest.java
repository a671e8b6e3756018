package io.tessera.coordinator.sql.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tessera.common.error.TesseraException;
import io.tessera.common.types.DateTimeInput;
import io.tessera.executor.expr.Casts;
import io.tessera.executor.expr.Times;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * IntervalRuntime's and FormattingRuntime's functions on microseconds, each expected value PostgreSQL 15's answer to
 * the SQL in the comment (TimeZone UTC).
 */
class RuntimeMicrosTest {
    private static long ts(String text) {
        return DateTimeInput.parseTimestampMicros(text, false);
    }

    private static String text(Long micros) {
        return Casts.formatTimestampMicros(micros, false);
    }

    private static String tz(Long micros) {
        return Casts.formatTimestampMicros(micros, true);
    }

    private static int date(String text) {
        return Math.toIntExact(LocalDate.parse(text).toEpochDay());
    }

    @Test
    void timestampPlusIntervalKeepsEveryMicrosecond() {
        // timestamp '2024-01-31 23:59:59.999999' + interval '1 month 1 microsecond'
        assertEquals("2024-03-01 00:00:00",
                text(IntervalRuntime.timestampPlusMicros(ts("2024-01-31 23:59:59.999999"), "1 month 1 microsecond")));
        // interval '1 microsecond' + timestamp '2024-01-01 00:00:00'
        assertEquals("2024-01-01 00:00:00.000001",
                text(IntervalRuntime.intervalPlusTimestampMicros("1 microsecond", ts("2024-01-01 00:00:00"))));
        // timestamp '2024-01-01 00:00:00' - interval '1 microsecond'
        assertEquals("2023-12-31 23:59:59.999999",
                text(IntervalRuntime.timestampMinusMicros(ts("2024-01-01 00:00:00"), "1 microsecond")));
        assertEquals(Long.MAX_VALUE, IntervalRuntime.timestampPlusMicros(Long.MAX_VALUE, "1 day"));
        assertNull(IntervalRuntime.timestampPlusMicros(null, "1 day"));
    }

    @Test
    void datePlusIntervalIsATimestampOfMicroseconds() {
        // date '2024-02-29' + interval '1 year 0.000007 s'
        assertEquals("2025-02-28 00:00:00.000007",
                text(IntervalRuntime.datePlusMicros(date("2024-02-29"), "1 year 0.000007 s")));
        // date '2024-03-01' - interval '0.000001 s'
        assertEquals("2024-02-29 23:59:59.999999", text(IntervalRuntime.dateMinusMicros(date("2024-03-01"), "0.000001 s")));
        // date 'infinity' + interval '1 day'
        assertEquals(Long.MAX_VALUE, IntervalRuntime.intervalPlusDateMicros("1 day", Integer.MAX_VALUE));
    }

    @Test
    void timeArithmeticGoesAroundTheClockInMicroseconds() {
        // time '23:59:59.999999' + interval '2 microseconds'
        assertEquals("00:00:00.000001",
                IntervalRuntime.timePlusMicros(time("23:59:59.999999"), "2 microseconds").toString());
        // time '00:00:00.000001' - interval '1 day 2 microseconds'
        assertEquals("23:59:59.999999",
                IntervalRuntime.timeMinusMicros(time("00:00:00.000001"), "1 day 2 microseconds").toString());
        // date '2024-01-01' + time '12:34:56.789012'; time '24:00:00' + date '2024-01-01'
        assertEquals("2024-01-01 12:34:56.789012",
                text(IntervalRuntime.datePlusTimeMicros(date("2024-01-01"), time("12:34:56.789012"))));
        assertEquals("2024-01-02 00:00:00",
                text(IntervalRuntime.timePlusDateMicros(time("24:00:00"), date("2024-01-01"))));
        // time '12:00:00.000001' - time '12:00:00.000003'
        assertEquals("-00:00:00.000002", IntervalRuntime.timeMinusTimeMicros(time("12:00:00.000001"),
                time("12:00:00.000003")).toString());
        // to_char(time '12:34:56.123456', 'HH24:MI:SS.US FF4')
        assertEquals("12:34:56.123456 1234",
                IntervalRuntime.timeToCharMicros(time("12:34:56.123456"), "HH24:MI:SS.US FF4"));
    }

    private static io.tessera.common.types.PgTime time(String text) {
        return new io.tessera.common.types.PgTime(Times.parseMicros(text));
    }

    @Test
    void differenceAgeAndTruncationOnMicroseconds() {
        // timestamp '2024-01-01 00:00:00.000001' - timestamp '2023-12-30 12:00:00.5'
        assertEquals("1 day 11:59:59.500001", IntervalRuntime.timestampDifferenceMicros(
                ts("2024-01-01 00:00:00.000001"), ts("2023-12-30 12:00:00.5")).toString());
        // age(timestamp '2024-03-01 00:00:00', timestamp '2024-01-31 23:59:59.999999')
        assertEquals("1 mon 00:00:00.000001",
                IntervalRuntime.ageMicros(ts("2024-03-01 00:00:00"), ts("2024-01-31 23:59:59.999999")).toString());
        // date_trunc('milliseconds' | 'microseconds', timestamp '2024-01-01 12:00:00.123456')
        assertEquals("2024-01-01 12:00:00.123",
                text(IntervalRuntime.dateTruncTimestampMicros("milliseconds", ts("2024-01-01 12:00:00.123456"))));
        assertEquals("2024-01-01 12:00:00.123456",
                text(IntervalRuntime.dateTruncTimestampMicros("microseconds", ts("2024-01-01 12:00:00.123456"))));
        // date_trunc('second', timestamptz '1969-12-31 23:59:59.999999+00')
        assertEquals("1969-12-31 23:59:59+00",
                tz(IntervalRuntime.dateTruncTimestamptzMicros("second", ts("1969-12-31 23:59:59.999999"))));
    }

    @Test
    void toCharPrintsTheDigitsBelowTheMillisecond() {
        // to_char(timestamp '2024-01-01 12:00:00.123456', 'YYYY-MM-DD HH24:MI:SS.US FF4 FF5 FF6 MS')
        assertEquals("2024-01-01 12:00:00.123456 1234 12345 123456 123", FormattingRuntime.timestampToCharMicros(
                ts("2024-01-01 12:00:00.123456"), "YYYY-MM-DD HH24:MI:SS.US FF4 FF5 FF6 MS"));
        // to_char(timestamptz '1969-12-31 23:59:59.000001+00', 'HH24:MI:SS.US TZ')
        assertEquals("23:59:59.000001 UTC",
                FormattingRuntime.timestamptzToCharMicros(ts("1969-12-31 23:59:59.000001"), "HH24:MI:SS.US TZ"));
        // to_char(timestamp 'infinity', 'YYYY') is NULL
        assertNull(FormattingRuntime.timestampToCharMicros(Long.MAX_VALUE, "YYYY"));
        // to_char(date '2024-01-01', 'YYYY-MM-DD HH24:MI:SS.US')
        assertEquals("2024-01-01 00:00:00.000000", FormattingRuntime.dateToChar(date("2024-01-01"), "YYYY-MM-DD HH24:MI:SS.US"));
        // to_char(date '300000-01-01', 'YYYY'): ERROR 22008 date out of range for timestamp
        TesseraException e = assertThrows(TesseraException.class,
                () -> FormattingRuntime.dateToChar(date("+300000-01-01"), "YYYY"));
        assertEquals("date out of range for timestamp", e.getMessage());
    }

    @Test
    void toTimestampKeepsMicroseconds() {
        // to_timestamp('2024-01-01 12:00:00.123456', 'YYYY-MM-DD HH24:MI:SS.US')
        assertEquals("2024-01-01 12:00:00.123456+00",
                tz(FormattingRuntime.toTimestampMicros("2024-01-01 12:00:00.123456", "YYYY-MM-DD HH24:MI:SS.US")));
        // to_timestamp('2024-01-01 12:00:00.1234+02', 'YYYY-MM-DD HH24:MI:SS.FF4TZH')
        assertEquals("2024-01-01 10:00:00.1234+00",
                tz(FormattingRuntime.toTimestampMicros("2024-01-01 12:00:00.1234+02", "YYYY-MM-DD HH24:MI:SS.FF4TZH")));
        // to_timestamp('294277-01-01', 'YYYY-MM-DD'): ERROR 22008 timestamp out of range
        assertThrows(TesseraException.class, () -> FormattingRuntime.toTimestampMicros("294277-01-01", "YYYY-MM-DD"));
        // 294248 is PostgreSQL's but past 64 bits of microseconds since 1970: 22008 here
        assertThrows(TesseraException.class, () -> FormattingRuntime.toTimestampMicros("294248-01-01", "YYYY-MM-DD"));
    }

    @Test
    void toTimestampOfSecondsRoundsHalfEvenToTheMicrosecond() {
        // to_timestamp(1.0000005), to_timestamp(-0.0000015), to_timestamp(1704110400.123456)
        assertEquals("1970-01-01 00:00:01+00", tz(FormattingRuntime.epochToTimestampMicros(1.0000005)));
        assertEquals("1969-12-31 23:59:59.999998+00", tz(FormattingRuntime.epochToTimestampMicros(-0.0000015)));
        assertEquals("2024-01-01 12:00:00.123456+00", tz(FormattingRuntime.epochToTimestampMicros(1704110400.123456)));
        assertEquals(Long.MIN_VALUE, FormattingRuntime.epochToTimestampMicros(Double.NEGATIVE_INFINITY));
        assertThrows(TesseraException.class, () -> FormattingRuntime.epochToTimestampMicros(Double.NaN));
        assertThrows(TesseraException.class, () -> FormattingRuntime.epochToTimestampMicros(9.3e12));
        // PostgreSQL's 294247-01-10 04:00:54.775808+00, one past 64 bits of microseconds since 1970: 22008 here
        assertThrows(TesseraException.class, () -> FormattingRuntime.epochToTimestampMicros(9223372036854.775));
        assertNull(FormattingRuntime.epochToTimestampMicros(null));
    }
}
