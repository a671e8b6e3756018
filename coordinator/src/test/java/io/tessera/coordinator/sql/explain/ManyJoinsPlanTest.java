package io.tessera.coordinator.sql.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import org.junit.jupiter.api.Timeout;

/**
 * Joins of many tables, in the shape of sqllogictest's {@code select5} (tables {@code tN(aN int, bN int, xN text)}
 * hashed by aN, joined on chains of equalities, 4 to 64 tables). Exhaustive join reordering (commute and associate
 * under Volcano) grows exponentially with the number of joins: such joins made the coordinator run out of its 256 MB
 * heap, which ended every session on it. From {@code QueryPlanner.HEURISTIC_JOIN_ORDER_TABLES} tables on the order is
 * chosen heuristically, as PostgreSQL stops searching join orders past {@code join_collapse_limit} (8).
 */
@Timeout(120)
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

    /** How many joins the plan of {@code sql} has (EXPLAIN's join lines: a join in a fragment is no Calcite Join). */
    private static long joins(String sql, boolean pushdown) {
        QueryPlanner planner = new QueryPlanner(CATALOG, "postgres", List.of("public"), id -> null)
                .pushdown(pushdown);
        RelNode rel = planner.optimize(PgRewriter.rewrite(TesseraSqlParser.parse(sql))).rel();
        List<String> plan = PlanRenderer.text(new PlanBuilder(rel.getCluster().getMetadataQuery()).build(rel), false,
                false, List.of());
        return plan.stream().filter(l -> l.contains("Join") || l.contains("Nested Loop")).count();
    }

    @Test
    void joinsOfEightToSixtyFourTablesPlan() {
        for (int n : new int[] {8, 12, 64}) {
            assertEquals(n - 1L, joins(chain(1, n), true), n + " tables, pushdown on");
        }
        assertEquals(11L, joins(chain(20, 12), false), "12 tables, pushdown off");
    }

    @Test
    void fewTablesStillHaveTheirJoinsReordered() {
        // below the limit the search stays exhaustive: a cross join written first is moved under the equi-joins
        String sql = "SELECT x1 FROM t1, t3, t2 WHERE b1=a2 AND b2=a3";
        assertEquals(2L, joins(sql, true));
    }
}
