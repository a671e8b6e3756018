package io.tessera.sql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import org.junit.jupiter.api.Test;

/** The PostgreSQL spellings {@link PgSyntax} rewrites so that Calcite's grammar parses what psql and pgjdbc send. */
class PgSyntaxTest {
    private static String rewrite(String sql) {
        return TesseraSqlParser.rewriteParameters(sql).sql();
    }

    @Test
    void qualifiedOperatorsBecomeBareOperators() {
        assertEquals("select 1 from t where c.relname  ~  '^(t)$'",
                rewrite("select 1 from t where c.relname OPERATOR(pg_catalog.~) '^(t)$'"));
        assertEquals("select a  !~  b", rewrite("select a operator ( !~ ) b"));
        TesseraSqlParser.parse(TesseraSqlParser.rewriteParameters(
                "select 1 from t where c.relname OPERATOR(pg_catalog.~) '^(t)$' COLLATE pg_catalog.default"));
    }

    @Test
    void columnNamedAtIsAColumnRightAfterAParenthesis() {
        assertEquals("select upper(\"at\"), coalesce(\"at\", now()) from t",
                rewrite("select upper(at), coalesce(at, now()) from t"));
        assertEquals("select (\"at\") from t", rewrite("select (at) from t"));
        // AT TIME ZONE stays the operator; a word holding "at" is left alone
        assertEquals("select \"at\" at time zone 'UTC', data from t",
                rewrite("select at at time zone 'UTC', data from t"));
        TesseraSqlParser.parse(TesseraSqlParser.rewriteParameters("select upper(at) from t"));
    }

    @Test
    void unnestAndRowParseInASelectList() {
        TesseraSqlParser.parse(TesseraSqlParser.rewriteParameters("select unnest(array[1, 2]), 5"));
        TesseraSqlParser.parse(TesseraSqlParser.rewriteParameters("select row(1, 'x'), (1, 2) as r"));
        TesseraSqlParser.parse(TesseraSqlParser.rewriteParameters("select * from unnest(array[1]) with ordinality"));
    }

    @Test
    void jsonAggregatesParseAsMarkedArrayAggregatesWithTheirOrderBy() {
        String mark = "'" + JsonOperators.AGGREGATE_MARK;
        assertEquals("select array_agg(" + mark + "json_agg', x order by y) filter (where b) from t",
                rewrite("select json_agg(x order by y) filter (where b) from t"));
        assertEquals("select array_agg(distinct " + mark + "jsonb_agg',  x), t.json_agg, json_agg from t",
                rewrite("select jsonb_agg( DISTINCT x), t.json_agg, json_agg from t"));
        assertEquals("select array_agg(" + mark + "json_object_agg', k, v ORDER BY k)",
                rewrite("select JSON_OBJECT_AGG (k, v ORDER BY k)"));
        TesseraSqlParser.parse(TesseraSqlParser.rewriteParameters(
                "select jsonb_object_agg(k, v order by k desc) filter (where v > 1) from t"));
    }

    @Test
    void jsonbKeyExistenceOperatorsParseBesideParameters() {
        org.apache.calcite.sql.SqlSelect select = (org.apache.calcite.sql.SqlSelect) TesseraSqlParser.parse(
                TesseraSqlParser.rewriteParameters("select j ? 'a', j ?| array['a'], j?&$1, $1||'x', j -> 'k' ? 'b'"
                        + " from t"));
        java.util.List<org.apache.calcite.sql.SqlNode> items = select.getSelectList().getList();
        assertEquals(JsonOperators.EXISTS, ((org.apache.calcite.sql.SqlCall) items.get(0)).getOperator());
        assertEquals(JsonOperators.EXISTS_ANY, ((org.apache.calcite.sql.SqlCall) items.get(1)).getOperator());
        org.apache.calcite.sql.SqlCall all = (org.apache.calcite.sql.SqlCall) items.get(2);
        assertEquals(JsonOperators.EXISTS_ALL, all.getOperator());
        assertEquals(org.apache.calcite.sql.SqlKind.DYNAMIC_PARAM, all.operand(1).getKind());
        assertEquals("||", ((org.apache.calcite.sql.SqlCall) items.get(3)).getOperator().getName()); // ? || 'x'
        org.apache.calcite.sql.SqlCall nested = (org.apache.calcite.sql.SqlCall) items.get(4);
        assertEquals(JsonOperators.EXISTS, nested.getOperator()); // left to right, as PostgreSQL's operators
        assertEquals(JsonOperators.FIELD, ((org.apache.calcite.sql.SqlCall) nested.operand(0)).getOperator());
    }

    @Test
    void columnDefinitionListsOfRecordFunctionsBecomeAConstantAndNames() {
        assertEquals("select * from jsonb_to_recordset(j -> 'k', '[[\"a\",\"int\"],[\"B c\",\"numeric(4, 2)\"]]')"
                + " AS x(A, \"B c\") where true",
                rewrite("select * from jsonb_to_recordset(j -> 'k') as x(A int, \"B c\" numeric(4, 2)) where true"));
        assertEquals("select * from t, json_to_record(t.j, '[[\"a\",\"text\"]]') AS r(a)",
                rewrite("select * from t, json_to_record(t.j) r(a text)"));
        assertEquals("select * from t, lateral TABLE(jsonb_to_recordset(t.j, '[[\"a\",\"int\"]]')) AS x(a)",
                rewrite("select * from t, lateral jsonb_to_recordset(t.j) x(a int)"));
        // names only: Calcite's own alias
        assertEquals("select * from jsonb_to_record(j) as x(a)", rewrite("select * from jsonb_to_record(j) as x(a)"));
        TesseraSqlParser.parse(TesseraSqlParser.rewriteParameters(
                "select x.a from jsonb_to_recordset('[{\"a\":1}]') as x(a int, b double precision)"));
    }

    @Test
    void lateralJsonFunctionsBecomeLateralTables() {
        assertEquals("select * from t, lateral TABLE(jsonb_array_elements(t.j -> 'a')) e",
                rewrite("select * from t, lateral jsonb_array_elements(t.j -> 'a') e"));
        assertEquals("select * from t, lateral (select 1) s, LATERAL generate_series(1, 2) g",
                rewrite("select * from t, lateral (select 1) s, LATERAL generate_series(1, 2) g"));
        TesseraSqlParser.parse(TesseraSqlParser.rewriteParameters(
                "select * from t cross join lateral jsonb_each(t.j) e left join lateral json_each(t.k) f on true"));
    }

    @Test
    void codePointCollationsAreDroppedOthersKept() {
        assertEquals("select a   from t", rewrite("select a COLLATE pg_catalog.default from t"));
        assertEquals("select a   from t", rewrite("select a collate \"C\" from t"));
        assertEquals("select a collate \"de_DE\" from t", rewrite("select a collate \"de_DE\" from t"));
    }

    @Test
    void typedLiteralsOfOtherTypesBecomeCasts() {
        assertEquals("update t set n = CAST('1.5' AS numeric), j = CAST('{\"a\": 1}' AS jsonb)",
                rewrite("update t set n = numeric '1.5', j = jsonb '{\"a\": 1}'"));
        assertEquals("select CAST('it''s' AS text) as text", rewrite("select text 'it''s' as text"));
        // a column or a cast named like a type is no literal
        assertEquals("select t.text, x::int from t where text = 'a'",
                rewrite("select t.text, x::int from t where text = 'a'"));
    }

    @Test
    void characterTypedLiteralsBecomeCasts() {
        assertEquals("select CAST('x' AS varchar), CAST('y z' AS bpchar), CAST('a''b' AS text), CAST('w' AS bpchar)",
                rewrite("select varchar 'x', char 'y z', text 'a''b', bpchar 'w'"));
        // a column named text or char, and a char(n) column type, stay as written
        assertEquals("select text, \"char\" from t where text = 'x'",
                rewrite("select text, \"char\" from t where text = 'x'"));
        assertEquals("create table t (c char(3), d text default 'x')",
                rewrite("create table t (c char(3), d text default 'x')"));
    }

    @Test
    void numberTypedLiteralsBecomeCasts() {
        assertEquals("select CAST('1.23' AS numeric) * CAST('7' AS int8), numeric_col from t where n::numeric > 1",
                rewrite("select numeric '1.23' * int8 '7', numeric_col from t where n::numeric > 1"));
        assertEquals("create table t (n numeric default 1)", rewrite("create table t (n numeric default 1)"));
    }

    @Test
    void dollarQuotedStringsBecomeStringConstants() {
        assertEquals("select 'it''s', ' $1 '", rewrite("select $$it's$$, $q$ $1 $q$"));
    }

    @Test
    void wordsPostgresqlDoesNotReserveAreColumnNames() {
        assertEquals("create table t (\"year\" int, \"ref\" text, \"position\" bigint)",
                rewrite("create table t (year int, ref text, position bigint)"));
        assertEquals("select \"filter\", \"over\" from t where \"language\" = 1 order by \"day\"",
                rewrite("select filter, over from t where language = 1 order by day"));
        for (String keyword : new String[] {"select extract(year from d), interval '1' day, interval '1' hour to second",
            "select count(*) filter (where x > 1), sum(x) over (order by y rows between 1 preceding and current row)",
            "select position('a' in s), sum(x) over w from t window w as (order by x)",
            "start transaction", "select next value for s", "select timestampadd(day, 1, t)",
            "select x from t order by x offset 5 rows"}) {
            assertEquals(keyword, rewrite(keyword));
            TesseraSqlParser.parse(TesseraSqlParser.rewriteParameters(keyword));
        }
        assertEquals("select x from t offset ? rows fetch first ? rows only", // Hibernate 6's paging
                rewrite("select x from t offset $1 rows fetch first $2 rows only"));
        TesseraSqlParser.parse(TesseraSqlParser.rewriteParameters(
                "create table t (id int, year int, member int, ref int, rows int, start int, month int)"));
    }

    @Test
    void reservedWordsAfterAQualifierAreColumnNames() {
        assertEquals("select m.\"member\", t.\"value\" from m, t", rewrite("select m.member, t.VALUE from m, t"));
        assertEquals("select count(*)", rewrite("select pg_catalog.count(*)")); // count is reserved in Calcite
        TesseraSqlParser.parse(TesseraSqlParser.rewriteParameters(
                "SELECT b.rolname FROM pg_catalog.pg_auth_members m WHERE m.member = 10"));
    }

    @Test
    void valueIsAColumnNameButStaysAKeywordInAddRenameAndNextValue() {
        assertEquals("select sum(x) as \"value\" from t order by \"value\" desc",
                rewrite("select sum(x) as value from t order by value desc"));
        assertEquals("alter type e add value 'x'", rewrite("alter type e add value 'x'"));
        assertEquals("alter type e rename  value 'x' to 'y'", rewrite("alter type e rename  value 'x' to 'y'"));
        TesseraSqlParser.parse(TesseraSqlParser.rewriteParameters(
                "select ps_partkey, sum(c) as value from partsupp group by ps_partkey order by value desc"));
    }

    @Test
    void keywordsPostgresqlAllowsAsNamesAreQuotedWhereTheyAreNames() {
        assertEquals("select 1 as \"max\", 2 \"row\", 3 as \"values\"", rewrite("select 1 as max, 2 row, 3 as values"));
        assertEquals("select \"max\", \"version\" from \"range\" r where \"current\" = 1 order by \"new\"",
                rewrite("select max, version from range r where current = 1 order by new"));
        assertEquals("create table \"max\" (\"values\" int, \"partition\" int, \"rollup\" text)",
                rewrite("create table max (values int, partition int, rollup text)"));
        assertEquals("insert into \"range\" (a) values (1)", rewrite("insert into range (a) values (1)"));
        assertEquals("select \"max\".a from \"max\"", rewrite("select max.a from max"));
        for (String keywordUse : new String[] {"select max(x), count(*) from t group by rollup (x)",
            "select sum(x) over (partition by y order by x rows between unbounded preceding and current row) from t",
            "select sum(x) over (order by x range between current row and unbounded following) from t",
            "select version()", "select * from (values (1), (2)) v(x)"}) {
            assertEquals(keywordUse, rewrite(keywordUse));
            TesseraSqlParser.parse(TesseraSqlParser.rewriteParameters(keywordUse));
        }
        for (String keywordUse : new String[] {"insert into t default values", "select row(1, 2)",
            "create trigger g after insert on t for each row execute function f()",
            "insert into t values(1)", "select x from t fetch first 1 row only"}) {
            assertEquals(keywordUse, rewrite(keywordUse));
        }
        TesseraSqlParser.parse(TesseraSqlParser.rewriteParameters(
                "select max(max) max, x row, version from range where partition = 1 order by current"));
    }

    @Test
    void emptyBracketsAreArrayTypes() {
        assertEquals("select x::int2 ARRAY ", rewrite("select x::int2[]"));
        TesseraSqlParser.parse(TesseraSqlParser.rewriteParameters("select pr.prattrs::pg_catalog.int2[] from pr"));
    }

    @Test
    void anEmptyArrayConstructorWithACastIsAnEmptyArraySubquery() {
        assertEquals("select array(select null::int where false)::int ARRAY , array ['{}']",
                rewrite("select array[]::int[], array ['{}']"));
        assertEquals("select array(select null::numeric(6, 2) where false) :: numeric(6, 2) ARRAY ",
                rewrite("select ARRAY [ ] :: numeric(6, 2)[]"));
        TesseraSqlParser.parse(TesseraSqlParser.rewriteParameters("select array[]::text[] = '{}'::text[]"));
    }

    @Test
    void reservedBuiltinsLoseTheirQualifierAndCurrentSchemaIsAFunction() {
        assertEquals("select x from unnest(a) x", rewrite("select x from pg_catalog.unnest(a) x"));
        assertEquals("select \"current_schema\"(), \"current_schema\"()",
                rewrite("select current_schema, current_schema()"));
    }

    @Test
    void partitionAncestorsInASelectListOrWithOrdinalityBecomeTableFunctionsInFrom() {
        assertEquals("x IN (SELECT relid AS pg_partition_ancestors FROM pg_partition_ancestors('16391')"
                + " AS \"srf$ancestors\"(relid) UNION ALL VALUES (1))",
                rewrite("x IN (SELECT pg_catalog.pg_partition_ancestors('16391') UNION ALL VALUES (1))"));
        assertEquals("select 1 from pg_catalog.pg_partition_ancestors_ordinality(t.tgrelid) AS a(relid, depth)",
                rewrite("select 1 from pg_catalog.pg_partition_ancestors(t.tgrelid) WITH ORDINALITY"
                        + " AS a(relid, depth)"));
        assertEquals("select relid from pg_partition_ancestors('t') a",
                rewrite("select relid from pg_partition_ancestors('t') a"));
    }

    @Test
    void textInsideLiteralsIsUntouched() {
        assertEquals("select 'OPERATOR(pg_catalog.~) m.member int2[]'",
                rewrite("select 'OPERATOR(pg_catalog.~) m.member int2[]'"));
    }

    @Test
    void errorPositionsStillReferToTheOriginalText() {
        String sql = "select a OPERATOR(pg_catalog.~) 'x' frm t";
        TesseraException e = assertThrows(TesseraException.class,
                () -> TesseraSqlParser.parse(TesseraSqlParser.rewriteParameters(sql)));
        assertEquals(SqlState.SYNTAX_ERROR, e.sqlState());
        assertEquals(sql.length(), e.position()); // the final "t"
    }
}
