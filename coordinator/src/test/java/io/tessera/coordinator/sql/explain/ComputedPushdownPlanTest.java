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
 * EXPLAIN of plans whose datanode fragment computes columns (issue 9): a projection every expression of which the
 * datanodes evaluate ships under the top-N, window or aggregate above it, and EXPLAIN names the keys as PostgreSQL
 * does ({@code ((a + b))}, a float column's sort key as the column).
 */
class ComputedPushdownPlanTest {
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
    void orderByAComputedKeyWithLimitRunsATopNOnEachDatanode() {
        List<String> plan = explain("select x + id as s, id from w order by x + id, id limit 5");
        String text = String.join("\n", plan);
        int remote = JoinPlans.indexOf(plan, "Remote Subquery Scan on all (dn1,dn2)");
        int merge = JoinPlans.indexOf(plan, "Merge Key: ((w.x + w.id)), w.id");
        int limit = JoinPlans.indexOf(plan, "->  Limit");
        int sort = JoinPlans.indexOf(plan, "Sort Key: ((w.x + w.id)), w.id");
        int scan = JoinPlans.indexOf(plan, "Seq Scan on w");
        assertTrue(remote > 0 && remote < merge && merge < limit && limit < sort && sort < scan, text);
        assertEquals(2L, JoinPlans.count(plan, "Limit"), text);
    }

    @Test
    void aWindowOverASubQuerysComputedColumnSortsOnTheDatanodes() {
        List<String> plan = explain("select v, rank() over (order by v) from (select x * 2 as v from w) q");
        String text = String.join("\n", plan);
        int window = JoinPlans.indexOf(plan, "WindowAgg");
        int remote = JoinPlans.indexOf(plan, "Remote Subquery Scan on all (dn1,dn2)");
        int sort = JoinPlans.indexOf(plan, "Sort Key: ((w.x * 2))");
        assertTrue(window >= 0 && window < remote && remote < sort, text);
    }

    @Test
    void aWindowPartitionedByAComputedKeyIsRedistributedByIt() {
        List<String> plan = explain("select id, sum(x * 2) over (partition by id % 3 order by id) from w");
        String text = String.join("\n", plan);
        assertTrue(JoinPlans.indexOf(plan, "Remote Subquery Scan") < JoinPlans.indexOf(plan, "WindowAgg"), text);
        assertTrue(JoinPlans.indexOf(plan, "Distribute results by H: (w.id % 3)") > 0, text);
        assertTrue(JoinPlans.indexOf(plan, "Sort Key: ((w.id % 3)), w.id") > 0, text);
    }

    @Test
    void aFloatWindowKeyPrintsAsItsColumn() {
        List<String> plan = explain("select id, sum(x) over (order by f) from w");
        String text = String.join("\n", plan);
        assertTrue(JoinPlans.indexOf(plan, "Sort Key: w.f") > 0, text);
        assertEquals(-1, JoinPlans.indexOf(plan, "SortKey("), text);
        assertEquals(-1, JoinPlans.indexOf(plan, "sortkey("), text);
    }
}
