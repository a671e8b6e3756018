package io.tessera.sql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tessera.common.error.TesseraException;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.junit.jupiter.api.Test;

/** FETCH ... WITH TIES as the parser spells it ({@link FetchWithTies}): a QUALIFY on rank(), the OFFSET kept. */
class FetchWithTiesParsingTest {
    private static SqlOrderBy orderBy(String sql) {
        return assertInstanceOf(SqlOrderBy.class, TesseraSqlParser.parse(sql));
    }

    @Test
    void withTiesKeepsTheOffsetAndFiltersOnRank() {
        SqlOrderBy o = orderBy("select a from t order by b offset 2 rows fetch first 3 rows with ties");
        assertNull(o.fetch);
        assertEquals("2", o.offset.toString());
        SqlCall qualify = assertInstanceOf(SqlCall.class, ((SqlSelect) o.query).getQualify());
        assertEquals(SqlKind.LESS_THAN_OR_EQUAL, qualify.getKind());
        SqlCall over = qualify.operand(0);
        assertEquals(SqlKind.OVER, over.getKind());
        assertEquals(SqlKind.RANK, ((SqlCall) over.operand(0)).getKind());
        assertEquals("2 + 3", qualify.operand(1).toString());
    }

    @Test
    void fetchOnlyStaysAFetch() {
        SqlOrderBy o = orderBy("select a from t order by b fetch next 2 rows only");
        assertEquals("2", o.fetch.toString());
        assertNull(((SqlSelect) o.query).getQualify());
    }

    @Test
    void positionsAndAliasesOrderTheWindowByTheSelectItems() {
        SqlOrderBy o = orderBy("select a + 1 as x, b from t order by 1 desc, x fetch first row with ties");
        SqlCall qualify = (SqlCall) ((SqlSelect) o.query).getQualify();
        String window = qualify.operand(0).toString();
        assertEquals(2, window.split(" \\+ 1", -1).length - 1, window); // both keys are a + 1
    }

    @Test
    void distinctIsWrappedBeforeTheWindow() {
        SqlOrderBy o = orderBy("select distinct a from t order by a fetch first 1 row with ties");
        SqlSelect outer = (SqlSelect) o.query;
        assertEquals(SqlKind.AS, outer.getFrom().getKind());
    }

    @Test
    void withTiesWithoutOrderByIs42601() {
        TesseraException e = assertThrows(TesseraException.class,
                () -> TesseraSqlParser.parse("select a from t fetch first 1 row with ties"));
        assertEquals("42601", e.sqlState().code());
        assertEquals("WITH TIES cannot be specified without ORDER BY clause", e.getMessage());
    }

    @Test
    void nullAndNegativeCountsAre2201W() {
        TesseraException nullCount = assertThrows(TesseraException.class,
                () -> TesseraSqlParser.parse("select a from t order by a fetch first null rows with ties"));
        assertEquals("2201W", nullCount.sqlState().code());
        assertEquals("row count cannot be null in FETCH FIRST ... WITH TIES clause", nullCount.getMessage());
        TesseraException negative = assertThrows(TesseraException.class,
                () -> TesseraSqlParser.parse("select a from t order by a fetch first -1 rows with ties"));
        assertEquals("2201W", negative.sqlState().code());
    }

    @Test
    void fetchFirstNullRowsOnlyIsNoLimit() {
        assertNull(orderBy("select a from t order by a fetch first null rows only").fetch);
    }
}
