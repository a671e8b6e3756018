package io.tessera.executor.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class TypmodCoercionTest {
    static final int VARCHAR3 = 3 + 4;
    static final int CHAR4 = 4 + 4;
    static final int NUMERIC6_2 = ((6 << 16) | 2) + 4;
    static final int NUMERIC3_3 = ((3 << 16) | 3) + 4;

    @Test
    void varcharRefusesMoreCharactersUnlessTheExcessIsBlanks() {
        assertEquals("ab", TypmodCoercion.apply("ab", PgType.VARCHAR, VARCHAR3));
        assertEquals("ab ", TypmodCoercion.apply("ab     ", PgType.VARCHAR, VARCHAR3));
        assertEquals("ééé", TypmodCoercion.apply("ééé", PgType.VARCHAR, VARCHAR3), "characters, not bytes");
        TesseraException e = assertThrows(TesseraException.class,
                () -> TypmodCoercion.apply("abcd", PgType.VARCHAR, VARCHAR3));
        assertEquals(SqlState.STRING_DATA_RIGHT_TRUNCATION, e.sqlState());
        assertEquals("value too long for type character varying(3)", e.getMessage());
        assertThrows(TesseraException.class, () -> TypmodCoercion.apply("ab  c", PgType.VARCHAR, VARCHAR3));
    }

    @Test
    void charIsPaddedToItsLength() {
        assertEquals("x   ", TypmodCoercion.apply("x", PgType.BPCHAR, CHAR4));
        assertEquals("ab  ", TypmodCoercion.apply("ab      ", PgType.BPCHAR, CHAR4));
        TesseraException e = assertThrows(TesseraException.class,
                () -> TypmodCoercion.apply("abcdef", PgType.BPCHAR, CHAR4));
        assertEquals("value too long for type character(4)", e.getMessage());
    }

    @Test
    void numericRoundsHalfAwayFromZeroToItsScale() {
        assertEquals(new BigDecimal("7.00"), TypmodCoercion.apply(new BigDecimal(7), PgType.NUMERIC, NUMERIC6_2));
        assertEquals(new BigDecimal("-0.01"),
                TypmodCoercion.apply(new BigDecimal("-0.005"), PgType.NUMERIC, NUMERIC6_2));
        assertEquals(new BigDecimal("9999.99"),
                TypmodCoercion.apply(new BigDecimal("9999.994"), PgType.NUMERIC, NUMERIC6_2));
        assertEquals(new BigDecimal("0.000"),
                TypmodCoercion.apply(new BigDecimal("0.0004"), PgType.NUMERIC, NUMERIC3_3));
    }

    @Test
    void numericWithTooManyIntegralDigitsIsAnOverflow() {
        TesseraException e = assertThrows(TesseraException.class,
                () -> TypmodCoercion.apply(new BigDecimal("9999.995"), PgType.NUMERIC, NUMERIC6_2));
        assertEquals(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, e.sqlState());
        assertEquals("numeric field overflow", e.getMessage());
        assertEquals("A field with precision 6, scale 2 must round to an absolute value less than 10^4.", e.detail());
        e = assertThrows(TesseraException.class,
                () -> TypmodCoercion.apply(new BigDecimal("1"), PgType.NUMERIC, NUMERIC3_3));
        assertEquals("A field with precision 3, scale 3 must round to an absolute value less than 1.", e.detail());
    }

    @Test
    void noTypmodAndOtherTypesLeaveTheValueAlone() {
        assertEquals("abcdef", TypmodCoercion.apply("abcdef", PgType.VARCHAR, -1));
        assertEquals("abcdef", TypmodCoercion.apply("abcdef", PgType.VARCHAR, 0), "a request without typmods");
        assertEquals("x", TypmodCoercion.apply("x", PgType.TEXT, 16_384), "an enum column's typmod is its type OID");
        assertEquals(new BigDecimal("1.2345"), TypmodCoercion.apply(new BigDecimal("1.2345"), PgType.NUMERIC, -1));
        assertNull(TypmodCoercion.apply(null, PgType.VARCHAR, VARCHAR3));
    }
}
