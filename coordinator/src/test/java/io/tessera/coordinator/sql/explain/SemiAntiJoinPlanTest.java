package io.tessera.coordinator.sql.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Plan shapes of EXISTS, NOT EXISTS, IN and NOT IN: semi and anti hash joins on the datanodes — co-located on the
 * distribution keys, both sides redistributed on another column, or the small sub-query side broadcast — and NOT IN
 * as an anti join completed on the coordinator by the sub-query's counts (SQL's NULL rules); with pushdown off they
 * stay Calcite's joins on the coordinator.
 */
class SemiAntiJoinPlanTest {
    private static List<String> text(String sql) {
        return JoinPlans.explain(sql, true);
    }

    private static String show(String sql, List<String> plan) {
        return sql + "\n" + String.join("\n", plan);
    }

    @Test
    void existsAndNotExistsOnTheDistributionKeysAreCoLocatedSemiAndAntiJoins() {
        assertEquals(List.of(
                "Remote Subquery Scan on all (dn1,dn2)",
                "  ->  Hash Semi Join",
                "        Hash Cond: (a.id = b.id)",
                "        ->  Seq Scan on a",
                "        ->  Hash",
                "              ->  Seq Scan on b"),
                text("select * from a where exists (select 1 from b where b.id = a.id)"));
        assertEquals(List.of(
                "Remote Subquery Scan on all (dn1,dn2)",
                "  ->  Hash Anti Join",
                "        Hash Cond: (a.id = b.id)",
                "        ->  Seq Scan on a",
                "        ->  Hash",
                "              ->  Seq Scan on b"),
                text("select * from a where not exists (select 1 from b where b.id = a.id)"));
        List<String> in = text("select * from a where a.id in (select id from b)");
        assertTrue(JoinPlans.joinsOnDatanodes(in) && JoinPlans.count(in, "Hash Semi Join") == 1
                && JoinPlans.count(in, "Remote Subquery Scan") == 1, show("in", in));
    }

    @Test
    void onAnotherColumnBothSidesAreRedistributedAndTheCorrelationBesideTheKeyIsAJoinFilter() {
        for (String sql : List.of("select * from a where exists (select 1 from b where b.k = a.k)",
                "select * from a where not exists (select 1 from b where b.k = a.k)",
                "select * from a where a.k in (select k from b)")) {
            List<String> plan = text(sql);
            assertTrue(JoinPlans.joinsOnDatanodes(plan), show(sql, plan));
            assertEquals(2, JoinPlans.count(plan, "Distribute results by H: k"), show(sql, plan));
            assertEquals(1, JoinPlans.count(plan, "Semi Join") + JoinPlans.count(plan, "Anti Join"), show(sql, plan));
        }
        List<String> plan = text(
                "select * from a where not exists (select 1 from b where b.k = a.k and b.pad > a.pad)");
        assertTrue(JoinPlans.joinsOnDatanodes(plan), show("residual", plan));
        assertTrue(plan.contains("        Join Filter: (b.pad > a.pad)"), show("residual", plan));
    }

    @Test
    void aSmallSubQueryIsBroadcastButNeverTheSideWhoseRowsAreReturned() {
        for (String sql : List.of("select * from big where exists (select 1 from tiny where tiny.k = big.k)",
                "select * from big where not exists (select 1 from tiny where tiny.k = big.k)")) {
            List<String> plan = text(sql);
            assertTrue(JoinPlans.joinsOnDatanodes(plan), show(sql, plan));
            int broadcast = JoinPlans.indexOf(plan, "Broadcast results to: all (dn1,dn2)");
            assertTrue(broadcast > JoinPlans.indexOf(plan, "Hash")
                    && plan.get(broadcast + 1).contains("Seq Scan on tiny"), show(sql, plan));
        }
        List<String> plan = text("select * from tiny where not exists (select 1 from big where tiny.k = big.k)");
        assertTrue(JoinPlans.joinsOnDatanodes(plan), show("tiny", plan));
        assertEquals(0, JoinPlans.count(plan, "Broadcast"), show("tiny", plan));
    }

    @Test
    void notInIsAnAntiJoinOnTheDatanodesCompletedByTheSubQuerysCounts() {
        assertEquals(List.of(
                "Nested Loop",
                "  Join Filter: ((c = 0) OR ((ck = c) AND (id IS NOT NULL)))",
                "  ->  Remote Subquery Scan on all (dn1,dn2)",
                "        ->  Hash Anti Join",
                "              Hash Cond: (a.id = b.id)",
                "              ->  Seq Scan on a",
                "              ->  Hash",
                "                    ->  Seq Scan on b",
                "  ->  Materialize",
                "        ->  Finalize Aggregate",
                "              ->  Remote Subquery Scan on all (dn1,dn2)",
                "                    ->  Partial Aggregate",
                "                          ->  Seq Scan on b"),
                text("select * from a where a.id not in (select id from b)"));
        List<String> plan = text("select * from a where a.k not in (select k from bk)");
        assertTrue(JoinPlans.count(plan, "Hash Anti Join") == 1 && JoinPlans.count(plan, "Distribute results by") == 1,
                show("one side moved", plan));
    }

    @Test
    void plainConditionsBesideASubQueryFilterTheScanBelowTheJoin() {
        List<String> plan = text("select * from a where a.k > 1 and not exists (select 1 from r where r.k = a.k)");
        assertTrue(JoinPlans.joinsOnDatanodes(plan), show("filter", plan));
        int scan = JoinPlans.indexOf(plan, "Seq Scan on a");
        assertTrue(scan > 0 && plan.get(scan + 1).contains("Filter: (k > 1)"), show("filter", plan));
    }

    @Test
    void withPushdownOffSubQueriesStayOnTheCoordinator() {
        for (String sql : List.of("select * from a where exists (select 1 from b where b.k = a.k)",
                "select * from a where not exists (select 1 from b where b.id = a.id)",
                "select * from a where a.id not in (select id from b)")) {
            List<String> plan = JoinPlans.explain(sql, false);
            assertTrue(!JoinPlans.joinsOnDatanodes(plan) && JoinPlans.count(plan, "Hash Anti Join") == 0
                    && JoinPlans.count(plan, "Hash Semi Join") == 0, show(sql, plan));
        }
    }
}
