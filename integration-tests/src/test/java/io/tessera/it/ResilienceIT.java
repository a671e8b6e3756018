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
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What survives node failures and restarts: a statement needing a dead datanode fails fast with a class-08 error
 * naming it while others still work, and succeeds again soon after the node is back; data and catalog survive
 * {@code stop}/{@code start} and SIGKILL of every process. Tests run in order on one cluster.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResilienceIT {
    private static ProcessCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = ProcessCluster.start(1, 2);
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("create table r_hash(id int, v text)");
            s.execute("insert into r_hash select g, 'v' || g from generate_series(1, 2000) g");
            s.execute("create table r_dn1(id int) distribute by roundrobin to node (dn1)");
            s.execute("insert into r_dn1 select g from generate_series(1, 10) g");
        }
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static Connection connect() throws SQLException {
        return DriverManager.getConnection(cluster.jdbcUrl(1));
    }

    static long count(Statement s, String table) throws SQLException {
        try (ResultSet rs = s.executeQuery("select count(*) from " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    @Order(1)
    void deadDatanodeFailsOnlyTheStatementsThatNeedIt() throws Exception {
        cluster.kill("dn2");
        try (Connection c = connect(); Statement s = c.createStatement()) {
            long t0 = System.nanoTime();
            SQLException e = assertThrows(SQLException.class, () -> count(s, "r_hash"));
            long ms = Duration.ofNanos(System.nanoTime() - t0).toMillis();
            assertTrue(e.getSQLState().startsWith("08") || e.getSQLState().startsWith("57"), e.getSQLState());
            assertTrue(e.getMessage().contains("dn2"), e.getMessage());
            assertTrue(ms < 10_000, "failed after " + ms + " ms");
            assertEquals(10, count(s, "r_dn1"), "a table only on dn1 is still readable");
            assertEquals(1, count(s, "pgxc_node where node_name = 'dn2'"));

            cluster.start(); // brings back just dn2
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            long n = -1;
            while (n < 0) {
                try {
                    n = count(s, "r_hash");
                } catch (SQLException again) {
                    if (System.nanoTime() > deadline) {
                        throw again;
                    }
                }
            }
            assertEquals(2000, n);
        }
    }

    @Test
    @Order(2)
    void stopAndStartKeepsDataAndCatalog() throws Exception {
        cluster.stop();
        cluster.start();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            assertEquals(2000, count(s, "r_hash"));
            assertEquals(10, count(s, "r_dn1"));
        }
    }

    @Test
    @Order(3)
    void sigkillOfEveryProcessLosesNothing() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("insert into r_hash select g, 'w' || g from generate_series(2001, 3000) g");
        }
        for (String node : new String[] {"coord1", "dn1", "dn2", "gtm", "zookeeper"}) {
            cluster.kill(node);
        }
        cluster.start();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            assertEquals(3000, count(s, "r_hash"));
            try (ResultSet rs = s.executeQuery("select sum(id), min(v), max(v) from r_hash")) {
                rs.next();
                assertEquals(3000L * 3001 / 2, rs.getLong(1));
            }
            Map<Integer, Long> perNode = DistributedSqlIT.perNode(s, "r_hash");
            assertEquals(2, perNode.size());
            // writes after the restart get later timestamps than those before: new rows are visible at once
            s.execute("insert into r_hash values (3001, 'after')");
            assertEquals(3001, count(s, "r_hash"));
        }
    }
}
