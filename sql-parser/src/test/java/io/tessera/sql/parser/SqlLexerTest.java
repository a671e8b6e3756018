package io.tessera.sql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SqlLexerTest {
    /** The text {@link SqlLexer#skipNonCode} skips from {@code i}. */
    private static String skipped(String sql, int i) {
        return sql.substring(i, SqlLexer.skipNonCode(sql, i));
    }

    @Test
    void stringsEndAtTheirClosingQuoteAndDoubledQuotesContinueThem() {
        assertEquals("'it''s'", skipped("x = 'it''s' and y", 4));
        assertEquals("\"a\"\"b\"", skipped("\"a\"\"b\".c", 0));
        assertEquals("'open", skipped("'open", 0), "unterminated: to the end");
    }

    @Test
    void onlyAnEscapeStringTakesBackslashEscapes() {
        assertEquals("'a\\'b'", skipped("E'a\\'b' x", 1));
        assertEquals("'a\\'", skipped("'a\\'b' x", 0), "a standard string ends at the second quote");
        assertEquals("'a\\'", skipped("namE'a\\'b'", 4), "E at the end of an identifier is no prefix");
    }

    @Test
    void commentsEndAtANewlineOrTheirMatchingClose() {
        assertEquals("-- a ; b", skipped("-- a ; b\r\nselect", 0));
        assertEquals("/* a /* b */ ; */", skipped("/* a /* b */ ; */ x", 0));
        assertTrue(SqlLexer.isComment("-- x", 0));
        assertFalse(SqlLexer.isComment("'-- x'", 0));
    }

    @Test
    void dollarQuotesNeedATagAndNoIdentifierBeforeThem() {
        assertEquals("$$a;'b$$", skipped("$$a;'b$$ x", 0));
        assertEquals("$fn$ $$ $fn$", skipped("$fn$ $$ $fn$;", 0));
        assertEquals("", skipped("$1 + 2", 0), "a parameter");
        assertEquals("", skipped("a$b$c", 1), "a $ inside an identifier");
        assertEquals("", skipped("$", 0), "a lone dollar");
        assertEquals("", skipped("select 1", 0), "code");
    }
}
