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
 * Plan shapes of joins: a join of co-located tables runs below one {@code Remote Subquery Scan} (no join on the
 * coordinator); any other join gathers both sides and joins on the coordinator, as before.
 */
class ColocatedJoinPlanTest {
    private static final List<ColumnDef> COLUMNS = List.of(new ColumnDef("id", PgType.INT4, -1, false),
            new ColumnDef("k", PgType.INT4, -1, false), new ColumnDef("pad", PgType.TEXT, -1, false));
    private static final List<String> NODES = List.of("dn1", "dn2");
    private static final TableDef A = table(7, "a", Distribution.Kind.HASH, "id", NODES);
    private static final TableDef B = table(8, "b", Distribution.Kind.HASH, "id", NODES);
    private static final TableDef BK = table(9, "bk", Distribution.Kind.HASH, "k", NODES);
    private static final TableDef R = table(10, "r", Distribution.Kind.REPLICATION, null, NODES);
    private static final TableDef RR = table(11, "rr", Distribution.Kind.ROUNDROBIN, null, NODES);
    private static final TableDef M = table(12, "m", Distribution.Kind.MODULO, "id", NODES);
    private static final TableDef S = table(13, "s", Distribution.Kind.SHARD, "id", NODES);
    private static final TableDef R1 = table(14, "r1", Distribution.Kind.REPLICATION, null, List.of("dn1"));
    private static final CatalogSnapshot CATALOG = new CatalogSnapshot(3,
            Map.of("coord1", new NodeDef("coord1", 'C', "127.0.0.1", 5432, 11),
                    "dn1", new NodeDef("dn1", 'D', "127.0.0.1", 5492, 21),
                    "dn2", new NodeDef("dn2", 'D', "127.0.0.1", 5493, 22)),
            Map.of(), Map.of("postgres", new DatabaseDef("postgres", 5, "tessera")),
            Map.of("postgres", Map.of("a", A, "b", B, "bk", BK, "r", R, "rr", RR, "m", M, "s", S, "r1", R1)));

    private final QueryPlanner planner = new QueryPlanner(CATALOG, "postgres");

    private static TableDef table(int id, String name, Distribution.Kind kind, String column, List<String> nodes) {
        return new TableDef(id, "postgres", "public", name, COLUMNS, Distribution.create(kind, column, nodes));
    }

    private List<String> text(String sql) {
        RelNode rel = planner.optimize(PgRewriter.rewrite(TesseraSqlParser.parse(sql))).rel();
        PlanNode root = new PlanBuilder(rel.getCluster().getMetadataQuery()).build(rel);
        return PlanRenderer.text(root, false, false, List.of());
    }

    /** Whether the join runs on the datanodes: a join node below the first Remote Subquery Scan, none above it. */
    private static boolean pushed(List<String> plan) {
        int remote = firstIndexContaining(plan, "Remote Subquery Scan");
        int join = firstIndexContaining(plan, "Join");
        return remote >= 0 && join > remote && plan.stream().filter(l -> l.contains("Remote Subquery Scan")).count() == 1;
    }

    private static int firstIndexContaining(List<String> plan, String s) {
        for (int i = 0; i < plan.size(); i++) {
            if (plan.get(i).contains(s)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void joinOnTheDistributionKeysRunsBelowOneRemoteSubqueryScan() {
        assertEquals(List.of(
                "Remote Subquery Scan on all (dn1,dn2)",
                "  ->  Hash Join",
                "        Hash Cond: (a.id = b.id)",
                "        ->  Seq Scan on a",
                "        ->  Hash",
                "              ->  Seq Scan on b"),
                text("select a.k, b.pad from a join b on a.id = b.id"));
    }

    @Test
    void everyJoinTypeOnTheDistributionKeysIsPushed() {
        for (String join : List.of("join", "left join", "right join", "full join")) {
            assertTrue(pushed(text("select * from a " + join + " b on a.id = b.id and a.k < b.k")), join);
        }
        assertTrue(pushed(text("select * from a where exists (select 1 from b where b.id = a.id)")));
        assertTrue(pushed(text("select * from m join m m2 on m.id = m2.id")));
        assertTrue(pushed(text("select * from a join s on a.id = s.id")), "HASH and SHARD place by one function");
    }

    @Test
    void residualConditionsAndFiltersRunOnTheDatanodes() {
        List<String> plan = text("select a.id from a left join b on a.id = b.id and a.k < b.k where a.pad = 'x'");
        assertTrue(pushed(plan), String.join("\n", plan));
        assertTrue(plan.contains("        Join Filter: (a.k < b.k)"), String.join("\n", plan));
        assertTrue(plan.contains("              Filter: (pad = 'x'::text)"), String.join("\n", plan));
    }

    @Test
    void aggregatesAndTopNOverAPushedJoinGoWithIt() {
        List<String> agg = text("select a.k, count(*), sum(b.k) from a join b on a.id = b.id group by a.k");
        assertEquals("Finalize HashAggregate", agg.get(0), String.join("\n", agg));
        assertTrue(agg.get(2).contains("Remote Subquery Scan on all (dn1,dn2)"), String.join("\n", agg));
        assertTrue(agg.get(3).contains("Partial HashAggregate"), String.join("\n", agg));
        assertTrue(pushed(agg));
        List<String> topN = text("select a.id, b.k from a join b on a.id = b.id order by b.k desc, a.id limit 5");
        assertEquals("Limit", topN.get(0), String.join("\n", topN));
        assertTrue(pushed(topN), String.join("\n", topN));
        assertTrue(topN.contains("        Merge Key: b.k DESC, a.id"), String.join("\n", topN));
        List<String> limit = text("select a.id, b.k from a join b on a.id = b.id limit 5");
        assertTrue(pushed(limit) && limit.get(0).equals("Limit"), String.join("\n", limit));
    }

    @Test
    void aReplicatedSideMayNotBeTheOneWhoseUnmatchedRowsAreReturned() {
        assertTrue(pushed(text("select * from a join r on a.k = r.k")));
        assertTrue(pushed(text("select * from a left join r on a.k = r.k")));
        assertTrue(pushed(text("select * from r right join a on a.k = r.k")));
        assertTrue(pushed(text("select * from rr join r on rr.k = r.k")), "round robin with replicated");
        assertFalse(pushed(text("select * from r left join a on a.k = r.k")));
        assertFalse(pushed(text("select * from a full join r on a.k = r.k")));
        assertFalse(pushed(text("select * from a join r1 on a.k = r1.k")), "r1 is not on every datanode of a");
        assertEquals("Remote Subquery Scan on any (dn1)", text("select * from r join r1 on r.id = r1.id").get(0));
    }

    @Test
    void equalValuesOfTheDistributionColumnsColocateWhateverTheirNames() {
        assertTrue(pushed(text("select * from a join bk on a.id = bk.k")));
    }

    @Test
    void joinsThatAreNotColocatedAreNotPushedAsColocated() {
        // redistributed instead (RedistributedJoinPlanTest): the join runs on the datanodes but moves rows
        for (String sql : List.of("select * from a join b on a.k = b.k", "select * from a join bk on a.id = bk.id",
                "select * from a join m on a.id = m.id", "select * from a join rr on a.id = rr.id")) {
            List<String> plan = text(sql);
            assertTrue(plan.stream().anyMatch(l -> l.contains("Distribute results by")), sql + "\n" + String.join("\n", plan));
        }
    }

    @Test
    void joinsWithoutAnEquiKeyStayOnTheCoordinator() {
        for (String sql : List.of("select * from a join b on a.id = b.id + 1", "select * from a join b on a.id < b.id")) {
            List<String> plan = text(sql);
            assertFalse(pushed(plan), sql + "\n" + String.join("\n", plan));
            assertTrue(plan.get(0).contains("Join") || plan.get(0).contains("Nested Loop"),
                    sql + "\n" + String.join("\n", plan));
        }
    }

    @Test
    void threeWayJoinOnOneKeyRunsWhollyOnTheDatanodes() {
        List<String> plan = text("select * from a join b on a.id = b.id join s on s.id = b.id");
        assertTrue(pushed(plan), String.join("\n", plan));
        assertEquals(2, plan.stream().filter(l -> l.contains("Hash Join")).count(), String.join("\n", plan));
    }
}
