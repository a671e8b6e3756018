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

    @Test
    @Order(3)
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
