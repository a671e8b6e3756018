package io.tessera.sql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.sql.parser.dml.SqlUpdateFrom;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUpdate;
import org.junit.jupiter.api.Test;

/** UPDATE's multiple-column SET items, spelled column by column ({@link io.tessera.sql.parser.dml.MultiColumnSet}). */
class MultiColumnSetParsingTest {
    private static String columns(SqlUpdate u) {
        StringBuilder b = new StringBuilder();
        u.getTargetColumnList().forEach(c -> b.append(b.length() > 0 ? "," : "").append(((SqlIdentifier) c).getSimple()));
        return b.toString();
    }

    @Test
    void valueListAssignsColumnByColumn() {
        SqlUpdate u = assertInstanceOf(SqlUpdate.class,
                TesseraSqlParser.parse("update t set (a, b) = (b, default), c = 1, (d) = row(a) where k = 1"));
        assertEquals("a,b,c,d", columns(u));
        assertEquals("b", ((SqlIdentifier) u.getSourceExpressionList().get(0)).getSimple());
        assertEquals(SqlKind.DEFAULT, u.getSourceExpressionList().get(1).getKind());
        assertEquals(SqlKind.IDENTIFIER, u.getSourceExpressionList().get(3).getKind());
    }

    @Test
    void subSelectBecomesOneScalarSubSelectPerColumn() {
        SqlUpdateFrom u = assertInstanceOf(SqlUpdateFrom.class, TesseraSqlParser.parse(
                "update t set (a, b) = (select x, y + 1 from u where u.k = t.k) from v where v.k = t.k"));
        assertEquals("a,b", columns(u));
        SqlSelect first = assertInstanceOf(SqlSelect.class, u.getSourceExpressionList().get(0));
        SqlSelect second = assertInstanceOf(SqlSelect.class, u.getSourceExpressionList().get(1));
        assertEquals(1, first.getSelectList().size());
        assertEquals(SqlKind.PLUS, second.getSelectList().get(0).getKind());
        // copies, not one tree twice: the validator rewrites nodes in place
        assertNotSame(first.getFrom(), second.getFrom());
        assertNotSame(first.getWhere(), second.getWhere());
    }

    @Test
    void countsMustMatch() {
        for (String sql : new String[] {"update t set (a, b) = (1, 2, 3)", "update t set (a, b, c) = row(1, 2)",
                "update t set (a, b) = (select x from u)"}) {
            TesseraException e = assertThrows(TesseraException.class, () -> TesseraSqlParser.parse(sql), sql);
            assertEquals(SqlState.SYNTAX_ERROR, e.sqlState(), sql);
            assertEquals("number of columns does not match number of values", e.getMessage(), sql);
        }
    }

    @Test
    void aLoneValueNeedsRowOrASubSelect() {
        TesseraException e = assertThrows(TesseraException.class,
                () -> TesseraSqlParser.parse("update t set (a, b) = (1)"));
        assertEquals(SqlState.FEATURE_NOT_SUPPORTED, e.sqlState());
        assertEquals("source for a multiple-column UPDATE item must be a sub-SELECT or ROW() expression",
                e.getMessage());
    }

    @Test
    void subSelectsWhoseRowDependsOnTheRunAreRefused() {
        for (String sql : new String[] {"update t set (a, b) = (select x, y from u limit 1)",
                "update t set (a, b) = (select x, y from u order by x offset 1)",
                "update t set (a, b) = (select * from u)", "update t set (a, b) = (select x, $1 from u)"}) {
            TesseraException e = assertThrows(TesseraException.class,
                    () -> TesseraSqlParser.parse(TesseraSqlParser.rewriteParameters(sql)), sql);
            assertEquals(SqlState.FEATURE_NOT_SUPPORTED, e.sqlState(), sql);
        }
    }
}
