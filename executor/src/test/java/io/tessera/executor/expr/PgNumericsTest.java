package io.tessera.executor.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL's numeric rules; each expected value is what PostgreSQL 15 printed for the same expression
 * ({@code select 1 / 3.0} ...). The corpus (CorpusIT) compares the same rules end to end.
 */
class PgNumericsTest {
    private static String div(String a, String b) {
        return PgNumerics.divide(new BigDecimal(a), new BigDecimal(b)).toPlainString();
    }

    @Test
    void divisionKeepsPostgresResultScale() {
        assertEquals("0.33333333333333333333", div("1", "3.0"));
        assertEquals("2.5000000000000000", div("10", "4.0"));
        assertEquals("0.66666666666666666667", div("2.0", "3"));
        assertEquals("14285714285.71428571", div("100000000000", "7"));
        assertEquals("2333333.333333333333", div("7000000", "3"));
        assertEquals("1.5000000000000000", div("3", "2"));
        assertEquals("3.5000000000000000", div("7.000", "2"));
    }

    @Test
    void divisionByZeroIs22012() {
        TesseraException e = assertThrows(TesseraException.class, () -> div("1.5", "0"));
        assertEquals(SqlState.DIVISION_BY_ZERO, e.sqlState());
    }

    @Test
    void typmodRoundsHalfAwayFromZeroAndRejectsOverflow() {
        assertEquals("12.35", PgNumerics.applyTypmod(new BigDecimal("12.345"), 5, 2).toPlainString());
        assertEquals("-12.35", PgNumerics.applyTypmod(new BigDecimal("-12.345"), 5, 2).toPlainString());
        assertEquals("0.01", PgNumerics.applyTypmod(new BigDecimal("0.005"), 3, 2).toPlainString());
        TesseraException e = assertThrows(TesseraException.class,
                () -> PgNumerics.applyTypmod(new BigDecimal("1234.5"), 5, 2));
        assertEquals(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, e.sqlState());
        assertEquals("numeric field overflow", e.getMessage());
    }

    @Test
    void floatToNumericUsesFifteenDigits() {
        assertEquals("0.3", PgNumerics.fromDouble(0.1 + 0.2).toPlainString());
        assertEquals("10000000000", PgNumerics.fromDouble(1e10).toPlainString());
        assertEquals("1.5", PgNumerics.fromDouble(1.5).toPlainString());
    }
}
