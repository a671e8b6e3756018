package io.tessera.sql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code $n} → {@code ?}: numbering, what is left alone, and the position map back to the original. */
class ParameterRewriteTest {

    private static Rewritten rewrite(String sql) {
        return TesseraSqlParser.rewriteParameters(sql);
    }

    @Test
    void parametersInOrderOfAppearanceMayRepeatAndGoBackwards() {
        Rewritten r = rewrite("select $2, $1 || $2 from t where a = $10");
        assertEquals("select ?, ? || ? from t where a = ?", r.sql());
        assertEquals(List.of(2, 1, 2, 10), r.parameterNumbers());
        assertEquals(10, r.parameterCount());
    }

    @Test
    void textWithoutParametersIsUnchanged() {
        Rewritten r = rewrite("select 1");
        assertEquals("select 1", r.sql());
        assertEquals(List.of(), r.parameterNumbers());
        assertEquals(0, r.parameterCount());
        assertEquals(5, r.originalOffset(5));
    }

    @Test
    void literalsIdentifiersCommentsAndDollarQuotesAreLeftAlone() {
        String sql = "select '$1', 'it''s $2', E'\\'$3', \"col$4\", a$5, $$ $6 $$, $tag$ $7 $tag$ -- $8\n"
                + "/* $9 /* nested $10 */ still $11 */ , $12";
        Rewritten r = rewrite(sql);
        assertEquals(List.of(12), r.parameterNumbers());
        // dollar-quoted strings become standard string constants (PgSyntax), their contents untouched; comments
        // become blanks of their length
        String comments = "-- $8\n/* $9 /* nested $10 */ still $11 */";
        assertEquals(sql.substring(0, sql.length() - 3).replace("$$ $6 $$", "' $6 '")
                .replace("$tag$ $7 $tag$", "' $7 '").replace(comments, comments.replaceAll("[^\n]", " ")) + "?",
                r.sql());
    }

    @Test
    void aCommentEndingWithAPeriodQualifiesNothing() {
        // the word after a comment that ends "a." is no column of a table "a" (a keyword there was quoted)
        assertEquals("     \nselect 1", rewrite("-- a.\nselect 1").sql());
        assertEquals("SELECT 1", TesseraSqlParser.parse(rewrite("-- a.\nselect 1")).toString());
    }

    @Test
    void blockCommentsNestAsInPostgres() {
        String sql = "/* a /* nested; */ it's. */ select 1";
        assertEquals(" ".repeat(sql.indexOf("select")) + "select 1", rewrite(sql).sql());
        assertEquals("SELECT 1", TesseraSqlParser.parse(rewrite(sql)).toString());
    }

    @Test
    void positionsMapBackToTheOriginal() {
        String original = "select $1, $10, x";
        Rewritten r = rewrite(original);
        assertEquals("select ?, ?, x", r.sql());
        assertEquals(original.indexOf("$1"), r.originalOffset(r.sql().indexOf('?')));
        assertEquals(original.indexOf("$10"), r.originalOffset(r.sql().lastIndexOf('?')));
        assertEquals(original.indexOf('x'), r.originalOffset(r.sql().indexOf('x')));
        assertEquals(original.length(), r.originalOffset(r.sql().length()));
        assertSame(original, r.originalSql());
    }

    @Test
    void parsedParametersLineUpWithTheirNumbers() {
        Rewritten r = rewrite("insert into t (a, b, c) values ($3, $1, $2)");
        TesseraSqlParser.parse(r);
        assertEquals(List.of(3, 1, 2), r.parameterNumbers());
    }

    @Test
    void dollarZeroDoesNotExist() {
        TesseraException e = assertThrows(TesseraException.class, () -> rewrite("select $0"));
        assertEquals(SqlState.UNDEFINED_PARAMETER, e.sqlState());
        assertEquals(8, e.position());
    }

    @Test
    void aBareQuestionMarkIsJsonbsOperatorNotAParameter() {
        String original = "select j ? 'a', j ?| $1, j ?& '{?}' from t";
        Rewritten r = rewrite(original);
        assertEquals("select j ?0 'a', j ?0| ?, j ?0& '{?}' from t", r.sql());
        assertEquals(List.of(1), r.parameterNumbers());
        assertEquals(original.indexOf("$1"), r.originalOffset(r.sql().indexOf("?,")));
        assertEquals(original.indexOf("?&"), r.originalOffset(r.sql().indexOf("?0&")));
    }
}
