package io.tessera.coordinator.sql.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where a join that is not co-located runs: both sides redistributed by a join key between the datanodes
 * ({@code Distribute results by H: key} under one {@code Remote Subquery Scan}, the join on the datanodes), or, with
 * {@code tessera.enable_pushdown} off, on the coordinator over the gathered sides.
 */
class RedistributedJoinPlanTest {
    private static List<String> text(String sql, boolean pushdown) {
        return JoinPlans.explain(sql, pushdown);
    }

    private static List<String> text(String sql) {
        return JoinPlans.explain(sql, true);
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
    void everyJoinTypeRedistributesBothSidesWhenNeitherIsPlacedByItsKey() {
        for (String sql : List.of("select * from a join b on a.k = b.k", "select * from a left join b on a.k = b.k",
                "select * from a right join b on a.k = b.k", "select * from a full join b on a.k = b.k and a.id < b.id",
                "select * from a join rr on a.k = rr.id")) {
            List<String> plan = text(sql);
            assertTrue(JoinPlans.joinsOnDatanodes(plan), sql + "\n" + String.join("\n", plan));
            assertEquals(2, JoinPlans.count(plan, "Distribute results by H:"), sql + "\n" + String.join("\n", plan));
            assertEquals(0, JoinPlans.count(plan, "Broadcast"), sql + "\n" + String.join("\n", plan));
        }
    }

    @Test
    void aSideHashedOnItsJoinKeyStaysAndOnlyTheOtherMovesByItsShardMap() {
        for (String sql : List.of("select * from a join bk on a.id = bk.id", "select * from a left join bk on a.id = bk.id",
                "select * from bk right join a on a.id = bk.id", "select * from a full join bk on a.id = bk.id",
                "select * from a join rr on a.id = rr.id", "select * from a join c3 on a.id = c3.id")) {
            List<String> plan = text(sql);
            assertTrue(JoinPlans.joinsOnDatanodes(plan), sql + "\n" + String.join("\n", plan));
            assertEquals(1, JoinPlans.count(plan, "Distribute results by"), sql + "\n" + String.join("\n", plan));
        }
    }

    @Test
    void oneSideRedistributionPrintsTheMovedSideOnly() {
        assertEquals(List.of(
                "Remote Subquery Scan on all (dn1,dn2)",
                "  ->  Hash Join",
                "        Hash Cond: (a.id = bk.id)",
                "        ->  Seq Scan on a",
                "        ->  Hash",
                "              ->  Remote Subquery Scan on all (dn1,dn2)",
                "                    Distribute results by H: id",
                "                    ->  Seq Scan on bk"),
                text("select a.k, bk.pad from a join bk on a.id = bk.id"));
        List<String> modulo = text("select * from m join bk on m.id = bk.id");
        assertEquals(1, JoinPlans.count(modulo, "Distribute results by M: id"), String.join("\n", modulo));
    }

    @Test
    void aSmallSideIsBroadcastAndTheBigSideDoesNotMove() {
        List<String> plan = text("select big.pad, tiny.pad from big join tiny on big.k = tiny.k");
        assertEquals(List.of(
                "Remote Subquery Scan on all (dn1,dn2)",
                "  ->  Hash Join",
                "        Hash Cond: (big.k = tiny.k)",
                "        ->  Seq Scan on big",
                "        ->  Hash",
                "              ->  Remote Subquery Scan on all (dn1,dn2)",
                "                    Broadcast results to: all (dn1,dn2)",
                "                    ->  Seq Scan on tiny"), plan);
        for (String sql : List.of("select * from big left join tiny on big.k = tiny.k",
                "select * from tiny join big on big.pad = tiny.pad", "select * from tiny right join big on big.k = tiny.k")) {
            List<String> p = text(sql);
            assertTrue(JoinPlans.joinsOnDatanodes(p), sql + "\n" + String.join("\n", p));
            assertEquals(1, JoinPlans.count(p, "Broadcast results to"), sql + "\n" + String.join("\n", p));
            assertEquals(0, JoinPlans.count(p, "Distribute results by"), sql + "\n" + String.join("\n", p));
        }
    }

    @Test
    void anAggregateOrATopNAboveGoesDownWithTheShapeMovingFewestRows() {
        for (String sql : List.of("select big.pad, count(*) from big join tiny on big.k = tiny.k group by big.pad",
                "select count(*), sum(tiny.id) from big left join tiny on big.k = tiny.k",
                "select big.id, tiny.id from big join tiny on big.k = tiny.k order by big.id limit 5")) {
            List<String> plan = text(sql);
            assertTrue(JoinPlans.joinsOnDatanodes(plan), sql + "\n" + String.join("\n", plan));
            assertEquals(1, JoinPlans.count(plan, "Broadcast results to"), sql + "\n" + String.join("\n", plan));
            assertEquals(0, JoinPlans.count(plan, "Distribute results by"), sql + "\n" + String.join("\n", plan));
        }
        for (String sql : List.of("select count(*), max(a.pad) from a join bk on a.id = bk.id",
                "select a.id from a join bk on a.id = bk.id order by a.k, a.id limit 3")) {
            List<String> plan = text(sql);
            assertTrue(JoinPlans.joinsOnDatanodes(plan), sql + "\n" + String.join("\n", plan));
            assertEquals(1, JoinPlans.count(plan, "Distribute results by"), sql + "\n" + String.join("\n", plan));
        }
    }

    @Test
    void movingTheSmallSideByTheBigSidesShardMapBeatsBroadcastingIt() {
        List<String> plan = text("select * from big join tiny on big.id = tiny.k");
        assertEquals(0, JoinPlans.count(plan, "Broadcast"), String.join("\n", plan));
        assertEquals(1, JoinPlans.count(plan, "Distribute results by H: k"), String.join("\n", plan));
    }

    @Test
    void theSideWhoseUnmatchedRowsAreReturnedIsNeverBroadcast() {
        for (String sql : List.of("select * from tiny left join big on big.k = tiny.k",
                "select * from big right join tiny on big.k = tiny.k", "select * from big full join tiny on big.k = tiny.k")) {
            List<String> plan = text(sql);
            assertEquals(0, JoinPlans.count(plan, "Broadcast"), sql + "\n" + String.join("\n", plan));
        }
    }

    @Test
    void aRedistributedJoinSpansTheDatanodesOfBothTables() {
        assertEquals("Remote Subquery Scan on all (dn1,dn2,dn3)", text("select * from a join c3 on a.id = c3.id").get(0));
    }

    @Test
    void colocatedJoinsMoveNothing() {
        List<String> plan = text("select * from a join b on a.id = b.id");
        assertTrue(JoinPlans.joinsOnDatanodes(plan));
        assertEquals(0, JoinPlans.count(plan, "Distribute results by"), String.join("\n", plan));
    }

    @Test
    void aThirdTableOnTheSameKeyJoinsTheRedistributedRowsWhereTheyAre() {
        List<String> plan = text("select * from a join b on a.k = b.k join bk on bk.k = b.k");
        assertTrue(JoinPlans.joinsOnDatanodes(plan), String.join("\n", plan));
        assertEquals(0, JoinPlans.indexOf(plan, "Remote Subquery Scan on all"), String.join("\n", plan));
        // bk is hashed on k: it stays where it is, and a and b each move once, by bk's shard map
        int bk = JoinPlans.indexOf(plan, "Seq Scan on bk");
        assertTrue(bk > 0 && !plan.get(bk - 1).contains("Distribute results"), "bk is read where it lives: "
                + String.join("\n", plan));
        assertEquals(2, JoinPlans.count(plan, "Distribute results by H: k"), "a and b moved once each: "
                + String.join("\n", plan));
    }

    @Test
    void aggregatesAndTopNAboveARedistributedJoinRunOnTheDatanodes() {
        List<String> agg = text("select a.pad, count(*), sum(b.id) from a join b on a.k = b.k group by a.pad");
        assertEquals("Finalize HashAggregate", agg.get(0), String.join("\n", agg));
        assertTrue(agg.get(3).contains("Partial HashAggregate"), String.join("\n", agg));
        assertTrue(JoinPlans.joinsOnDatanodes(agg), String.join("\n", agg));
        List<String> topN = text("select a.id, b.id from a join b on a.k = b.k order by b.id desc, a.id limit 5");
        assertEquals("Limit", topN.get(0), String.join("\n", topN));
        assertTrue(JoinPlans.joinsOnDatanodes(topN), String.join("\n", topN));
    }

    @Test
    void joinsWithAReplicatedSideOrWithoutAnEquiKeyAreNotRedistributed() {
        for (String sql : List.of("select * from r left join a on a.k = r.k", "select * from a full join r on a.k = r.k",
                "select * from a join b on a.id < b.id")) {
            List<String> plan = text(sql);
            assertFalse(JoinPlans.joinsOnDatanodes(plan), sql + "\n" + String.join("\n", plan));
            assertEquals(0, JoinPlans.count(plan, "Distribute results by"), sql + "\n" + String.join("\n", plan));
        }
    }

    @Test
    void aComputedKeyIsComputedBelowTheExchangeAndRedistributesItsSide() {
        // a is hashed on id, so it stays; b moves by a's shard map on the computed key
        String sql = "select * from a join b on a.id = b.id + 1";
        List<String> plan = text(sql);
        assertTrue(JoinPlans.joinsOnDatanodes(plan), sql + "\n" + String.join("\n", plan));
        assertTrue(plan.stream().anyMatch(l -> l.contains("Distribute results by") && l.contains("(b.id + 1)")),
                sql + "\n" + String.join("\n", plan));
    }

    @Test
    void withPushdownOffEveryJoinAndAggregateRunsOnTheCoordinator() {
        for (String sql : List.of("select * from a join b on a.k = b.k", "select * from a join b on a.id = b.id",
                "select a.pad, count(*) from a join b on a.k = b.k group by a.pad", "select count(*) from a",
                "select * from a order by k limit 3")) {
            List<String> plan = text(sql, false);
            assertFalse(JoinPlans.joinsOnDatanodes(plan), sql + "\n" + String.join("\n", plan));
            assertEquals(0, JoinPlans.count(plan, "Distribute results by"), sql + "\n" + String.join("\n", plan));
            assertEquals(0, JoinPlans.count(plan, "Partial"), sql + "\n" + String.join("\n", plan));
            assertTrue(JoinPlans.indexOf(plan, "Remote Subquery Scan") > 0, sql + "\n" + String.join("\n", plan));
        }
        for (String sql : List.of("select * from a order by k limit 3", "select * from a limit 3",
                "select count(*) from (select id from a limit 5) x")) {
            List<String> plan = text(sql, false);
            int remote = JoinPlans.indexOf(plan, "Remote Subquery Scan");
            assertTrue(remote > 0 && plan.subList(remote, plan.size()).stream().noneMatch(l -> l.contains("Limit")),
                    "the LIMIT stays on the coordinator: " + sql + "\n" + String.join("\n", plan));
        }
    }
}
