package io.tessera.executor.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tessera.common.error.TesseraException;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** PgMath's numeric results against PostgreSQL 15's, digit for digit (values printed by PostgreSQL 15). */
class PgMathTest {
    private static BigDecimal n(String s) {
        return new BigDecimal(s);
    }

    @Test
    void sqrtKeepsSixteenSignificantDigitsAndTheArgumentsScale() {
        assertEquals("1.414213562373095", PgMath.sqrt(n("2")).toPlainString());
        assertEquals("0.000000000000000", PgMath.sqrt(n("0")).toPlainString());
        assertEquals("0.0031622776601683793", PgMath.sqrt(n("0.00001")).toPlainString());
        assertEquals("3513.6418286444622", PgMath.sqrt(n("12345678.9")).toPlainString());
        assertEquals("2201F", assertThrows(TesseraException.class, () -> PgMath.sqrt(n("-1"))).sqlState().code());
    }

    @Test
    void expAndLnFollowTheResultsWeight() {
        assertEquals("7.3890560989306502", PgMath.exp(n("2")).toPlainString());
        assertEquals("8548134287298057692257.9", PgMath.exp(n("50.5")).toPlainString());
        assertEquals(450, PgMath.exp(n("-1000")).scale());
        assertEquals("0.6931471805599453", PgMath.ln(n("2")).toPlainString());
        assertEquals("0.00000009999999500000033", PgMath.ln(n("1.0000001")).toPlainString());
        assertEquals("230.25850929940457", PgMath.ln(n("1e100").setScale(0)).toPlainString());
        assertEquals("2201E", assertThrows(TesseraException.class, () -> PgMath.ln(n("0"))).sqlState().code());
    }

    @Test
    void logAndPowerUsePostgresScales() {
        assertEquals("3.0000000000000000", PgMath.log(n("2"), n("8")).toPlainString());
        assertEquals("-0.3010299956639812", PgMath.log(BigDecimal.TEN, n("0.5")).toPlainString());
        assertEquals("1267650600228229401496703205376.0000000000000000",
                PgMath.power(n("2"), n("100")).toPlainString());
        assertEquals("1.4142135623730950", PgMath.power(n("2"), n("0.5")).toPlainString());
        assertEquals("1.4142135623730950488018", PgMath.power(n("2"), n("0.5000000000000000000001")).toPlainString());
        assertEquals("0.7117802478134111", PgMath.power(n("1.12"), n("-3")).toPlainString());
        assertEquals("1.1052206494914752", PgMath.power(n("1.0001"), n("1000.5")).toPlainString());
        assertEquals("2201F", assertThrows(TesseraException.class, () -> PgMath.power(n("-8"), n("0.5")))
                .sqlState().code());
        assertEquals("2201F", assertThrows(TesseraException.class, () -> PgMath.power(n("0"), n("-1")))
                .sqlState().code());
    }

    @Test
    void floatRoundingAndOverflow() {
        assertEquals(2.0, PgMath.round(2.5));
        assertEquals("-0.0", Double.toString(PgMath.round(-0.5)));
        assertEquals("22003", assertThrows(TesseraException.class, () -> PgMath.times(1e308, 10)).sqlState().code());
    }

    @Test
    void productOfNonZeroFloatsUnderflowsOnlyAsFloat8mul() {
        TesseraException e = assertThrows(TesseraException.class, () -> PgMath.times(1e-300, 1e-300));
        assertEquals("22003", e.sqlState().code());
        assertEquals("value out of range: underflow", e.getMessage());
        assertEquals(0.0, PgMath.times(0, 1e-300));
        assertEquals(0.0, PgMath.product(1e-300, 1e-300)); // variance's squares, as float8_accum
        assertEquals("22003", assertThrows(TesseraException.class, () -> PgMath.product(1e308, 10)).sqlState().code());
    }
}
