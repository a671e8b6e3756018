package io.tessera.coordinator.sql.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * EXPLAIN ANALYZE files each datanode operator's counters by its number in the fragment's pre-order (the numbering
 * {@code FragmentPlan.toProto} gives the datanodes): the nodes EXPLAIN prints for a fragment must carry the same
 * numbers — the build side's also on the {@code Hash} above it — and the nodes above the fragment the gather's and
 * the fragment's output.
 */
class ExplainAnalyzeNumberingTest {
    /** "type:op" for every node of the tree, in print order. */
    private static List<String> numbered(PlanNode root) {
        List<String> out = new ArrayList<>();
        walk(root, out);
        return out;
    }

    private static void walk(PlanNode n, List<String> out) {
        out.add(n.type + (n.relation == null ? "" : " on " + n.relation) + ":" + (n.fragment == null ? "-" : n.op));
        n.children.forEach(c -> walk(c, out));
    }

    @Test
    void aRedistributedJoinsNodesCarryThePreOrderNumbersTheDatanodesUse() {
        // toProto's pre-order: 0 Project (the select list's columns: shown on the join's node, with its rows),
        // 1 Join, 2 Exchange(a), 3 Scan(a), 4 Exchange(b), 5 Scan(b)
        PlanNode root = JoinPlans.tree("select a.id, b.pad from a join b on a.k = b.k");
        assertEquals(List.of(
                "Remote Subquery Scan on all (dn1,dn2):" + PlanNode.GATHER,
                "Hash Join:0",
                "Remote Subquery Scan on all (dn1,dn2):2",
                "Seq Scan on a:3",
                "Hash:4",
                "Remote Subquery Scan on all (dn1,dn2):4",
                "Seq Scan on b:5"), numbered(root));
        assertNotNull(root.fragment);
    }

    @Test
    void anAggregateAboveAFragmentShowsWhatEachDatanodeReturned() {
        List<String> agg = numbered(JoinPlans.tree("select a.k, count(*) from a join b on a.id = b.id group by a.k"));
        assertEquals(List.of("Finalize HashAggregate:-", "Remote Subquery Scan on all (dn1,dn2):" + PlanNode.GATHER,
                "Partial HashAggregate:" + PlanNode.OUTPUT, "Hash Join:0", "Seq Scan on a:2", "Hash:3",
                "Seq Scan on b:3"), agg);
    }
}
