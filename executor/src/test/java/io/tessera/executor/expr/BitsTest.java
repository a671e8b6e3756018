package io.tessera.executor.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import org.junit.jupiter.api.Test;

class BitsTest {
    @Test
    void parseReadsBinaryAndHexAsBitIn() {
        assertEquals("1010", Bits.parse("1010"));
        assertEquals("1010", Bits.parse("b1010"));
        assertEquals("00011111", Bits.parse("x1F"));
        assertEquals("", Bits.parse(""));
        TesseraException e = assertThrows(TesseraException.class, () -> Bits.parse("102"));
        assertEquals("\"2\" is not a valid binary digit", e.getMessage());
        e = assertThrows(TesseraException.class, () -> Bits.parse("x1G"));
        assertEquals("\"G\" is not a valid hexadecimal digit", e.getMessage());
    }

    @Test
    void assignmentChecksLengthAndExplicitCastPadsOrCuts() {
        assertEquals("1010", Bits.applyTypmod("101", PgType.BIT, 4, true));
        assertEquals("10", Bits.applyTypmod("101", PgType.VARBIT, 2, true));
        assertEquals("1", Bits.applyTypmod("1", PgType.VARBIT, 5, false));
        TesseraException e = assertThrows(TesseraException.class, () -> Bits.applyTypmod("10", PgType.BIT, 3, false));
        assertEquals("22026", e.sqlState().code());
        assertEquals("bit string length 2 does not match type bit(3)", e.getMessage());
        e = assertThrows(TesseraException.class, () -> Bits.applyTypmod("111111", PgType.VARBIT, 5, false));
        assertEquals("22001", e.sqlState().code());
    }

    @Test
    void integersConvertAsBitfromintAndBittoint() {
        assertEquals("0101", Bits.fromLong(5, 4, 32));
        assertEquals("1100", Bits.fromLong(300, 4, 32));
        assertEquals("1".repeat(40), Bits.fromLong(-1, 40, 32));
        assertEquals(-1L, Bits.toLong("1".repeat(32), 32));
        assertEquals(5L, Bits.toLong("101", 64));
        assertThrows(TesseraException.class, () -> Bits.toLong("1".repeat(33), 32));
    }

    @Test
    void operatorsKeepTheLength() {
        assertEquals("100", Bits.bitwise("101", "110", '&'));
        assertEquals("011", Bits.bitwise("101", "110", '#'));
        assertEquals("010", Bits.not("101"));
        assertEquals("010", Bits.shiftLeft("101", 1));
        assertEquals("010", Bits.shiftLeft("101", -1));
        assertEquals("000", Bits.shiftRight("101", 5));
        TesseraException e = assertThrows(TesseraException.class, () -> Bits.bitwise("101", "10", '|'));
        assertEquals("cannot OR bit strings of different sizes", e.getMessage());
        assertEquals("111", Bits.setBit("101", 1, 1));
        assertThrows(TesseraException.class, () -> Bits.getBit("101", 3));
        assertEquals(2, Bits.octetLength("101010101"));
    }
}
