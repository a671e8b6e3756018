package io.tessera.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Joins that are not co-located run on the datanodes with rows moved through reduce (datanode to datanode): both
 * sides redistributed by the join key, only the side not hashed on its key (by the other's shard map), or a small
 * side broadcast, chosen by ANALYZE's row counts; and they return what PostgreSQL 15 returns: every join type on non-distribution columns, NULL
 * keys, empty sides, skewed keys, aggregates and top-N above, tables of different distributions, a transaction's
 * own rows. A cancelled statement and a datanode killed mid-join fail with a clear SQLSTATE, leave no reduce stream
 * or scan open, and the next statement works.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedistributedJoinIT {
    private static final String COLUMNS = "(id int, k int, v text)";
    @RegisterExtension
    static final Differential DB = new Differential(1, 2);
    private static ProcessCluster cluster;
    private static Connection tessera;
    private static Connection reference;

    @BeforeAll
    static void start() throws SQLException {
        cluster = DB.cluster();
        tessera = DriverManager.getConnection(cluster.jdbcUrl(1));
        reference = DriverManager.getConnection(DB.reference().jdbcUrl());
        // a: hashed by id; k skewed (every third row k = 7), some NULL k
        both("create table a" + COLUMNS, " distribute by hash(id)");
        both("insert into a select g, case when g % 10 = 0 then null when g % 3 = 0 then 7 else g % 50 end,"
                + " 'a' || g from generate_series(1, 3000) g", "");
        // b: hashed by id, another key range overlapping a's
        both("create table b" + COLUMNS, " distribute by hash(id)");
        both("insert into b select g, case when g % 7 = 0 then null else g % 80 end, 'b' || g"
                + " from generate_series(1, 2000) g", "");
        both("create table m" + COLUMNS, " distribute by modulo(id)");
        both("insert into m select g, g % 30, 'm' || g from generate_series(1, 500) g", "");
        both("create table rr" + COLUMNS, " distribute by roundrobin");
        both("insert into rr select g, g % 20, 'r' || g from generate_series(1, 400) g", "");
        both("create table e" + COLUMNS, " distribute by hash(id)");
        // s: small, hashed by id, for broadcasts; some NULL k, keys a has and keys it has not
        both("create table s" + COLUMNS, " distribute by hash(id)");
        both("insert into s select g, case when g % 9 = 0 then null else g * 3 end, 's' || g"
                + " from generate_series(1, 40) g", "");
        // a large join for the fault tests (few key values: the join's output is huge)
        try (Statement s = tessera.createStatement()) {
            s.execute("create table big1" + COLUMNS + " distribute by hash(id)");
            s.execute("create table big2" + COLUMNS + " distribute by hash(id)");
            s.execute("insert into big1 select g, g % 5, 'x' from generate_series(1, 40000) g");
            s.execute("insert into big2 select g, g % 5, 'y' from generate_series(1, 40000) g");
        }
    }

    @AfterAll
    static void stop() throws SQLException {
        for (AutoCloseable c : new AutoCloseable[] {tessera, reference}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    // best effort
                }
            }
        }
    }

    private static void both(String sql, String tesseraSuffix) throws SQLException {
        try (Statement s = reference.createStatement()) {
            s.execute(sql);
        }
        try (Statement s = tessera.createStatement()) {
            s.execute(sql + tesseraSuffix);
        }
    }

    private static List<String> explain(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = tessera.createStatement(); ResultSet rs = s.executeQuery("explain (costs off) " + sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /**
     * The query moves rows between the datanodes on Tessera (EXPLAIN: redistributed or broadcast, whichever the
     * statistics auto-analyze may have gathered by now choose) and returns PostgreSQL's rows.
     */
    private static void sameAsPostgres(String sql) throws SQLException {
        List<String> plan = explain(sql);
        assertTrue(plan.stream().anyMatch(l -> l.contains("Distribute results by") || l.contains("Broadcast results")),
                sql + " is not redistributed:\n" + String.join("\n", plan));
        List<String> expected = Differential.rows(reference, sql, false);
        assertEquals(expected, Differential.rows(tessera, sql, false), sql);
    }

    /**
     * The query's join runs on the datanodes in the given shape — its plan has {@code moves} lines containing
     * {@code shape} and no other row movement — and returns PostgreSQL's rows.
     */
    private static void sameAsPostgres(String sql, String shape, int moves) throws SQLException {
        List<String> plan = explain(sql);
        long shaped = plan.stream().filter(l -> l.contains(shape)).count();
        long all = plan.stream().filter(l -> l.contains("Distribute results by") || l.contains("Broadcast results"))
                .count();
        assertTrue(shaped == moves && all == moves, sql + " is not planned with " + moves + " x " + shape + ":\n"
                + String.join("\n", plan));
        List<String> expected = Differential.rows(reference, sql, false);
        assertEquals(expected, Differential.rows(tessera, sql, false), sql);
    }

    @Test
    @Order(4)
    void oneSideMovesByTheOtherSidesShardMapInEveryJoinType() throws SQLException {
        analyze();
        // a is hashed on id: only b moves, to a's shards (NULL b.k stays where it is and matches nothing)
        for (String type : List.of("join", "left join", "right join", "full join")) {
            sameAsPostgres("select a.id, a.v, b.id, b.v from a " + type + " b on a.id = b.k",
                    "Distribute results by H: k", 1);
        }
        sameAsPostgres("select a.id, b.id from a full join b on a.id = b.k and a.k < b.id", "Distribute results by H", 1);
        sameAsPostgres("select count(*), sum(b.id), max(a.v) from a join b on a.id = b.k", "Distribute results by H", 1);
        // m is modulo by id: a moves by the modulo function
        for (String type : List.of("left join", "full join")) {
            sameAsPostgres("select m.id, m.v, a.id from m " + type + " a on m.id = a.k", "Distribute results by M: k", 1);
        }
        // an empty side placed by its key: only the other moves
        sameAsPostgres("select a.id, e.id from a left join e on a.id = e.k", "Distribute results by H: k", 1);
    }

    @Test
    @Order(4)
    void aSmallSideIsBroadcastWhereItsUnmatchedRowsAreNotReturned() throws SQLException {
        analyze();
        sameAsPostgres("select a.id, a.v, s.id, s.v from a join s on a.k = s.k", "Broadcast results to", 1);
        sameAsPostgres("select a.id, s.id from a left join s on a.k = s.k", "Broadcast results to", 1);
        sameAsPostgres("select a.id, s.id from s right join a on a.k = s.k", "Broadcast results to", 1);
        sameAsPostgres("select a.id, s.id from a left join s on a.k = s.k and a.id > s.id", "Broadcast results to", 1);
        sameAsPostgres("select a.k, count(*), count(s.id) from a left join s on a.k = s.k group by a.k",
                "Broadcast results to", 1);
        sameAsPostgres("select a.id, e.id from a left join e on a.k = e.k", "Broadcast results to", 1);
        sameAsPostgres("select a.id, e.id from a join e on a.k = e.k", "Broadcast results to", 1);
        // the small side's unmatched rows are returned: never broadcast (each datanode would return them)
        sameAsPostgres("select a.id, s.id from s left join a on a.k = s.k", "Distribute results by H: k", 2);
        sameAsPostgres("select a.id, s.id from a full join s on a.k = s.k", "Distribute results by H: k", 2);
        sameAsPostgres("select a.id, e.id from e full join a on a.k = e.k", "Distribute results by H: k", 2);
    }

    /** Statistics for the shapes' tests: the row counts decide between the shapes. */
    private static void analyze() throws SQLException {
        try (Statement st = tessera.createStatement()) {
            for (String t : List.of("a", "b", "m", "s", "e")) {
                st.execute("analyze " + t);
            }
        }
    }

    @Test
    @Order(1)
    void everyJoinTypeOnNonDistributionColumnsReturnsPostgresRows() throws SQLException {
        sameAsPostgres("select a.id, a.k, b.id, b.v from a join b on a.k = b.k");
        sameAsPostgres("select a.id, b.id from a left join b on a.k = b.k");
        sameAsPostgres("select a.id, b.id from a right join b on a.k = b.k");
        sameAsPostgres("select a.id, b.id from a full join b on a.k = b.k");
        sameAsPostgres("select a.id, b.id from a full join b on a.k = b.k and a.id < b.id");
        sameAsPostgres("select a.id, a.v from a where exists (select 1 from b where b.k = a.k)");
        sameAsPostgres("select a.id from a where a.k in (select b.k from b where b.id > 1500)");
        sameAsPostgres("select a.id, m.id from a join m on a.k = m.k");
        sameAsPostgres("select a.id, rr.v from a left join rr on a.id = rr.k");
        sameAsPostgres("select a.id, b.id, m.id from a join b on a.k = b.k join m on m.id = b.id");
    }

    @Test
    @Order(2)
    void emptySidesAndNullKeys() throws SQLException {
        sameAsPostgres("select a.id, e.id from a left join e on a.k = e.k");
        sameAsPostgres("select a.id, e.id from a join e on a.k = e.k");
        sameAsPostgres("select a.id, e.id from e full join a on a.k = e.k");
        sameAsPostgres("select a.id, b.id from a join b on a.k = b.k where a.k is null");
        sameAsPostgres("select a.id, b.id from a full join b on a.k = b.k where a.k is null or b.k is null");
    }

    @Test
    @Order(3)
    void aggregatesAndTopNAboveARedistributedJoin() throws SQLException {
        sameAsPostgres("select a.k, count(*), sum(b.id), min(b.v), max(a.id) from a join b on a.k = b.k group by a.k");
        sameAsPostgres("select count(*), count(b.id), sum(a.id) from a left join b on a.k = b.k");
        sameAsPostgres("select a.id, b.id from a join b on a.k = b.k order by b.id desc, a.id limit 7");
        sameAsPostgres("select count(*) from a join b on a.id = b.k where b.id < 300");
    }

    @Test
    @Order(4)
    void aTransactionSeesItsOwnRowsInARedistributedJoin() throws SQLException {
        String sql = "select a.id, b.id from a join b on a.k = b.k where b.id > 1990";
        tessera.setAutoCommit(false);
        reference.setAutoCommit(false);
        try {
            both("insert into b values (5001, 7, 'own'), (5002, null, 'own')", "");
            sameAsPostgres(sql);
        } finally {
            tessera.rollback();
            reference.rollback();
            tessera.setAutoCommit(true);
            reference.setAutoCommit(true);
        }
        sameAsPostgres(sql);
    }

    @Test
    @Order(5)
    void pushdownOffGivesTheSameRowsFromTheCoordinator() throws SQLException {
        String sql = "select a.k, count(*) from a full join b on a.k = b.k group by a.k";
        List<String> pushed = Differential.rows(tessera, sql, false);
        try (Statement s = tessera.createStatement()) {
            s.execute("set tessera.enable_pushdown = off");
            assertTrue(explain(sql).stream().noneMatch(l -> l.contains("Distribute results")), String.join("\n",
                    explain(sql)));
            assertEquals(pushed, Differential.rows(tessera, sql, false));
            // a LIMIT stays on the coordinator too; a scan keeping no column below it used to fail with XX000
            for (String limited : List.of("select count(*) from (select id from a limit 5) x",
                    "select count(*) from (select a.id from a join b on a.k = b.k limit 7) x",
                    "select id, k from a order by id desc limit 4")) {
                assertTrue(explain(limited).stream().noneMatch(l -> l.contains("Distribute results")), limited);
                assertEquals(Differential.rows(reference, limited, false), Differential.rows(tessera, limited, false),
                        limited);
            }
            s.execute("reset tessera.enable_pushdown");
        }
        assertEquals(Differential.rows(reference, sql, false), pushed);
    }

    /** The {@code rows} and {@code loops} of an EXPLAIN ANALYZE line's {@code (actual ...)} part. */
    private static long[] actual(String line) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\(actual time=[0-9.]+\\.\\.[0-9.]+ rows=(\\d+) "
                + "loops=(\\d+)\\)").matcher(line);
        assertTrue(m.find(), "no actual rows in: " + line);
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
    }

    @Test
    @Order(5)
    void explainAnalyzeCountsEveryDatanodeOperatorAndExchange() throws SQLException {
        String sql = "select a.id, b.v from a join b on a.k = b.k where a.id < 2000";
        List<String> plan = new ArrayList<>();
        try (Statement s = tessera.createStatement(); ResultSet rs = s.executeQuery("explain analyze " + sql)) {
            while (rs.next()) {
                plan.add(rs.getString(1));
            }
        }
        String text = String.join("\n", plan);
        long joined = Differential.rows(reference, sql, false).size();
        long aRows = Differential.rows(reference, "select id from a where id < 2000", false).size();
        long bRows = Differential.rows(reference, "select id from b", false).size();
        // the gather: every row of the join, once
        assertTrue(plan.get(0).startsWith("Remote Subquery Scan on all (dn1,dn2)"), text);
        assertEquals(joined, actual(plan.get(0))[0], text);
        assertEquals(1, actual(plan.get(0))[1], text);
        // the datanodes' operators: one loop per datanode, per-loop rows (rounded) adding up to what each returned
        for (String[] op : new String[][] {{"->  Hash Join", String.valueOf(joined)},
                {"->  Seq Scan on a", String.valueOf(aRows)}, {"->  Seq Scan on b", String.valueOf(bRows)}}) {
            String line = plan.stream().filter(l -> l.contains(op[0])).findFirst().orElseThrow(() ->
                    new AssertionError(op[0] + " not in\n" + text));
            assertTrue(line.contains("(actual"), line + "\n" + text);
            long[] a = actual(line);
            assertEquals(2, a[1], line);
            assertTrue(Math.abs(a[0] * 2 - Long.parseLong(op[1])) <= 1, op[0] + " rows " + a[0] + " x 2 vs "
                    + op[1] + "\n" + text);
        }
        // each exchange (redistributed or broadcast, as the statistics choose) ran on both datanodes and delivered rows
        List<long[]> exchanges = plan.stream().skip(1).filter(l -> l.contains("Remote Subquery Scan on all"))
                .map(RedistributedJoinIT::actual).toList();
        assertTrue(!exchanges.isEmpty(), text);
        for (long[] x : exchanges) {
            assertTrue(x[1] == 2 && x[0] > 0, text);
        }
        assertTrue(plan.get(plan.size() - 1).matches("Execution Time: [0-9.]+ ms"), text);
    }

    private static void assertNothingLeft() {
        for (String dn : List.of("dn1", "dn2")) {
            Awaits.until(Duration.ofSeconds(15), () -> cluster.ping(dn).getOpenReduceStreams() == 0
                    && cluster.ping(dn).getOpenScans() == 0, () -> dn + " still has "
                    + cluster.ping(dn).getOpenReduceStreams() + " reduce streams and " + cluster.ping(dn).getOpenScans()
                    + " scans open");
        }
    }

    private static final String HUGE = "select count(*) from big1 join big2 on big1.k = big2.k";

    @Test
    @Order(6)
    void aCancelledRedistributedJoinLeavesNothingOpenAndTheNextStatementWorks() throws SQLException {
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(1)); Statement s = c.createStatement()) {
            s.execute("set statement_timeout = 1500");
            SQLException e = assertThrows(SQLException.class, () -> s.executeQuery(HUGE).close());
            assertEquals("57014", e.getSQLState(), e.getMessage());
            assertNothingLeft();
            s.execute("set statement_timeout = 0");
            sameAsPostgres("select a.id, b.id from a join b on a.k = b.k");
        }
    }

    @Test
    @Order(6)
    void aUserErrorOnOneDatanodeReachesTheClientAsItselfNotAsALostPeer() throws SQLException {
        // the division fails in one datanode's scan below its exchange sender; its peers' streams are cut as a
        // consequence, and the client must still see PostgreSQL's 22012, whichever datanode answers first
        String sql = "select a.id, b.id from a join b on a.k = b.k where 1 / (b.id - 1500) > 0";
        assertTrue(explain(sql).stream().anyMatch(l -> l.contains("Distribute results by")
                || l.contains("Broadcast results")), sql);
        String expected;
        try (Statement s = reference.createStatement()) {
            expected = assertThrows(SQLException.class, () -> s.executeQuery(sql).close()).getSQLState();
        }
        assertEquals("22012", expected);
        for (int i = 0; i < 5; i++) {
            try (Statement s = tessera.createStatement()) {
                SQLException e = assertThrows(SQLException.class, () -> s.executeQuery(sql).close());
                assertEquals(expected, e.getSQLState(), "run " + i + ": " + e.getMessage());
            }
        }
        assertNothingLeft();
        sameAsPostgres("select a.id, b.id from a join b on a.k = b.k");
    }

    @Test
    @Order(7)
    void aDatanodeKilledMidJoinFailsTheStatementAndLeavesNothingOpen() throws Exception {
        CompletableFuture<SQLException> failure = CompletableFuture.supplyAsync(() -> {
            try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(1)); Statement s = c.createStatement()) {
                s.executeQuery(HUGE).close();
                return null;
            } catch (SQLException e) {
                return e;
            }
        });
        Awaits.until(Duration.ofSeconds(30), () -> cluster.ping("dn1").getOpenReduceStreams() > 0,
                () -> "the join never opened its reduce streams");
        cluster.kill("dn2");
        SQLException e = failure.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(e != null, "the join survived its datanode");
        assertTrue(e.getSQLState().startsWith("08") || e.getSQLState().equals("57P01"),
                e.getSQLState() + ": " + e.getMessage());
        Awaits.until(Duration.ofSeconds(15), () -> cluster.ping("dn1").getOpenReduceStreams() == 0
                && cluster.ping("dn1").getOpenScans() == 0, () -> "dn1 still has "
                + cluster.ping("dn1").getOpenReduceStreams() + " reduce streams open");
        cluster.start(); // dn2 back
        Awaits.until(Duration.ofSeconds(60), RedistributedJoinIT::joinWorks, () -> "joins keep failing");
        assertNothingLeft();
        sameAsPostgres("select a.id, b.id from a left join b on a.k = b.k");
    }

    private static boolean joinWorks() {
        try {
            Differential.rows(tessera, "select a.id, b.id from a join b on a.k = b.k", false);
            return true;
        } catch (SQLException notYet) {
            return false;
        }
    }
}
