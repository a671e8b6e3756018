package io.tessera.it;

import static io.tessera.it.LockScenarios.code;
import static io.tessera.it.LockScenarios.outcome;
import static io.tessera.it.LockScenarios.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Advisory locks across coordinators with real pgjdbc sessions: each scenario runs with two sessions on the
 * reference PostgreSQL and with one session on each of Tessera's two coordinators, and the observations are
 * compared ({@link LockScenarios}): conflicts and the try forms, the two key spaces, re-entrancy, shared against
 * exclusive, transaction-level locks released at COMMIT and ROLLBACK, session-level locks released when the client
 * disconnects, a wait granted at unlock (and seen in pg_locks), lock_timeout and statement_timeout, and deadlocks
 * between advisory locks and between an advisory lock and a table lock.
 */
class AdvisoryLockIT {
    @RegisterExtension
    static final Differential db = new Differential(2, 1);
    private static final ExecutorService POOL = Executors.newCachedThreadPool();

    @AfterAll
    static void stopPool() {
        POOL.shutdownNow();
    }

    private static String same(String setup, LockScenarios.Scenario scenario) throws Exception {
        return LockScenarios.same(db, setup, scenario);
    }

    private static CompletableFuture<String> async(Connection c, String sql) {
        return LockScenarios.async(POOL, c, sql);
    }

    /** Each statement's outcome on {@code c}, one a line. */
    private static String outcomes(Connection c, String... sqls) throws SQLException {
        StringBuilder b = new StringBuilder();
        for (String sql : sqls) {
            b.append(sql).append(" -> ").append(outcome(c, sql)).append('\n');
        }
        return b.toString();
    }

    @Test
    void anExclusiveLockConflictsOnTheOtherCoordinatorInItsKeySpaceOnly() throws Exception {
        String out = same("select 1", s -> {
            String o = outcomes(s.a(), "select pg_advisory_lock(1)", "select pg_advisory_lock_shared(3)")
                    + outcomes(s.b(), "select pg_try_advisory_lock(1)", "select pg_try_advisory_lock_shared(1)",
                            "select pg_try_advisory_xact_lock(1)", "select pg_try_advisory_lock(0, 1)",
                            "select pg_try_advisory_lock(2)", "select pg_try_advisory_lock_shared(3)",
                            "select pg_try_advisory_lock(3)", "select pg_advisory_unlock(1)",
                            "select pg_advisory_unlock_all()");
            run(s.a(), "select pg_advisory_unlock_all()");
            return o + outcomes(s.b(), "select pg_try_advisory_lock(1)", "select pg_try_advisory_lock(3)",
                    "select pg_advisory_unlock_all()");
        });
        assertEquals(true, out.contains("select pg_try_advisory_lock(1) -> f"), out);
    }

    @Test
    void sessionLocksAreCountedAndHeldUntilTheLastUnlock() throws Exception {
        String out = same("select 1", s -> {
            String o = outcomes(s.a(), "select pg_advisory_lock(5)", "select pg_advisory_lock(5)",
                    "select pg_advisory_unlock(5)") + outcomes(s.b(), "select pg_try_advisory_lock(5)")
                    + outcomes(s.a(), "select pg_advisory_unlock(5)") + outcomes(s.b(), "select pg_try_advisory_lock(5)")
                    + outcomes(s.a(), "select pg_advisory_unlock(5)", "select pg_try_advisory_lock_shared(5)")
                    + outcomes(s.b(), "select pg_advisory_unlock(5)");
            return o + outcomes(s.a(), "select pg_try_advisory_lock_shared(5)", "select pg_advisory_unlock_all()");
        });
        assertEquals(true, out.contains("select pg_advisory_unlock(5) -> f"), out);
    }

    @Test
    void transactionLocksEndAtCommitRollbackAndAnError() throws Exception {
        same("select 1", s -> {
            run(s.a(), "begin");
            String o = outcomes(s.a(), "select pg_advisory_xact_lock(7)", "select pg_advisory_xact_lock(7)",
                    "select pg_advisory_unlock(7)") + outcomes(s.b(), "select pg_try_advisory_lock(7)");
            // an error aborts the transaction at once: its locks go before the ROLLBACK, as in PostgreSQL
            o += outcomes(s.a(), "select 1 / 0") + outcomes(s.b(), "select pg_try_advisory_lock(7)",
                    "select pg_advisory_unlock(7)");
            run(s.a(), "rollback");
            o += outcomes(s.b(), "select pg_try_advisory_xact_lock(7)");
            run(s.a(), "begin");
            o += outcomes(s.a(), "select pg_advisory_xact_lock_shared(7)", "savepoint s1",
                    "select pg_advisory_xact_lock(8)")
                    + outcomes(s.b(), "select pg_try_advisory_lock_shared(7)", "select pg_try_advisory_lock(7)",
                            "select pg_try_advisory_lock(8)");
            run(s.a(), "rollback to savepoint s1");
            o += outcomes(s.b(), "select pg_try_advisory_lock(8)", "select pg_try_advisory_lock(7)");
            run(s.a(), "commit");
            return o + outcomes(s.b(), "select pg_try_advisory_lock(7)", "select pg_advisory_unlock_all()");
        });
    }

    @Test
    void aWaitingLockIsShownInPgLocksAndGrantedAtUnlock() throws Exception {
        same("select 1", s -> {
            String o = outcomes(s.a(), "select pg_advisory_lock(6)", "select pg_advisory_lock(-1)",
                    "select pg_advisory_lock_shared(2147483647, -2)");
            CompletableFuture<String> wait = async(s.b(), "select pg_advisory_lock(6)");
            s.awaitWaiting("advisory");
            o += outcomes(s.a(), "select locktype, classid, objid, objsubid, mode, granted, database = (select oid"
                    + " from pg_database where datname = current_database()) from pg_locks where locktype ="
                    + " 'advisory' order by granted, classid, objid");
            o += outcomes(s.a(), "select pg_advisory_unlock(6)");
            o += "waiter: " + wait.get(30, TimeUnit.SECONDS) + "\n";
            o += outcomes(s.b(), "select pg_advisory_unlock(6)");
            run(s.a(), "select pg_advisory_unlock_all()");
            return o;
        });
    }

    @Test
    void aSessionsLocksGoWhenItsClientDisconnects() throws Exception {
        same("select 1", s -> {
            try (Connection gone = DriverManager.getConnection(s.urls().get(0))) {
                run(gone, "select pg_advisory_lock(8); select pg_advisory_lock_shared(1, 8)");
                run(gone, "begin; select pg_advisory_xact_lock(9)");
            }
            Awaits.until(Duration.ofSeconds(30), () -> count(s.b(), "select count(*) from pg_locks"
                    + " where locktype = 'advisory'") == 0, () -> "the disconnected session's advisory locks to go");
            return outcomes(s.b(), "select pg_try_advisory_lock(8)", "select pg_try_advisory_lock(1, 8)",
                    "select pg_try_advisory_lock(9)", "select pg_advisory_unlock_all()");
        });
    }

    @Test
    void lockTimeoutAndStatementTimeoutEndAWait() throws Exception {
        same("select 1", s -> {
            run(s.a(), "select pg_advisory_lock(10)");
            String o = outcomes(s.b(), "set lock_timeout = '200ms'", "select pg_advisory_lock(10)",
                    "begin", "select pg_advisory_xact_lock_shared(10)", "rollback", "reset lock_timeout",
                    "set statement_timeout = '200ms'", "select pg_advisory_lock_shared(10)",
                    "reset statement_timeout", "select pg_try_advisory_lock(10)");
            run(s.a(), "select pg_advisory_unlock_all()");
            return o + outcomes(s.b(), "select pg_try_advisory_lock(10)", "select pg_advisory_unlock_all()");
        });
    }

    @Test
    void aDeadlockOfTwoAdvisoryLocksEndsOneWaitWith40P01() throws Exception {
        same("select 1", s -> {
            run(s.a(), "select pg_advisory_lock(11)");
            run(s.b(), "select pg_advisory_lock(12)");
            CompletableFuture<String> a = async(s.a(), "select pg_advisory_lock(12)");
            s.awaitWaiting("advisory");
            CompletableFuture<String> b = async(s.b(), "select pg_advisory_lock(11)");
            // the victim's session keeps its own lock (a failed statement releases no session lock) until it lets go
            CompletableFuture.anyOf(a, b).get(60, TimeUnit.SECONDS);
            boolean aLost = a.isDone() && a.join().startsWith("ERROR 40P01");
            run(aLost ? s.a() : s.b(), "select pg_advisory_unlock_all()");
            List<String> outcomes = new ArrayList<>(List.of(ended(a.get(30, TimeUnit.SECONDS)),
                    ended(b.get(30, TimeUnit.SECONDS))));
            run(aLost ? s.b() : s.a(), "select pg_advisory_unlock_all()");
            outcomes.sort(null);
            return String.join("\n", outcomes);
        });
    }

    @Test
    void aDeadlockOfAnAdvisoryLockAndATableLockEndsOneWaitWith40P01() throws Exception {
        same("create table al_dl(id int)", s -> {
            run(s.a(), "begin; lock table al_dl in access exclusive mode");
            run(s.b(), "select pg_advisory_lock(13)");
            CompletableFuture<String> a = async(s.a(), "select pg_advisory_lock(13)");
            s.awaitWaiting("advisory");
            run(s.b(), "begin");
            CompletableFuture<String> b = async(s.b(), "select count(*) from al_dl");
            CompletableFuture.anyOf(a, b).get(60, TimeUnit.SECONDS);
            boolean aLost = a.isDone() && a.join().startsWith("ERROR 40P01");
            run(aLost ? s.a() : s.b(), "rollback");
            if (!aLost) {
                run(s.b(), "select pg_advisory_unlock_all()");
            }
            List<String> outcomes = new ArrayList<>(List.of(ended(a.get(30, TimeUnit.SECONDS)),
                    ended(b.get(30, TimeUnit.SECONDS))));
            run(aLost ? s.b() : s.a(), "rollback");
            run(s.a(), "select pg_advisory_unlock_all()");
            run(s.b(), "select pg_advisory_unlock_all(); drop table al_dl");
            outcomes.sort(null);
            return String.join("\n", outcomes);
        });
    }

    /** A deadlock's side as it ended: its SQLSTATE, or "ok" (whichever side the system chose as the victim). */
    private static String ended(String outcome) {
        return outcome.startsWith("ERROR ") ? code(outcome) : "ok";
    }

    private static long count(Connection c, String sql) {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
