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
import io.tessera.coordinator.stats.ColumnStatistics;
import io.tessera.coordinator.stats.StatisticsSource;
import io.tessera.coordinator.stats.TableStatistics;
import io.tessera.sql.parser.TesseraSqlParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.rel.RelNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * TPC-H's join and aggregate shapes at scale factor 0.01, over the tables {@code bench/tpch.sh} creates (lineitem
 * and orders hashed by orderkey, customer by custkey, supplier by suppkey, nation and region replicated; the
 * columns the queries use) with the row and distinct counts ANALYZE finds there.
 */
@Timeout(120)
class TpchPlanTest {
    private static final int NUMERIC_15_2 = ((15 << 16) | 2) + 4;
    private static final Map<Integer, TableStatistics> STATISTICS = new java.util.HashMap<>();
    private static final CatalogSnapshot CATALOG = catalog();

    /** A column and its distinct count (PostgreSQL's n_distinct: a count, or minus a fraction of the rows). */
    private record Col(String name, PgType type, int typmod, double distinct) {
    }

    private static Col key(String name, double distinct) {
        return new Col(name, PgType.INT4, -1, distinct);
    }

    private static Col chr(String name, int length, double distinct) {
        return new Col(name, PgType.BPCHAR, length + 4, distinct);
    }

    private static Col num(String name, double distinct) {
        return new Col(name, PgType.NUMERIC, NUMERIC_15_2, distinct);
    }

    private static Col date(String name, double distinct) {
        return new Col(name, PgType.DATE, -1, distinct);
    }

    private static CatalogSnapshot catalog() {
        List<String> nodes = List.of("dn1", "dn2");
        Map<String, TableDef> defs = new LinkedHashMap<>();
        table(defs, 20, "region", null, 5, List.of(key("r_regionkey", -1), chr("r_name", 25, -1)), nodes);
        table(defs, 21, "nation", null, 25, List.of(key("n_nationkey", -1), chr("n_name", 25, -1),
                key("n_regionkey", 5)), nodes);
        table(defs, 22, "supplier", "s_suppkey", 100, List.of(key("s_suppkey", -1), key("s_nationkey", 25)), nodes);
        table(defs, 23, "customer", "c_custkey", 1500, List.of(key("c_custkey", -1), key("c_nationkey", 25),
                chr("c_mktsegment", 10, 5)), nodes);
        table(defs, 24, "orders", "o_orderkey", 15000, List.of(key("o_orderkey", -1), key("o_custkey", 1000),
                date("o_orderdate", 2400)), nodes);
        table(defs, 25, "lineitem", "l_orderkey", 60175, List.of(key("l_orderkey", 15000), key("l_suppkey", 100),
                num("l_quantity", 50), num("l_extendedprice", -0.9), num("l_discount", 11), num("l_tax", 9),
                chr("l_returnflag", 1, 3), chr("l_linestatus", 1, 2), date("l_shipdate", 2500)), nodes);
        return snapshot(defs);
    }

    /** A catalog of one coordinator and datanodes dn1 and dn2 whose database postgres holds {@code defs}. */
    static CatalogSnapshot snapshot(Map<String, TableDef> defs) {
        return new CatalogSnapshot(3,
                Map.of("coord1", new NodeDef("coord1", 'C', "127.0.0.1", 5432, 11),
                        "dn1", new NodeDef("dn1", 'D', "127.0.0.1", 5492, 21),
                        "dn2", new NodeDef("dn2", 'D', "127.0.0.1", 5493, 22)),
                Map.of(), Map.of("postgres", new DatabaseDef("postgres", 5, "tessera")), Map.of("postgres", defs));
    }

    private static void table(Map<String, TableDef> defs, int id, String name, String hashColumn, double rows,
            List<Col> cols, List<String> nodes) {
        List<ColumnDef> columns = new ArrayList<>();
        List<ColumnStatistics> stats = new ArrayList<>();
        for (Col c : cols) {
            columns.add(new ColumnDef(c.name(), c.type(), c.typmod(), true));
            stats.add(new ColumnStatistics(c.name(), 0, 4, c.distinct(), List.of(), List.of()));
        }
        Distribution d = hashColumn == null ? Distribution.create(Distribution.Kind.REPLICATION, null, nodes)
                : Distribution.create(Distribution.Kind.HASH, hashColumn, nodes);
        defs.put(name, new TableDef(id, "postgres", "public", name, columns, d));
        STATISTICS.put(id, new TableStatistics(id, rows, (long) rows / 50, 0, stats));
    }

    private static List<String> explain(String sql) {
        StatisticsSource statistics = STATISTICS::get;
        QueryPlanner planner = new QueryPlanner(CATALOG, "postgres", List.of("public"), statistics);
        RelNode rel = planner.optimize(PgRewriter.rewrite(TesseraSqlParser.parse(sql))).rel();
        PlanNode root = new PlanBuilder(rel.getCluster().getMetadataQuery()).build(rel);
        List<String> plan = PlanRenderer.text(root, false, false, List.of());
        plan.forEach(System.out::println);
        return plan;
    }

    private static final String Q5 = """
            SELECT n_name, sum(l_extendedprice * (1 - l_discount)) AS revenue
            FROM customer, orders, lineitem, supplier, nation, region
            WHERE c_custkey = o_custkey AND l_orderkey = o_orderkey AND l_suppkey = s_suppkey
              AND c_nationkey = s_nationkey AND s_nationkey = n_nationkey AND n_regionkey = r_regionkey
              AND r_name = 'ASIA' AND o_orderdate >= date '1994-01-01'
              AND o_orderdate < date '1994-01-01' + interval '1' year
            GROUP BY n_name ORDER BY revenue DESC""";

    @Test
    void q5JoinsOrdersToLineitemWhereTheyLiveAndRunsEveryJoinOnTheDatanodes() {
        List<String> plan = explain(Q5);
        assertTrue(JoinPlans.joinsOnDatanodes(plan), String.join("\n", plan));
        assertEquals(0, JoinPlans.count(plan, "Nested Loop"), String.join("\n", plan));
        // orders meets lineitem where both live (hashed by orderkey): only the small sides are broadcast, no side
        // is redistributed, and the aggregate is partial on the datanodes
        assertEquals(0, JoinPlans.count(plan, "Distribute results by"), String.join("\n", plan));
        assertTrue(JoinPlans.indexOf(plan, "Partial HashAggregate") > JoinPlans.indexOf(plan, "Remote Subquery Scan"),
                String.join("\n", plan));
    }

    @Test
    void aJoinSearchOfSixTablesNeverStartsWithACrossProduct() {
        // region and supplier share no condition: joined only through nation, never to each other directly
        List<String> plan = explain("""
                SELECT count(*) FROM region, supplier, lineitem, orders, customer, nation
                WHERE n_regionkey = r_regionkey AND s_nationkey = n_nationkey AND l_suppkey = s_suppkey
                  AND l_orderkey = o_orderkey AND o_custkey = c_custkey AND c_nationkey = n_nationkey""");
        assertEquals(0, JoinPlans.count(plan, "Nested Loop"), String.join("\n", plan));
        assertEquals(5, JoinPlans.count(plan, "Hash Cond") + JoinPlans.count(plan, "Merge Cond"),
                String.join("\n", plan));
        assertTrue(JoinPlans.joinsOnDatanodes(plan), String.join("\n", plan));
    }

    @Test
    void aDateFilterOffMidnightStaysOnTheDatanodes() {
        // date - interval '12' hour is a timestamp (PostgreSQL's date_mi_interval); the filter compares the column's
        // timestamp with it on the datanodes, so the aggregate above it is partial there
        List<String> plan = explain("""
                SELECT count(*) FROM lineitem WHERE l_shipdate < date '1998-12-01' - interval '12' hour""");
        int remote = JoinPlans.indexOf(plan, "Remote Subquery Scan");
        int partial = JoinPlans.indexOf(plan, "Partial");
        assertTrue(remote >= 0 && partial > remote, String.join("\n", plan));
        assertTrue(String.join("\n", plan).contains("'12:00:00'::interval"), String.join("\n", plan));
    }

    @Test
    void q1AggregatesOnTheDatanodes() {
        List<String> plan = explain("""
                SELECT l_returnflag, l_linestatus, sum(l_quantity) AS sum_qty, sum(l_extendedprice) AS sum_base_price,
                  sum(l_extendedprice * (1 - l_discount)) AS sum_disc_price,
                  sum(l_extendedprice * (1 - l_discount) * (1 + l_tax)) AS sum_charge,
                  avg(l_quantity) AS avg_qty, avg(l_extendedprice) AS avg_price, avg(l_discount) AS avg_disc,
                  count(*) AS count_order
                FROM lineitem WHERE l_shipdate <= date '1998-12-01' - interval '90' day
                GROUP BY l_returnflag, l_linestatus ORDER BY l_returnflag, l_linestatus""");
        int remote = JoinPlans.indexOf(plan, "Remote Subquery Scan");
        int partial = JoinPlans.indexOf(plan, "Partial");
        assertTrue(remote >= 0 && partial > remote, String.join("\n", plan));
    }
}
