package io.tessera.sql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import org.junit.jupiter.api.Test;

/**
 * Syntax errors in PostgreSQL's shape: SQLSTATE 42601, {@code syntax error at or near "tok"} or
 * {@code syntax error at end of input}, and the 1-based character position in the text the client sent
 * (the positions below are the ones PostgreSQL 15 reports for the same text).
 */
class ParseErrorTest {

    private static TesseraException error(String sql) {
        return assertThrows(TesseraException.class, () -> TesseraSqlParser.parse(sql));
    }

    private static void assertSyntaxError(String sql, String near, int position) {
        TesseraException e = error(sql);
        assertEquals(SqlState.SYNTAX_ERROR, e.sqlState(), e.getMessage());
        assertEquals(near == null ? "syntax error at end of input" : "syntax error at or near \"" + near + "\"",
                e.getMessage());
        assertEquals(position, e.position(), e.getMessage());
    }

    @Test
    void misspelledKeywordMakesTheNextTokenTheCulprit() {
        // "frm" is read as a column alias, as PostgreSQL reads it.
        assertSyntaxError("select a frm t", "t", 14);
    }

    @Test
    void unknownStatement() {
        assertSyntaxError("selec 1", "selec", 1);
    }

    @Test
    void endOfInput() {
        assertSyntaxError("select 1 +", null, 11);
        assertSyntaxError("select * from", null, 14);
        assertSyntaxError("insert into t values (1", null, 24);
    }

    @Test
    void positionOnALaterLine() {
        assertSyntaxError("select a,\n  b\nfrom t\nwhere x = = 1", "=", 32);
        assertSyntaxError("select a\r\nfrm t", "t", 15);
    }

    @Test
    void tabsCountAsOneCharacter() {
        assertSyntaxError("select\ta\tfrm t", "t", 14);
    }

    @Test
    void positionsCountCharactersNotUtf16Units() {
        // U+1F600 is two UTF-16 units but one character for PostgreSQL's position.
        assertSyntaxError("select '\uD83D\uDE00' frm t", "t", 16);
    }

    @Test
    void positionsReferToTheOriginalTextAfterParameterRewrite() {
        Rewritten r = TesseraSqlParser.rewriteParameters("select $1, $10 frm t");
        TesseraException e = assertThrows(TesseraException.class, () -> TesseraSqlParser.parse(r));
        assertEquals("syntax error at or near \"t\"", e.getMessage());
        assertEquals(20, e.position());
        Rewritten r2 = TesseraSqlParser.rewriteParameters("select * from t where a = $12 $3");
        TesseraException e2 = assertThrows(TesseraException.class, () -> TesseraSqlParser.parse(r2));
        assertEquals("syntax error at or near \"$3\"", e2.getMessage());
        assertEquals(31, e2.position());
    }

    @Test
    void unterminatedString() {
        TesseraException e = error("select 'abc");
        assertEquals(SqlState.SYNTAX_ERROR, e.sqlState());
        assertEquals("unterminated quoted string at or near \"'abc\"", e.getMessage());
        assertEquals(8, e.position());
    }

    @Test
    void clausesPostgresXlRefusesOrderOfAreBlamedOnTheirKeyword() {
        assertSyntaxError("create or replace table t (a int)", "table", 19);
        assertSyntaxError("create table t (a int) with (x=1) with (y=2)", "with", 35);
    }

    @Test
    void emptyStatement() {
        assertSyntaxError("", null, 1);
        assertSyntaxError("  ", null, 3);
    }

    @Test
    void severalStatementsWhereOneIsExpected() {
        TesseraException e = error("select 1; select 2");
        assertEquals(SqlState.SYNTAX_ERROR, e.sqlState());
        assertEquals("cannot insert multiple commands into a prepared statement", e.getMessage());
    }

    @Test
    void calciteWordingGoesToDetail() {
        TesseraException e = error("select a frm t");
        assertEquals(true, e.detail() != null && !e.detail().isEmpty(), "detail=" + e.detail());
    }
}
