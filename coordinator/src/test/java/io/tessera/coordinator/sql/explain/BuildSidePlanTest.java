package io.tessera.coordinator.sql.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A datanode hash join builds its hash table from the input estimated smaller (ANALYZE's rows x widths), whichever
 * the query names first; EXPLAIN shows the built side under {@code Hash}, and an outer join whose preserved side is
 * built prints as PostgreSQL's {@code Hash Right Join}.
 */
class BuildSidePlanTest {
    private static String show(String sql, List<String> plan) {
        return sql + "\n" + String.join("\n", plan);
    }

    /** The relation scanned under the first {@code Hash} node. */
    private static String built(List<String> plan) {
        int hash = 0;
        while (hash < plan.size() && !plan.get(hash).trim().equals("->  Hash")) {
            hash++;
        }
        for (int i = hash + 1; i < plan.size(); i++) {
            if (plan.get(i).contains("Seq Scan on ")) {
                return plan.get(i).substring(plan.get(i).indexOf("Seq Scan on ") + 12).trim();
            }
        }
        return null;
    }

    @Test
    void theSmallerSideBuildsInEitherTextualOrder() {
        for (String sql : List.of("select * from tiny join big on big.id = tiny.id",
                "select * from big join tiny on big.id = tiny.id",
                "select * from tiny join big on big.k = tiny.k", "select * from big join tiny on big.k = tiny.k",
                "select tiny.k, count(*) from tiny join big on big.id = tiny.id group by tiny.k")) {
            List<String> plan = text(sql);
            assertTrue(JoinPlans.joinsOnDatanodes(plan), show(sql, plan));
            assertEquals("tiny", built(plan), show(sql, plan));
        }
    }

    @Test
    void anOuterJoinWhosePreservedSideIsSmallBuildsItAsAHashRightJoin() {
        String sql = "select * from tiny left join big on big.id = tiny.id and big.pad < tiny.pad";
        assertEquals(List.of(
                "Remote Subquery Scan on all (dn1,dn2)",
                "  ->  Hash Right Join",
                "        Hash Cond: (big.id = tiny.id)",
                "        Join Filter: (big.pad < tiny.pad)",
                "        ->  Seq Scan on big",
                "        ->  Hash",
                "              ->  Seq Scan on tiny"), text(sql));
    }

    @Test
    void equalSidesKeepTheQuerysOrderAndSemiJoinsBuildTheSubQuery() {
        assertEquals("b", built(text("select * from a join b on a.id = b.id")));
        assertEquals("big", built(text("select * from tiny where exists (select 1 from big where big.id = tiny.id)")));
    }

    private static List<String> text(String sql) {
        return JoinPlans.explain(sql, true);
    }
}
