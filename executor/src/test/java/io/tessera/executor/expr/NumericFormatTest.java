package io.tessera.executor.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code to_char} of numbers; the expected texts are PostgreSQL 15's answers to the same calls (checked on the
 * reference server; 71_formatting.sql runs such calls through SQL against it).
 */
class NumericFormatTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
        "1234.5|FM9,999.00|1,234.50",
        "-12|999PR| <12>",
        "0.5|0.99EEEE| 5.00e-01",
        "0|9999.99|     .00",
        "0|FM9999.99|0.",
        "-0.5|0000.00|-0000.50",
        "-0.5|9999.99S|    .50-",
        "-0.5|MI9999.99|-    .50",
        "1234.567|S9999.99|+1234.57",
        "-1234.567|9999.99PL|-1234.57 ",
        "1234.567|SG9999|+1235",
        "12345.6|9999.99| ####.##",
        "2.5|RN|            III",
        "3999|FMRN|MMMCMXCIX",
        "4000|rn|###############",
        "102|FM999th|102nd",
        "11|999TH|  11TH",
        "1234567|9G999G999D99| 1,234,567.00",
        "1|99V99|  100",
        "12|\"num:\" 99 \"end\"|num:  12 end",
        "0.1|FM9.9|.1",
        "0|FM9.0|.0",
    })
    void formatsNumericAsPostgres(String value, String format, String expected) {
        assertEquals(expected, NumericFormat.format(new BigDecimal(value), format));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
        "1.5|999.999|   1.500",
        "-0.001|999.999|   -.001",
        "-0.001|FM0.00|-0.00",
        "123456.789|FM0.00|#.##",
        "1e20|999.999| ###.",
        "2.5|9.9EEEE| 2.5e+00",
        "0.125|9.9EEEE| 1.2e-01",
    })
    void formatsDoublesAsPostgres(double value, String format, String expected) {
        assertEquals(expected, NumericFormat.format(value, format));
    }

    @Test
    void realKeepsSixDigits() {
        assertEquals(" 123.457", NumericFormat.format(123.456789f, "999.99999"));
        assertEquals(" 1.50000", NumericFormat.format(1.5f, "9.999999"));
    }

    @Test
    void malformedPatternsAreSyntaxErrors() {
        for (String f : new String[] {"9.9.9", "S9S", "EEEE9", "9PR9", "99V9.9"}) {
            TesseraException e = assertThrows(TesseraException.class,
                    () -> NumericFormat.format(BigDecimal.ONE, f), f);
            assertEquals(SqlState.SYNTAX_ERROR, e.sqlState(), f);
        }
    }
}
