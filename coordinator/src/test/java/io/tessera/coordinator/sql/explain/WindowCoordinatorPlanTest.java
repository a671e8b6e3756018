package io.tessera.coordinator.sql.explain;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.types.PgType;
import io.tessera.coordinator.catalog.CatalogSnapshot;
import io.tessera.coordinator.catalog.ColumnDef;
import io.tessera.coordinator.catalog.DatabaseDef;
import io.tessera.coordinator.catalog.Distribution;
import io.tessera.coordinator.catalog.NodeDef;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.coordinator.sql.PgRewriter;
import io.tessera.coordinator.sql.QueryPlanner;
import io.tessera.sql.parser.TesseraSqlParser;
import java.util.List;
import java.util.Map;
import org.apache.calcite.rel.RelNode;
import org.junit.jupiter.api.Test;

/** Windows the coordinator computes (Calcite's EnumerableWindow): the plans PostgreSQL's answers need. */
class WindowCoordinatorPlanTest {
    private static final List<String> NODES = List.of("dn1", "dn2");
    private static final CatalogSnapshot CATALOG = new CatalogSnapshot(3,
            Map.of("coord1", new NodeDef("coord1", 'C', "127.0.0.1", 5432, 11),
                    "dn1", new NodeDef("dn1", 'D', "127.0.0.1", 5492, 21),
                    "dn2", new NodeDef("dn2", 'D', "127.0.0.1", 5493, 22)),
            Map.of(), Map.of("postgres", new DatabaseDef("postgres", 5, "tessera")),
            Map.of("postgres", Map.of(
                    "w", new TableDef(31, "postgres", "public", "w", List.of(
                            new ColumnDef("id", PgType.INT4, -1, true),
                            new ColumnDef("x", PgType.INT4, -1, true)),
                            Distribution.create(Distribution.Kind.HASH, "id", NODES)))));

    private static List<String> explain(String sql) {
        QueryPlanner planner = new QueryPlanner(CATALOG, "postgres", List.of("public"), id -> null);
        RelNode rel = planner.optimize(PgRewriter.rewrite(TesseraSqlParser.parse(sql))).rel();
        return PlanRenderer.text(new PlanBuilder(rel.getCluster().getMetadataQuery()).build(rel), false, false,
                List.of());
    }

    @Test
    void aWindowOverSortedValuesKeepsTheOrderBy() {
        // the window regroups its rows by x: the sort on (g, x) must stay above it
        List<String> plan = explain("select g, x, count(*) over (partition by x)"
                + " from (values (1, 1), (1, 2), (2, 1), (2, 2)) v(g, x) order by g, x");
        int sort = JoinPlans.indexOf(plan, "Sort");
        int window = JoinPlans.indexOf(plan, "WindowAgg");
        assertTrue(sort >= 0 && sort < window, String.join("\n", plan));
    }

    @Test
    void aWindowOverNoColumnsIsPlanned() {
        List<String> plan = explain("select count(*) over () from w");
        assertTrue(JoinPlans.indexOf(plan, "WindowAgg") >= 0, String.join("\n", plan));
    }
}
