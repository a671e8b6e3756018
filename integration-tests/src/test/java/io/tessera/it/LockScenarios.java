package io.tessera.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * Two-session lock scenarios run on the reference PostgreSQL (two sessions) and on Tessera (one session on each of
 * two coordinators), their observations compared: the harness of {@link TableLockIT} and {@link AdvisoryLockIT}.
 */
final class LockScenarios {
    private LockScenarios() {
    }

    /** Two sessions of one system (on Tessera: one on each coordinator) and a way to see that a lock is awaited. */
    record Sessions(Connection a, Connection b, List<String> urls) implements AutoCloseable {
        /** Returns once some session of the system waits for a table lock (pg_locks.granted false). */
        void awaitWaiting() {
            awaitWaiting("relation");
        }

        /** Returns once some session of the system waits for a lock of {@code locktype} (pg_locks). */
        void awaitWaiting(String locktype) {
            Awaits.until(Duration.ofSeconds(30), () -> {
                for (String url : urls) {
                    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                            ResultSet rs = s.executeQuery("select count(*) from pg_locks where locktype = '"
                                    + locktype + "' and not granted")) {
                        rs.next();
                        if (rs.getLong(1) > 0) {
                            return true;
                        }
                    } catch (SQLException e) {
                        throw new AssertionError(e);
                    }
                }
                return false;
            }, () -> "a session waiting for a lock of type " + locktype);
        }

        @Override
        public void close() throws SQLException {
            a.close();
            b.close();
        }
    }

    @FunctionalInterface
    interface Scenario {
        String run(Sessions s) throws Exception;
    }

    /** Runs {@code scenario} on PostgreSQL and on Tessera and asserts both observed the same; returns it. */
    static String same(Differential db, String setup, Scenario scenario) throws Exception {
        String pgUrl = db.reference().jdbcUrl();
        String expected;
        try (Sessions s = new Sessions(DriverManager.getConnection(pgUrl), DriverManager.getConnection(pgUrl),
                List.of(pgUrl))) {
            run(s.a(), setup);
            expected = scenario.run(s);
        }
        String t1 = db.cluster().jdbcUrl(1);
        String t2 = db.cluster().jdbcUrl(2);
        String actual;
        try (Sessions s = new Sessions(DriverManager.getConnection(t1), DriverManager.getConnection(t2),
                List.of(t1, t2))) {
            run(s.a(), setup);
            actual = scenario.run(s);
        }
        assertEquals(expected, actual);
        return actual;
    }

    static void run(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String part : sql.split(";")) {
                if (!part.isBlank()) {
                    s.execute(part);
                }
            }
        }
    }

    static String outcome(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            return Differential.outcomeWithMessage(s, sql).trim();
        }
    }

    /** {@code sql} on {@code c} in another thread of {@code pool}: its outcome when it ends. */
    static CompletableFuture<String> async(ExecutorService pool, Connection c, String sql) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return outcome(c, sql);
            } catch (SQLException e) {
                return "ERROR " + e.getSQLState();
            }
        }, pool);
    }

    /** An outcome's SQLSTATE, or the outcome itself when it is no error. */
    static String code(String outcome) {
        return outcome.startsWith("ERROR ") ? outcome.substring(0, 11) : outcome;
    }
}
