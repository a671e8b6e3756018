package io.tessera.sql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Queries and DML: Calcite core + PostgreSQL spellings, with PostgreSQL's identifier folding. */
class QueryParsingTest {

    private static SqlSelect select(String sql) {
        SqlNode node = TesseraSqlParser.parse(sql);
        if (node instanceof SqlOrderBy orderBy) {
            node = orderBy.query;
        }
        return assertInstanceOf(SqlSelect.class, node);
    }

    @Test
    void aParameterBeforeAConcatenationStaysAParameter() {
        // $1||'x' as pgjdbc sends it, rewritten to ?||'x': no jsonb ?| token may take the ? and a |
        SqlNode item = select("select ?||'x'").getSelectList().get(0);
        assertEquals("||", ((org.apache.calcite.sql.SqlCall) item).getOperator().getName());
        assertInstanceOf(org.apache.calcite.sql.SqlDynamicParam.class, ((org.apache.calcite.sql.SqlCall) item).operand(0));
    }

    /** The type of the cast that is the first select item. */
    private static SqlBasicTypeNameSpec castType(String expression) {
        SqlSelect select = select("select " + expression);
        SqlCall cast = (SqlCall) select.getSelectList().get(0);
        SqlDataTypeSpec spec = assertInstanceOf(SqlDataTypeSpec.class, cast.operand(1));
        return assertInstanceOf(SqlBasicTypeNameSpec.class, spec.getTypeNameSpec());
    }

    private static SqlTypeName typeOf(SqlBasicTypeNameSpec spec) {
        return SqlTypeName.valueOf(spec.getTypeName().getSimple());
    }

    @Test
    void atTimeZoneIsATimezoneCallBindingTighterThanPlus() {
        // ts AT TIME ZONE 'UTC' + interval: PostgreSQL's gram.y makes timezone('UTC', ts), then the sum
        SqlCall plus = (SqlCall) select("select ts at time zone 'UTC' + i from t").getSelectList().get(0);
        assertEquals(SqlKind.PLUS, plus.getKind());
        SqlCall timezone = assertInstanceOf(SqlCall.class, plus.operand(0));
        assertEquals("timezone", timezone.getOperator().getName());
        assertEquals("'UTC'", timezone.operand(0).toString());
        assertEquals("ts", ((SqlIdentifier) timezone.operand(1)).getSimple());
    }

    @Test
    void unquotedIdentifiersFoldToLowerCaseQuotedKeepCase() {
        SqlSelect s = select("SELECT Abc, \"MiXed\" FROM Some_Table");
        assertEquals("abc", ((SqlIdentifier) s.getSelectList().get(0)).getSimple());
        assertEquals("MiXed", ((SqlIdentifier) s.getSelectList().get(1)).getSimple());
        assertEquals("some_table", ((SqlIdentifier) s.getFrom()).getSimple());
    }

    @Test
    void selectWithAllClauses() {
        SqlNode node = TesseraSqlParser.parse(
                "select a, count(*) from t where b > 1 group by a having count(*) > 2 order by a desc limit 10 offset 5");
        SqlOrderBy orderBy = assertInstanceOf(SqlOrderBy.class, node);
        assertEquals("10", orderBy.fetch.toString());
        assertEquals("5", orderBy.offset.toString());
        SqlSelect s = (SqlSelect) orderBy.query;
        assertTrue(s.getWhere() != null && s.getGroup() != null && s.getHaving() != null);
    }

    @Test
    void joinsAndSubqueries() {
        SqlSelect s = select("select a.x, b.y from a join b on a.id = b.id left join c using (id) "
                + "where a.x in (select x from d) and exists (select 1 from e where e.id = a.id)");
        assertEquals(SqlKind.JOIN, s.getFrom().getKind());
        select("select * from (select x from t) as sub where sub.x = 1");
    }

    @Test
    void castsOfTheSeedSession() {
        assertEquals(SqlTypeName.VARCHAR, typeOf(castType("x::varchar")));
        assertEquals(SqlTypeName.BIGINT, typeOf(castType("id::int8")));
        SqlBasicTypeNameSpec numeric = castType("x::numeric(10,2)");
        assertEquals(SqlTypeName.DECIMAL, typeOf(numeric));
        assertEquals(10, numeric.getPrecision());
        assertEquals(2, numeric.getScale());
        SqlSelect s = select("select md5(id::varchar) from t");
        SqlBasicCall md5 = (SqlBasicCall) s.getSelectList().get(0);
        assertEquals("md5", md5.getOperator().getName().toLowerCase());
        assertEquals(SqlKind.CAST, md5.operand(0).getKind());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "x::text                        | VARCHAR                        | -1",
        "x::int                         | INTEGER                        | -1",
        "x::int4                        | INTEGER                        | -1",
        "x::integer                     | INTEGER                        | -1",
        "x::int2                        | SMALLINT                       | -1",
        "x::smallint                    | SMALLINT                       | -1",
        "x::int8                        | BIGINT                         | -1",
        "x::bigint                      | BIGINT                         | -1",
        "x::float8                      | DOUBLE                         | -1",
        "x::double precision            | DOUBLE                         | -1",
        "x::float4                      | REAL                           | -1",
        "x::real                        | REAL                           | -1",
        "x::bool                        | BOOLEAN                        | -1",
        "x::boolean                     | BOOLEAN                        | -1",
        "x::numeric(12,3)               | DECIMAL                        | 12",
        "x::decimal(5,1)                | DECIMAL                        | 5",
        "x::varchar(20)                 | VARCHAR                        | 20",
        "x::character varying(30)       | VARCHAR                        | 30",
        "x::char(4)                     | CHAR                           | 4",
        "x::character(6)                | CHAR                           | 6",
        "x::bpchar                      | VARCHAR                        | -1",
        "x::bpchar(7)                   | CHAR                           | 7",
        "x::date                        | DATE                           | -1",
        "x::timestamp                   | TIMESTAMP                      | -1",
        "x::timestamp without time zone | TIMESTAMP                      | -1",
        "x::timestamptz                 | TIMESTAMP_WITH_LOCAL_TIME_ZONE | -1",
        "x::timestamp with time zone    | TIMESTAMP_WITH_LOCAL_TIME_ZONE | -1",
        "x::bytea                       | VARBINARY                      | -1",
        "x::TEXT                        | VARCHAR                        | -1",
        "cast(x as text)                | VARCHAR                        | -1",
        "cast(x as int8)                | BIGINT                         | -1",
    })
    void postgresTypeNamesInCastsMapToCalciteTypes(String expression, SqlTypeName expected, int precision) {
        SqlBasicTypeNameSpec spec = castType(expression);
        assertEquals(expected, typeOf(spec));
        assertEquals(precision, spec.getPrecision());
    }

    @Test
    void unknownTypeNamesStayUserDefinedForTheValidator() {
        SqlSelect s = select("select 't'::regclass");
        SqlCall cast = (SqlCall) s.getSelectList().get(0);
        assertEquals("regclass", ((SqlDataTypeSpec) cast.operand(1)).getTypeName().getSimple());
    }

    @Test
    void typeNamesStayUsableAsColumnNames() {
        SqlSelect s = select("select text, int8, bytea, json, node, hash, shard, distribute, replication from t");
        assertEquals(9, s.getSelectList().size());
        assertEquals("text", ((SqlIdentifier) s.getSelectList().get(0)).getSimple());
        select("select x from node");
        select("select if, modulo, roundrobin, dist, temp from t");
    }

    @Test
    void tableFunctionInFromWithAlias() {
        SqlSelect s = select("select id from generate_series(1,10000) as id");
        assertEquals(SqlKind.AS, s.getFrom().getKind());
    }

    @Test
    void posixRegexOperators() {
        SqlSelect s = select("select * from t where a ~ 'x' and b !~ 'y' and c ~* 'z'");
        String where = s.getWhere().toString();
        assertTrue(where.contains("` ~ 'x'") && where.contains("` !~ 'y'") && where.contains("` ~* 'z'"), where);
    }

    @Test
    void insertValuesWithAndWithoutColumns() {
        SqlInsert insert = assertInstanceOf(SqlInsert.class,
                TesseraSqlParser.parse("insert into t (a, b) values (1, 'x'), (2, 'y')"));
        assertEquals(2, insert.getTargetColumnList().size());
        assertEquals(SqlKind.VALUES, insert.getSource().getKind());
        SqlInsert noColumns = assertInstanceOf(SqlInsert.class,
                TesseraSqlParser.parse("INSERT INTO t VALUES (1, 'x')"));
        assertEquals(null, noColumns.getTargetColumnList());
    }

    @Test
    void insertSelect() {
        SqlInsert insert = assertInstanceOf(SqlInsert.class,
                TesseraSqlParser.parse("insert into t (a) select x from u where x > 0"));
        assertEquals(SqlKind.SELECT, insert.getSource().getKind());
    }

    @Test
    void rewrittenParametersBecomeDynamicParams() {
        Rewritten r = TesseraSqlParser.rewriteParameters("select * from t where a = $2 and b = $1");
        SqlSelect s = (SqlSelect) TesseraSqlParser.parse(r);
        SqlCall and = (SqlCall) s.getWhere();
        SqlCall first = (SqlCall) and.operand(0);
        assertEquals(0, ((SqlDynamicParam) first.operand(1)).getIndex());
        assertEquals(List.of(2, 1), r.parameterNumbers());
    }

    @Test
    void trailingSemicolonIsAccepted() {
        select("select 1;");
    }

    @Test
    void severalStatementsParseAsAList() {
        List<SqlNode> statements = TesseraSqlParser.parseStatements("select 1; select 2;");
        assertEquals(2, statements.size());
        assertEquals(List.of(), TesseraSqlParser.parseStatements(""));
    }

    @Test
    void arrayOperatorsBindTighterThanComparisonsAndLooserThanAddition() {
        SqlSelect s = select("select a @> b and c <@ d = true or e && f + g from t");
        SqlCall or = (SqlCall) s.getSelectList().get(0);
        assertEquals(SqlKind.OR, or.getKind());
        SqlCall and = (SqlCall) or.operand(0);
        assertEquals(ArrayOperators.CONTAINS, ((SqlCall) and.operand(0)).getOperator());
        SqlCall equals = (SqlCall) and.operand(1);
        assertEquals(SqlKind.EQUALS, equals.getKind());
        assertEquals(ArrayOperators.CONTAINED_BY, ((SqlCall) equals.operand(0)).getOperator());
        SqlCall overlaps = (SqlCall) or.operand(1);
        assertEquals(ArrayOperators.OVERLAPS, overlaps.getOperator());
        assertEquals(SqlKind.PLUS, ((SqlCall) overlaps.operand(1)).getKind());
    }

    @Test
    void bitwiseOperatorsShareTheOtherOperatorPrecedence() {
        // 1 | 2 & 3 is (1 | 2) & 3: one group, left-associative
        SqlCall and = (SqlCall) select("SELECT 1 | 2 & 3").getSelectList().get(0);
        assertEquals(BitOperators.AND, and.getOperator());
        assertEquals(BitOperators.OR, ((SqlCall) and.operand(0)).getOperator());
        // a # b << c + 1 = 0: + binds tighter, = looser
        SqlCall eq = (SqlCall) select("SELECT a # b << c + 1 = 0 FROM t").getSelectList().get(0);
        assertEquals(SqlKind.EQUALS, eq.getKind());
        SqlCall shl = (SqlCall) eq.operand(0);
        assertEquals(BitOperators.SHIFT_LEFT, shl.getOperator());
        assertEquals(BitOperators.XOR, ((SqlCall) shl.operand(0)).getOperator());
        assertEquals(SqlKind.PLUS, ((SqlCall) shl.operand(1)).getKind());
        // -8 >> 1 is (-8) >> 1
        SqlCall shr = (SqlCall) select("SELECT - 8 >> 1").getSelectList().get(0);
        assertEquals(BitOperators.SHIFT_RIGHT, shr.getOperator());
        // ~ 1 + 2 is ~ (1 + 2), ~ 1 & 2 is (~ 1) & 2
        SqlCall not = (SqlCall) select("SELECT ~ 1 + 2").getSelectList().get(0);
        assertEquals(BitOperators.NOT, not.getOperator());
        assertEquals(SqlKind.PLUS, ((SqlCall) not.operand(0)).getKind());
        SqlCall and2 = (SqlCall) select("SELECT ~ 1 & 2").getSelectList().get(0);
        assertEquals(BitOperators.AND, and2.getOperator());
        assertEquals(BitOperators.NOT, ((SqlCall) and2.operand(0)).getOperator());
        // ^@ is starts-with; the regex operator ~ after an operand is still a regex
        assertEquals(BitOperators.STARTS_WITH,
                ((SqlCall) select("SELECT s ^@ 'a' FROM t").getSelectList().get(0)).getOperator());
        assertEquals(SqlKind.POSIX_REGEX_CASE_SENSITIVE,
                ((SqlCall) select("SELECT s ~ 'a' FROM t").getSelectList().get(0)).getKind());
    }
}
