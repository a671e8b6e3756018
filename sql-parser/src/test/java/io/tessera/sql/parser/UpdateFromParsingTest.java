package io.tessera.sql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tessera.common.error.TesseraException;
import io.tessera.sql.parser.dml.SqlDeleteUsing;
import io.tessera.sql.parser.dml.SqlUpdateFrom;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlUpdate;
import org.junit.jupiter.api.Test;

/** PostgreSQL's {@code UPDATE ... FROM} and {@code DELETE ... USING}. */
class UpdateFromParsingTest {

    @Test
    void updateWithoutFromStaysCalcitesUpdate() {
        SqlUpdate u = assertInstanceOf(SqlUpdate.class,
                TesseraSqlParser.parse("update t as x set v = (select max(w) from s where s.k = x.k) where k > 1"));
        assertSame(SqlUpdate.class, u.getClass());
        assertEquals("x", u.getAlias().getSimple());
        assertNotNull(u.getCondition());
    }

    @Test
    void setValueDefaultIsCoresDefaultCall() {
        SqlUpdateFrom u = assertInstanceOf(SqlUpdateFrom.class,
                TesseraSqlParser.parse("update t set v = default, n = n + 1, w = DEFAULT from s where s.k = t.k"));
        assertEquals(SqlKind.DEFAULT, u.getSourceExpressionList().get(0).getKind());
        assertEquals(SqlKind.PLUS, u.getSourceExpressionList().get(1).getKind());
        assertEquals(SqlKind.DEFAULT, u.getSourceExpressionList().get(2).getKind());
        assertThrows(TesseraException.class, () -> TesseraSqlParser.parse("update t set v = default + 1"));
    }

    @Test
    void updateFromKeepsTheFromList() {
        SqlUpdateFrom u = assertInstanceOf(SqlUpdateFrom.class,
                TesseraSqlParser.parse("update t set v = s.w, n = n + 1 from s, r where s.k = t.k and r.k = s.k"));
        assertEquals(2, u.getTargetColumnList().size());
        SqlJoin join = assertInstanceOf(SqlJoin.class, u.from());
        assertEquals("s", ((SqlIdentifier) join.getLeft()).getSimple());
        assertNotNull(u.getCondition());
    }

    @Test
    void updateFromASubqueryWithAlias() {
        SqlUpdateFrom u = assertInstanceOf(SqlUpdateFrom.class,
                TesseraSqlParser.parse("update t a set v = q.m from (select k, max(w) as m from s group by k) q "
                        + "where q.k = a.k"));
        assertEquals("a", u.getAlias().getSimple());
    }

    @Test
    void deleteUsing() {
        SqlDeleteUsing d = assertInstanceOf(SqlDeleteUsing.class,
                TesseraSqlParser.parse("delete from t using s where s.k = t.k"));
        assertEquals("s", ((SqlIdentifier) d.using()).getSimple());
        SqlDelete plain = assertInstanceOf(SqlDelete.class, TesseraSqlParser.parse("delete from t where k in (select k from s)"));
        assertSame(SqlDelete.class, plain.getClass());
    }

    @Test
    void fromWithoutATableIsASyntaxError() {
        assertThrows(TesseraException.class, () -> TesseraSqlParser.parse("update t set v = 1 from where k = 1"));
    }
}
