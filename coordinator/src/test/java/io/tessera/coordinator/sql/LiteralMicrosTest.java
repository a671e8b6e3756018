package io.tessera.coordinator.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tessera.common.types.DateTimeInput;
import io.tessera.executor.expr.Times;
import org.apache.calcite.util.TimeString;
import org.apache.calcite.util.TimestampString;
import org.junit.jupiter.api.Test;

class LiteralMicrosTest {
    @Test
    void timestampLiteralsKeepSixDigitsBothWays() {
        for (String text : new String[] {"2024-01-01 12:00:00.123456", "1969-12-31 23:59:59.999999",
                "2024-01-01 12:00:00.000001", "0001-01-01 00:00:00.5", "9999-12-31 23:59:59", "1970-01-01 00:00:00"}) {
            long micros = DateTimeInput.parseTimestampMicros(text, false);
            assertEquals(micros, LiteralMicros.of(new TimestampString(text)), text);
            assertEquals(micros, LiteralMicros.of(LiteralMicros.timestamp(micros)), text);
        }
        assertEquals(DateTimeInput.parseTimestampMicros("2024-01-01 12:00:00.123456", false),
                LiteralMicros.of(new TimestampString("2024-01-01 12:00:00.123456789")));
    }

    @Test
    void timeLiteralsKeepSixDigitsBothWays() {
        for (String text : new String[] {"12:00:00.123456", "00:00:00.000001", "23:59:59.999999", "00:00:00"}) {
            long micros = Times.parseMicros(text);
            assertEquals(micros, LiteralMicros.of(new TimeString(text)), text);
            assertEquals(micros, LiteralMicros.of(LiteralMicros.time(micros)), text);
        }
    }
}
