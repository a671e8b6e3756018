package io.tessera.coordinator.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tessera.coordinator.catalog.CatalogSnapshot;
import io.tessera.coordinator.catalog.DatabaseDef;
import io.tessera.coordinator.sql.exec.Cancellation;
import io.tessera.coordinator.sql.exec.StatementContext;
import io.tessera.coordinator.sql.exec.TesseraDataContext;
import io.tessera.coordinator.sql.functions.SequenceFunctions;
import io.tessera.sql.parser.TesseraSqlParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.calcite.linq4j.Enumerator;
import org.junit.jupiter.api.Test;

/** The sequence functions compile into plans that call the session once per row, never folded at planning. */
class SequenceFunctionsTest {
    private static final CatalogSnapshot CATALOG = new CatalogSnapshot(1, Map.of(), Map.of(),
            Map.of("postgres", new DatabaseDef("postgres", 5, "tessera")), Map.of());

    /** Counts calls: nextval returns 1, 2, 3, ... */
    private static final class Counting implements SequenceFunctions.Access {
        final List<String> calls = new ArrayList<>();
        long next;

        @Override
        public long nextval(String name) {
            calls.add("nextval " + name);
            return ++next;
        }

        @Override
        public long currval(String name) {
            calls.add("currval " + name);
            return next;
        }

        @Override
        public long setval(String name, long value, boolean isCalled) {
            calls.add("setval " + name + " " + value + " " + isCalled);
            next = value;
            return value;
        }

        @Override
        public long lastval() {
            calls.add("lastval");
            return next;
        }

        @Override
        public io.tessera.coordinator.catalog.SequenceStore.Counter state(String name) {
            calls.add("state " + name);
            return new io.tessera.coordinator.catalog.SequenceStore.Counter(next, next > 0, 0);
        }
    }

    private static List<Object> run(String sql, Counting access) {
        QueryPlanner planner = new QueryPlanner(CATALOG, "postgres");
        QueryPlanner.Plan plan = planner.plan(PgRewriter.rewrite(TesseraSqlParser.parse(sql)));
        StatementContext ctx = new StatementContext(CATALOG, null, null, List.of(), new Cancellation())
                .withSequences(access);
        Enumerator<?> e = plan.bindable().bind(new TesseraDataContext(planner.rootSchema().plus(),
                planner.typeFactory(), ctx, plan.stash())).enumerator();
        List<Object> rows = new ArrayList<>();
        while (e.moveNext()) {
            Object r = e.current();
            rows.add(r instanceof Object[] a ? List.of(a) : r);
        }
        return rows;
    }

    @Test
    void nextvalRunsOncePerRow() {
        Counting c = new Counting();
        assertEquals(List.of(1L, 2L, 3L), run("select nextval('s') from generate_series(1, 3)", c));
        assertEquals(List.of("nextval s", "nextval s", "nextval s"), c.calls);
    }

    @Test
    void twoCallsInOneRowAreTwoValues() {
        Counting c = new Counting();
        assertEquals(List.of(List.of(1L, 2L)), run("select nextval('s'), nextval('s')", c));
    }

    @Test
    void setvalCurrvalLastval() {
        Counting c = new Counting();
        assertEquals(List.of(List.of(10L, 10L, 10L)), run("select setval('s', 10, false), currval('s'), lastval()", c));
        assertEquals(List.of(11L), run("select NEXTVAL('s')", c));
    }
}
