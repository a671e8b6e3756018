package io.tessera.coordinator.sql.explain;

import io.tessera.common.types.PgType;
import io.tessera.coordinator.catalog.CatalogSnapshot;
import io.tessera.coordinator.catalog.ColumnDef;
import io.tessera.coordinator.catalog.DatabaseDef;
import io.tessera.coordinator.catalog.Distribution;
import io.tessera.coordinator.catalog.NodeDef;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.coordinator.sql.PgRewriter;
import io.tessera.coordinator.sql.QueryPlanner;
import io.tessera.coordinator.stats.StatisticsSource;
import io.tessera.coordinator.stats.TableStatistics;
import io.tessera.sql.parser.TesseraSqlParser;
import java.util.List;
import java.util.Map;
import org.apache.calcite.rel.RelNode;

/**
 * The catalog the join plan tests plan against, and what they read from a plan's EXPLAIN text. Every table has the
 * columns {@code (id int4, k int4, pad text)}: {@code a} and {@code b} hashed by id, {@code bk} hashed by k,
 * {@code r} replicated, {@code rr} round robin, {@code m} modulo by id and {@code s} sharded by id, all on dn1 and
 * dn2; {@code r1} replicated on dn1 only; {@code c3} hashed by id on dn1, dn2 and dn3. These have no statistics (the
 * planner's default row count). Analyzed: {@code big} (1,000,000 rows) and {@code tiny} (1,000 rows), both hashed by
 * id on dn1 and dn2.
 */
final class JoinPlans {
    private static final List<ColumnDef> COLUMNS = List.of(new ColumnDef("id", PgType.INT4, -1, false),
            new ColumnDef("k", PgType.INT4, -1, false), new ColumnDef("pad", PgType.TEXT, -1, false));
    private static final List<String> NODES = List.of("dn1", "dn2");
    private static final CatalogSnapshot CATALOG = new CatalogSnapshot(3,
            Map.of("coord1", new NodeDef("coord1", 'C', "127.0.0.1", 5432, 11),
                    "dn1", new NodeDef("dn1", 'D', "127.0.0.1", 5492, 21),
                    "dn2", new NodeDef("dn2", 'D', "127.0.0.1", 5493, 22),
                    "dn3", new NodeDef("dn3", 'D', "127.0.0.1", 5494, 23)),
            Map.of(), Map.of("postgres", new DatabaseDef("postgres", 5, "tessera")),
            Map.of("postgres", Map.ofEntries(
                    Map.entry("a", table(7, "a", Distribution.Kind.HASH, "id", NODES)),
                    Map.entry("b", table(8, "b", Distribution.Kind.HASH, "id", NODES)),
                    Map.entry("bk", table(9, "bk", Distribution.Kind.HASH, "k", NODES)),
                    Map.entry("r", table(10, "r", Distribution.Kind.REPLICATION, null, NODES)),
                    Map.entry("rr", table(11, "rr", Distribution.Kind.ROUNDROBIN, null, NODES)),
                    Map.entry("m", table(12, "m", Distribution.Kind.MODULO, "id", NODES)),
                    Map.entry("s", table(13, "s", Distribution.Kind.SHARD, "id", NODES)),
                    Map.entry("r1", table(14, "r1", Distribution.Kind.REPLICATION, null, List.of("dn1"))),
                    Map.entry("c3", table(15, "c3", Distribution.Kind.HASH, "id", List.of("dn1", "dn2", "dn3"))),
                    Map.entry("big", table(16, "big", Distribution.Kind.HASH, "id", NODES)),
                    Map.entry("tiny", table(17, "tiny", Distribution.Kind.HASH, "id", NODES)))));
    private static final Map<Integer, Double> ROWS = Map.of(16, 1_000_000.0, 17, 1_000.0);
    private static final StatisticsSource STATISTICS = id -> ROWS.containsKey(id)
            ? new TableStatistics(id, ROWS.get(id), (long) (ROWS.get(id) / 100), 0, List.of()) : null;

    private JoinPlans() {
    }

    private static TableDef table(int id, String name, Distribution.Kind kind, String column, List<String> nodes) {
        return new TableDef(id, "postgres", "public", name, COLUMNS, Distribution.create(kind, column, nodes));
    }

    /** EXPLAIN (COSTS OFF)'s lines for {@code sql}, planned with pushdown on or off. */
    static List<String> explain(String sql, boolean pushdown) {
        QueryPlanner planner = new QueryPlanner(CATALOG, "postgres", List.of("public"), STATISTICS).pushdown(pushdown);
        RelNode rel = planner.optimize(PgRewriter.rewrite(TesseraSqlParser.parse(sql))).rel();
        PlanNode root = new PlanBuilder(rel.getCluster().getMetadataQuery()).build(rel);
        return PlanRenderer.text(root, false, false, List.of());
    }

    /** The EXPLAIN tree of {@code sql}, planned with pushdown on. */
    static PlanNode tree(String sql) {
        QueryPlanner planner = new QueryPlanner(CATALOG, "postgres", List.of("public"), STATISTICS);
        RelNode rel = planner.optimize(PgRewriter.rewrite(TesseraSqlParser.parse(sql))).rel();
        return new PlanBuilder(rel.getCluster().getMetadataQuery()).build(rel);
    }

    /** The index of the first line containing {@code s}, or -1. */
    static int indexOf(List<String> plan, String s) {
        for (int i = 0; i < plan.size(); i++) {
            if (plan.get(i).contains(s)) {
                return i;
            }
        }
        return -1;
    }

    /** How many lines contain {@code s}. */
    static long count(List<String> plan, String s) {
        return plan.stream().filter(l -> l.contains(s)).count();
    }

    /** Whether the plan's joins run on the datanodes: its first Remote Subquery Scan is above every join. */
    static boolean joinsOnDatanodes(List<String> plan) {
        int remote = indexOf(plan, "Remote Subquery Scan");
        int join = indexOf(plan, "Join");
        return remote >= 0 && join > remote;
    }
}
