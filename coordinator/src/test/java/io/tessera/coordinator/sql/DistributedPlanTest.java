package io.tessera.coordinator.sql;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.types.PgType;
import io.tessera.coordinator.catalog.CatalogSnapshot;
import io.tessera.coordinator.catalog.ColumnDef;
import io.tessera.coordinator.catalog.DatabaseDef;
import io.tessera.coordinator.catalog.Distribution;
import io.tessera.coordinator.catalog.NodeDef;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.sql.parser.TesseraSqlParser;
import java.util.List;
import java.util.Map;
import org.apache.calcite.plan.RelOptUtil;
import org.junit.jupiter.api.Test;

/** Which parts of a query the planner sends to the datanodes (the shapes EXPLAIN shows). */
class DistributedPlanTest {
    private static final List<ColumnDef> COLUMNS = List.of(new ColumnDef("id", PgType.INT4, -1, false),
            new ColumnDef("k", PgType.INT4, -1, false), new ColumnDef("pad", PgType.TEXT, -1, false),
            new ColumnDef("n", PgType.NUMERIC, -1, false));
    private static final TableDef T = new TableDef(7, "postgres", "public", "t", COLUMNS,
            Distribution.create(Distribution.Kind.HASH, "id", List.of("dn1", "dn2")));
    private static final TableDef R = new TableDef(8, "postgres", "public", "r", COLUMNS,
            Distribution.create(Distribution.Kind.REPLICATION, null, List.of("dn1", "dn2")));
    private static final CatalogSnapshot CATALOG = new CatalogSnapshot(3,
            Map.of("coord1", new NodeDef("coord1", 'C', "127.0.0.1", 5432, 11),
                    "dn1", new NodeDef("dn1", 'D', "127.0.0.1", 5492, 21),
                    "dn2", new NodeDef("dn2", 'D', "127.0.0.1", 5493, 22)),
            Map.of(), Map.of("postgres", new DatabaseDef("postgres", 5, "tessera")),
            Map.of("postgres", Map.of("t", T, "r", R)));

    private final QueryPlanner planner = new QueryPlanner(CATALOG, "postgres");

    void compile(String sql) {
        planner.plan(PgRewriter.rewrite(TesseraSqlParser.parse(sql)));
    }

    private String plan(String sql) {
        String p = RelOptUtil.toString(planner.optimize(PgRewriter.rewrite(TesseraSqlParser.parse(sql))).rel());
        return p;
    }

    @Test
    void countHasAPartialAggregateOnTheDatanodes() {
        String p = plan("select count(*), sum(k), min(pad), max(n), avg(k) from t where k > 3");
        assertTrue(p.contains("TesseraFinalAggregate"), p);
        assertTrue(p.contains("TesseraPartialAggregate"), p);
        assertTrue(p.contains("phase=[partial]"), p);
    }

    @Test
    void groupByTheDistributionColumnFinishesOnTheDatanodes() {
        String p = plan("select id, count(*), sum(k) from t group by id");
        assertTrue(p.contains("phase=[complete]"), p);
        assertFalse(p.contains("TesseraFinalAggregate"), p);
        p = plan("select k, count(*), sum(id) from t group by k");
        assertTrue(p.contains("TesseraFinalAggregate"), p);
    }

    @Test
    void replicatedTableAggregatesOnOneNode() {
        String p = plan("select k, count(*) from r group by k");
        assertTrue(p.contains("phase=[complete]"), p);
    }

    @Test
    void filteredAvgPushesWholeAndCountDistinctGroupsOnTheDatanodes() {
        String p = plan("select avg(k), count(*) from t where k > 3");
        assertTrue(p.contains("AVG(") && p.contains("filters=[[>($1, 3)]]"), p);
        assertFalse(p.contains("EnumerableCalc"), p);
        p = plan("select count(distinct k) from t");
        assertTrue(p.startsWith("EnumerableAggregate"), p);
        assertTrue(p.contains("TesseraPartialAggregate(table=[[public, t]]") && p.contains("aggs=[[]]"), p);
    }

    @Test
    void arrayAndStringAggregatesArePartialOnTheDatanodesOrderedAndDistinctToo() {
        String p = plan("select k, array_agg(n), string_agg(pad, ',') from t group by k");
        assertTrue(p.contains("TesseraFinalAggregate"), p);
        assertTrue(p.contains("TesseraPartialAggregate"), p);
        // the datanodes' rows are states even when the groups are one datanode's: always merged
        p = plan("select id, array_agg(k) from t group by id");
        assertTrue(p.contains("TesseraFinalAggregate"), p);
        // DISTINCT (sorted by k, as PostgreSQL's sort-based duplicate removal leaves them) and ORDER BY: each datanode
        // sends its values sorted with their keys, the coordinator merges them by the keys
        p = plan("select array_agg(distinct k) from t");
        assertTrue(p.contains("TesseraFinalAggregate") && p.contains("distinct=true")
                && p.contains("order=[SortKey[column=0, descending=false, nullsFirst=false]]"), p);
        for (String q : List.of("select array_agg(k order by n) from t",
                "select string_agg(pad, ',' order by k desc) from t")) {
            assertTrue(plan(q).contains("TesseraPartialAggregate") && plan(q).contains("order=[SortKey"),
                    q + "\n" + plan(q));
        }
        // a column as delimiter keeps the aggregation on the coordinator
        String q = "select string_agg(pad, pad) from t";
        assertFalse(plan(q).contains("TesseraPartialAggregate"), q + "\n" + plan(q));
    }

    @Test
    void aggregatesOverComputedArgumentsArePartialOverAComputingFragment() {
        // TPC-H Q1's shape: the projection computing the arguments runs on the datanodes, under the partial aggregate
        String p = plan("select k, sum(n * (1 - n)), avg(n + 1), count(*) from t where id > 3 group by k");
        assertTrue(p.contains("TesseraFinalAggregate"), p);
        assertTrue(p.contains("TesseraPartialAggregate(table=[Project(Scan(t#7"), p);
        assertFalse(p.contains("EnumerableAggregate"), p);
        // an expression the datanodes do not evaluate keeps the aggregation on the coordinator
        p = plan("select sum(length(md5(pad))) from t");
        assertFalse(p.contains("TesseraPartialAggregate"), p);
    }

    @Test
    void orderByLimitRunsATopNOnEachDatanode() {
        String p = plan("select id, pad from t where k > 3 order by pad desc, id limit 10 offset 5");
        assertTrue(p.contains("TesseraTopN(table=[[public, t]]"), p);
        assertTrue(p.contains("filters=[[>($1, 3)]]") && p.contains("collation=[[2 DESC, 0]]")
                && p.contains("offset=[5]") && p.contains("fetch=[10]"), p);
        assertFalse(p.contains("EnumerableSort") || p.contains("EnumerableLimit"), p);
    }

    @Test
    void plainLimitStopsTheDatanodeScans() {
        String p = plan("select * from t limit 3");
        assertTrue(p.startsWith("TesseraTopN(table=[[public, t]]") && p.contains("collation=[[]]"), p);
        p = plan("select k from t order by k nulls first limit ?");
        assertTrue(p.contains("TesseraTopN") && p.contains("0 ASC-nulls-first") && p.contains("fetch=[?0]"), p);
    }

    @Test
    void topNIsNotPushedWithoutLimit() {
        String p = plan("select id from t order by id");
        assertFalse(p.contains("TesseraTopN"), p);
    }

    @Test
    void topNOverComputedColumnsRunsOverAComputingFragment() {
        String p = plan("select k + 1 as k1 from t order by k1 limit 3");
        assertTrue(p.contains("TesseraTopN(table=[Project(Scan(t#7"), p);
        assertFalse(p.contains("EnumerableSort") || p.contains("EnumerableLimit"), p);
        // an expression the datanodes do not evaluate keeps the sort on the coordinator
        p = plan("select md5(pad) as h from t order by h limit 3");
        assertFalse(p.contains("TesseraTopN"), p);
    }
    @Test
    void windowPartitionedByTheDistributionColumnRunsOnTheDatanodes() {
        String p = plan("select id, k, row_number() over (partition by id order by k), "
                + "sum(k) over (partition by id order by k rows between 1 preceding and current row) from t");
        // the fragment: the windows over the scan, under the projection of sum's CASE (count > 0), which runs there
        assertTrue(p.contains("TesseraColocatedJoin(fragment=[Project(Window(") && p.contains("Window(Scan(t#7")
                && p.contains("CASE("), p);
        assertFalse(p.contains("EnumerableWindow") || p.contains("Exchange("), p);
        // a replicated table is read on one datanode: any window, even without PARTITION BY
        p = plan("select id, rank() over (order by k) from r");
        assertTrue(p.contains("Window(Scan(r#8") && p.contains("nodes=[[dn1]]"), p);
        assertFalse(p.contains("EnumerableWindow"), p);
    }

    @Test
    void windowPartitionedByAnotherColumnIsRedistributedByIt() {
        String p = plan("select id, rank() over (partition by k order by id), lag(pad) over (partition by k, pad "
                + "order by id) from t where id > 3");
        assertTrue(p.contains("Exchange(Scan(t#7, [>($0, 3)], [0, 1, 2]), 1, GROUPS"), p);
        assertFalse(p.contains("EnumerableWindow"), p);
    }

    @Test
    void windowPartitionedByANumericIsRedistributedByItsNormalizedHash() {
        // equal numerics of different scales (1.0, 1.00) hash alike (KeyHash), so one exchange serves the partition
        String p = plan("select id, row_number() over (partition by n order by id), sum(k) over (partition by n) from t");
        assertTrue(p.contains("Exchange(Scan(t#7, [], [0, 1, 3]), 2, GROUPS"), p);
        assertFalse(p.contains("EnumerableWindow"), p);
    }

    @Test
    void windowWithoutPartitionIsSortedOnTheDatanodesAndMergedIntoTheCoordinatorsWindow() {
        String p = plan("select id, row_number() over (order by id), sum(k) over (order by id rows between 2 preceding"
                + " and current row), lag(k, 1, -1) over (order by id) from t where k > 1");
        assertTrue(p.contains("TesseraMergeWindow(fragment=[Window(Scan(t#7, [>($1, 1)]"), p);
        assertTrue(p.contains("partition [], order [SortKey[column=0, descending=false, nullsFirst=false]]") && p.contains(", [])], windows="), p);
        assertFalse(p.contains("EnumerableWindow"), p);
        // no ORDER BY at all: every row is a peer, the datanodes' rows are concatenated
        p = plan("select id, count(*) over (), sum(n) over () from t");
        assertTrue(p.contains("TesseraMergeWindow"), p);
        assertFalse(p.contains("EnumerableWindow"), p);
    }

    @Test
    void windowWithoutPartitionOrWithUnsupportedFramesStaysOnTheCoordinator() {
        for (String q : List.of("select id, count(*) over (partition by id), count(*) over () from t",
                "select id, row_number() over (order by id), rank() over (order by k) from t",
                "select id, sum(k) over (partition by id order by k range between 1 preceding and current row) from t")) {
            String p = plan(q);
            // Calcite's window, or the executor's on the coordinator (a RANGE offset: TesseraWindow)
            assertTrue(p.contains("EnumerableWindow") || p.contains("TesseraWindow"), q + "\n" + p);
            assertFalse(p.contains("Window(Scan"), q + "\n" + p);
        }
    }

    @Test
    void groupByLowerAndUpperInAWhereArePartialOnTheDatanodes() {
        String p = plan("select lower(pad), count(*) from t where upper(pad) <> 'X' group by lower(pad)");
        assertTrue(p.contains("TesseraFinalAggregate"), p);
        assertTrue(p.contains("TesseraPartialAggregate"), p);
        assertFalse(p.contains("EnumerableCalc"), p);
    }

    @Test
    void limitOfAConstantExpressionIsFoldedBeforePlanning() {
        org.apache.calcite.sql.SqlNode q = LimitCounts.fold(PgRewriter.rewrite(TesseraSqlParser.parse(
                "select k from t order by k limit 2 + 1 offset (select 1)")), c -> 7L);
        String text = q.toString();
        assertTrue(text.contains("OFFSET 7") && text.contains("FETCH NEXT 7"), text);
        // the planner evaluates the count itself: 2 + 1 and (select 1) plan as literals
        planner.plan(PgRewriter.rewrite(TesseraSqlParser.parse("select k from t order by k limit 2 + 1 offset (select 1)")));
        String p = plan("select k from t order by k limit 1 + 1"); // EXPLAIN's path: optimize folds it too
        assertTrue(p.contains("fetch=[2]"), p);
        io.tessera.common.error.TesseraException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.tessera.common.error.TesseraException.class,
                () -> planner.plan(PgRewriter.rewrite(TesseraSqlParser.parse("select k from t limit k"))));
        assertTrue(e.getMessage().contains("argument of LIMIT must not contain variables"), e.getMessage());
    }
}
