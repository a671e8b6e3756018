package io.tessera.sql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.sql.parser.ddl.DistributionKind;
import io.tessera.sql.parser.ddl.SqlCreateTableAs;
import io.tessera.sql.parser.ddl.SqlCreateTesseraTable;
import java.util.List;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlSelect;
import org.junit.jupiter.api.Test;

/** {@code CREATE TABLE ... AS query [WITH [NO] DATA]} and {@code SELECT ... INTO table}. */
class CreateTableAsParsingTest {
    private static SqlCreateTableAs parse(String sql) {
        return assertInstanceOf(SqlCreateTableAs.class, TesseraSqlParser.parse(sql));
    }

    @Test
    void createTableAsKeepsItsClausesAndTheQueryText() {
        SqlCreateTableAs t = parse("CREATE TABLE IF NOT EXISTS T2 (a, \"B\") DISTRIBUTE BY HASH(a) AS\n"
                + "  select x, y from src where x > 1 order by 1 WITH NO DATA");
        assertTrue(t.ifNotExists());
        assertEquals("t2", t.name().getSimple());
        assertEquals(List.of("a", "B"), t.columnNames());
        assertEquals(DistributionKind.HASH, t.shape().distribution().kind());
        assertFalse(t.withData());
        assertFalse(t.selectInto());
        assertEquals("select x, y from src where x > 1 order by 1", t.queryText());
        assertEquals(SqlKind.ORDER_BY, t.query().getKind());
    }

    @Test
    void theQueryMayBeValuesAWithQueryOrAUnionAndDataIsTheDefault() {
        assertEquals("values (1, 'a;b'), (2, 'c')", parse("create table t as values (1, 'a;b'), (2, 'c');")
                .queryText());
        SqlCreateTableAs w = parse("create table t as with w as (select 1 x) select x from w with data");
        assertTrue(w.withData());
        assertEquals("with w as (select 1 x) select x from w", w.queryText());
        assertEquals("select 1 union select 2", parse("create table t as select 1 union select 2").queryText());
        assertTrue(parse("create table s.t as select 1").columnNames().isEmpty());
    }

    @Test
    void columnDefinitionsStayCreateTableAndDoNotTakeAQuery() {
        assertInstanceOf(SqlCreateTesseraTable.class, TesseraSqlParser.parse("create table t (a int, b text)"));
        TesseraException e = assertThrows(TesseraException.class,
                () -> TesseraSqlParser.parse("create table t (a int) as select 1"));
        assertEquals(SqlState.SYNTAX_ERROR, e.sqlState());
        assertEquals(SqlState.SYNTAX_ERROR, assertThrows(TesseraException.class,
                () -> TesseraSqlParser.parse("create table t (a, b)")).sqlState());
        assertEquals(SqlState.SYNTAX_ERROR, assertThrows(TesseraException.class,
                () -> TesseraSqlParser.parse("create table t")).sqlState());
    }

    @Test
    void selectIntoIsCreateTableAsOfTheSelectWithoutItsIntoClause() {
        String into = "INTO TABLE public.\"T3\"";
        SqlCreateTableAs t = parse("SELECT a, b " + into + " FROM src WHERE a IN (SELECT 1) -- into x\n");
        assertTrue(t.selectInto());
        assertEquals(List.of("public", "T3"), t.name().names);
        assertInstanceOf(SqlSelect.class, t.query());
        assertEquals("SELECT a, b " + " ".repeat(into.length()) + " FROM src WHERE a IN (SELECT 1) -- into x\n",
                t.queryText(), "the clause blanked out, every other character in place");
        assertNull(((SqlSelect) t.query()).getFetch());
        assertEquals("t4", parse("select 1 as x into t4").name().getSimple());
    }

    @Test
    void intoElsewhereIsLeftAlone() {
        assertEquals(SqlKind.INSERT, TesseraSqlParser.parse("insert into t select 1").getKind());
        assertEquals(SqlKind.SELECT, TesseraSqlParser.parse("select 'into x' as \"into\" from t").getKind());
        assertTrue(parse("select 1 into temp t").shape().temporary(), "SELECT ... INTO TEMP makes a temporary table");
    }
}
