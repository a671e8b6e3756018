package io.tessera.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Secondary indexes on a two-coordinator, two-datanode cluster: CREATE/DROP INDEX, names, errors and the catalogs,
 * index scans, unique indexes, each statement's rows or SQLSTATE compared with a reference PostgreSQL 15 running the
 * same script; EXPLAIN shows the index scan; an online build while four sessions write.
 */
class IndexIT {
    @RegisterExtension
    static final Differential DB = new Differential(2, 2);

    private static String explain(String sql) throws SQLException {
        try (Connection t = DriverManager.getConnection(DB.cluster().jdbcUrl(1)); Statement s = t.createStatement();
                ResultSet rs = s.executeQuery("explain " + sql)) {
            StringBuilder out = new StringBuilder();
            while (rs.next()) {
                out.append(rs.getString(1)).append('\n');
            }
            return out.toString();
        }
    }

    @Test
    void createAndDropBehaveAsPostgres() throws SQLException {
        DB.sameOutcomes(
                "create table it (a int, b text, c int, d date)",
                "create index on it (a)",
                "create index on it (a)",
                "create index on it (a, b)",
                "create index on it (b) include (c)",
                "create index it_named on it using btree (c desc, d nulls first)",
                "create index it_named on it (a)",
                "create index if not exists it_named on it (a)",
                "create index it on it (a)",
                "create index x1 on it (nosuch)",
                "create index x2 on it (a) include (nosuch)",
                "create index x3 on nosuch (a)",
                "create index x4 on it using nosuch (a)",
                "select indexname, indexdef from pg_indexes where tablename = 'it' order by indexname",
                "select c.relname, c.relkind, c.relnatts, i.indnatts, i.indnkeyatts, i.indisunique, i.indisvalid"
                        + " from pg_class c join pg_index i on i.indexrelid = c.oid"
                        + " where i.indrelid = 'it'::regclass order by c.relname",
                "select pg_get_indexdef('it_named'::regclass), pg_get_indexdef('it_named'::regclass, 1, true),"
                        + " pg_get_indexdef('it_named'::regclass, 2, true)",
                "select relhasindex from pg_class where relname = 'it'",
                "drop index it_a_idx1, it_a_b_idx",
                "drop index it_a_idx1",
                "drop index if exists it_a_idx1",
                "drop index it",
                "drop index concurrently it_named",
                "select indexname from pg_indexes where tablename = 'it' order by indexname",
                "begin",
                "create index concurrently on it (c)",
                "rollback",
                "drop table it",
                "select count(*) from pg_indexes where tablename = 'it'",
                "select count(*) from pg_class where relname like 'it_%idx%'");
    }

    @Test
    void indexScansReturnWhatPostgresReturns() throws SQLException {
        List<String> script = new ArrayList<>(List.of(
                "create table sc (k int primary key, a int, b text, c bigint, d int)",
                "insert into sc select g, g % 17, 'b' || (g % 5), g * 3, g / 10 from generate_series(1, 400) g",
                "insert into sc values (401, null, null, null, null), (402, null, 'b1', 7, null)",
                "create index sc_a on sc (a)",
                "create index sc_b_c on sc (b desc nulls last, c)",
                "create index sc_c_desc on sc (c desc)",
                "create index sc_d on sc (d)"));
        List<String> queries = List.of(
                "select k from sc where a = 3 order by k",
                "select k from sc where a in (1, 5, 16) order by k",
                "select k from sc where a >= 4 and a < 6 order by k",
                "select k from sc where a > 15 and a <= 100 order by k",
                "select k, c from sc where b = 'b1' order by k",
                "select k from sc where b = 'b2' and c = 6 order by k",
                "select k from sc where b = 'b3' and c > 500 and c < 700 order by k",
                "select k from sc where c >= 1100 and c <= 1150 order by k",
                "select k from sc where c in (3, 30, 300, 3000) order by k",
                "select k from sc where d >= 3 and d < 5 order by k",
                "select k from sc where d between 38 and 45 order by k",
                "select k from sc where a is null order by k",
                "select count(*) from sc where a = 0",
                "select k from sc where a = 100 order by k",
                // ~120 rows from each datanode: more than a lookup's unary Read answers (LookupRead.ROWS), so each
                // datanode's part is read again with a Scan stream; every row still comes back once
                "select k, b from sc where a in (0, 1, 2, 3, 4, 5, 6, 7, 8, 9) order by k",
                "select k from sc where a between 2 and 12 and d < 30 order by k");
        script.addAll(queries);
        script.addAll(List.of(
                "update sc set a = a + 100 where k % 7 = 0",
                "delete from sc where k % 11 = 0",
                "update sc set b = 'b9', c = -c where k between 50 and 60",
                "begin",
                "update sc set a = 3 where k between 100 and 120",
                "insert into sc values (500, 3, 'b1', 7, null)",
                // a lookup inside the block sees the block's own writes, on both datanodes
                "select k from sc where a = 3 order by k",
                "select k from sc where a in (1, 2, 3, 4, 5, 6) order by k",
                "rollback",
                "begin",
                "insert into sc values (501, 3, 'b1', 7, null)",
                "savepoint s1",
                "update sc set a = 5 where k = 501",
                "insert into sc values (502, 3, 'b2', 6, null)",
                "rollback to savepoint s1",
                "update sc set a = 16 where k = 1",
                "commit"));
        script.addAll(queries);
        script.addAll(List.of(
                "select k from sc where a >= 100 order by k",
                "select k from sc where b = 'b9' order by k",
                "select k from sc where c < 0 and c > -200 order by k"));
        DB.sameOutcomes(script.toArray(String[]::new));
        assertTrue(explain("select k from sc where a = 3").contains("Index Scan using sc_a on sc"),
                () -> "no index scan: " + explainQuietly("select k from sc where a = 3"));
        assertTrue(explain("select k from sc where b = 'b1' and c = 7").contains("Index Scan using sc_b_c on sc"));
        assertTrue(explain("select k from sc where k = 3").contains("Seq Scan on sc"));
        assertTrue(explain("select k from sc where c > 3").contains("Seq Scan on sc"));
    }

    private static String explainQuietly(String sql) {
        try {
            return explain(sql);
        } catch (SQLException e) {
            return e.toString();
        }
    }

    @Test
    void uniqueIndexesBehaveAsPostgres() throws SQLException {
        // uq is distributed by its first column, a: every unique key here contains it
        DB.sameOutcomes(
                "create table uq (a int, b int, c text) ",
                "insert into uq select g, g % 10, 'c' || g from generate_series(1, 50) g",
                "create unique index uq_a on uq (a)",
                "create unique index uq_a_b on uq (a, b desc)",
                "insert into uq values (5, 1, 'dup')",
                "insert into uq values (51, 1, 'new'), (52, 2, 'new')",
                "insert into uq values (53, 1, 'x'), (53, 2, 'y')",
                "insert into uq values (null, 1, 'n1'), (null, 1, 'n2')",
                "update uq set b = b + 100, c = 'u' where a between 3 and 6",
                "delete from uq where a = 8",
                "insert into uq values (8, 1, 'again')",
                "begin",
                "delete from uq where a = 9",
                "insert into uq values (9, 1, 'replaced')",
                "commit",
                "begin",
                "insert into uq values (60, 1, 'rolled back')",
                "rollback",
                "insert into uq values (60, 1, 'after rollback')",
                "begin",
                "savepoint s",
                "insert into uq values (61, 1, 'to savepoint')",
                "rollback to savepoint s",
                "insert into uq values (61, 2, 'after savepoint')",
                "commit",
                "select a, b, c from uq where a in (3, 7, 8, 9, 60, 61) order by a",
                "select count(*) from uq where a is null",
                "create table uq2 (a int, b int)",
                "insert into uq2 values (1, 1), (2, 2), (2, 3), (null, 4), (null, 5)",
                "create unique index uq2_a on uq2 (a)",
                "select count(*) from pg_indexes where tablename = 'uq2'",
                "delete from uq2 where b = 3",
                "create unique index uq2_a on uq2 (a)",
                "insert into uq2 values (2, 6)",
                "select indexdef from pg_indexes where indexname like 'uq%' order by indexname");
        try (Connection t = DriverManager.getConnection(DB.cluster().jdbcUrl(1)); Statement s = t.createStatement()) {
            s.execute("create table uq_dist (a int, b int) distribute by hash(a)");
            try {
                s.execute("create unique index on uq_dist (b)");
                throw new AssertionError("a unique index without the distribution column was accepted");
            } catch (SQLException e) {
                assertEquals("0A000", e.getSQLState(), e.getMessage());
            }
            try {
                s.execute("insert into uq values (5, 3, 'again')");
                throw new AssertionError("duplicate accepted");
            } catch (SQLException e) {
                assertEquals("23505", e.getSQLState());
                assertTrue(e.getMessage().contains("duplicate key value violates unique constraint \"uq_a\"")
                        && e.getMessage().contains("Key (a)=(5) already exists."), e.getMessage());
            }
            s.execute("create table uq_rep (a int, b int) distribute by replication");
            s.execute("create unique index on uq_rep (b)");
            s.execute("insert into uq_rep values (1, 1)");
            try {
                s.execute("insert into uq_rep values (2, 1)");
                throw new AssertionError("duplicate accepted on a replicated table");
            } catch (SQLException e) {
                assertEquals("23505", e.getSQLState());
            }
        }
        // the unique check of one coordinator's writer sees the other coordinator's
        try (Connection t2 = DriverManager.getConnection(DB.cluster().jdbcUrl(2)); Statement s = t2.createStatement()) {
            try {
                s.execute("insert into uq values (51, 0, 'other coordinator')");
                throw new AssertionError("duplicate accepted on coordinator 2");
            } catch (SQLException e) {
                assertEquals("23505", e.getSQLState());
            }
        }
    }

    /**
     * CREATE INDEX on a filled table while four sessions insert and update it: afterwards reading through the index
     * returns exactly the rows a full scan returns, for every value.
     */
    @Test
    void onlineBuildWhileSessionsWrite() throws Exception {
        try (Connection c = DriverManager.getConnection(DB.cluster().jdbcUrl(1)); Statement s = c.createStatement()) {
            s.execute("create table ob (k int primary key, v int, w text)");
            s.execute("insert into ob select g, g % 97, 'w' from generate_series(1, 20000) g");
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong writes = new AtomicLong();
        AtomicLong nextKey = new AtomicLong(100_000);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int coordinator = 1 + w % 2;
            writers.add(pool.submit(() -> {
                try (Connection c = DriverManager.getConnection(DB.cluster().jdbcUrl(coordinator));
                        Statement s = c.createStatement()) {
                    ThreadLocalRandom r = ThreadLocalRandom.current();
                    while (!stop.get()) {
                        try {
                            if (r.nextBoolean()) {
                                s.execute("insert into ob values (" + nextKey.incrementAndGet() + ", "
                                        + r.nextInt(97) + ", 'new')");
                            } else {
                                s.execute("update ob set v = " + r.nextInt(97) + " where k = " + (1 + r.nextInt(20000)));
                            }
                            writes.incrementAndGet();
                        } catch (SQLException e) {
                            if (!"40T01".equals(e.getSQLState()) && !"40001".equals(e.getSQLState())
                                    && !"40P01".equals(e.getSQLState())) {
                                throw e;
                            }
                        }
                    }
                }
                return null;
            }));
        }
        long before;
        try (Connection c = DriverManager.getConnection(DB.cluster().jdbcUrl(1)); Statement s = c.createStatement()) {
            Awaits.until(java.time.Duration.ofSeconds(60), () -> writes.get() > 50, () -> "writers running");
            before = writes.get();
            s.execute("create index ob_v on ob (v)");
            long during = writes.get() - before;
            Awaits.until(java.time.Duration.ofSeconds(60), () -> writes.get() > before + during + 50,
                    () -> "writers still running after the build");
        } finally {
            stop.set(true);
            pool.shutdown();
            assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
        }
        for (Future<?> f : writers) {
            f.get();
        }
        try (Connection c = DriverManager.getConnection(DB.cluster().jdbcUrl(2)); Statement s = c.createStatement()) {
            assertTrue(explain("select k from ob where v = 5").contains("Index Scan using ob_v"));
            for (int v = 0; v < 97; v++) {
                String viaIndex = Differential.outcome(s, "select k from ob where v = " + v + " order by k");
                String full = Differential.outcome(s, "select k from ob where v + 0 = " + v + " order by k");
                assertEquals(full, viaIndex, "v = " + v);
            }
            assertEquals(Differential.outcome(s, "select count(*) from ob"),
                    Differential.outcome(s, "select count(*) from ob where v >= 0 and v < 97"));
        }
    }
}
