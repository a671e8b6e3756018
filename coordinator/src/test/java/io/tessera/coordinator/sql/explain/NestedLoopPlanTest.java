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
 * The inner input of a coordinator's nested loop is materialized (read once, PostgreSQL's {@code Materialize}), and
 * char(n) comparisons — which the coordinator rewrites to compare without the padding — no longer keep a join off
 * the datanodes (TPC-H Q11's {@code n_name = 'GERMANY'}).
 */
class NestedLoopPlanTest {
    private static final List<String> NODES = List.of("dn1", "dn2");
    private static final CatalogSnapshot CATALOG = new CatalogSnapshot(3,
            Map.of("coord1", new NodeDef("coord1", 'C', "127.0.0.1", 5432, 11),
                    "dn1", new NodeDef("dn1", 'D', "127.0.0.1", 5492, 21),
                    "dn2", new NodeDef("dn2", 'D', "127.0.0.1", 5493, 22)),
            Map.of(), Map.of("postgres", new DatabaseDef("postgres", 5, "tessera")),
            Map.of("postgres", Map.of(
                    "supplier", new TableDef(31, "postgres", "public", "supplier", List.of(
                            new ColumnDef("s_suppkey", PgType.INT4, -1, false),
                            new ColumnDef("s_nationkey", PgType.INT4, -1, false)),
                            Distribution.create(Distribution.Kind.HASH, "s_suppkey", NODES)),
                    "nation", new TableDef(32, "postgres", "public", "nation", List.of(
                            new ColumnDef("n_nationkey", PgType.INT4, -1, false),
                            new ColumnDef("n_name", PgType.BPCHAR, 25 + 4, false)),
                            Distribution.create(Distribution.Kind.REPLICATION, null, NODES)))));

    private static List<String> explain(String sql) {
        QueryPlanner planner = new QueryPlanner(CATALOG, "postgres", List.of("public"), id -> null);
        RelNode rel = planner.optimize(PgRewriter.rewrite(TesseraSqlParser.parse(sql))).rel();
        return PlanRenderer.text(new PlanBuilder(rel.getCluster().getMetadataQuery()).build(rel), false, false,
                List.of());
    }

    @Test
    void theInnerInputOfANestedLoopIsMaterialized() {
        List<String> plan = explain("select s_suppkey, n_nationkey from supplier join nation on s_nationkey < n_nationkey");
        int loop = JoinPlans.indexOf(plan, "Nested Loop");
        assertTrue(loop >= 0, String.join("\n", plan));
        assertEquals(1, JoinPlans.count(plan, "->  Materialize"), String.join("\n", plan));
        assertTrue(JoinPlans.indexOf(plan, "Materialize") > loop, String.join("\n", plan));
    }

    @Test
    void aScalarSubQueryInHavingIsReadOnce() {
        List<String> plan = explain("select s_nationkey, count(*) from supplier group by s_nationkey"
                + " having count(*) > (select count(*) / 25 from supplier)");
        assertEquals(1, JoinPlans.count(plan, "->  Materialize"), String.join("\n", plan));
    }

    @Test
    void aCharFilterKeepsTheJoinOnTheDatanodes() {
        List<String> plan = explain("select s_suppkey from supplier join nation on s_nationkey = n_nationkey"
                + " where n_name = 'GERMANY'");
        assertTrue(JoinPlans.joinsOnDatanodes(plan), String.join("\n", plan));
    }
}
