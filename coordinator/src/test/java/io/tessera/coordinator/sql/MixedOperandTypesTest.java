package io.tessera.coordinator.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.catalog.CatalogSnapshot;
import io.tessera.coordinator.catalog.DatabaseDef;
import io.tessera.coordinator.sql.exec.Cancellation;
import io.tessera.coordinator.sql.exec.StatementContext;
import io.tessera.coordinator.sql.exec.TesseraDataContext;
import io.tessera.sql.parser.TesseraSqlParser;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL's resolution of mixed operand types where Calcite's differs, planned and run on the coordinator: a date
 * beside a timestamp ({@link DatetimeResolution}, {@link EngineUnitExecutor}), the type of {@code %}, and
 * {@code extract} of a time inside an expression.
 */
class MixedOperandTypesTest {
    private static final CatalogSnapshot CATALOG = new CatalogSnapshot(3, Map.of(), Map.of(),
            Map.of("postgres", new DatabaseDef("postgres", 5, "tessera")), Map.of("postgres", Map.of()));
    /** 2020-01-01 00:00 in the engine's microseconds since 1970. */
    private static final long JAN_1_2020 = 1_577_836_800_000_000L;

    private final QueryPlanner planner = new QueryPlanner(CATALOG, "postgres");

    private QueryPlanner.Plan plan(String sql) {
        try {
            return planner.plan(PgRewriter.rewrite(TesseraSqlParser.parse(TesseraSqlParser.rewriteParameters(sql))));
        } catch (RuntimeException e) {
            throw CalciteErrors.translate(e, sql, p -> p);
        }
    }

    private List<Object> row(String sql) {
        QueryPlanner.Plan plan = plan(sql);
        StatementContext ctx = new StatementContext(CATALOG, null, null, List.of(), new Cancellation());
        Enumerator<?> e = plan.bindable().bind(new TesseraDataContext(planner.rootSchema().plus(),
                planner.typeFactory(), ctx, plan.stash())).enumerator();
        e.moveNext();
        Object row = e.current();
        return plan.scalarRows() ? java.util.Collections.singletonList(row) : Arrays.asList((Object[]) row);
    }

    private SqlTypeName type(String sql) {
        return plan(sql).rowType().getFieldList().get(0).getType().getSqlTypeName();
    }

    @Test
    void dateBesideTimestampIsTheDateAtMidnightInMicroseconds() {
        // Calcite folded the date's cast into milliseconds, which read as microseconds gave 1970-01-19 06:17:16.8
        assertEquals(List.of(JAN_1_2020), row("select case when true then date '2020-01-01' else timestamp '2020-01-02' end"));
        assertEquals(List.of(JAN_1_2020), row("select coalesce(date '2020-01-01', timestamp '2020-01-02')"));
        assertEquals(Arrays.asList(JAN_1_2020 + 86_400_000_000L, JAN_1_2020),
                row("select greatest(date '2020-01-01', timestamp '2020-01-02'), least(date '2020-01-01', timestamp '2020-01-02')"));
        assertEquals(SqlTypeName.TIMESTAMP, type("select greatest(date '2020-01-01', timestamp '2020-01-02')"));
        assertEquals(Arrays.asList((Object) null), row("select nullif(date '2020-01-01', timestamp '2020-01-01')"));
        assertEquals(SqlTypeName.DATE, type("select nullif(date '2020-01-01', timestamp '2020-01-01')"));
    }

    @Test
    void greatestOfADateAndANumberHasNoCommonType() {
        TesseraException e = assertThrows(TesseraException.class, () -> plan("select greatest(date '2020-01-01', 1)"));
        assertEquals("42804", e.sqlState().code());
        assertEquals("GREATEST types date and integer cannot be matched", e.getMessage());
    }

    @Test
    void moduloHasTheWiderIntegerOrNumericType() {
        assertEquals(SqlTypeName.BIGINT, type("select 5::int8 % 3"));
        assertEquals(SqlTypeName.BIGINT, type("select mod(5, 3::int8)"));
        assertEquals(SqlTypeName.INTEGER, type("select 5::int2 % 3"));
        assertEquals(SqlTypeName.SMALLINT, type("select 5::int2 % 3::int2"));
        assertEquals(SqlTypeName.DECIMAL, type("select extract(epoch from timestamp '2020-01-01') % 1000000"));
        assertEquals(List.of(2L), row("select 5::int8 % 3"));
    }

    @Test
    void extractOfATimeInsideAnExpression() {
        assertEquals(SqlTypeName.BIGINT, type("select extract(microseconds from time '10:00:01.5')::int8"));
        assertEquals(List.of(1_500_000L), row("select extract(microseconds from time '10:00:01.5')::int8"));
    }
}
