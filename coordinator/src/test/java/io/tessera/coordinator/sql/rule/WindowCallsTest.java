package io.tessera.coordinator.sql.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.sql.PgRewriter;
import io.tessera.sql.parser.TesseraSqlParser;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.SqlNode;
import org.junit.jupiter.api.Test;

/** The window forms {@link PgRewriter} rewrites or refuses before validation: FILTER, nested window calls. */
class WindowCallsTest {
    private static String rewritten(String sql) {
        SqlNode node = PgRewriter.rewrite(TesseraSqlParser.parse(sql));
        return node.toSqlString(SqlDialect.DatabaseProduct.POSTGRESQL.getDialect()).getSql().replace("\n", " ");
    }

    @Test
    void countStarFilterOverAWindowCountsTheAcceptedRows() {
        String sql = rewritten("select count(*) filter (where x > 10) over (order by id) from t");
        assertTrue(sql.contains("COUNT(CASE WHEN \"x\" > 10 THEN 1 ELSE NULL END) OVER"), sql);
    }

    @Test
    void stringAggFilterKeepsItsSeparator() {
        String sql = rewritten("select string_agg(s, ',') filter (where id > 1) over () from t");
        assertTrue(sql.contains("STRING_AGG(CASE WHEN \"id\" > 1 THEN \"s\" ELSE NULL END, ',') OVER"), sql);
    }

    @Test
    void arrayAggFilterTakesTheFrameValuesWhoseConditionHolds() {
        // array_agg keeps NULLs: a CASE would add them; the frame's conditions beside its values instead
        String sql = rewritten("select array_agg(x) filter (where x > 1) over (order by id) from t");
        assertTrue(sql.contains("\"tessera_array_filter\"(ARRAY_AGG(\"x\") OVER (ORDER BY \"id\"), "
                + "ARRAY_AGG(\"x\" > 1) OVER (ORDER BY \"id\")) AS \"array_agg\""), sql);
    }

    @Test
    void frameExclusionIsKeptForThePlanner() {
        // the executor's window computes it (TesseraWindow); nothing refuses it before validation
        String sql = rewritten("select sum(x) over (order by id rows between 1 preceding and 1 following"
                + " exclude ties) from t");
        assertTrue(sql.contains("EXCLUDE TIES"), sql);
    }

    @Test
    void nestedWindowCallsFailAsInPostgres() {
        TesseraException e = assertThrows(TesseraException.class,
                () -> rewritten("select sum(row_number() over ()) over () from t"));
        assertEquals(SqlState.WINDOWING_ERROR, e.sqlState());
        assertEquals("window function calls cannot be nested", e.getMessage());
        e = assertThrows(TesseraException.class,
                () -> rewritten("select lag(case when x > 0 then rank() over (order by id) end) over () from t"));
        assertEquals(SqlState.WINDOWING_ERROR, e.sqlState());
        e = assertThrows(TesseraException.class, () -> rewritten("select sum(sum(x) over ()) from t"));
        assertEquals(SqlState.GROUPING_ERROR, e.sqlState());
        assertEquals("aggregate function calls cannot contain window function calls", e.getMessage());
        // an aggregate inside a window call, and a window call in a sub-query of the arguments, are allowed
        assertTrue(rewritten("select sum(sum(x)) over () from t group by g").contains("OVER"));
        assertTrue(rewritten("select sum((select max(y) over () from u limit 1)) over () from t").contains("OVER"));
    }

    @Test
    void excludeNoOthersIsTheDefaultFrame() {
        String sql = rewritten("select sum(x) over (order by id rows between 1 preceding and 1 following"
                + " exclude no others) from t");
        assertTrue(sql.contains("SUM(\"x\") OVER"), sql);
    }

    @Test
    void rankWithoutOrderByIsOneForEveryRow() {
        String sql = rewritten("select rank() over (partition by g), cume_dist() over () from t");
        assertTrue(sql.contains("MIN(CAST(1 AS BIGINT))") && !sql.contains("RANK"), sql);
        assertTrue(sql.contains("MIN(CAST(1 AS DOUBLE") && !sql.contains("CUME_DIST"), sql);
    }

    @Test
    void rankingFunctionsLoseTheirFrame() {
        String sql = rewritten("select row_number() over (order by id rows between 1 preceding and current row) from t");
        assertTrue(sql.contains("ROW_NUMBER() OVER") && !sql.contains("PRECEDING"), sql);
    }

    @Test
    void distinctWindowAggregateIsRefused() {
        TesseraException e = assertThrows(TesseraException.class,
                () -> rewritten("select count(distinct x) over () from t"));
        assertEquals(SqlState.FEATURE_NOT_SUPPORTED, e.sqlState());
    }
}
