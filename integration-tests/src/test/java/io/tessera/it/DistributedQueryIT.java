package io.tessera.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The coordinator's parallel gather over real datanodes: every datanode's rows arrive, a datanode that dies while
 * its stream is being read fails the statement with a connection-class SQLSTATE naming it, the other datanodes'
 * scans are cancelled (no cursor stays open), and the next statement works once the datanode is back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DistributedQueryIT {
    private static final int ROWS = 200_000;
    private static ProcessCluster cluster;

    @BeforeAll
    static void start() throws SQLException {
        cluster = ProcessCluster.start(1, 2);
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("create table big(id int, pad text) distribute by hash(id)");
            s.execute("insert into big select g, md5(g::text) from generate_series(1, " + ROWS + ") g");
        }
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(cluster.jdbcUrl(1));
    }

    @Test
    @Order(1)
    void gatherReturnsEveryDatanodesRows() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select id from big")) {
            boolean[] seen = new boolean[ROWS + 1];
            int n = 0;
            while (rs.next()) {
                int id = rs.getInt(1);
                assertTrue(!seen[id], "row " + id + " twice");
                seen[id] = true;
                n++;
            }
            assertEquals(ROWS, n);
        }
    }

    @Test
    @Order(2)
    void topNWithParametersMergesTheDatanodesRowsAndRejectsNegativeCounts() throws SQLException {
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement("select id from big where id > ? order by pad desc, id "
                        + "limit ? offset ?")) {
            ps.setInt(1, 1000);
            ps.setInt(2, 5);
            ps.setInt(3, 3);
            List<Integer> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getInt(1));
                }
            }
            List<Integer> expected = IntStream.rangeClosed(1, ROWS).filter(i -> i > 1000).boxed()
                    .sorted(Comparator.comparing(DistributedQueryIT::md5).reversed().thenComparing(i -> i))
                    .skip(3).limit(5).toList();
            assertEquals(expected, ids);
            ps.setInt(2, -1);
            SQLException e = assertThrows(SQLException.class, ps::executeQuery);
            assertEquals("2201W", e.getSQLState(), e.getMessage());
            ps.setInt(2, 1);
            ps.setInt(3, -1);
            e = assertThrows(SQLException.class, ps::executeQuery);
            assertEquals("2201X", e.getSQLState(), e.getMessage());
        }
    }

    private static String md5(int i) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                    .digest(Integer.toString(i).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> explain(Connection c, String sql) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertEquals("QUERY PLAN", rs.getMetaData().getColumnLabel(1));
            while (rs.next()) {
                lines.add(rs.getString(1));
            }
        }
        return lines;
    }

    /** The plan's lines without the estimates and timings, which vary from run to run. */
    private static List<String> shape(List<String> lines) {
        return lines.stream().map(l -> l.replaceAll("  \\(cost=.*$", "").replaceAll(" \\(actual .*$", "")).toList();
    }

    @Test
    @Order(3)
    void explainShowsTheDistributedPlanInPostgresLayout() throws SQLException {
        try (Connection c = connect()) {
            assertEquals(List.of(
                    "Limit",
                    "  ->  Remote Subquery Scan on all (dn1,dn2)",
                    "        Merge Key: pad DESC",
                    "        ->  Limit",
                    "              ->  Sort",
                    "                    Sort Key: pad DESC",
                    "                    ->  Seq Scan on big",
                    "                          Filter: (id > 10)"),
                    shape(explain(c, "explain select id, pad from big where id > 10 order by pad desc limit 5")));
            assertEquals(List.of(
                    "Finalize HashAggregate",
                    "  Group Key: pad",
                    "  ->  Remote Subquery Scan on all (dn1,dn2)",
                    "        ->  Partial HashAggregate",
                    "              Group Key: pad",
                    "              ->  Seq Scan on big"),
                    shape(explain(c, "EXPLAIN (COSTS off) select pad, count(*), avg(id) from big group by pad")));
            // a join on the distribution key of co-located tables runs below the remote scan, on the datanodes
            List<String> join = shape(explain(c, "explain verbose select a.id from big a join big b on a.id = b.id"));
            assertEquals("Remote Subquery Scan on all (dn1,dn2)", join.get(0), String.join("\n", join));
            assertTrue(join.stream().anyMatch(l -> l.matches(" *->  Hash Join")), String.join("\n", join));
            assertTrue(join.stream().anyMatch(l -> l.trim().equals("Hash Cond: (big.id = big.id)")), String.join("\n", join));
            assertTrue(join.stream().anyMatch(l -> l.trim().startsWith("Output: ")), String.join("\n", join));
            // on another column: both sides redistributed on the join key through reduce, joined on the datanodes
            List<String> other = shape(explain(c, "explain select a.id from big a join big b on a.pad = b.pad"));
            assertEquals("Remote Subquery Scan on all (dn1,dn2)", other.get(0), String.join("\n", other));
            assertTrue(other.stream().anyMatch(l -> l.matches(" *->  Hash Join")), String.join("\n", other));
            assertEquals(2, other.stream().filter(l -> l.trim().equals("Distribute results by H: pad")).count(),
                    String.join("\n", other));

            List<String> analyzed = explain(c, "explain analyze select id from big order by id limit 7");
            assertTrue(analyzed.get(0).matches("Limit  \\(cost=.*\\) \\(actual time=[0-9.]+\\.\\.[0-9.]+ rows=7 loops=1\\)"),
                    analyzed.get(0));
            assertTrue(analyzed.get(analyzed.size() - 1).matches("Execution Time: [0-9.]+ ms"), analyzed.toString());

            List<String> json = explain(c, "explain (format json, analyze) select count(*) from big");
            assertEquals(1, json.size());
            assertTrue(json.get(0).startsWith("[") && json.get(0).contains("\"Node Type\": \"Finalize Aggregate\"")
                    && json.get(0).contains("\"Node Type\": \"Partial Aggregate\"")
                    && json.get(0).contains("\"Actual Rows\": 1") && json.get(0).contains("\"Execution Time\""),
                    json.get(0));

            SQLException e = assertThrows(SQLException.class, () -> explain(c, "explain (format yaml) select 1"));
            assertEquals("22023", e.getSQLState());
        }
        Psql.Result psql = Psql.command(cluster.port(1), "postgres",
                "explain select id from big where id = 5 order by id limit 1");
        assertEquals(0, psql.exitCode(), psql.toString());
        assertTrue(psql.out().contains("QUERY PLAN") && psql.out().contains("Remote Subquery Scan on all (dn1,dn2)"),
                psql.out());
    }

    @Test
    @Order(3)
    void explainOfInsertUpdateDeletePrintsTheModifyTableNode() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("create table explain_dml (id int primary key, v int) distribute by hash(id)");
            s.execute("create table explain_src (k int, x int) distribute by hash(x)");
            s.execute("insert into explain_dml select g, g from generate_series(1, 10) g");
            s.execute("insert into explain_src values (1, 100), (2, 200)");
            // a plain UPDATE: the datanodes update their own rows, under the remote scan (Postgres-XL's shape)
            List<String> plain = shape(explain(c, "explain update explain_dml set v = v + 1 where v > 5"));
            assertEquals(List.of("Remote Subquery Scan on all (dn1,dn2)", "  ->  Update on explain_dml"),
                    plain.subList(0, 2), String.join("\n", plain));
            assertTrue(plain.stream().anyMatch(l -> l.trim().equals("Filter: (v > 5)")), String.join("\n", plain));
            // UPDATE ... FROM: the coordinator's Update over the join that chooses the rows
            List<String> from = shape(explain(c,
                    "explain update explain_dml set v = s.x from explain_src s where s.k = explain_dml.id"));
            assertEquals("Update on explain_dml", from.get(0), String.join("\n", from));
            assertTrue(from.stream().anyMatch(l -> l.contains("Join")), String.join("\n", from));
            List<String> delete = shape(explain(c,
                    "explain delete from explain_dml where id in (select k from explain_src) returning id"));
            assertEquals("Delete on explain_dml", delete.get(0), String.join("\n", delete));
            List<String> insert = shape(explain(c, "explain insert into explain_dml values (100, 1)"));
            assertEquals(List.of("Remote Subquery Scan on all (dn1,dn2)", "  ->  Insert on explain_dml"),
                    insert.subList(0, 2), String.join("\n", insert));
            // EXPLAIN ANALYZE really writes, as PostgreSQL's does; plain EXPLAIN did not
            assertEquals(10, scalar(s, "select count(*) from explain_dml"));
            List<String> analyzed = explain(c, "explain analyze delete from explain_dml using explain_src "
                    + "where explain_src.k = explain_dml.id");
            assertTrue(analyzed.get(0).startsWith("Delete on explain_dml") && analyzed.get(0).contains("actual time="),
                    String.join("\n", analyzed));
            assertTrue(analyzed.get(analyzed.size() - 1).matches("Execution Time: [0-9.]+ ms"), analyzed.toString());
            assertEquals(8, scalar(s, "select count(*) from explain_dml"));
            assertEquals(0, scalar(s, "select count(*) from explain_dml where id in (1, 2)"));
        }
    }

    private static long scalar(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getLong(1);
        }
    }

    @Test
    @Order(4)
    void datanodeDyingMidGatherFailsTheStatementAndLeavesNoScanOpen() throws Exception {
        try (Connection c = connect()) {
            c.setAutoCommit(false); // pgjdbc then reads through a portal, fetchSize rows at a time
            try (Statement s = c.createStatement()) {
                s.setFetchSize(100);
                ResultSet rs = s.executeQuery("select id, pad from big");
                for (int i = 0; i < 100; i++) {
                    assertTrue(rs.next());
                }
                assertEquals(1, cluster.ping("dn1").getOpenScans(), "dn1's stream is open, held back by flow control");
                cluster.kill("dn2");
                SQLException e = assertThrows(SQLException.class, () -> {
                    while (rs.next()) {
                        // read until the dead datanode's stream fails
                    }
                });
                assertTrue(e.getSQLState().startsWith("08"), e.getSQLState() + ": " + e.getMessage());
                assertTrue(e.getMessage().contains("dn2"), e.getMessage());
            }
            c.rollback();
        }
        Awaits.until(Duration.ofSeconds(10), () -> cluster.ping("dn1").getOpenScans() == 0,
                () -> "dn1 still has " + cluster.ping("dn1").getOpenScans() + " scans open");

        cluster.start(); // brings back dn2
        Awaits.until(Duration.ofSeconds(30), DistributedQueryIT::countWorks, () -> "the table stays unreadable");
        try (Connection c = connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*), sum(id) from big")) {
            rs.next();
            assertEquals(ROWS, rs.getLong(1));
            assertEquals((long) ROWS * (ROWS + 1) / 2, rs.getLong(2));
        }
    }

    private static boolean countWorks() {
        try (Connection c = connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select id from big")) {
            int n = 0;
            while (rs.next()) {
                n++;
            }
            return n == ROWS;
        } catch (SQLException notYet) {
            return false;
        }
    }
}
