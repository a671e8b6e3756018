package io.tessera.coordinator.sql.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * Where a join that is not co-located runs: both sides redistributed by a join key between the datanodes
 * ({@code Distribute results by H: key} under one {@code Remote Subquery Scan}, the join on the datanodes), or, with
 * {@code tessera.enable_pushdown} off, on the coordinator over the gathered sides.
 */
class RedistributedJoinPlanTest {
    private static final List<ColumnDef> COLUMNS = List.of(new ColumnDef("id", PgType.INT4, -1, false),
            new ColumnDef("k", PgType.INT4, -1, false), new ColumnDef("pad", PgType.TEXT, -1, false));
    private static final List<String> NODES = List.of("dn1", "dn2");
    private static final TableDef A = table(7, "a", Distribution.Kind.HASH, "id", NODES);
    private static final TableDef B = table(8, "b", Distribution.Kind.HASH, "id", NODES);
    private static final TableDef BK = table(9, "bk", Distribution.Kind.HASH, "k", NODES);
    private static final TableDef R = table(10, "r", Distribution.Kind.REPLICATION, null, NODES);
    private static final TableDef RR = table(11, "rr", Distribution.Kind.ROUNDROBIN, null, NODES);
    private static final TableDef M = table(12, "m", Distribution.Kind.MODULO, "id", NODES);
    private static final TableDef C3 = table(13, "c3", Distribution.Kind.HASH, "id", List.of("dn1", "dn2", "dn3"));
    private static final CatalogSnapshot CATALOG = new CatalogSnapshot(3,
            Map.of("coord1", new NodeDef("coord1", 'C', "127.0.0.1", 5432, 11),
                    "dn1", new NodeDef("dn1", 'D', "127.0.0.1", 5492, 21),
                    "dn2", new NodeDef("dn2", 'D', "127.0.0.1", 5493, 22),
                    "dn3", new NodeDef("dn3", 'D', "127.0.0.1", 5494, 23)),
            Map.of(), Map.of("postgres", new DatabaseDef("postgres", 5, "tessera")),
            Map.of("postgres", Map.of("a", A, "b", B, "bk", BK, "r", R, "rr", RR, "m", M, "c3", C3)));

    private static TableDef table(int id, String name, Distribution.Kind kind, String column, List<String> nodes) {
        return new TableDef(id, "postgres", "public", name, COLUMNS, Distribution.create(kind, column, nodes));
    }

    private static List<String> text(String sql, boolean pushdown) {
        QueryPlanner planner = new QueryPlanner(CATALOG, "postgres").pushdown(pushdown);
        RelNode rel = planner.optimize(PgRewriter.rewrite(TesseraSqlParser.parse(sql))).rel();
        PlanNode root = new PlanBuilder(rel.getCluster().getMetadataQuery()).build(rel);
        return PlanRenderer.text(root, false, false, List.of());
    }

    private static List<String> text(String sql) {
        return text(sql, true);
    }

    /** The join runs on the datanodes: the first Remote Subquery Scan is above every join. */
    private static boolean onDatanodes(List<String> plan) {
        int remote = indexOf(plan, "Remote Subquery Scan");
        int join = indexOf(plan, "Join");
        return remote >= 0 && join > remote;
    }

    private static long count(List<String> plan, String s) {
        return plan.stream().filter(l -> l.contains(s)).count();
    }

    private static int indexOf(List<String> plan, String s) {
        for (int i = 0; i < plan.size(); i++) {
            if (plan.get(i).contains(s)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void joinOnNonDistributionColumnsRedistributesBothSidesAsPostgresXlPrintsIt() {
        assertEquals(List.of(
                "Remote Subquery Scan on all (dn1,dn2)",
                "  ->  Hash Join",
                "        Hash Cond: (a.k = b.k)",
                "        ->  Remote Subquery Scan on all (dn1,dn2)",
                "              Distribute results by H: k",
                "              ->  Seq Scan on a",
                "        ->  Hash",
                "              ->  Remote Subquery Scan on all (dn1,dn2)",
                "                    Distribute results by H: k",
                "                    ->  Seq Scan on b"),
                text("select a.id, b.pad from a join b on a.k = b.k"));
    }

    @Test
    void everyJoinTypeAndEveryNonColocatedPairRedistributes() {
        for (String sql : List.of("select * from a join b on a.k = b.k", "select * from a left join b on a.k = b.k",
                "select * from a right join b on a.k = b.k", "select * from a full join b on a.k = b.k and a.id < b.id",
                "select * from a join bk on a.id = bk.id", "select * from a join m on a.id = m.id",
                "select * from a join rr on a.id = rr.id", "select * from a join c3 on a.id = c3.id")) {
            List<String> plan = text(sql);
            assertTrue(onDatanodes(plan), sql + "\n" + String.join("\n", plan));
            assertEquals(2, count(plan, "Distribute results by H:"), sql + "\n" + String.join("\n", plan));
        }
    }

    @Test
    void aRedistributedJoinSpansTheDatanodesOfBothTables() {
        assertEquals("Remote Subquery Scan on all (dn1,dn2,dn3)", text("select * from a join c3 on a.id = c3.id").get(0));
    }

    @Test
    void colocatedJoinsMoveNothing() {
        List<String> plan = text("select * from a join b on a.id = b.id");
        assertTrue(onDatanodes(plan));
        assertEquals(0, count(plan, "Distribute results by"), String.join("\n", plan));
    }

    @Test
    void aThirdTableOnTheSameKeyJoinsTheRedistributedRowsWhereTheyAre() {
        List<String> plan = text("select * from a join b on a.k = b.k join bk on bk.k = b.k");
        assertTrue(onDatanodes(plan), String.join("\n", plan));
        assertEquals(0, indexOf(plan, "Remote Subquery Scan on all"), String.join("\n", plan));
        assertEquals(3, count(plan, "Distribute results by H: k"), "each table moved once: " + String.join("\n", plan));
    }

    @Test
    void aggregatesAndTopNAboveARedistributedJoinRunOnTheDatanodes() {
        List<String> agg = text("select a.pad, count(*), sum(b.id) from a join b on a.k = b.k group by a.pad");
        assertEquals("Finalize HashAggregate", agg.get(0), String.join("\n", agg));
        assertTrue(agg.get(3).contains("Partial HashAggregate"), String.join("\n", agg));
        assertTrue(onDatanodes(agg), String.join("\n", agg));
        List<String> topN = text("select a.id, b.id from a join b on a.k = b.k order by b.id desc, a.id limit 5");
        assertEquals("Limit", topN.get(0), String.join("\n", topN));
        assertTrue(onDatanodes(topN), String.join("\n", topN));
    }

    @Test
    void joinsWithAReplicatedSideOrWithoutAnEquiKeyAreNotRedistributed() {
        for (String sql : List.of("select * from r left join a on a.k = r.k", "select * from a full join r on a.k = r.k",
                "select * from a join b on a.id < b.id", "select * from a join b on a.id = b.id + 1")) {
            List<String> plan = text(sql);
            assertFalse(onDatanodes(plan), sql + "\n" + String.join("\n", plan));
            assertEquals(0, count(plan, "Distribute results by"), sql + "\n" + String.join("\n", plan));
        }
    }

    @Test
    void withPushdownOffEveryJoinAndAggregateRunsOnTheCoordinator() {
        for (String sql : List.of("select * from a join b on a.k = b.k", "select * from a join b on a.id = b.id",
                "select a.pad, count(*) from a join b on a.k = b.k group by a.pad", "select count(*) from a",
                "select * from a order by k limit 3")) {
            List<String> plan = text(sql, false);
            assertFalse(onDatanodes(plan), sql + "\n" + String.join("\n", plan));
            assertEquals(0, count(plan, "Distribute results by"), sql + "\n" + String.join("\n", plan));
            assertEquals(0, count(plan, "Partial"), sql + "\n" + String.join("\n", plan));
            assertTrue(indexOf(plan, "Remote Subquery Scan") > 0, sql + "\n" + String.join("\n", plan));
        }
    }
}
