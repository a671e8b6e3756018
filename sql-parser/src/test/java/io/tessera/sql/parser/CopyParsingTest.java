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
import io.tessera.sql.parser.copy.SqlCopy;
import io.tessera.sql.parser.copy.SqlTruncateTables;
import java.util.Map;
import org.apache.calcite.sql.SqlSelect;
import org.junit.jupiter.api.Test;

/** COPY in both option syntaxes and TRUNCATE, as psql, pgbench and pgjdbc send them. */
class CopyParsingTest {

    private static SqlCopy copy(String sql) {
        return assertInstanceOf(SqlCopy.class, TesseraSqlParser.parse(sql));
    }

    @Test
    void pgbenchCopyWithFreeze() {
        SqlCopy c = copy("copy pgbench_accounts from stdin with (freeze on)");
        assertEquals("pgbench_accounts", c.table().getSimple());
        assertTrue(c.isFrom());
        assertNull(c.file());
        assertEquals(Map.of("freeze", "on"), c.optionMap());
    }

    @Test
    void parenthesizedOptions() {
        SqlCopy c = copy("COPY t (a, \"B\") FROM STDIN WITH (FORMAT csv, DELIMITER ';', NULL '', HEADER, "
                + "QUOTE '''', ESCAPE '\\', FORCE_NOT_NULL (a), FORCE_QUOTE *, FREEZE false, ENCODING 'UTF8')");
        assertEquals(2, c.columns().size());
        Map<String, String> o = c.optionMap();
        assertEquals("csv", o.get("format"));
        assertEquals(";", o.get("delimiter"));
        assertEquals("", o.get("null"));
        assertTrue(o.containsKey("header"));
        assertNull(o.get("header"));
        assertEquals("'", o.get("quote"));
        assertEquals("\\", o.get("escape"));
        assertEquals("a", o.get("force_not_null"));
        assertEquals("*", o.get("force_quote"));
        assertEquals("false", o.get("freeze"));
        assertEquals("UTF8", o.get("encoding"));
    }

    @Test
    void legacyOptions() {
        SqlCopy c = copy("copy t from stdin with csv header delimiter as '|' null as 'NULL' quote '\"' "
                + "force not null a, b");
        Map<String, String> o = c.optionMap();
        assertEquals("csv", o.get("format"));
        assertEquals("true", o.get("header"));
        assertEquals("|", o.get("delimiter"));
        assertEquals("NULL", o.get("null"));
        assertEquals("\"", o.get("quote"));
        assertEquals("a,b", o.get("force_not_null"));
        assertEquals(Map.of("delimiter", ","), copy("copy t from stdin delimiter ','").optionMap());
        assertEquals(Map.of("format", "binary"), copy("copy t to stdout binary").optionMap());
    }

    @Test
    void copyToStdoutOfTableAndQuery() {
        SqlCopy t = copy("copy t to stdout");
        assertFalse(t.isFrom());
        assertTrue(t.options().isEmpty());
        SqlCopy q = copy("COPY (select a, b from t where a > 1 order by a) TO STDOUT (FORMAT csv)");
        assertNull(q.table());
        assertNotNull(q.query());
        assertEquals("csv", q.optionMap().get("format"));
        assertInstanceOf(SqlSelect.class, copy("copy (select 1) to stdout").query());
    }

    @Test
    void serverFilesAndPrograms() {
        SqlCopy f = copy("copy t from '/tmp/x.csv' (format csv)");
        assertEquals("/tmp/x.csv", f.file());
        assertFalse(f.isProgram());
        SqlCopy p = copy("copy t to program 'gzip > /tmp/x.gz'");
        assertEquals("gzip > /tmp/x.gz", p.file());
        assertTrue(p.isProgram());
    }

    @Test
    void stdinOnlyWithFromAndStdoutOnlyWithTo() {
        for (String sql : new String[] {"copy t to stdin", "copy t from stdout", "copy (select 1) from stdin"}) {
            TesseraException e = assertThrows(TesseraException.class, () -> TesseraSqlParser.parse(sql));
            assertEquals(SqlState.SYNTAX_ERROR, e.sqlState(), sql);
        }
    }

    @Test
    void copyStaysUsableAsAName() {
        assertInstanceOf(SqlSelect.class, TesseraSqlParser.parse("select copy from copy"));
    }

    @Test
    void truncate() {
        SqlTruncateTables t = assertInstanceOf(SqlTruncateTables.class, TesseraSqlParser.parse(
                "truncate table pgbench_accounts, pgbench_branches, pgbench_history, pgbench_tellers"));
        assertEquals(4, t.names().size());
        assertFalse(t.restartIdentity());
        assertFalse(t.cascade());
        SqlTruncateTables u = assertInstanceOf(SqlTruncateTables.class,
                TesseraSqlParser.parse("TRUNCATE ONLY a, b * RESTART IDENTITY CASCADE"));
        assertEquals(2, u.names().size());
        assertTrue(u.restartIdentity());
        assertTrue(u.cascade());
        assertInstanceOf(SqlTruncateTables.class, TesseraSqlParser.parse("truncate t continue identity restrict"));
    }
}
