package io.tessera.coordinator.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tessera.sql.parser.TesseraSqlParser;
import org.apache.calcite.sql.SqlSelect;
import org.junit.jupiter.api.Test;

/** PostgreSQL's FigureColname rules as {@link PgRewriter} applies them. */
class PgRewriterTest {
    private static String name(String expr) {
        SqlSelect select = (SqlSelect) TesseraSqlParser.parse("select " + expr + " from t");
        return PgRewriter.figureColname(select.getSelectList().get(0));
    }

    @Test
    void namesFollowFigureColname() {
        assertEquals("c0", name("c0"));
        assertEquals("c0", name("t.c0"));
        assertEquals("count", name("count(1)"));
        assertEquals("count", name("count(*)"));
        assertEquals("md5", name("md5(id::varchar)"));
        assertEquals("id", name("id::varchar"));
        assertEquals("int4", name("1::int"));
        assertEquals("numeric", name("1::numeric(10,2)"));
        assertEquals("case", name("case when a then 1 end"));
        assertEquals("coalesce", name("coalesce(a, b)"));
        assertEquals("?column?", name("a + 1"));
        assertEquals("?column?", name("'x'"));
    }

    @Test
    void windowFilterAndSubqueryItemsAreNamedAfterTheirFunctionOrColumn() {
        assertEquals("row_number", name("row_number() over (order by a)"));
        assertEquals("sum", name("sum(a) over ()"));
        assertEquals("count", name("count(*) filter (where a > 1)"));
        assertEquals("max", name("(select max(a) from t)"));
        assertEquals("?column?", name("(select 1)"));
    }

    @Test
    void aScalarSubqueryIsNamedAfterItsColumnThroughOrderByLimitAndUnion() {
        assertEquals("id", name("(select id from t order by id limit 1)"));
        assertEquals("foo", name("(select id as foo from t limit 1)"));
        assertEquals("id", name("(select id from t union select a from t order by 1 limit 1)"));
        assertEquals("x", name("(with w as (select 1 as x) select x from w)"));
        assertEquals("?column?", name("(select 1 order by 1 limit 1)"));
    }

    @Test
    void aRowComparisonIsSpelledPairByPair() {
        String rewritten = PgRewriter.rewrite(TesseraSqlParser.parse(
                "select 1 from t where (a, b) < (1, 2) and (a, b, c) = (1, 2, 3) and (a, b) <> (1, 2)")).toString();
        assertEquals(true, rewritten.contains("`a` < 1 OR `a` = 1 AND `b` < 2"), rewritten);
        assertEquals(true, rewritten.contains("`a` = 1 AND (`b` = 2 AND `c` = 3)"), rewritten);
        assertEquals(true, rewritten.contains("`a` <> 1 OR `b` <> 2"), rewritten);
    }

    @Test
    void aCastOfACastIsNamedAfterTheOuterTypeAndTypedLiteralsAfterTheirType() {
        assertEquals("int4", name("2.5::float8::int"));
        assertEquals("text", name("'a'::text"));
        assertEquals("jsonb", name("'{}'::jsonb"));
        assertEquals("date", name("date '2023-01-01'"));
        assertEquals("a", name("a::int8::text"));
    }

    @Test
    void valuesColumnsAreColumnN() {
        org.apache.calcite.sql.SqlNode rewritten = PgRewriter.rewrite(TesseraSqlParser.parse("values (1, 'a'), (2, 'b')"));
        assertEquals(true, rewritten.toString().contains("`column2`"), rewritten.toString());
    }
}
