package io.tessera.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * {@code pg_stat_activity}, {@code pg_cancel_backend} and {@code pg_terminate_backend}, on Tessera and on a
 * reference PostgreSQL 15 given the same sessions: what one session sees of another, and what happens to the
 * session that is cancelled or terminated.
 */
class SessionActivityIT {
    private static ProcessCluster cluster;
    private static ReferencePostgres reference;

    @BeforeAll
    static void start() throws SQLException {
        cluster = ProcessCluster.start(1, 2);
        reference = ReferencePostgres.start();
        for (String url : List.of(cluster.jdbcUrl(1), reference.jdbcUrl())) {
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                s.execute("create table sa (id int primary key, v int)");
                s.execute("insert into sa values (1, 0), (2, 0)");
            }
        }
    }

    @AfterAll
    static void stop() {
        if (reference != null) {
            reference.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /** What a scenario observed on one system, as comparable lines. */
    private interface Scenario {
        List<String> run(String url) throws Exception;
    }

    private static void same(Scenario scenario) throws Exception {
        List<String> expected = scenario.run(reference.jdbcUrl());
        assertEquals(expected, scenario.run(cluster.jdbcUrl(1)));
    }

    private static int pid(Connection c) throws SQLException {
        return c.unwrap(PGConnection.class).getBackendPID();
    }

    /** The row of {@code pid} in pg_stat_activity, as seen from {@code observer}, or "absent". */
    private static String activity(Connection observer, int pid) throws SQLException {
        try (PreparedStatement ps = observer.prepareStatement("select state, query, usename = current_user, datname,"
                + " application_name, xact_start is not null, query_start is not null, backend_start <= now(),"
                + " backend_type from pg_stat_activity where pid = ?")) {
            ps.setInt(1, pid);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return "absent";
                }
                List<String> cols = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    cols.add(rs.getString(i));
                }
                return String.join("|", cols);
            }
        }
    }

    private static String one(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void aSessionSeesTheOthersStateAndQuery() throws Exception {
        same(url -> {
            List<String> seen = new ArrayList<>();
            try (Connection a = DriverManager.getConnection(url); Connection b = DriverManager.getConnection(url);
                    Statement sa = a.createStatement(); Statement sb = b.createStatement()) {
                seen.add("own pid matches BackendKeyData: " + one(sa, "select pg_backend_pid()").equals(Integer.toString(pid(a))));
                seen.add(activity(b, pid(a)));
                sa.execute("begin");
                sa.execute("select v from sa where id = 1");
                seen.add(activity(b, pid(a)));
                try {
                    sa.execute("select 1/0");
                } catch (SQLException e) {
                    seen.add(e.getSQLState());
                }
                seen.add(activity(b, pid(a)));
                sa.execute("rollback");
                seen.add(activity(b, pid(a)));
                seen.add("self: " + one(sb, "select state || ' ' || query from pg_stat_activity where pid = pg_backend_pid()"));
                int gone = pid(a);
                a.close();
                Awaits.until(Duration.ofSeconds(10), () -> {
                    try {
                        return activity(b, gone).equals("absent");
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }, () -> "a closed session still shows in pg_stat_activity");
                seen.add("closed session listed: " + !activity(b, gone).equals("absent"));
            }
            return seen;
        });
    }

    @Test
    void cancelBackendStopsAStatementWaitingForALock() throws Exception {
        same(url -> {
            List<String> seen = new ArrayList<>();
            try (Connection holder = DriverManager.getConnection(url); Connection waiter = DriverManager.getConnection(url);
                    Connection admin = DriverManager.getConnection(url); Statement sh = holder.createStatement();
                    Statement sw = waiter.createStatement(); Statement sadm = admin.createStatement()) {
                sh.execute("begin");
                sh.execute("update sa set v = v + 1 where id = 2");
                String update = "update sa set v = v + 10 where id = 2";
                CompletableFuture<String> outcome = CompletableFuture.supplyAsync(() -> {
                    try {
                        sw.executeUpdate(update);
                        return "updated";
                    } catch (SQLException e) {
                        return e.getSQLState();
                    }
                });
                int target = pid(waiter);
                Awaits.until(Duration.ofSeconds(30), () -> {
                    try {
                        return activity(admin, target).startsWith("active|" + update + "|");
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }, () -> "the waiting UPDATE never showed as active");
                // a cancel that arrives before the statement started waiting is a no-op (as in PostgreSQL): repeat
                Awaits.until(Duration.ofSeconds(30), () -> {
                    try {
                        one(sadm, "select pg_cancel_backend(" + target + ")");
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                    return outcome.isDone();
                }, () -> "pg_cancel_backend did not stop the waiting UPDATE");
                seen.add("waiter: " + outcome.get(10, TimeUnit.SECONDS));
                sh.execute("commit");
                seen.add("value: " + one(sadm, "select v from sa where id = 2"));
                seen.add("waiter usable: " + one(sw, "select count(*) from sa"));
                seen.add("unknown pid: " + one(sadm, "select pg_cancel_backend(1)"));
            }
            return seen;
        });
    }

    /**
     * pgjdbc's {@code Statement.cancel()} (a CancelRequest on a new connection) stops {@code pg_sleep} at once with
     * 57014, and the session runs its next statement.
     */
    @Test
    void cancelRequestStopsPgSleep() throws Exception {
        same(url -> {
            List<String> seen = new ArrayList<>();
            try (Connection sleeper = DriverManager.getConnection(url); Connection admin = DriverManager.getConnection(url);
                    Statement ss = sleeper.createStatement()) {
                String sleep = "select pg_sleep(60)";
                CompletableFuture<String> outcome = CompletableFuture.supplyAsync(() -> {
                    try {
                        ss.execute(sleep);
                        return "slept";
                    } catch (SQLException e) {
                        return e.getSQLState() + " " + e.getMessage();
                    }
                });
                int target = pid(sleeper);
                Awaits.until(Duration.ofSeconds(30), () -> {
                    try {
                        return activity(admin, target).startsWith("active|" + sleep + "|");
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }, () -> "pg_sleep never showed as active");
                // a CancelRequest that arrives before the statement runs is a no-op (as in PostgreSQL): repeat
                Awaits.until(Duration.ofSeconds(30), () -> {
                    try {
                        ss.cancel();
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                    return outcome.isDone();
                }, () -> "the CancelRequest did not stop pg_sleep");
                seen.add("sleeper: " + outcome.get(10, TimeUnit.SECONDS));
                seen.add("sleeper usable: " + one(ss, "select pg_sleep(0)::text = ''"));
            }
            return seen;
        });
    }

    @Test
    void terminateBackendEndsTheSessionAndRollsBackItsTransaction() throws Exception {
        same(url -> {
            List<String> seen = new ArrayList<>();
            try (Connection victim = DriverManager.getConnection(url); Connection admin = DriverManager.getConnection(url);
                    Statement sv = victim.createStatement(); Statement sadm = admin.createStatement()) {
                sv.execute("begin");
                sv.execute("insert into sa values (3, 3)");
                int target = pid(victim);
                seen.add("terminated: " + one(sadm, "select pg_terminate_backend(" + target + ")"));
                Awaits.until(Duration.ofSeconds(10), () -> {
                    try {
                        return activity(admin, target).equals("absent");
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }, () -> "the terminated session still shows in pg_stat_activity");
                try {
                    sv.execute("select 1");
                    seen.add("victim still works");
                } catch (SQLException e) {
                    seen.add("victim: " + e.getSQLState());
                }
                seen.add("rows: " + one(sadm, "select count(*) from sa"));
                // the insert rolled back: its key is free, not locked
                sadm.execute("insert into sa values (3, 30)");
                seen.add("row 3: " + one(sadm, "select v from sa where id = 3"));
                sadm.execute("delete from sa where id = 3");
                seen.add("unknown pid: " + one(sadm, "select pg_terminate_backend(1)"));
            }
            return seen;
        });
    }

    /** now(), transaction_timestamp() and CURRENT_TIMESTAMP stay at the transaction's start; the other clocks move. */
    @Test
    void nowIsTheTransactionStart() throws Exception {
        same(url -> {
            List<String> seen = new ArrayList<>();
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                s.execute("begin");
                String start = one(s, "select now()::text");
                Awaits.until(Duration.ofSeconds(10), () -> {
                    try {
                        return one(s, "select clock_timestamp() > now()").equals("t");
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }, () -> "clock_timestamp() never passed now()");
                seen.add("same now: " + one(s, "select now()::text").equals(start));
                seen.add(one(s, "select now() = transaction_timestamp(), now() = current_timestamp,"
                        + " statement_timestamp() > now(), clock_timestamp() >= statement_timestamp()"));
                s.execute("commit");
                seen.add("after commit: " + one(s, "select now() > '" + start + "'::timestamptz"));
            }
            return seen;
        });
    }
}
