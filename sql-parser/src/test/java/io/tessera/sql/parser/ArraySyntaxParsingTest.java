package io.tessera.sql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.error.TesseraException;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlSelect;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL's array syntax: {@code LIKE ANY/ALL} ({@link QuantifiedLike}), slices ({@link ArraySlice}), nested
 * brackets in an array constructor, and the prefix operators of {@link MathOperators}.
 */
class ArraySyntaxParsingTest {
    private static SqlCall item(String expression) {
        SqlSelect select = assertInstanceOf(SqlSelect.class, TesseraSqlParser.parse("select " + expression + " from t"));
        SqlCall call = (SqlCall) select.getSelectList().get(0);
        return call.getKind() == SqlKind.AS ? (SqlCall) call.operand(0) : call;
    }

    @Test
    void likeAnyAndAllAreTheQuantifiedOperators() {
        QuantifiedLike.QuantifiedLikeOperator any = assertInstanceOf(QuantifiedLike.QuantifiedLikeOperator.class,
                item("s like any (array['a%'])").getOperator());
        assertFalse(any.all || any.negated || any.caseInsensitive);
        QuantifiedLike.QuantifiedLikeOperator notIlikeAll = assertInstanceOf(
                QuantifiedLike.QuantifiedLikeOperator.class, item("s not ilike all (a)").getOperator());
        assertTrue(notIlikeAll.all && notIlikeAll.negated && notIlikeAll.caseInsensitive);
        assertSame(any, item("s like some (array['a%'])").getOperator());
        // LIKE binds tighter than AND
        assertEquals(SqlKind.AND, item("s like any (a) and true").getKind());
        // a plain LIKE is still Calcite's
        assertEquals(SqlKind.LIKE, item("s like 'a%'").getKind());
    }

    @Test
    void similarToAnyIsASyntaxError() {
        TesseraException e = assertThrows(TesseraException.class,
                () -> TesseraSqlParser.parse("select s similar to any (a) from t"));
        assertEquals("syntax error at or near \"any\"", e.getMessage());
    }

    @Test
    void slicesKeepOmittedBoundsApartFromNull() {
        SqlCall both = item("a[2:3]");
        assertSame(ArraySlice.OPERATOR, both.getOperator());
        assertFalse(ArraySlice.isOmitted(both.operand(1)));
        SqlCall upper = item("a[:2]");
        assertTrue(ArraySlice.isOmitted(upper.operand(1)));
        assertFalse(ArraySlice.isOmitted(upper.operand(2)));
        SqlCall lower = item("a[2:]");
        assertTrue(ArraySlice.isOmitted(lower.operand(2)));
        SqlCall all = item("a[:]");
        assertTrue(ArraySlice.isOmitted(all.operand(1)) && ArraySlice.isOmitted(all.operand(2)));
        assertEquals(SqlKind.LITERAL, item("a[null:2]").operand(1).getKind());
        // a subscript before the slice belongs to the sliced expression; one after it subscripts the slice
        SqlCall after = item("a[1][2:3]");
        assertSame(ArraySlice.OPERATOR, after.getOperator());
        assertEquals(SqlKind.ITEM, ((SqlCall) after.operand(0)).getKind());
        assertEquals(SqlKind.ITEM, item("a[1:2][1]").getKind());
        // the slice binds tighter than arithmetic
        assertEquals(SqlKind.PLUS, item("1 + a[1:2]").getKind());
    }

    @Test
    void nestedBracketsAreArrayConstructors() {
        SqlCall outer = item("array[[1,2],[3,4]]");
        assertEquals(SqlKind.ARRAY_VALUE_CONSTRUCTOR, outer.getKind());
        assertEquals(2, outer.operandCount());
        assertEquals(SqlKind.ARRAY_VALUE_CONSTRUCTOR, outer.operand(0).getKind());
        assertEquals(2, ((SqlCall) outer.operand(1)).operandCount());
        SqlCall deep = item("array[[[1]],[[2]]]");
        assertEquals(SqlKind.ARRAY_VALUE_CONSTRUCTOR, ((SqlCall) deep.operand(0)).operand(0).getKind());
    }

    @Test
    void prefixMathOperatorsBindBelowAddition() {
        SqlCall sqrt = item("|/ 25 + 11");
        assertSame(MathOperators.SQRT, sqrt.getOperator());
        assertEquals(SqlKind.PLUS, sqrt.operand(0).getKind());
        assertSame(MathOperators.CBRT, item("||/ 27").getOperator());
        SqlCall abs = item("@ -5 * 2");
        assertSame(MathOperators.ABS, abs.getOperator());
        assertEquals(SqlKind.TIMES, abs.operand(0).getKind());
        // || is still concatenation
        assertEquals("||", item("'a' || 'b'").getOperator().getName());
        // || right before a comment is concatenation, not ||/ (PostgreSQL's lexer ends an operator at a comment)
        SqlCall concat = item("'a'||/*c*/'b'");
        assertEquals("||", concat.getOperator().getName());
        assertEquals("'b'", concat.operand(1).toString());
        assertEquals("||", item("'a' ||/**/ 'b'").getOperator().getName());
        assertSame(MathOperators.CBRT, item("||/ /* c */ 27").getOperator());
    }
}
