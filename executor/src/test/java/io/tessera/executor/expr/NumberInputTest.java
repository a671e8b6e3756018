package io.tessera.executor.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** {@link NumberInput}: to_number's results as PostgreSQL 15 gives them for the same input and pattern. */
class NumberInputTest {
    private static String n(String input, String format) {
        return NumberInput.toNumber(input, format).toPlainString();
    }

    @Test
    void readsDigitsPointSeparatorsAndSignsWherePatternPlacesThem() {
        assertEquals("-12454.8", n("12,454.8-", "99G999D9S"));
        assertEquals("-34338492", n("-34,338,492", "99G999G999"));
        assertEquals("-123.45", n("<123.45>", "999.99PR"));
        assertEquals("42.10", n("0042.10", "0000.00"));
        assertEquals("1.5", n("1.5", "99.99"));
        assertEquals("-0.5", n("-.5", "9.9"));
        assertEquals("-5", n("5-", "9MI"));
    }

    @Test
    void oneInputCharacterPerPatternPosition() {
        assertEquals("12", n("12345", "99"));
        assertEquals("12", n("1,2,3", "999"));
        assertEquals("12.34", n("12.3456", "99.99"));
        assertEquals("42", n("  42", "9999"));
        assertEquals("1", n("12", "9 9"));
        assertEquals("1234", n("1234", "9,999"));
        assertEquals("12", n("$12", "L99"));
        assertEquals("12", n("ab12", "\"ab\"99"));
        assertNull(NumberInput.toNumber(null, "9"));
    }

    @Test
    void errorsCarryPostgresqlSqlstates() {
        assertEquals(SqlState.INVALID_TEXT_REPRESENTATION,
                assertThrows(TesseraException.class, () -> NumberInput.toNumber("abc", "999")).sqlState());
        assertEquals(SqlState.SYNTAX_ERROR,
                assertThrows(TesseraException.class, () -> NumberInput.toNumber("1.2.3", "9.9.9")).sqlState());
        assertEquals(new BigDecimal("7"), NumberInput.toNumber("7", "FM9"));
    }
}
