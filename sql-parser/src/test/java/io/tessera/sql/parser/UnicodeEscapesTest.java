package io.tessera.sql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import org.junit.jupiter.api.Test;

/** {@code U&'...'} and {@code U&"..."} decoded into the plain constant or identifier before Calcite parses. */
class UnicodeEscapesTest {

    private static String rewrite(String sql) {
        return TesseraSqlParser.rewriteParameters(sql).sql();
    }

    @Test
    void fourAndSixDigitEscapesAndSurrogatePairsAreCharacters() {
        assertEquals("select 'data'", rewrite("select U&'d\\0061t\\+000061'"));
        assertEquals("select '😀x', '😀'", rewrite("select u&'\\+01F600x', U&'\\D83D\\DE00'"));
        assertEquals("select 'a\\b', 'a'' b'", rewrite("select U&'a\\\\b', U&'a'' \\0062'"));
    }

    @Test
    void uescapeNamesTheEscapeCharacterAndIsConsumed() {
        assertEquals("select 'data', 'ab'",
                rewrite("select U&'d!0061t!+000061' UESCAPE '!', u&'a#0062' uescape '#'"));
    }

    @Test
    void identifiersAreDecodedToo() {
        assertEquals("select \"data\" from t", rewrite("select U&\"d\\0061t\\+000061\" from t"));
    }

    @Test
    void malformedEscapesArePostgresSyntaxErrors() {
        for (String[] c : new String[][] {{"select U&'\\zz'", "invalid Unicode escape"},
                {"select U&'\\D83D'", "invalid Unicode surrogate pair"},
                {"select U&'\\DE00\\D83D'", "invalid Unicode surrogate pair"},
                {"select U&'\\+110000'", "invalid Unicode escape value"},
                {"select U&'\\0000'", "invalid Unicode escape value"},
                {"select U&'a' UESCAPE '+'", "invalid Unicode escape character at or near \"'+'\""}}) {
            TesseraException e = assertThrows(TesseraException.class, () -> rewrite(c[0]), c[0]);
            assertEquals(SqlState.SYNTAX_ERROR, e.sqlState(), c[0]);
            assertEquals(c[1], e.getMessage(), c[0]);
        }
    }

    @Test
    void otherTextIsLeftAlone() {
        assertEquals("select 'U&''\\0061', u & 1 from t", rewrite("select 'U&''\\0061', u & 1 from t"));
    }
}
