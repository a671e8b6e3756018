package io.tessera.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real pgbench binary against a cluster: unmodified {@code pgbench -i} loads its tables (every default step,
 * the primary keys added by ALTER TABLE after the load included), then TPC-B-like runs in the simple, extended and prepared query modes through both
 * coordinators. Every transaction adds the same delta to one account, teller and branch and logs it in
 * pgbench_history, so afterwards the four sums must agree.
 */
class PgbenchIT {
    private static ProcessCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = ProcessCluster.start(2, 2);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Runs pgbench against coordinator {@code coordinator}; returns its output, failing the test unless it exits 0. */
    private static String pgbench(int coordinator, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("pgbench", "-h", "127.0.0.1", "-p",
                Integer.toString(cluster.port(coordinator)), "-U", "tessera"));
        cmd.addAll(List.of(args));
        cmd.add("postgres");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "pgbench did not finish: " + out);
        assertEquals(0, p.exitValue(), () -> String.join(" ", cmd) + "\n" + out);
        return out;
    }

    @Test
    void pgbenchInitializesAndRunsInEveryQueryModeKeepingTheBalancesConsistent() throws Exception {
        String init = pgbench(1, "-i", "-s", "1");
        assertTrue(init.contains("100000 of 100000 tuples (100%) done"), init);
        assertTrue(init.contains("creating primary keys"), init);
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(2)); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select count(*), count(distinct aid) from pgbench_accounts")) {
                assertTrue(rs.next());
                assertEquals(100000, rs.getLong(1), "no row lost by adding the key");
                assertEquals(100000, rs.getLong(2));
            }
            java.sql.SQLException dup = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                    () -> s.execute("insert into pgbench_branches (bid, bbalance) values (1, 0)"));
            assertEquals("23505", dup.getSQLState(), "the key added by pgbench -i is enforced");
        }
        int clients = 2;
        int perClient = 10;
        int coordinator = 1;
        for (String mode : List.of("simple", "extended", "prepared")) {
            String out = pgbench(coordinator, "-n", "-M", mode, "-c", Integer.toString(clients), "-t",
                    Integer.toString(perClient));
            assertTrue(out.contains("number of transactions actually processed: " + clients * perClient + "/"
                    + clients * perClient), out);
            assertTrue(out.contains("number of failed transactions: 0 "), out);
            coordinator = 3 - coordinator;
        }
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(2)); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select (select sum(abalance) from pgbench_accounts),"
                        + " (select sum(tbalance) from pgbench_tellers), (select sum(bbalance) from pgbench_branches),"
                        + " (select sum(delta) from pgbench_history), (select count(*) from pgbench_history)")) {
            assertTrue(rs.next());
            long history = rs.getLong(4);
            assertEquals(3L * clients * perClient, rs.getLong(5), "one history row per transaction");
            assertEquals(history, rs.getLong(1), "accounts");
            assertEquals(history, rs.getLong(2), "tellers");
            assertEquals(history, rs.getLong(3), "branches");
        }
    }
}
