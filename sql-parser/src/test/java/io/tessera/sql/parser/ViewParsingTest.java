package io.tessera.sql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.sql.parser.ddl.SqlAlterTable;
import io.tessera.sql.parser.ddl.SqlComment;
import io.tessera.sql.parser.ddl.SqlCreateTesseraView;
import io.tessera.sql.parser.ddl.SqlDropTesseraView;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CREATE/DROP VIEW, COMMENT ON and ALTER COLUMN ... TYPE ... USING parse as PostgreSQL writes them. */
class ViewParsingTest {
    @Test
    void createViewWithColumnsAndOrReplace() {
        SqlCreateTesseraView v = (SqlCreateTesseraView) TesseraSqlParser.parse(
                "create or replace view public.v (x, y) as select a, b from t where a > 1 order by a limit 3");
        assertTrue(v.orReplace());
        assertEquals(List.of("public", "v"), v.name().names);
        assertEquals(List.of("x", "y"), v.columnNames());
        SqlCreateTesseraView plain = (SqlCreateTesseraView) TesseraSqlParser.parse("create view v as select 1");
        assertFalse(plain.orReplace());
        assertTrue(plain.columnNames().isEmpty());
    }

    @Test
    void dropViews() {
        SqlDropTesseraView d = (SqlDropTesseraView) TesseraSqlParser.parse("drop view if exists a, b cascade");
        assertTrue(d.ifExists());
        assertTrue(d.cascade());
        assertEquals(2, d.names().size());
    }

    @Test
    void commentOn() {
        SqlComment c = (SqlComment) TesseraSqlParser.parse("comment on column public.t.a is 'it''s a'");
        assertEquals("COLUMN", c.objectType());
        assertEquals(List.of("public", "t", "a"), c.name().names);
        assertEquals("it's a", c.text());
        SqlComment n = (SqlComment) TesseraSqlParser.parse("COMMENT ON TABLE t IS NULL");
        assertEquals("TABLE", n.objectType());
        assertNull(n.text());
        assertEquals("INDEX", ((SqlComment) TesseraSqlParser.parse("comment on index i is 'x'")).objectType());
        // comment stays usable as a name
        assertNotNull(TesseraSqlParser.parse("select comment from t"));
    }

    @Test
    void alterColumnTypeKeepsUsing() {
        SqlAlterTable a = (SqlAlterTable) TesseraSqlParser.parse(
                "alter table t alter column b type integer using b::integer, alter c set data type text");
        SqlAlterTable.ColumnType b = assertInstanceOf(SqlAlterTable.ColumnType.class, a.actions().get(0));
        assertNotNull(b.using());
        assertEquals("int4", b.type().typeName());
        assertNull(((SqlAlterTable.ColumnType) a.actions().get(1)).using());
    }
}
