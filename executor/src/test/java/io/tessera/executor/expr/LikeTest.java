package io.tessera.executor.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import org.junit.jupiter.api.Test;

/** LIKE's escapes as PostgreSQL 15 has them (each case checked against it). */
class LikeTest {
    private static final int BACKSLASH = '\\';

    @Test
    void backslashEscapesWildcardsAndOrdinaryCharacters() {
        assertTrue(Like.compile("a\\_c", BACKSLASH).matches("a_c"));
        assertFalse(Like.compile("a\\_c", BACKSLASH).matches("abc"));
        assertTrue(Like.compile("a\\bc", BACKSLASH).matches("abc"));
        assertTrue(Like.compile("a\\\\%", BACKSLASH).matches("a\\x"));
        assertFalse(Like.compile("a\\%c", BACKSLASH).matches("abc"));
    }

    @Test
    void noEscapeWhenTheEscapeStringIsEmpty() {
        assertEquals(-1, Like.escapeChar(""));
        assertTrue(Like.compile("a\\_c", Like.escapeChar("")).matches("a\\xc"));
    }

    @Test
    void trailingEscapeFailsOnlyWhenMatchingReachesItWithTextLeft() {
        Like like = Like.compile("a\\", BACKSLASH);
        assertFalse(like.matches("a"));
        assertFalse(like.matches("b"));
        TesseraException e = assertThrows(TesseraException.class, () -> like.matches("ab"));
        assertEquals(SqlState.INVALID_ESCAPE_SEQUENCE, e.sqlState());
        assertFalse(Like.compile("%a\\", BACKSLASH).matches("a"));
        assertThrows(TesseraException.class, () -> Like.compile("%a\\", BACKSLASH).matches("xab"));
    }

    @Test
    void escapeStringOfTwoCharactersIs22025() {
        TesseraException e = assertThrows(TesseraException.class, () -> Like.escapeChar("ab"));
        assertEquals(SqlState.INVALID_ESCAPE_SEQUENCE, e.sqlState());
        assertEquals("invalid escape string", e.getMessage());
    }
}
