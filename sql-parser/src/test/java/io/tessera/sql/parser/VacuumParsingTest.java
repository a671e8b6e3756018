package io.tessera.sql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.tessera.sql.parser.utility.SqlVacuum;
import java.util.List;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.junit.jupiter.api.Test;

/** VACUUM in PostgreSQL 15's two spellings; "vacuum", "verbose", "freeze" and "analyze" stay usable as names. */
class VacuumParsingTest {

    private static SqlVacuum vacuum(String sql) {
        SqlNode n = TesseraSqlParser.parse(sql);
        return assertInstanceOf(SqlVacuum.class, n);
    }

    private static List<String> names(SqlVacuum v) {
        return v.tables().stream().map(SqlIdentifier::toString).toList();
    }

    @Test
    void bareVacuumNamesNoTable() {
        SqlVacuum v = vacuum("vacuum");
        assertEquals(List.of(), v.tables());
        assertEquals(List.of(), v.options());
    }

    @Test
    void tablesAreFoldedAndMayBeQualified() {
        assertEquals(List.of("accounts", "public.history"), names(vacuum("VACUUM Accounts, public.history")));
    }

    @Test
    void oldStyleOptionsComeBeforeTheTables() {
        SqlVacuum v = vacuum("vacuum full freeze verbose analyze t");
        assertEquals(List.of("full", "freeze", "verbose", "analyze"), v.options());
        assertEquals(List.of("t"), names(v));
        assertEquals(List.of("verbose"), vacuum("vacuum verbose").options());
    }

    @Test
    void parenthesizedOptionsTakeValues() {
        SqlVacuum v = vacuum("vacuum (verbose, full false, parallel 2, index_cleanup auto) t1, t2");
        assertEquals(List.of("verbose", "full", "parallel", "index_cleanup"), v.options());
        assertEquals(List.of("t1", "t2"), names(v));
    }

    @Test
    void vacuumIsNotReserved() {
        assertInstanceOf(SqlNode.class, TesseraSqlParser.parse("select vacuum, verbose from vacuum"));
    }
}
