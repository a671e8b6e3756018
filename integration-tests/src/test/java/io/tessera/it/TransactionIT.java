package io.tessera.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Global transactions on a two-coordinator, two-datanode cluster, as PostgreSQL behaves: atomic visibility of
 * multi-datanode writes, rollback, command ids, the failed-block state, isolation levels, conflicts, and the bank
 * invariant under concurrent transfers through both coordinators.
 */
class TransactionIT {
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

    static Connection connect(int coordinator) throws SQLException {
        return DriverManager.getConnection(cluster.jdbcUrl(coordinator));
    }

    static long scalar(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getLong(1);
        }
    }

    @Test
    void writesOnSeveralDatanodesBecomeVisibleAtCommitAllAtOnce() throws Exception {
        try (Connection a = connect(1); Connection b = connect(2); Statement sa = a.createStatement();
                Statement sb = b.createStatement()) {
            sa.execute("create table t_atomic(id int, v int)");
            sa.execute("begin");
            assertEquals(100, sa.executeUpdate("insert into t_atomic select g, 0 from generate_series(1, 100) g"));
            assertEquals(100, scalar(sa, "select count(*) from t_atomic"), "own writes are visible");
            assertEquals(0, scalar(sb, "select count(*) from t_atomic"), "no dirty reads");
            sa.execute("commit");
            assertEquals(100, scalar(sb, "select count(*) from t_atomic"));
            assertEquals(2, scalar(sb, "select count(distinct xc_node_id) from t_atomic"), "the rows span both datanodes");
        }
    }

    @Test
    void rollbackLeavesNothingBehind() throws Exception {
        try (Connection a = connect(1); Statement s = a.createStatement()) {
            s.execute("create table t_rb(id int)");
            s.execute("insert into t_rb values (1)");
            s.execute("begin");
            s.execute("insert into t_rb select g from generate_series(2, 50) g");
            s.execute("delete from t_rb where id = 1");
            s.execute("rollback");
            assertEquals(1, scalar(s, "select count(*) from t_rb"));
            assertEquals(1, scalar(s, "select min(id) from t_rb"));
        }
    }

    @Test
    void aStatementNeverSeesItsOwnWrites() throws Exception {
        try (Connection a = connect(2); Statement s = a.createStatement()) {
            s.execute("create table t_cmd(id int, c int)");
            s.execute("insert into t_cmd select g, 10 from generate_series(1, 20) g");
            assertEquals(20, s.executeUpdate("update t_cmd set c = c + 1"));
            assertEquals(20 * 11, scalar(s, "select sum(c) from t_cmd"));
            s.execute("begin");
            assertEquals(20, s.executeUpdate("insert into t_cmd select id + 100, c from t_cmd"));
            assertEquals(40, scalar(s, "select count(*) from t_cmd"), "INSERT ... SELECT doubled exactly once");
            assertEquals(40, s.executeUpdate("update t_cmd set c = c + 1"));
            s.execute("commit");
            assertEquals(40 * 12, scalar(s, "select sum(c) from t_cmd"));
        }
    }

    @Test
    void anErrorFailsTheBlockUntilRollback() throws Exception {
        try (Connection a = connect(1); Statement s = a.createStatement()) {
            s.execute("create table t_fail(id int)");
            s.execute("begin");
            s.execute("insert into t_fail values (1)");
            assertThrows(SQLException.class, () -> s.execute("select * from no_such_table_here"));
            SQLException aborted = assertThrows(SQLException.class, () -> s.execute("select 1"));
            assertEquals("25P02", aborted.getSQLState());
            s.execute("rollback");
            assertEquals(0, scalar(s, "select count(*) from t_fail"));
            SQLException serializable = assertThrows(SQLException.class,
                    () -> s.execute("begin isolation level serializable"));
            assertEquals("0A000", serializable.getSQLState());
        }
    }

    @Test
    void repeatableReadKeepsItsSnapshotAndRefusesConcurrentUpdates() throws Exception {
        try (Connection a = connect(1); Connection b = connect(2); Statement sa = a.createStatement();
                Statement sb = b.createStatement()) {
            sa.execute("create table t_rr(id int, v int)");
            sa.execute("insert into t_rr values (1, 1), (2, 2)");
            sa.execute("begin isolation level repeatable read");
            assertEquals(3, scalar(sa, "select sum(v) from t_rr"));
            sb.execute("update t_rr set v = 10 where id = 1");
            assertEquals(3, scalar(sa, "select sum(v) from t_rr"), "no non-repeatable read");
            SQLException conflict = assertThrows(SQLException.class, () -> sa.execute("update t_rr set v = v + 1 where id = 1"));
            assertEquals("40001", conflict.getSQLState());
            sa.execute("rollback");
            assertEquals(12, scalar(sa, "select sum(v) from t_rr"));
        }
    }

    @Test
    void readCommittedWritersWaitAndLoseNoUpdate() throws Exception {
        try (Connection a = connect(1); Connection b = connect(2); Statement sa = a.createStatement()) {
            sa.execute("create table t_rc(id int, v int)");
            sa.execute("insert into t_rc values (1, 0)");
            sa.execute("begin");
            assertEquals(1, sa.executeUpdate("update t_rc set v = v + 1 where id = 1"));
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<Integer> other = pool.submit(() -> {
                    try (Statement sb = b.createStatement()) {
                        return sb.executeUpdate("update t_rc set v = v + 1 where id = 1");
                    }
                });
                // the second writer waits for the first transaction
                Thread.sleep(300);
                assertTrue(!other.isDone(), "the second UPDATE waits for the first transaction's lock");
                sa.execute("commit");
                assertEquals(1, other.get(30, TimeUnit.SECONDS));
            } finally {
                pool.shutdownNow();
            }
            assertEquals(2, scalar(sa, "select v from t_rc where id = 1"), "both increments applied");
        }
    }

    /**
     * UPDATE with a subquery and UPDATE ... FROM lock the rows they write as a plain UPDATE does: the second writer
     * waits for the first transaction, then recomputes its SET on the committed row (READ COMMITTED's re-check), so
     * no increment is lost.
     */
    @Test
    void updatesChosenBySubqueriesOrFromWaitAndLoseNoUpdate() throws Exception {
        try (Connection a = connect(1); Connection b = connect(1); Statement sa = a.createStatement()) {
            sa.execute("create table t_sq(id int primary key, v int)");
            sa.execute("create table t_sq_src(k int, d int) distribute by replication");
            sa.execute("insert into t_sq values (1, 0), (2, 0), (3, 0)");
            sa.execute("insert into t_sq_src values (1, 10), (2, 10)");
            sa.execute("begin");
            assertEquals(2, sa.executeUpdate("update t_sq set v = v + 1 where id in (select k from t_sq_src)"));
            String second = "update t_sq set v = v + t_sq_src.d from t_sq_src where t_sq_src.k = t_sq.id";
            CompletableFuture<Integer> other = CompletableFuture.supplyAsync(() -> {
                try (Statement sb = b.createStatement()) {
                    return sb.executeUpdate(second);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            Awaits.until(Duration.ofSeconds(60), () -> other.isDone() || running(sa, second),
                    () -> "the second UPDATE started");
            assertTrue(!other.isDone(), "the second UPDATE waits for the first transaction's row locks");
            sa.execute("commit");
            assertEquals(2, other.get(60, TimeUnit.SECONDS));
            assertEquals(22, scalar(sa, "select sum(v) from t_sq"), "both statements' changes to both rows");
            assertEquals(0, scalar(sa, "select v from t_sq where id = 3"));
        }
    }

    /** Sessions incrementing one row through a correlated subquery's choice, concurrently: every increment lands. */
    @Test
    void concurrentUpdatesWithSubqueriesLoseNoWrite() throws Exception {
        try (Connection c = connect(1); Statement s = c.createStatement()) {
            s.execute("create table t_sqc(id int primary key, v int)");
            s.execute("create table t_sqc_src(k int)");
            s.execute("insert into t_sqc values (1, 0), (2, 0)");
            s.execute("insert into t_sqc_src values (1)");
        }
        int sessions = 3;
        int each = 10;
        ExecutorService pool = Executors.newFixedThreadPool(sessions);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                int coordinator = 1 + i % 2;
                done.add(pool.submit(() -> {
                    try (Connection c = connect(coordinator); Statement s = c.createStatement()) {
                        for (int n = 0; n < each; n++) {
                            assertEquals(1, s.executeUpdate("update t_sqc set v = v + 1 where exists "
                                    + "(select 1 from t_sqc_src where t_sqc_src.k = t_sqc.id)"));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        try (Connection c = connect(2); Statement s = c.createStatement()) {
            assertEquals(sessions * each, scalar(s, "select v from t_sqc where id = 1"));
            assertEquals(0, scalar(s, "select v from t_sqc where id = 2"));
        }
    }

    /** UPDATE ... FROM with several matches per target row, and the errors of subqueries, with PostgreSQL's SQLSTATEs. */
    @Test
    void updateFromWritesEachTargetRowOnceAndReportsErrors() throws Exception {
        try (Connection c = connect(1); Statement s = c.createStatement()) {
            s.execute("create table t_sqe(id int primary key, v int)");
            s.execute("create table t_sqe_src(k int, x int)");
            s.execute("insert into t_sqe values (1, 0)");
            s.execute("insert into t_sqe_src values (1, 5), (1, 6)");
            SQLException many = assertThrows(SQLException.class,
                    () -> s.executeUpdate("update t_sqe set v = (select x from t_sqe_src where k = t_sqe.id)"));
            assertEquals("21000", many.getSQLState(), many.getMessage());
            SQLException column = assertThrows(SQLException.class,
                    () -> s.executeUpdate("update t_sqe set v = t_sqe_src.nope from t_sqe_src"));
            assertEquals("42703", column.getSQLState(), column.getMessage());
            // a target row joined to two source rows is updated once, with one of them
            assertEquals(1, s.executeUpdate("update t_sqe set v = x from t_sqe_src where k = id"));
            long v = scalar(s, "select v from t_sqe where id = 1");
            assertTrue(v == 5 || v == 6, "v = " + v);
            // so is a key: the row moves once, to one of the two new keys
            assertEquals(1, s.executeUpdate("update t_sqe set id = x from t_sqe_src where k = id"));
            long id = scalar(s, "select id from t_sqe");
            assertTrue(id == 5 || id == 6, "id = " + id);
            assertEquals(1, scalar(s, "select count(*) from t_sqe"));
        }
    }

    private static boolean running(Statement s, String sql) {
        try (ResultSet rs = s.executeQuery("select count(*) from pg_stat_activity where state = 'active' and query = '"
                + sql.replace("'", "''") + "'")) {
            rs.next();
            return rs.getLong(1) > 0;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void lockTimeoutEndsAWait() throws Exception {
        try (Connection a = connect(1); Connection b = connect(2); Statement sa = a.createStatement();
                Statement sb = b.createStatement()) {
            sa.execute("create table t_lt(id int, v int)");
            sa.execute("insert into t_lt values (1, 0)");
            sa.execute("begin");
            sa.execute("update t_lt set v = 1 where id = 1");
            sb.execute("set lock_timeout = '200ms'");
            SQLException timeout = assertThrows(SQLException.class, () -> sb.execute("update t_lt set v = 2 where id = 1"));
            assertEquals("55P03", timeout.getSQLState());
            sa.execute("commit");
            assertEquals(1, scalar(sb, "select v from t_lt where id = 1"));
        }
    }

    @Test
    void statementTimeoutCancelsAWaitingStatement() throws Exception {
        try (Connection a = connect(1); Connection b = connect(2); Statement sa = a.createStatement();
                Statement sb = b.createStatement()) {
            sa.execute("create table t_st(id int, v int)");
            sa.execute("insert into t_st values (1, 0)");
            sa.execute("begin");
            sa.execute("update t_st set v = 1 where id = 1");
            sb.execute("set statement_timeout = '300ms'");
            SQLException timeout = assertThrows(SQLException.class, () -> sb.execute("update t_st set v = 2 where id = 1"));
            assertEquals("57014", timeout.getSQLState());
            assertTrue(timeout.getMessage().contains("statement timeout"), timeout.getMessage());
            sa.execute("rollback");
            sb.execute("set statement_timeout = 0");
            assertEquals(1, sb.executeUpdate("update t_st set v = 2 where id = 1"));
        }
    }

    @Test
    void primaryKeysAreUniqueAcrossTheCluster() throws Exception {
        try (Connection a = connect(1); Connection b = connect(2); Statement sa = a.createStatement();
                Statement sb = b.createStatement()) {
            sa.execute("create table t_pk(id int primary key, v text)");
            sa.execute("insert into t_pk select g, 'v' || g from generate_series(1, 100) g");
            SQLException dup = assertThrows(SQLException.class, () -> sb.execute("insert into t_pk values (42, 'again')"));
            assertEquals("23505", dup.getSQLState());
            assertTrue(dup.getMessage().contains("duplicate key value violates unique constraint \"t_pk_pkey\""),
                    dup.getMessage());
            SQLException notNull = assertThrows(SQLException.class, () -> sb.execute("insert into t_pk values (null, 'x')"));
            assertEquals("23502", notNull.getSQLState());
            // the same new key through both coordinators: the second waits, then fails once the first commits
            sa.execute("begin");
            sa.execute("insert into t_pk values (1000, 'first')");
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<String> second = pool.submit(() -> {
                    try {
                        sb.execute("insert into t_pk values (1000, 'second')");
                        return "inserted";
                    } catch (SQLException e) {
                        return e.getSQLState();
                    }
                });
                Thread.sleep(300);
                sa.execute("commit");
                assertEquals("23505", second.get(30, TimeUnit.SECONDS));
                // and when the first rolls back, the second proceeds
                sa.execute("begin");
                sa.execute("insert into t_pk values (2000, 'first')");
                Future<String> third = pool.submit(() -> {
                    sb.execute("insert into t_pk values (2000, 'second')");
                    return "inserted";
                });
                Thread.sleep(300);
                sa.execute("rollback");
                assertEquals("inserted", third.get(30, TimeUnit.SECONDS));
            } finally {
                pool.shutdownNow();
            }
            assertEquals(102, scalar(sa, "select count(*) from t_pk"));
            sa.execute("delete from t_pk where id = 42");
            sb.execute("insert into t_pk values (42, 'reinserted')");
            SQLException pkOffTheDistribution = assertThrows(SQLException.class,
                    () -> sa.execute("create table t_pk2(id int primary key, k int) distribute by hash(k)"));
            assertEquals("0A000", pkOffTheDistribution.getSQLState());
        }
    }

    @Test
    void savepointsUndoPartOfATransaction() throws Exception {
        try (Connection a = connect(1); Statement s = a.createStatement()) {
            s.execute("create table t_sp(id int, v int)");
            s.execute("insert into t_sp values (1, 0), (2, 0)");
            s.execute("begin");
            s.execute("update t_sp set v = 1 where id = 1");
            s.execute("savepoint s1");
            s.execute("update t_sp set v = 2 where id = 1");
            s.execute("insert into t_sp select g, 0 from generate_series(3, 40) g");
            s.execute("delete from t_sp where id = 2");
            s.execute("rollback to savepoint s1");
            assertEquals(1, scalar(s, "select v from t_sp where id = 1"));
            assertEquals(2, scalar(s, "select count(*) from t_sp"));
            s.execute("savepoint s2");
            assertThrows(SQLException.class, () -> s.execute("select * from t_sp_missing"));
            assertEquals("25P02", assertThrows(SQLException.class, () -> s.execute("select 1")).getSQLState());
            s.execute("rollback to s2");
            assertEquals(2, scalar(s, "select count(*) from t_sp"), "ROLLBACK TO recovers a failed block");
            s.execute("release savepoint s2");
            assertEquals("3B001", assertThrows(SQLException.class, () -> s.execute("rollback to s2")).getSQLState());
            s.execute("rollback to s1");
            s.execute("commit");
            assertEquals(1, scalar(s, "select sum(v) from t_sp"));
            assertEquals("25P01", assertThrows(SQLException.class, () -> s.execute("savepoint outside")).getSQLState());
        }
    }

    @Test
    void aDeadlockAcrossDatanodesIsBroken() throws Exception {
        try (Connection a = connect(1); Connection b = connect(2); Statement sa = a.createStatement();
                Statement sb = b.createStatement()) {
            sa.execute("create table t_dl(id int, v int) distribute by modulo(id)");
            sa.execute("insert into t_dl values (1, 0), (2, 0)");
            assertEquals(2, scalar(sa, "select count(distinct xc_node_id) from t_dl"), "the two rows are on two datanodes");
            sa.execute("begin");
            sb.execute("begin");
            sa.execute("update t_dl set v = 1 where id = 1");
            sb.execute("update t_dl set v = 2 where id = 2");
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<String> first = pool.submit(() -> outcome(sa, "update t_dl set v = 1 where id = 2"));
                Thread.sleep(200);
                Future<String> second = pool.submit(() -> outcome(sb, "update t_dl set v = 2 where id = 1"));
                // exactly one of the two is chosen as the victim; the other proceeds once the victim rolls back
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!first.isDone() && !second.isDone()) {
                    assertTrue(System.nanoTime() < deadline, "the deadlock was not broken within 30 s");
                    Thread.sleep(20);
                }
                boolean firstIsVictim = first.isDone();
                assertEquals("40P01", (firstIsVictim ? first : second).get());
                (firstIsVictim ? sa : sb).execute("rollback");
                assertEquals("ok", (firstIsVictim ? second : first).get(30, TimeUnit.SECONDS));
                (firstIsVictim ? sb : sa).execute("commit");
                assertEquals(firstIsVictim ? 4 : 2, scalar(sa, "select sum(v) from t_dl"));
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static String outcome(Statement s, String sql) {
        try {
            s.execute(sql);
            return "ok";
        } catch (SQLException e) {
            return e.getSQLState();
        }
    }

    @Test
    void selectForUpdateLocksTheRowsItReturns() throws Exception {
        try (Connection a = connect(1); Connection b = connect(2); Statement sa = a.createStatement();
                Statement sb = b.createStatement()) {
            sa.execute("create table t_fu(id int, v int)");
            sa.execute("insert into t_fu values (1, 10), (2, 20)");
            sa.execute("begin");
            try (ResultSet rs = sa.executeQuery("select id, v from t_fu where id = 1 for update")) {
                assertTrue(rs.next());
                assertEquals(10, rs.getInt(2));
            }
            sb.execute("set lock_timeout = '300ms'");
            assertEquals("55P03", assertThrows(SQLException.class,
                    () -> sb.executeUpdate("update t_fu set v = 11 where id = 1")).getSQLState(), "the row is locked");
            assertEquals(1, sb.executeUpdate("update t_fu set v = 21 where id = 2"), "other rows are not");
            assertEquals("55P03", assertThrows(SQLException.class,
                    () -> sb.executeQuery("select * from t_fu where id = 1 for update nowait")).getSQLState());
            sb.execute("set lock_timeout = 0");
            sa.execute("update t_fu set v = v + 1 where id = 1");
            sa.execute("commit");
            try (ResultSet rs = sb.executeQuery("select id, v from t_fu where id = 1 for update")) {
                assertTrue(rs.next());
                assertEquals(11, rs.getInt(2));
            }
        }
    }

    @Test
    void sharersUpgradingOnTwoDatanodesDeadlockAndTheDetectorBreaksIt() throws Exception {
        try (Connection a = connect(1); Connection b = connect(2); Statement sa = a.createStatement();
                Statement sb = b.createStatement()) {
            sa.execute("create table t_su(id int, v int) distribute by modulo(id)");
            sa.execute("insert into t_su values (1, 0), (2, 0)");
            assertEquals(2, scalar(sa, "select count(distinct xc_node_id) from t_su"), "the two rows are on two datanodes");
            sa.execute("begin");
            sb.execute("begin");
            assertEquals(2, count(sa, "select id from t_su for share"));
            assertEquals(2, count(sb, "select id from t_su for share"), "FOR SHARE does not wait for FOR SHARE");
            // each upgrade waits for the other sharer, on a different datanode: only the global detector sees it
            CompletableFuture<String> first = CompletableFuture.supplyAsync(
                    () -> outcome(sa, "update t_su set v = 1 where id = 1"));
            CompletableFuture<String> second = CompletableFuture.supplyAsync(
                    () -> outcome(sb, "update t_su set v = 2 where id = 2"));
            CompletableFuture.anyOf(first, second).get(30, TimeUnit.SECONDS);
            boolean firstIsVictim = first.isDone();
            assertEquals("40P01", (firstIsVictim ? first : second).get());
            (firstIsVictim ? sa : sb).execute("rollback");
            assertEquals("ok", (firstIsVictim ? second : first).get(30, TimeUnit.SECONDS));
            (firstIsVictim ? sb : sa).execute("commit");
            assertEquals(firstIsVictim ? 2 : 1, scalar(sa, "select sum(v) from t_su"));
        }
    }

    private static int count(Statement s, String sql) throws SQLException {
        int n = 0;
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                n++;
            }
        }
        return n;
    }

    @Test
    void jdbcTransactionsCommitAndRollBack() throws Exception {
        try (Connection a = connect(2)) {
            a.createStatement().execute("create table t_jdbc(id int, name varchar(20), n int)");
            a.setAutoCommit(false);
            a.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            assertEquals(Connection.TRANSACTION_REPEATABLE_READ, a.getTransactionIsolation(),
                    "the server reports the isolation level pgjdbc set");
            try (PreparedStatement ps = a.prepareStatement("insert into t_jdbc(id, name) values (?, ?)")) {
                for (int i = 0; i < 10; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, "n" + i);
                    ps.executeUpdate();
                }
            }
            a.rollback();
            try (PreparedStatement ps = a.prepareStatement("insert into t_jdbc(id, name) values (?, ?)")) {
                ps.setInt(1, 42);
                ps.setString(2, "kept");
                ps.executeUpdate();
            }
            a.commit();
            try (PreparedStatement ps = a.prepareStatement("update t_jdbc set n = id + ? where name = ?")) {
                ps.setInt(1, 8); // the client declares int4: "id + $1" types as in PostgreSQL
                ps.setString(2, "kept");
                assertEquals(1, ps.executeUpdate());
            }
            a.commit();
            a.setAutoCommit(true);
            try (Connection b = connect(1)) {
                assertEquals(1, scalar(b.createStatement(), "select count(*) from t_jdbc"));
                assertEquals(50, scalar(b.createStatement(), "select n from t_jdbc where name = 'kept'"));
            }
        }
    }

    /**
     * The bank invariant: transfers between accounts spread over both datanodes, through both coordinators,
     * concurrently with readers that check every snapshot's total; at the end the balances reconcile with the
     * history rows.
     */
    @Test
    void bankTransfersPreserveTheTotal() throws Exception {
        int accounts = 20;
        long initial = 1000;
        try (Connection c = connect(1); Statement s = c.createStatement()) {
            s.execute("create table bank(id int, balance bigint)");
            s.execute("create table bank_history(src int, dst int, amount bigint)");
            s.execute("insert into bank select g, " + initial + " from generate_series(1, " + accounts + ") g");
            assertEquals(2, scalar(s, "select count(distinct xc_node_id) from bank"));
        }
        long total = accounts * initial;
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong committed = new AtomicLong();
        AtomicLong reads = new AtomicLong();
        List<String> violations = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<?>> tasks = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int coordinator = 1 + w % 2;
            boolean rr = w >= 2;
            long seed = w;
            tasks.add(pool.submit(() -> {
                Random random = new Random(seed);
                try (Connection c = connect(coordinator); Statement s = c.createStatement()) {
                    s.execute("set lock_timeout = '500ms'");
                    while (!stop.get()) {
                        int src = 1 + random.nextInt(accounts);
                        int dst = 1 + random.nextInt(accounts);
                        if (src == dst) {
                            continue;
                        }
                        int amount = 1 + random.nextInt(50);
                        try {
                            s.execute(rr ? "begin isolation level repeatable read" : "begin");
                            s.executeUpdate("update bank set balance = balance - " + amount + " where id = " + src);
                            s.executeUpdate("update bank set balance = balance + " + amount + " where id = " + dst);
                            s.executeUpdate("insert into bank_history values (" + src + ", " + dst + ", " + amount + ")");
                            s.execute("commit");
                            committed.incrementAndGet();
                        } catch (SQLException e) {
                            String state = e.getSQLState();
                            if (!"40001".equals(state) && !"55P03".equals(state) && !"40P01".equals(state)) {
                                violations.add("transfer failed: " + state + " " + e.getMessage());
                            }
                            s.execute("rollback");
                        }
                    }
                }
                return null;
            }));
        }
        for (int r = 0; r < 2; r++) {
            int coordinator = 1 + r;
            tasks.add(pool.submit(() -> {
                try (Connection c = connect(coordinator); Statement s = c.createStatement()) {
                    while (!stop.get()) {
                        long sum = scalar(s, "select sum(balance) from bank");
                        reads.incrementAndGet();
                        if (sum != total) {
                            violations.add("a snapshot saw a total of " + sum);
                        }
                    }
                }
                return null;
            }));
        }
        // run until enough transfers and snapshot reads have happened to exercise the invariant, however slow the machine
        long started = System.nanoTime();
        try {
            Awaits.until(Duration.ofMinutes(3), () -> committed.get() >= 100 && reads.get() >= 40 || !violations.isEmpty()
                    || tasks.stream().anyMatch(Future::isDone),
                    () -> "only " + committed.get() + " transfers and " + reads.get() + " reads in 3 minutes");
        } finally {
            stop.set(true);
        }
        for (Future<?> f : tasks) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdownNow();
        assertEquals(List.of(), violations);
        try (Connection c = connect(2); Statement s = c.createStatement()) {
            assertEquals(total, scalar(s, "select sum(balance) from bank"));
            assertEquals(committed.get(), scalar(s, "select count(*) from bank_history"));
            for (int id = 1; id <= accounts; id++) {
                long expected = initial - scalar(s, "select coalesce(sum(amount), 0) from bank_history where src = " + id)
                        + scalar(s, "select coalesce(sum(amount), 0) from bank_history where dst = " + id);
                assertEquals(expected, scalar(s, "select balance from bank where id = " + id), "account " + id);
            }
        }
        System.out.printf("bank: %d transfers committed, %d total reads in %d ms%n", committed.get(), reads.get(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }
}
