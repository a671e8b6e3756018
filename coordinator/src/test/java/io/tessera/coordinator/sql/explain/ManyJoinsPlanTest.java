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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.rel.RelNode;
import org.junit.jupiter.api.Test;

/**
 * Joins of many tables, in the shape of sqllogictest's {@code select5} (tables {@code tN(aN int, bN int, xN text)}
 * hashed by aN, joined on chains of equalities, 4 to 64 tables). Exhaustive join reordering (commute and associate
 * under Volcano) grows exponentially with the number of joins: such joins made the coordinator run out of its 256 MB
 * heap, which ended every session on it. From {@code QueryPlanner.HEURISTIC_JOIN_ORDER_TABLES} tables on the order is
 * chosen by {@code JoinOrderRule} (up to ten) or greedily, as PostgreSQL stops searching join orders past
 * {@code join_collapse_limit} (8). The planner's work is checked by the rule matches its search fires
 * ({@link QueryPlanner.Optimized#ruleMatches}), not by a wall-clock limit, which a loaded machine would trip: an
 * exponential search of these joins fires millions.
 */
class ManyJoinsPlanTest {
    private static final CatalogSnapshot CATALOG = catalog(64);

    private static CatalogSnapshot catalog(int tables) {
        Map<String, TableDef> defs = new LinkedHashMap<>();
        for (int i = 1; i <= tables; i++) {
            List<ColumnDef> columns = List.of(new ColumnDef("a" + i, PgType.INT4, -1, false),
                    new ColumnDef("b" + i, PgType.INT4, -1, false), new ColumnDef("x" + i, PgType.TEXT, -1, false));
            defs.put("t" + i, new TableDef(100 + i, "postgres", "public", "t" + i, columns,
                    Distribution.create(Distribution.Kind.HASH, "a" + i, List.of("dn1", "dn2"))));
        }
        return new CatalogSnapshot(3,
                Map.of("coord1", new NodeDef("coord1", 'C', "127.0.0.1", 5432, 11),
                        "dn1", new NodeDef("dn1", 'D', "127.0.0.1", 5492, 21),
                        "dn2", new NodeDef("dn2", 'D', "127.0.0.1", 5493, 22)),
                Map.of(), Map.of("postgres", new DatabaseDef("postgres", 5, "tessera")), Map.of("postgres", defs));
    }

    /** select5's query over tables {@code first..first+n-1}: each joined to the next, one constant filter. */
    private static String chain(int first, int n) {
        List<String> from = new ArrayList<>();
        List<String> where = new ArrayList<>();
        for (int i = first; i < first + n; i++) {
            from.add("t" + i);
            if (i > first) {
                where.add("b" + (i - 1) + "=a" + i);
            }
        }
        where.add("a" + first + "=7");
        return "SELECT x" + first + ", x" + (first + n - 1) + " FROM " + String.join(",", from) + " WHERE "
                + String.join(" AND ", where);
    }

    private static QueryPlanner.Optimized optimize(String sql, boolean pushdown) {
        QueryPlanner planner = new QueryPlanner(CATALOG, "postgres", List.of("public"), id -> null)
                .pushdown(pushdown);
        return planner.optimize(PgRewriter.rewrite(TesseraSqlParser.parse(sql)));
    }

    /** How many joins a plan has (EXPLAIN's join lines: a join in a fragment is no Calcite Join). */
    private static long joins(QueryPlanner.Optimized optimized) {
        RelNode rel = optimized.rel();
        List<String> plan = PlanRenderer.text(new PlanBuilder(rel.getCluster().getMetadataQuery()).build(rel), false,
                false, List.of());
        return plan.stream().filter(l -> l.contains("Join") || l.contains("Nested Loop")).count();
    }

    private static long joins(String sql, boolean pushdown) {
        return joins(optimize(sql, pushdown));
    }

    /**
     * The most rule matches a join of {@code n} tables in a chain may take: linear in the tables, where exhaustive
     * reordering grows exponentially. The search fired 430 for 8 tables ({@code JoinOrderRule}), 3,215 for 12 and
     * 5,978 for 64 (greedy order), 773 for 12 with pushdown off (2026-12-06): 54 to 268 per table.
     */
    private static long ruleMatchBound(int n) {
        return RULE_MATCHES_PER_TABLE * n;
    }

    private static final long RULE_MATCHES_PER_TABLE = 500;

    @Test
    void joinsOfEightToSixtyFourTablesPlanWithWorkLinearInTheTables() {
        List<QueryPlanner.Optimized> on = new ArrayList<>();
        for (int n : new int[] {8, 12, 64}) {
            on.add(optimize(chain(1, n), true));
        }
        QueryPlanner.Optimized off = optimize(chain(20, 12), false);
        int i = 0;
        for (int n : new int[] {8, 12, 64}) {
            QueryPlanner.Optimized o = on.get(i++);
            assertEquals(n - 1L, joins(o), n + " tables, pushdown on");
            assertTrue(o.ruleMatches() <= ruleMatchBound(n), n + " tables, pushdown on: " + o.ruleMatches()
                    + " rule matches, more than " + ruleMatchBound(n));
        }
        assertEquals(11L, joins(off), "12 tables, pushdown off");
        assertTrue(off.ruleMatches() <= ruleMatchBound(12), "12 tables, pushdown off: " + off.ruleMatches());
    }

    @Test
    void fewTablesStillHaveTheirJoinsReordered() {
        // three tables are ordered by JoinOrderRule: a cross join written first is moved under the equi-joins
        String sql = "SELECT x1 FROM t1, t3, t2 WHERE b1=a2 AND b2=a3";
        assertEquals(2L, joins(sql, true));
    }
}
