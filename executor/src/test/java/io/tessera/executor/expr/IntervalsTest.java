package io.tessera.executor.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgInterval;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * interval input, output and arithmetic; the expected texts are PostgreSQL 15's answers to the same input (checked on
 * the reference server; 28_interval.sql runs them through SQL against it).
 */
class IntervalsTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1 year 2 mons 3 days 04:05:06.5 | 1 year 2 mons 3 days 04:05:06.5",
        "-1 days +02:00:00               | -1 days +02:00:00",
        "@ 1 day ago                     | -1 days",
        "2 weeks                         | 14 days",
        "1.5 hours                       | 01:30:00",
        "10 min                          | 00:10:00",
        "90 seconds                      | 00:01:30",
        "P1Y2M3DT4H5M6S                  | 1 year 2 mons 3 days 04:05:06",
        "12:34:56                        | 12:34:56",
        "-1 day 2 hours                  | -1 days +02:00:00",
        "1.5 years                       | 1 year 6 mons",
        "1.7 mons                        | 1 mon 21 days",
        "0                               | 00:00:00",
        "1-2                             | 1 year 2 mons",
        "-04:05                          | -04:05:00",
        "1 day 2                         | 1 day 00:00:02",
        "1 day -00:00:01                 | 1 day -00:00:01",
        "-1 mons -1 days                 | -1 mons -1 days",
        "1 year -1 mons +1 days          | 11 mons 1 day",
    })
    void parsesAndFormatsAsPostgres(String in, String out) {
        assertEquals(out, Intervals.parse(in).toString());
    }

    @Test
    void badInputIs22007AndFieldOverflow22015() {
        TesseraException e = assertThrows(TesseraException.class, () -> Intervals.parse("abc"));
        assertEquals("22007", e.sqlState().code());
        assertEquals("invalid input syntax for type interval: \"abc\"", e.getMessage());
        for (String s : new String[] {"", "1 fortnight", "P", "1 day ago 2"}) {
            assertEquals("22007", assertThrows(TesseraException.class, () -> Intervals.parse(s)).sqlState().code(), s);
        }
        e = assertThrows(TesseraException.class, () -> Intervals.parse("2147483648 days"));
        assertEquals("22015", e.sqlState().code());
        assertEquals("interval field value out of range: \"2147483648 days\"", e.getMessage());
    }

    @Test
    void comparesWithThirtyDayMonthsAndTwentyFourHourDays() {
        assertEquals(Intervals.parse("1 mon"), Intervals.parse("30 days"));
        assertEquals(Intervals.parse("1 day"), Intervals.parse("24 hours"));
        assertEquals(Intervals.parse("1 day").hashCode(), Intervals.parse("24 hours").hashCode());
        assertNotEquals(Intervals.parse("1 day"), Intervals.parse("25 hours"));
        assertEquals(1, Integer.signum(Intervals.parse("-1 days +02:00").compareTo(Intervals.parse("-22:00:01"))));
    }

    @Test
    void multipliesAndDividesAsIntervalMulAndDiv() {
        assertEquals("1 mon 15 days", Intervals.multiply(Intervals.parse("1 mon"), 1.5).toString());
        assertEquals("03:51:25.714286", Intervals.divide(Intervals.parse("1 day 3 hours"), 7).toString());
        assertEquals("22012", assertThrows(TesseraException.class,
                () -> Intervals.divide(Intervals.parse("1 day"), 0)).sqlState().code());
        TesseraException e = assertThrows(TesseraException.class,
                () -> Intervals.multiply(Intervals.parse("1 day"), 1e300));
        assertEquals("22008", e.sqlState().code());
        assertEquals("interval out of range", e.getMessage());
    }

    private static long ts(String iso) {
        return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    @Test
    void timestampArithmeticAndAge() {
        assertEquals(ts("2020-02-29T00:00"), Intervals.plus(ts("2020-01-31T00:00"), Intervals.parse("1 mon")));
        assertEquals("68 days 22:29:59", Intervals.difference(ts("2024-03-10T12:00"), ts("2024-01-01T13:30:01")).toString());
        assertEquals("2 mons 30 days 22:00:00", Intervals.age(ts("2024-03-31T10:00"), ts("2023-12-31T12:00")).toString());
        assertEquals("-1 years -2 mons -30 days -10:00:00.5",
                Intervals.age(ts("2023-01-01T00:00"), ts("2024-03-31T10:00:00.5")).toString());
    }

    /** timestamp_pl_interval leaves infinity and -infinity as they are. */
    @Test
    void anIntervalDoesNotMoveTheInfinities() {
        PgInterval span = Intervals.parse("1 mon 2 days 00:00:01");
        assertEquals(Long.MAX_VALUE, Intervals.plus(Long.MAX_VALUE, span));
        assertEquals(Long.MIN_VALUE, Intervals.plus(Long.MIN_VALUE, span));
        assertEquals(Long.MAX_VALUE, Intervals.minus(Long.MAX_VALUE, span));
    }

    @Test
    void justifyExtractTruncAndMake() {
        assertEquals("29 days 23:00:00", Intervals.justifyInterval(Intervals.parse("1 mon -1 hour")).toString());
        assertEquals("2 mons 5 days", Intervals.justifyDays(Intervals.parse("65 days")).toString());
        assertEquals("-2 days -02:00:00", Intervals.justifyHours(Intervals.parse("-50 hours")).toString());
        assertEquals("34236001.500000",
                Intervals.extract("epoch", Intervals.parse("1 year 1 mon 1 day 1.5 seconds")).toPlainString());
        assertEquals("1.250000", Intervals.extract("second", Intervals.parse("61.25 seconds")).toPlainString());
        assertEquals("-25", Intervals.extract("hour", Intervals.parse("-25 hours")).toPlainString());
        assertEquals("1 day 03:00:00", Intervals.truncate("hour", Intervals.parse("1 day 03:45:06")).toString());
        assertEquals("1 year 2 mons 25 days 05:06:07.5", Intervals.make(1, 2, 3, 4, 5, 6, 7.5).toString());
        assertEquals(PgInterval.ZERO.toString(), "00:00:00");
    }

    private static long micros(String iso) {
        LocalDateTime t = LocalDateTime.parse(iso);
        return t.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + t.getNano() / 1000;
    }

    /** Values are PostgreSQL 15's for the same expressions (corpus 84_microseconds.sql). */
    @Test
    void timestampArithmeticKeepsMicroseconds() {
        long t = micros("2024-01-01T12:00:00.123456");
        assertEquals(micros("2024-01-01T12:00:00.123457"), Intervals.plusMicros(t, Intervals.parse("1 microsecond")));
        assertEquals(micros("2024-01-02T12:00:00.124"), Intervals.plusMicros(t, Intervals.parse("1 day 00:00:00.000544")));
        assertEquals(micros("2023-11-01T12:00:00.123456"),
                Intervals.minusMicros(t, Intervals.parse("2 months 0.5 microseconds")));
        assertEquals(micros("2025-01-01T00:00:00"), Intervals.plusMicros(micros("2024-12-31T23:59:59.999999"),
                Intervals.parse("1 microsecond")));
        assertEquals(micros("1969-12-31T23:59:59.999999"), Intervals.minusMicros(0, Intervals.parse("1 microsecond")));
        assertEquals(Long.MAX_VALUE, Intervals.plusMicros(Long.MAX_VALUE, Intervals.parse("1 day")));
        assertEquals("00:00:00.000002", (Intervals.differenceMicros(
                micros("2024-01-01T12:00:00.000003"), micros("2024-01-01T12:00:00.000001"))).toString());
        assertEquals("1 mon 23:59:59.999999", (Intervals.ageMicros(
                micros("2024-03-01T00:00:00.000001"), micros("2024-01-31T00:00:00.000002"))).toString());
        assertEquals(micros("2024-01-01T12:00:00.123"), Intervals.truncateMicros("milliseconds", t, "timestamp"));
        assertEquals(t, Intervals.truncateMicros("microseconds", t, "timestamp"));
        assertEquals(micros("2024-01-01T12:00:00"), Intervals.truncateMicros("second", t, "timestamp"));
        assertThrows(TesseraException.class,
                () -> Intervals.plusMicros(Long.MAX_VALUE - 1, Intervals.parse("1 microsecond"))); // not infinity
    }
}
