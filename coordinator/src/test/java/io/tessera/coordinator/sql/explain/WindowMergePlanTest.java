package io.tessera.coordinator.sql.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/**
 * EXPLAIN of windows the datanodes help with (issue 9): a window without PARTITION BY is a WindowAgg on the
 * coordinator over the merge of the datanodes' sorts; a numeric partition key is redistributed by.
 */
class WindowMergePlanTest {
    private static final List<String> NODES = List.of("dn1", "dn2");
    private static final CatalogSnapshot CATALOG = new CatalogSnapshot(3,
            Map.of("coord1", new NodeDef("coord1", 'C', "127.0.0.1", 5432, 11),
                    "dn1", new NodeDef("dn1", 'D', "127.0.0.1", 5492, 21),
                    "dn2", new NodeDef("dn2", 'D', "127.0.0.1", 5493, 22)),
            Map.of(), Map.of("postgres", new DatabaseDef("postgres", 5, "tessera")),
            Map.of("postgres", Map.of(
                    "w", new TableDef(31, "postgres", "public", "w", List.of(
                            new ColumnDef("id", PgType.INT4, -1, true),
                            new ColumnDef("x", PgType.INT4, -1, true),
                            new ColumnDef("n", PgType.NUMERIC, -1, true),
                            new ColumnDef("f", PgType.FLOAT8, -1, true)),
                            Distribution.create(Distribution.Kind.HASH, "id", NODES)))));

    private static List<String> explain(String sql) {
        QueryPlanner planner = new QueryPlanner(CATALOG, "postgres", List.of("public"), id -> null);
        RelNode rel = planner.optimize(PgRewriter.rewrite(TesseraSqlParser.parse(sql))).rel();
        return PlanRenderer.text(new PlanBuilder(rel.getCluster().getMetadataQuery()).build(rel), false, false,
                List.of());
    }

    @Test
    void aWindowWithoutPartitionIsAWindowAggOverTheMergedSortsOfTheDatanodes() {
        List<String> plan = explain("select id, row_number() over (order by x desc, id) from w where id > 3");
        String text = String.join("\n", plan);
        int window = JoinPlans.indexOf(plan, "WindowAgg");
        int remote = JoinPlans.indexOf(plan, "Remote Subquery Scan on all (dn1,dn2)");
        int merge = JoinPlans.indexOf(plan, "Merge Key: ");
        int sort = JoinPlans.indexOf(plan, "Sort Key: ");
        int scan = JoinPlans.indexOf(plan, "Seq Scan on w");
        assertTrue(window >= 0 && window < remote && remote < merge && merge < sort && sort < scan, text);
        assertTrue(plan.get(merge).contains("x DESC") && plan.get(sort).contains("x DESC"), text);
        assertEquals(1L, JoinPlans.count(plan, "WindowAgg"), text);
    }

    @Test
    void aWindowPartitionedByANumericOrAFloatRunsOnTheDatanodesAfterARedistribution() {
        for (String key : List.of("n", "f")) {
            List<String> plan = explain("select id, count(*) over (partition by " + key + ") from w");
            String text = String.join("\n", plan);
            assertTrue(JoinPlans.indexOf(plan, "Remote Subquery Scan") < JoinPlans.indexOf(plan, "WindowAgg"), text);
            assertTrue(JoinPlans.indexOf(plan, "Distribute results by H: " + key) > 0, text);
        }
    }
}
