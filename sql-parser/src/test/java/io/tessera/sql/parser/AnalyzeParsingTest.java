package io.tessera.sql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.sql.parser.utility.SqlAnalyze;
import java.util.List;
import org.apache.calcite.sql.SqlNode;
import org.junit.jupiter.api.Test;

/** ANALYZE in PostgreSQL 15's spellings; "analyze", "analyse" and "verbose" stay usable as names. */
class AnalyzeParsingTest {

    private static SqlAnalyze analyze(String sql) {
        return assertInstanceOf(SqlAnalyze.class, TesseraSqlParser.parse(sql));
    }

    @Test
    void bareAnalyzeNamesNoTable() {
        SqlAnalyze a = analyze("analyze");
        assertEquals(List.of(), a.targets());
        assertFalse(a.verbose());
        assertEquals(List.of(), analyze("ANALYSE").targets());
    }

    @Test
    void tablesWithColumnListsAndVerbose() {
        SqlAnalyze a = analyze("ANALYZE VERBOSE Accounts (Id, name), public.history");
        assertTrue(a.verbose());
        assertEquals(2, a.targets().size());
        assertEquals("accounts", a.targets().get(0).table().toString());
        assertEquals(List.of("id", "name"), a.targets().get(0).columns());
        assertEquals("public.history", a.targets().get(1).table().toString());
        assertEquals(List.of(), a.targets().get(1).columns());
    }

    @Test
    void parenthesizedOptions() {
        SqlAnalyze a = analyze("analyze (verbose, skip_locked true) t");
        assertEquals(List.of("verbose", "skip_locked"), a.options());
        assertEquals("t", a.targets().get(0).table().toString());
    }

    @Test
    void analyzeIsNotReserved() {
        assertInstanceOf(SqlNode.class, TesseraSqlParser.parse("select analyze, analyse, verbose from analyze"));
    }
}
