package io.tessera.sql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.sql.parser.ddl.SqlAlterIndex;
import io.tessera.sql.parser.ddl.SqlCreateTesseraIndex;
import io.tessera.sql.parser.ddl.SqlDropTesseraIndex;
import java.util.List;
import org.junit.jupiter.api.Test;

class IndexParsingTest {
    private static SqlCreateTesseraIndex create(String sql) {
        return assertInstanceOf(SqlCreateTesseraIndex.class, TesseraSqlParser.parse(sql));
    }

    @Test
    void createIndexWithEveryClause() {
        SqlCreateTesseraIndex c = create("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS t_ab ON public.t USING btree"
                + " (a DESC NULLS LAST, b ASC, c NULLS FIRST) INCLUDE (d, e)");
        assertTrue(c.unique());
        assertTrue(c.concurrently());
        assertTrue(c.ifNotExists());
        assertEquals("t_ab", c.name().getSimple());
        assertEquals(List.of("public", "t"), c.table().names);
        assertEquals("btree", c.method());
        assertEquals(3, c.elements().size());
        assertEquals("a", c.elements().get(0).column());
        assertTrue(c.elements().get(0).descending());
        assertEquals(Boolean.FALSE, c.elements().get(0).nullsFirst());
        assertFalse(c.elements().get(1).descending());
        assertNull(c.elements().get(1).nullsFirst());
        assertEquals(Boolean.TRUE, c.elements().get(2).nullsFirst());
        assertEquals(List.of("d", "e"), c.include());
        assertNull(c.where());
    }

    @Test
    void alterIndexRenames() {
        SqlAlterIndex a = (SqlAlterIndex) TesseraSqlParser.parse("alter index if exists s.\"I\" rename to j");
        assertTrue(a.ifExists());
        assertEquals(List.of("s", "I"), a.name().names);
        assertEquals("I", a.indexName());
        assertEquals("j", a.renameTo());
        TesseraException schema = assertThrows(TesseraException.class,
                () -> TesseraSqlParser.parse("alter index i set schema s"));
        assertEquals("syntax error at or near \"schema\"", schema.getMessage()); // PostgreSQL has no SET SCHEMA here
        assertEquals(SqlState.FEATURE_NOT_SUPPORTED, assertThrows(TesseraException.class,
                () -> TesseraSqlParser.parse("alter index i set tablespace x")).sqlState());
    }

    @Test
    void nameIsOptionalAndWordsStayNames() {
        SqlCreateTesseraIndex c = create("create index on t (a)");
        assertNull(c.name());
        assertFalse(c.unique());
        c = create("create index concurrently on t (a)");
        assertTrue(c.concurrently());
        assertNull(c.name());
        c = create("create index concurrently \"concurrently\" on t (a)");
        assertEquals("concurrently", c.name().getSimple());
        c = create("create index x on t (index)");
        assertEquals("index", c.elements().get(0).column());
    }

    @Test
    void expressionsAndPredicatesAreParsed() {
        SqlCreateTesseraIndex c = create("create index i on t ((a + 1), lower(b)) where a > 0");
        assertNull(c.elements().get(0).column());
        assertNull(c.elements().get(1).column());
        assertNotNull(c.where());
    }

    @Test
    void dropIndex() {
        SqlDropTesseraIndex d = assertInstanceOf(SqlDropTesseraIndex.class,
                TesseraSqlParser.parse("DROP INDEX CONCURRENTLY IF EXISTS a, public.b CASCADE"));
        assertTrue(d.concurrently());
        assertTrue(d.ifExists());
        assertTrue(d.cascade());
        assertEquals(2, d.names().size());
        d = assertInstanceOf(SqlDropTesseraIndex.class, TesseraSqlParser.parse("drop index concurrently"));
        assertFalse(d.concurrently());
        assertEquals("concurrently", d.names().get(0).getSimple());
    }

    @Test
    void createSomethingElseIsStillASyntaxError() {
        assertThrows(RuntimeException.class, () -> TesseraSqlParser.parse("create indexx i on t (a)"));
    }
}
