package io.tessera.sql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Splitting a WITH with data-modifying queries into its parts at their offsets, PostgreSQL's 0A000 refusals, and
 * inlining WITH queries as FROM items.
 */
class ModifyingWithTest {
    @Test
    void partsKeepTheirOffsets() {
        String sql = "WITH d AS (DELETE FROM a WHERE k < $1 RETURNING *), s(x) AS (select 1) INSERT INTO b SELECT * FROM d;";
        ModifyingWith w = ModifyingWith.split(sql);
        assertEquals(2, w.ctes().size());
        ModifyingWith.Cte d = w.ctes().get(0);
        assertEquals("d", d.name());
        assertEquals(ModifyingWith.Kind.DELETE, d.kind());
        assertTrue(d.returning());
        assertNull(d.columns());
        assertEquals(sql.indexOf("DELETE"), d.body().indexOf("DELETE"));
        assertEquals("DELETE FROM a WHERE k < $1 RETURNING *", d.body().strip());
        ModifyingWith.Cte s = w.ctes().get(1);
        assertEquals(ModifyingWith.Kind.SELECT, s.kind());
        assertEquals("(x)", s.columns());
        assertEquals("s(x)", s.head());
        assertEquals(ModifyingWith.Kind.INSERT, w.mainKind());
        assertEquals("INSERT INTO b SELECT * FROM d", w.main().strip());
        assertEquals(sql.indexOf("INSERT"), w.mainStart());
        assertFalse(w.recursive());
    }

    @Test
    void ordinaryStatementsAreLeftToCalcite() {
        assertNull(ModifyingWith.split("select 1"));
        assertNull(ModifyingWith.split("with x as (select 1) select * from x"));
        assertNull(ModifyingWith.split("select 'with d as (delete from t returning *) select 1'"));
        assertNull(ModifyingWith.split("delete from t where k in (select 1)"));
        assertNull(ModifyingWith.split("explain with d as (delete from t returning *) select 1"));
    }

    @Test
    void aWithOfQueriesHeadingAnInsertIsOne() {
        ModifyingWith w = ModifyingWith.split("with recursive x as (select 1) insert into t select * from x");
        assertTrue(w.recursive());
        assertEquals(ModifyingWith.Kind.INSERT, w.mainKind());
    }

    @Test
    void nestedDataModifyingWithIsRefusedAtItsName() {
        String sql = "select * from (with d as (delete from t returning *) select * from d) s";
        TesseraException e = assertThrows(TesseraException.class, () -> ModifyingWith.split(sql));
        assertEquals(SqlState.FEATURE_NOT_SUPPORTED, e.sqlState());
        assertEquals("WITH clause containing a data-modifying statement must be at the top level", e.getMessage());
        assertEquals(sql.indexOf("d as") + 1, e.position());
        TesseraException view = assertThrows(TesseraException.class, () -> ModifyingWith.split(
                "create view v as with d as (delete from t returning *) select * from d"));
        assertEquals("views must not contain data-modifying statements in WITH", view.getMessage());
    }

    @Test
    void readingAQueryWithoutReturningIsRefusedAtTheReference() {
        String sql = "with d as (delete from t where k = 3) select * from d";
        TesseraException e = assertThrows(TesseraException.class, () -> ModifyingWith.split(sql));
        assertEquals("WITH query \"d\" does not have a RETURNING clause", e.getMessage());
        assertEquals(sql.lastIndexOf("d") + 1, e.position());
        assertEquals(1, ModifyingWith.split("with d as (delete from t where k = 3) select d from x").ctes().size());
    }

    @Test
    void fromItemsAreInlinedWithTheirAliases() {
        Map<String, ModifyingWith.Relation> r = Map.of("d", new ModifyingWith.Relation("values ($1)", "(k)"));
        assertEquals("delete from t using (values ($1)) as d(k) where t.k = d.k",
                ModifyingWith.inline("delete from t using d where t.k = d.k", r));
        assertEquals("update t set v = x.k from u, (values ($1)) as x(k) where t.k = x.k",
                ModifyingWith.inline("update t set v = x.k from u, d as x where t.k = x.k", r));
        assertEquals("delete from t where k in (select k from (values ($1)) as d(k))",
                ModifyingWith.inline("delete from t where k in (select k from d)", r));
        assertEquals("update t set d = 1 where d.k = 2", ModifyingWith.inline("update t set d = 1 where d.k = 2", r));
    }

    @Test
    void insertSourceFollowsTheTargetAndItsColumns() {
        String sql = "insert into t (a, b) overriding system value select 1, 2";
        assertEquals(sql.indexOf("select"), ModifyingWith.insertSource(sql));
        assertEquals(14, ModifyingWith.insertSource("insert into t (values (1))"));
        assertEquals(-1, ModifyingWith.insertSource("insert into t default values"));
    }
}
