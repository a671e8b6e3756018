package io.tessera.coordinator.sql.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Plan shapes of joins: a join of co-located tables runs below one {@code Remote Subquery Scan} (no join on the
 * coordinator); any other join gathers both sides and joins on the coordinator, as before.
 */
class ColocatedJoinPlanTest {
    private static List<String> text(String sql) {
        return JoinPlans.explain(sql, true);
    }

    /** Whether the join runs on the datanodes under exactly one Remote Subquery Scan (no exchange between them). */
    private static boolean pushed(List<String> plan) {
        return JoinPlans.joinsOnDatanodes(plan) && JoinPlans.count(plan, "Remote Subquery Scan") == 1;
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
        // the filtered side is estimated smaller, so it is the one built (under the Hash)
        assertTrue(plan.stream().anyMatch(l -> l.trim().equals("Filter: (pad = 'x'::text)")), String.join("\n", plan));
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
        for (String sql : List.of("select * from a join b on a.id < b.id")) {
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
