package io.tessera.coordinator.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import io.tessera.coordinator.catalog.CatalogSnapshot;
import io.tessera.coordinator.catalog.ColumnDef;
import io.tessera.coordinator.catalog.DatabaseDef;
import io.tessera.coordinator.catalog.Distribution;
import io.tessera.coordinator.catalog.NodeDef;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.coordinator.sql.exec.Cancellation;
import io.tessera.coordinator.sql.exec.StatementContext;
import io.tessera.coordinator.sql.exec.TesseraDataContext;
import io.tessera.sql.parser.TesseraSqlParser;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;

/**
 * Planning and running queries that need no datanode (set-returning functions, catalog views) through the same
 * planner distributed queries use: PostgreSQL's column names, hidden system columns, ORDER BY on columns not
 * selected, and error translation.
 */
class QueryPlannerTest {
    private static final TableDef T = new TableDef(7, "postgres", "public", "t",
            List.of(new ColumnDef("a", PgType.INT4, -1, false), new ColumnDef("b", PgType.VARCHAR, 14, false)),
            Distribution.create(Distribution.Kind.HASH, "a", List.of("dn1", "dn2")));
    private static final CatalogSnapshot CATALOG = new CatalogSnapshot(3,
            Map.of("coord1", new NodeDef("coord1", 'C', "127.0.0.1", 5432, 11),
                    "dn1", new NodeDef("dn1", 'D', "127.0.0.1", 5492, 21),
                    "dn2", new NodeDef("dn2", 'D', "127.0.0.1", 5493, 22)),
            Map.of(), Map.of("postgres", new DatabaseDef("postgres", 5, "tessera")), Map.of("postgres", Map.of("t", T)));

    private final QueryPlanner planner = new QueryPlanner(CATALOG, "postgres");

    private QueryPlanner.Plan plan(String sql) {
        try {
            // as a session parses: PgSyntax's rewrites first (DISTINCT ON); Calcite's ? markers as they are
            return planner.plan(PgRewriter.rewrite(sql.indexOf('?') >= 0 ? TesseraSqlParser.parse(sql)
                    : TesseraSqlParser.parse(TesseraSqlParser.rewriteParameters(sql))));
        } catch (RuntimeException e) {
            throw CalciteErrors.translate(e, sql, p -> p);
        }
    }

    private List<String> names(String sql) {
        return plan(sql).rowType().getFieldList().stream().map(RelDataTypeField::getName).toList();
    }

    private List<List<Object>> run(String sql) {
        QueryPlanner.Plan plan = plan(sql);
        StatementContext ctx = new StatementContext(CATALOG, null, null, List.of(), new Cancellation());
        Enumerator<?> e = plan.bindable().bind(new TesseraDataContext(planner.rootSchema().plus(),
                planner.typeFactory(), ctx, plan.stash())).enumerator();
        List<List<Object>> rows = new ArrayList<>();
        while (e.moveNext()) {
            Object row = e.current();
            rows.add(plan.scalarRows() ? java.util.Collections.singletonList(row) : Arrays.asList((Object[]) row));
        }
        return rows;
    }

    private static final String SCALAR_SUB_QUERY = "select (select x from (values (1, 10), (2, 20), (2, 21), "
            + "(null, 30)) u(k, x) where k = a.id) from (values (1), (2), (3), (null)) a(id)";

    @Test
    void scalarSubQueryChecksOnlyTheOuterRowsItIsEvaluatedFor() {
        // key 2 has two rows, but no outer row that passes the WHERE has key 2 (PostgreSQL: 10, NULL, NULL)
        assertEquals(List.of(Arrays.asList(10), Arrays.asList((Object) null), Arrays.asList((Object) null)),
                run(SCALAR_SUB_QUERY + " where id is distinct from 2 order by id"));
        // the same in the WHERE: the decorrelator filters the sub-query's rows below an inner join
        assertEquals(List.of(List.of(1)), run("select id from (values (1), (2), (3)) a(id) where id <> 2 and "
                + "(select x from (values (1, 10), (2, 20), (2, 21)) u(k, x) where k = a.id) > 5"));
        TesseraException e = assertThrows(TesseraException.class, () -> run(SCALAR_SUB_QUERY));
        assertEquals("21000", e.sqlState().code());
        assertEquals("more than one row returned by a subquery used as an expression", e.getMessage());
    }

    @Test
    void unnamedColumnsGetPostgresNames() {
        assertEquals(List.of("xc_node_id", "count", "?column?", "int4", "b", "md5"),
                names("select xc_node_id, count(1), a + 1, 1::int, b::text, md5(b) from t group by xc_node_id, a, b"));
    }

    @Test
    void starOfAJoinNamesEachSidesColumns() {
        assertEquals(List.of("a", "b", "b"), names("select * from t t1 join t t2 using (a)"));
        assertEquals(List.of("a", "b"), names("select * from t t1 natural join t t2"));
        assertEquals(List.of("a", "b", "a", "b"), names("select * from t t1 join t t2 on t1.a = t2.a"));
        assertEquals(List.of("a", "b", "a", "b"), names("select t1.*, t2.* from t t1 join t t2 on t1.a = t2.a"));
        assertEquals(List.of("b", "a", "b", "b"), names("select t1.b, * from t t1 left join t t2 using (a)"));
    }

    @Test
    void conditionsReadTheMergedColumnOfAUsingJoin() {
        assertEquals(List.of("a"), names("select a from t t1 join t t2 using (a) where a > 1"));
    }

    @Test
    void starHidesTheSystemColumn() {
        assertEquals(List.of("a", "b"), names("select * from t"));
        assertEquals(List.of("a", "b", "xc_node_id"), names("select *, xc_node_id from t"));
    }

    @Test
    void functionInFromNamesItsColumnAfterTheAlias() {
        assertEquals(List.of(List.of(3, 6), List.of(2, 4)),
                run("select id, id * 2 from generate_series(1, 3) as id where id > 1 order by id desc"));
    }

    @Test
    void orderByAColumnThatIsNotSelected() {
        assertEquals(List.of(List.of("dn2"), List.of("dn1")),
                run("select node_name from pgxc_node where node_type = 'D' order by node_id desc"));
    }

    @Test
    void pgxcNodeListsCoordinatorsThenDatanodes() {
        assertEquals(List.of(List.of("coord1", "C", 11), List.of("dn1", "D", 21), List.of("dn2", "D", 22)),
                run("select node_name, node_type, node_id from pgxc_node"));
    }

    @Test
    void shardMapCoversTheHashSpace() {
        assertEquals(List.of(List.of(64L, 2L, Integer.MIN_VALUE, Integer.MAX_VALUE)),
                run("select count(*), count(distinct node), min(shardminvalue), max(shardmaxvalue) from pg_shard_map"));
    }

    @Test
    void limitedFunctionScanInASubQueryYieldsItsValues() {
        assertEquals(List.of(List.of(1), List.of(2)),
                run("select * from (select * from generate_series(1, 5) g limit 2) v"));
        assertEquals(List.of(List.of(4, 4)),
                run("select v.g, w.h from (select * from generate_series(1, 5) g order by g desc limit 2 offset 1) v"
                        + " join (select * from generate_series(4, 6) h limit 1) w on v.g = w.h"));
    }

    @Test
    void limitCountReadsTheStatementsWithQuery() {
        assertEquals(List.of(List.of(1), List.of(2)), run("with c as (select 2 n) select * from"
                + " (select * from generate_series(1, 5) g order by g limit (select n from c)) v"));
    }

    @Test
    void limitAndOffsetMarkersAreBigintAndTypedByNumber() {
        assertEquals(List.of(SqlTypeName.BIGINT, SqlTypeName.BIGINT), plan(
                "select * from generate_series(1, 5) g order by g limit $1 offset $2").parameterTypes().stream()
                .map(RelDataType::getSqlTypeName).toList());
        // the deferred count's synthetic marker (#2) is met before the query's own $1, which was 0A000
        assertEquals(List.of(SqlTypeName.BIGINT, SqlTypeName.BIGINT), plan("with c as (select 2 n) select * from"
                + " generate_series(1, 5) g order by g limit (select n from c) offset $1")
                .parameterTypes().stream().map(RelDataType::getSqlTypeName).toList());
    }

    @Test
    void sumOfIntegersIsBigintAndAvgIsNumeric() {
        assertEquals(List.of(List.of(15L, new java.math.BigDecimal("3.0000000000000000"))),
                run("select sum(g), avg(g) from generate_series(1, 5) g"));
    }

    @Test
    void sumAndAvgOfBigintAreNumeric() {
        assertEquals(List.of(List.of(new java.math.BigDecimal("15"), new java.math.BigDecimal("3.0000000000000000"))),
                run("select sum(g::bigint), avg(g::bigint) from generate_series(1, 5) g"));
    }

    @Test
    void validationErrorsCarryPostgresCodes() {
        TesseraException table = assertThrows(TesseraException.class, () -> plan("select * from missing"));
        assertEquals("42P01", table.sqlState().code());
        assertEquals(15, table.position());
        TesseraException column = assertThrows(TesseraException.class, () -> plan("select nope from t"));
        assertEquals("42703", column.sqlState().code());
        assertEquals("column \"nope\" does not exist", column.getMessage());
        TesseraException grouping = assertThrows(TesseraException.class, () -> plan("select a, count(*) from t"));
        assertEquals("42803", grouping.sqlState().code());
    }

    @Test
    void oneRowOfParametersRunsWithoutTheCompiledCodeAndGivesTheSameRow() {
        // the shape of pgbench's INSERT source once its markers are typed by their columns
        QueryPlanner.Plan plan = plan("values (cast(? as integer), cast(? as varchar(14)), cast(? as bigint), "
                + "current_timestamp, localtimestamp, cast(null as integer))");
        assertNotNull(plan.direct(), "one row of parameters runs directly");
        StatementContext ctx = new StatementContext(CATALOG, null, null, Arrays.asList(42, "x", null),
                new Cancellation());
        TesseraDataContext dc = new TesseraDataContext(planner.rootSchema().plus(), planner.typeFactory(), ctx,
                plan.stash());
        Enumerator<?> compiled = plan.bindable().bind(dc).enumerator();
        Enumerator<Object[]> direct = plan.direct().open(dc);
        assertTrue(compiled.moveNext());
        assertTrue(direct.moveNext());
        assertEquals(Arrays.asList((Object[]) compiled.current()), Arrays.asList(direct.current()));
        assertEquals(42, direct.current()[0]);
        assertFalse(compiled.moveNext());
        assertFalse(direct.moveNext());
        // a conversion, an arithmetic, two rows: the compiled code's
        assertNull(plan("values (cast(cast(? as integer) as bigint))").direct());
        assertNull(plan("values (cast(? as integer) + 1)").direct());
        assertNull(plan("values (cast(? as integer)), (cast(? as integer))").direct());
    }

    @Test
    void arrayOperatorsFollowPostgresNullElementRules() {
        assertEquals(List.of(Arrays.asList(true, false, true, false, true, false)),
                run("select array[1, 2, 3] @> array[3, 1], array[1, null] @> array[null::int], "
                        + "array[1] <@ array[1, 2], array[1, null] && array[null, 2], "
                        + "array['a', 'b'] && array['b'], array[1.0] && array[2.00]"));
        assertEquals(List.of(Arrays.asList(null, null)),
                run("select cast(null as int array) @> array[1], array[1] && cast(null as int array)"));
        TesseraException e = assertThrows(TesseraException.class,
                () -> plan("select array[1] @> array[cast(1 as bigint)]"));
        assertEquals("operator does not exist: integer[] @> bigint[]", e.getMessage());
    }

    @Test
    void formatReplacesSpecifiersAsPostgres() {
        assertEquals(List.of(Arrays.asList("a|\"B c\"|'x''y'|%", "b a|b", "[ab    ][    cd]", "x", "[][NULL]")),
                run("select format('%s|%I|%L|%%', 'a', 'B c', 'x''y'), format('%2$s %1$s|%s', 'a', 'b'), "
                        + "format('[%-6s][%6s]', 'ab', 'cd'), format('x'), format('[%s][%L]', null, null)"));
        TesseraException e = assertThrows(TesseraException.class, () -> run("select format('%s %s', 'a')"));
        assertEquals("22023", e.sqlState().code());
        e = assertThrows(TesseraException.class, () -> run("select format('%I', null)"));
        assertEquals("22004", e.sqlState().code());
    }

    @Test
    void arrayFunctionsAppendReplaceAndFindElements() {
        assertEquals(List.of(Arrays.asList(List.of(1, 2, 3), List.of(0, 1), List.of(1, 9, 9), List.of(2, 3), "[1:2]")),
                run("select array_append(array[1, 2], 3), array_prepend(0, array[1]), "
                        + "array_replace(array[1, 2, 2], 2, 9), array_positions(array[1, 2, 2], 2), "
                        + "array_dims(array[5, 6])"));
    }

    @Test
    void unnestTakesStringArraysWithNullsAndNumericArrays() {
        assertEquals(List.of(List.of("a"), Arrays.asList((Object) null)),
                run("select * from unnest(array['a', null])"));
        assertEquals(2, run("select * from unnest(array[1.5, 2.25])").size());
    }

    @Test
    void setReturningFunctionInSelectListRepeatsTheRow() {
        assertEquals(List.of("?column?"), names("select generate_series(1, 3) * 2"));
        assertEquals(List.of(List.of(2), List.of(4), List.of(6)), run("select generate_series(1, 3) * 2"));
        assertEquals(List.of(List.of(1, 1), List.of(2, 1), List.of(2, 2)),
                run("select a, generate_series(1, a) from (values (0), (1), (2)) v(a) order by 1, 2"));
    }

    @Test
    void setReturningFunctionsInOneSelectListRunInLockstep() {
        assertEquals(List.of(List.of(1, 1), List.of(2, 2), Arrays.asList(null, 3)),
                run("select generate_series(1, 2) a, generate_series(1, 3) b order by b"));
    }

    @Test
    void distinctOnKeepsTheFirstRowOfEachGroupInOrderByOrder() {
        String values = " from (values ('a', 1), ('a', 2), ('b', 5), ('b', 7)) x(g, v)";
        assertEquals(List.of(List.of("a", 2), List.of("b", 7)),
                run("select distinct on (g) g, v" + values + " order by g, v desc"));
        assertEquals(List.of(List.of("b", 5), List.of("a", 1)),
                run("select distinct on (1) g, v" + values + " order by 1 desc, v"));
        TesseraException mismatch = assertThrows(TesseraException.class,
                () -> plan("select distinct on (g) v" + values + " order by v"));
        assertEquals("42P10", mismatch.sqlState().code());
    }
}
