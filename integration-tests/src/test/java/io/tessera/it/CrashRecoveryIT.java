package io.tessera.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.gtm.GtmClient;
import io.tessera.coordinator.txn.TransactionCoordinator;
import io.tessera.datanode.txn.TransactionManager;
import io.tessera.protocol.datanode.PingResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Crash recovery with real processes killed by SIGKILL in exact windows of the commit protocol (DESIGN.md
 * "Transactions", Recovery). A failpoint stops the node at the window, the test kills it; afterwards the transaction
 * must be fully committed or fully absent on every datanode within 10 seconds — after the killed datanode is back,
 * or, for a coordinator, without it coming back — readable from the surviving coordinator, with no intent, lock or
 * open transaction left on any datanode.
 */
class CrashRecoveryIT {
    private static final Duration RESOLVED_WITHIN = Duration.ofSeconds(10);
    private static ProcessCluster cluster;

    @BeforeAll
    static void startCluster() throws SQLException {
        cluster = ProcessCluster.startWithFailpoints(2, 2);
        try (Connection c = connect(2); Statement s = c.createStatement()) {
            s.execute("create table acct(id int primary key, v int) distribute by modulo(id)");
            s.execute("create table only1(id int primary key, v int) distribute by modulo(id) to node (dn1)");
        }
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Every node up (a test may have killed one) and no failpoint left armed by a test that failed. */
    @BeforeEach
    void everyNodeUp() {
        cluster.disarmFailpoints();
        cluster.start();
    }

    private static Connection connect(int coordinator) throws SQLException {
        return DriverManager.getConnection(cluster.jdbcUrl(coordinator));
    }

    private static long scalar(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getLong(1);
        }
    }

    /**
     * Starts, on coordinator 1, a transaction inserting ids [from, from + 10) of acct (rows on both datanodes: a
     * two-phase commit) and commits it on another thread; returns the commit's future.
     */
    private static CompletableFuture<Void> twoPhaseCommitInBackground(int from) throws SQLException {
        Connection c = connect(1);
        Statement s = c.createStatement();
        s.execute("begin");
        s.execute("insert into acct select g, 0 from generate_series(" + from + ", " + (from + 9) + ") g");
        assertEquals(2, scalar(s, "select count(distinct xc_node_id) from acct where id between " + from + " and "
                + (from + 9)), "the transaction must write on both datanodes");
        return CompletableFuture.runAsync(() -> {
            try (c; s) {
                s.execute("commit");
            } catch (SQLException e) {
                throw new RuntimeException(e);
            }
        });
    }

    /** Waits for every datanode to hold no transaction, lock or intent; fails after {@link #RESOLVED_WITHIN}. */
    private static void awaitNothingLeft() {
        Awaits.until(RESOLVED_WITHIN, () -> List.of("dn1", "dn2").stream().allMatch(dn -> {
            try {
                PingResponse p = cluster.ping(dn);
                return p.getActiveTransactions() == 0 && p.getLockedKeys() == 0 && p.getIntents() == 0;
            } catch (RuntimeException e) {
                return false; // not up yet
            }
        }), () -> "a transaction, lock or intent stayed behind: dn1 " + cluster.ping("dn1") + ", dn2 "
                + cluster.ping("dn2"));
    }

    private static List<String> rows(Statement s, String sql) throws SQLException {
        List<String> out = new java.util.ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                out.add(row.toString());
            }
        }
        return out;
    }

    /**
     * Asserts that ids [from, from + 10) of {@code table} are all there or all absent, read through coordinator 2,
     * that they can be updated at once (nothing is locked), and returns whether they are there.
     */
    private static boolean committedEverywhere(String table, int from) throws SQLException {
        String range = " where id between " + from + " and " + (from + 9);
        try (Connection c = connect(2); Statement s = c.createStatement()) {
            long n = scalar(s, "select count(*) from " + table + range);
            assertTrue(n == 0 || n == 10, "partly committed: " + n + " of 10 rows of " + table + " are visible");
            s.execute("set lock_timeout = '2s'");
            assertEquals(n, s.executeUpdate("update " + table + " set v = v + 1" + range), "rows still locked");
            return n == 10;
        }
    }

    @Test
    void participantKilledAfterPrepareIsRolledBackEverywhereOnceBack() throws Exception {
        cluster.armFailpoint("dn1", TransactionManager.AFTER_PREPARE);
        CompletableFuture<Void> commit = twoPhaseCommitInBackground(100);
        cluster.awaitFailpoint("dn1", TransactionManager.AFTER_PREPARE, Duration.ofSeconds(30));
        cluster.kill("dn1");
        Throwable failure = commit.handle((ok, e) -> e).get(60, TimeUnit.SECONDS);
        assertNotNull(failure, "the commit cannot have succeeded without dn1's answer");
        cluster.start();
        awaitNothingLeft();
        // dn1's Prepare failed, so the coordinator recorded an abort: dn1 rolls its prepared intents back
        assertTrue(!committedEverywhere("acct", 100), "the transaction was aborted");
    }

    @Test
    void onePhaseParticipantKilledAfterPrepareResolvesOnceBack() throws Exception {
        cluster.armFailpoint("dn1", TransactionManager.AFTER_PREPARE);
        CompletableFuture<Void> commit = CompletableFuture.runAsync(() -> {
            try (Connection c = connect(1); Statement s = c.createStatement()) {
                s.execute("insert into only1 select g, 0 from generate_series(200, 209) g");
            } catch (SQLException e) {
                throw new RuntimeException(e);
            }
        });
        cluster.awaitFailpoint("dn1", TransactionManager.AFTER_PREPARE, Duration.ofSeconds(30));
        cluster.kill("dn1");
        Throwable failure = commit.handle((ok, e) -> e).get(60, TimeUnit.SECONDS);
        assertNotNull(failure, "the insert cannot have succeeded without dn1's answer");
        assertTrue(String.valueOf(failure.getMessage()).contains("08007")
                || String.valueOf(failure.getCause()).contains("unknown"), () -> "expected 08007: " + failure);
        cluster.start();
        awaitNothingLeft();
        // no decision was ever made: the restarted datanode records an abort at the GTM and rolls back
        assertTrue(!committedEverywhere("only1", 200), "undecided, so aborted");
    }

    @Test
    void coordinatorKilledWithSomeParticipantsPreparedIsRolledBack() throws Exception {
        assertEquals(false, coordinatorKilledAt(TransactionCoordinator.AFTER_PARTIAL_PREPARE, 300));
    }

    @Test
    void coordinatorKilledAfterTheDecisionIsCommittedEverywhere() throws Exception {
        assertEquals(true, coordinatorKilledAt(TransactionCoordinator.AFTER_DECISION, 400));
    }

    @Test
    void coordinatorKilledAfterTheFirstCommitPreparedIsCommittedEverywhere() throws Exception {
        assertEquals(true, coordinatorKilledAt(TransactionCoordinator.AFTER_FIRST_COMMIT_PREPARED, 500));
    }

    /** Kills coordinator 1 at {@code failpoint} of a two-phase commit; returns whether the transaction committed. */
    private static boolean coordinatorKilledAt(String failpoint, int from) throws Exception {
        cluster.armFailpoint("coord1", failpoint);
        CompletableFuture<Void> commit = twoPhaseCommitInBackground(from);
        cluster.awaitFailpoint("coord1", failpoint, Duration.ofSeconds(30));
        cluster.kill("coord1");
        commit.handle((ok, e) -> e).get(60, TimeUnit.SECONDS);
        awaitNothingLeft(); // without coordinator 1 coming back
        return committedEverywhere("acct", from);
    }

    @Test
    void gtmRestartsNeverReissueATimestampAndTransactionsGoOn() throws Exception {
        var gtmNode = cluster.config().gtm;
        try (Connection c = connect(1); Statement s = c.createStatement();
                GtmClient gtm = new GtmClient(gtmNode.host, gtmNode.port, Duration.ofSeconds(5))) {
            s.execute("create table gtm_restart(id int primary key, v int)");
            long last = gtm.timestamp();
            for (int round = 1; round <= 3; round++) {
                s.execute("begin");
                s.execute("insert into gtm_restart values (" + round + ", 0)");
                cluster.kill("gtm");
                // the open transaction either commits or fails with a clear error, never half-way
                boolean committed;
                try {
                    s.execute("commit");
                    committed = true;
                } catch (SQLException e) {
                    assertNotNull(e.getSQLState(), "an error with a SQLSTATE");
                    assertTrue(e.getSQLState().startsWith("08") || e.getSQLState().startsWith("40"),
                            () -> "a connection or rollback class error: " + e.getSQLState() + " " + e.getMessage());
                    committed = false;
                    s.execute("rollback"); // ends the failed block if the error left one
                }
                cluster.start();
                long now = gtm.timestamp();
                assertTrue(now > last, "timestamp " + now + " after restart " + round + " is not above " + last);
                last = now;
                awaitNothingLeft();
                // new transactions work, and the interrupted one is all there or not at all
                s.execute("insert into gtm_restart values (" + (100 + round) + ", 0)");
                assertEquals(1, scalar(s, "select count(*) from gtm_restart where id = " + (100 + round)));
                long n = scalar(s, "select count(*) from gtm_restart where id = " + round);
                assertTrue(n == 0 || n == 1);
                assertTrue(!committed || n == 1, "a commit that succeeded is kept");
            }
        }
    }
    @Test
    void bankInvariantHoldsThroughADatanodeKill() throws Exception {
        bankThroughADatanodeKill("bk", false);
    }

    @Test
    void bankInvariantHoldsThroughADatanodeKillWithAReplicatedTableInEachTransfer() throws Exception {
        bankThroughADatanodeKill("bkr", true);
    }

    /** One transfer as its client saw it end. */
    private record Transfer(long tid, int src, int dst, long amount) {
    }

    /**
     * Transfers between accounts on both datanodes, each also inserting its history row (into a replicated table
     * when {@code replicatedHistory}: every transfer then changes both copies), through both coordinators at both
     * isolation levels, while dn2 is SIGKILLed and brought back with {@code tessera start}. Readers check every
     * total they read. At the end: every transfer whose COMMIT succeeded is there, every one that failed with a
     * definite error is not, each whose outcome was unknown (08007 or a lost connection at COMMIT) is all there or
     * not at all, and the balances reconcile exactly with the history rows.
     */
    private static void bankThroughADatanodeKill(String table, boolean replicatedHistory) throws Exception {
        int accounts = 20;
        long initial = 1000;
        String history = table + "_history";
        try (Connection c = connect(1); Statement s = c.createStatement()) {
            s.execute("create table " + table + "(id int primary key, balance bigint) distribute by modulo(id)");
            s.execute("create table " + history + "(tid bigint primary key, src int, dst int, amount bigint) "
                    + (replicatedHistory ? "distribute by replication" : "distribute by modulo(tid)"));
            s.execute("insert into " + table + " select g, " + initial + " from generate_series(1, " + accounts + ") g");
        }
        long total = accounts * initial;
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicBoolean restarted = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicLong committedAfterRestart = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong goodReads = new java.util.concurrent.atomic.AtomicLong();
        List<Transfer> committed = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Transfer> failed = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Transfer> unknown = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> violations = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        List<java.util.concurrent.Future<?>> tasks = new java.util.ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int coordinator = 1 + w % 2;
            boolean rr = w >= 2;
            int writer = w;
            tasks.add(pool.submit(() -> {
                java.util.Random random = new java.util.Random(writer);
                long n = 0;
                Connection c = null;
                while (!stop.get()) {
                    int src = 1 + random.nextInt(accounts);
                    int dst = 1 + random.nextInt(accounts);
                    if (src == dst) {
                        continue;
                    }
                    Transfer t = new Transfer(writer * 1_000_000L + n++, src, dst, 1 + random.nextInt(50));
                    boolean atCommit = false;
                    try {
                        if (c == null) {
                            c = connect(coordinator);
                        }
                        try (Statement s = c.createStatement()) {
                            s.execute("set lock_timeout = '1s'");
                            s.execute(rr ? "begin isolation level repeatable read" : "begin");
                            s.executeUpdate("update " + table + " set balance = balance - " + t.amount()
                                    + " where id = " + src);
                            s.executeUpdate("update " + table + " set balance = balance + " + t.amount()
                                    + " where id = " + dst);
                            s.executeUpdate("insert into " + history + " values (" + t.tid() + ", " + src + ", "
                                    + dst + ", " + t.amount() + ")");
                            atCommit = true;
                            s.execute("commit");
                        }
                        committed.add(t);
                        if (restarted.get()) {
                            committedAfterRestart.incrementAndGet();
                        }
                    } catch (SQLException e) {
                        String state = String.valueOf(e.getSQLState());
                        // a reply lost at COMMIT: the outcome is unknown; anything else is a definite failure
                        (atCommit && (state.equals("08007") || state.equals("08006")) ? unknown : failed).add(t);
                        try {
                            if (state.startsWith("08") && c != null && c.isClosed()) {
                                c = null;
                            } else if (c != null) {
                                try (Statement s = c.createStatement()) {
                                    s.execute("rollback");
                                }
                            }
                        } catch (SQLException ignored) {
                            c = null;
                        }
                        if (state.startsWith("08")) {
                            Thread.sleep(50); // the datanode is down: do not spin
                        }
                    }
                }
                if (c != null) {
                    c.close();
                }
                return null;
            }));
        }
        for (int r = 0; r < 2; r++) {
            int coordinator = 1 + r;
            tasks.add(pool.submit(() -> {
                try (Connection c = connect(coordinator); Statement s = c.createStatement()) {
                    while (!stop.get()) {
                        try {
                            long sum = scalar(s, "select sum(balance) from " + table);
                            goodReads.incrementAndGet();
                            if (sum != total) {
                                violations.add("a snapshot saw a total of " + sum);
                            }
                        } catch (SQLException e) {
                            if (!String.valueOf(e.getSQLState()).startsWith("08")) {
                                violations.add("read failed: " + e.getSQLState() + " " + e.getMessage());
                            }
                            Thread.sleep(50);
                        }
                    }
                }
                return null;
            }));
        }
        Awaits.until(Duration.ofSeconds(30), () -> committed.size() >= 20, () -> "transfers before the kill");
        cluster.kill("dn2");
        long beforeRestart = committed.size();
        cluster.start();
        restarted.set(true);
        Awaits.until(Duration.ofSeconds(60), () -> committedAfterRestart.get() >= 20,
                () -> "only " + committedAfterRestart.get() + " transfers committed after dn2 came back");
        stop.set(true);
        for (java.util.concurrent.Future<?> f : tasks) {
            f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdownNow();
        awaitNothingLeft();
        assertEquals(List.of(), violations);
        assertTrue(goodReads.get() >= 10, "only " + goodReads.get() + " reads succeeded");
        try (Connection c = connect(2); Statement s = c.createStatement()) {
            java.util.Set<Long> present = new java.util.HashSet<>();
            try (ResultSet rs = s.executeQuery("select tid from " + history)) {
                while (rs.next()) {
                    present.add(rs.getLong(1));
                }
            }
            for (Transfer t : committed) {
                assertTrue(present.contains(t.tid()), "committed transfer " + t + " is missing");
            }
            for (Transfer t : failed) {
                assertTrue(!present.contains(t.tid()), "failed transfer " + t + " is there");
            }
            long foundUnknown = unknown.stream().filter(t -> present.contains(t.tid())).count();
            assertEquals(committed.size() + foundUnknown, present.size(), "history rows of no known transfer");
            assertEquals(total, scalar(s, "select sum(balance) from " + table));
            for (int id = 1; id <= accounts; id++) {
                long expected = initial
                        - scalar(s, "select coalesce(sum(amount), 0) from " + history + " where src = " + id)
                        + scalar(s, "select coalesce(sum(amount), 0) from " + history + " where dst = " + id);
                assertEquals(expected, scalar(s, "select balance from " + table + " where id = " + id),
                        "account " + id + " does not reconcile with the history rows");
            }
            if (replicatedHistory) {
                // both copies hold the same rows: read dn1's, then (dn1 down, the scan moves to the next copy) dn2's
                String rows = "select tid, src, dst, amount from " + history + " order by tid";
                List<String> first = rows(s, rows);
                assertEquals(present.size(), first.size());
                cluster.kill("dn1");
                assertEquals(first, rows(s, rows), "the copies of the replicated table differ");
                cluster.start();
            }
            System.out.printf("bank through a datanode kill (%s): %d committed (%d before the kill, %d after the "
                    + "restart), %d failed, %d unknown of which %d applied, %d good reads%n", table,
                    committed.size(), beforeRestart, committedAfterRestart.get(), failed.size(), unknown.size(),
                    foundUnknown, goodReads.get());
        }
    }
}
