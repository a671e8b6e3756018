package io.tessera.sql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.tessera.sql.parser.ddl.SqlCreateTesseraTable;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.junit.jupiter.api.Test;

/**
 * Keywords PostgreSQL 15 does not reserve that Calcite does are names in Tessera's grammar (config.fmpp's
 * nonReservedKeywordsToAdd), with no textual rewrite, and keep their keyword use where the keyword belongs.
 */
class KeywordColumnsTest {
    private static final String[] WORDS = {"cycle", "identity", "precision", "by", "system", "within", "without",
        "no", "old", "returns", "atomic", "cube", "deallocate", "double", "local", "match", "of", "prepare",
        "sql", "one"};

    @Test
    void eachIsAColumnNameBareAndQualified() {
        for (String w : WORDS) {
            assertInstanceOf(SqlCreateTesseraTable.class, TesseraSqlParser.parse("create table t (" + w + " int)"), w);
            SqlNode bare = TesseraSqlParser.parse("select " + w + " from t where " + w + " = 1");
            assertEquals(w, ((SqlIdentifier) ((SqlSelect) bare).getSelectList().get(0)).getSimple(), w);
            TesseraSqlParser.parse("select t." + w + ", x as " + w + " from t order by " + w);
            TesseraSqlParser.parse("update t set " + w + " = 1 where " + w + " = 2");
            TesseraSqlParser.parse("insert into t (" + w + ") values (1)");
        }
    }

    @Test
    void keywordUsesStay() {
        TesseraSqlParser.parse("create table t (double double precision, t time without time zone)");
        TesseraSqlParser.parse("create sequence s increment by 2 no cycle");
        SqlNode q = TesseraSqlParser.parse("select by from t group by by order by by");
        assertInstanceOf(SqlOrderBy.class, q);
        TesseraSqlParser.parse("select percentile_cont(0.5) within group (order by x) from t");
        TesseraSqlParser.parse("select * from t for update of t");
        TesseraSqlParser.parse("select a, b, count(*) from t group by cube (a, b)");
        TesseraSqlParser.parse("set local search_path to public");
        TesseraSqlParser.parse("select x is unknown from t");
    }
}
