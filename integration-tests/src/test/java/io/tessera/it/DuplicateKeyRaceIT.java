package io.tessera.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;

/**
 * The primary-key check under a coordinator's pipelined writes (issue 10): an INSERT, COPY or batch sends its rows
 * to each datanode in batches of 1,000 with up to 8 batches of one statement in flight, so two batches carrying one
 * key may be checked on a datanode at the same time. Whatever the path, a repeated key must raise 23505 and leave
 * nothing of the statement, and a statement that reports n rows must have stored n rows. The deterministic cases
 * run on Tessera and on a reference PostgreSQL 15 and compare the outcomes; the concurrent ones check the
 * invariant (reported rows = stored rows, no key twice) on Tessera.
 */
class DuplicateKeyRaceIT {
    @RegisterExtension
    static final Differential DB = new Differential(1, 2);

    /** The update count of {@code sql}, or its SQLSTATE. */
    private static String outcome(Statement s, String sql) {
        try {
            return "count " + s.executeUpdate(sql);
        } catch (SQLException e) {
            return "error " + e.getSQLState();
        }
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** count(*), count(distinct k) and sum(v) of {@code table}, as text. */
    private static String contents(Statement s, String table) throws SQLException {
        try (ResultSet rs = s.executeQuery("select count(*), count(distinct k), sum(v) from " + table)) {
            rs.next();
            return rs.getLong(1) + "/" + rs.getLong(2) + "/" + rs.getString(3);
        }
    }

    /**
     * INSERT ... SELECT whose keys repeat several batches apart (and at the very end, and just one batch apart):
     * 23505 every time, and the table stays empty.
     */
    @Test
    void insertSelectWithAKeyRepeatedAcrossBatchesIsADuplicate() throws Exception {
        DB.same(c -> {
            List<String> out = new ArrayList<>();
            try (Statement s = c.createStatement()) {
                s.execute("create table dk_sel (k int primary key, v int)");
                for (String source : List.of(
                        "select g % 5000, g from generate_series(1, 12000) g",
                        "select g % 1500, g from generate_series(1, 4000) g",
                        "select case when g = 19999 then 7 else g end, g from generate_series(1, 20000) g",
                        "select case when g > 10000 then 20001 - g else g end, g from generate_series(1, 10001) g")) {
                    out.add(outcome(s, "insert into dk_sel " + source));
                    out.add(contents(s, "dk_sel"));
                }
            }
            return String.join(" / ", out);
        });
    }

    /** COPY FROM STDIN of rows whose keys repeat far apart: 23505, nothing stored. */
    @Test
    void copyWithAKeyRepeatedAcrossBatchesIsADuplicate() throws Exception {
        DB.same(c -> {
            List<String> out = new ArrayList<>();
            try (Statement s = c.createStatement()) {
                s.execute("create table dk_copy (k int primary key, v int)");
                for (int distance : new int[] {3000, 9000}) {
                    StringBuilder data = new StringBuilder();
                    for (int i = 0; i < 12000; i++) {
                        data.append(i % distance).append('\t').append(i).append('\n');
                    }
                    try {
                        long n = c.unwrap(PGConnection.class).getCopyAPI()
                                .copyIn("copy dk_copy from stdin", new StringReader(data.toString()));
                        out.add("count " + n);
                    } catch (SQLException e) {
                        out.add("error " + e.getSQLState());
                    }
                    out.add(contents(s, "dk_copy"));
                }
            }
            return String.join(" / ", out);
        });
    }

    /**
     * One multi-row VALUES and one pgjdbc executeBatch (in autocommit: one implicit transaction up to the Sync),
     * each with its first key repeated as its last: 23505, and nothing of either stays.
     */
    @Test
    void valuesAndExecuteBatchWithAKeyRepeatedAreDuplicates() throws Exception {
        DB.same(c -> {
            List<String> out = new ArrayList<>();
            try (Statement s = c.createStatement()) {
                s.execute("create table dk_val (k int primary key, v int)");
                StringBuilder values = new StringBuilder("insert into dk_val values ");
                for (int i = 0; i < 1500; i++) { // more constants than are lifted into parameters
                    values.append(i == 0 ? "" : ", ").append('(').append(i).append(", ").append(i).append(')');
                }
                values.append(", (0, -1)");
                out.add(outcome(s, values.toString()));
                out.add(contents(s, "dk_val"));
                try (PreparedStatement ps = c.prepareStatement("insert into dk_val values (?, ?)")) {
                    for (int i = 0; i < 3000; i++) {
                        ps.setInt(1, i == 2999 ? 5 : i);
                        ps.setInt(2, i);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                    out.add("batch ok");
                } catch (SQLException e) {
                    out.add("batch error " + e.getSQLState());
                }
                out.add(contents(s, "dk_val"));
            }
            return String.join(" / ", out);
        });
    }

    /**
     * A failed INSERT ... SELECT inside a transaction, rolled back to a savepoint: the batches it still had in flight
     * when the duplicate was found must not land after the rollback, so only the row before the savepoint commits.
     */
    @Test
    void aFailedInsertRolledBackToASavepointLeavesNothing() throws Exception {
        DB.same(c -> {
            List<String> out = new ArrayList<>();
            try (Statement s = c.createStatement()) {
                s.execute("create table dk_sp (k int primary key, v int)");
                c.setAutoCommit(false);
                s.execute("insert into dk_sp values (1, 0)");
                for (int round = 0; round < 3; round++) {
                    s.execute("savepoint sp");
                    out.add(outcome(s, "insert into dk_sp select g, g from generate_series(1, 30000) g"));
                    s.execute("rollback to savepoint sp");
                    out.add(contents(s, "dk_sp"));
                }
                c.commit();
                c.setAutoCommit(true);
                out.add(contents(s, "dk_sp"));
            }
            return String.join(" / ", out);
        });
    }

    /**
     * ON CONFLICT with keys repeated across batches of one statement: DO NOTHING inserts each key once and reports
     * exactly the rows stored; DO UPDATE meeting a key the statement wrote itself is 21000 and leaves nothing.
     */
    @Test
    void onConflictWithKeysRepeatedAcrossBatches() throws Exception {
        DB.same(c -> {
            List<String> out = new ArrayList<>();
            try (Statement s = c.createStatement()) {
                s.execute("create table dk_oc (k int primary key, v int)");
                s.execute("insert into dk_oc select g * 7, 0 from generate_series(1, 500) g");
                out.add(outcome(s, "insert into dk_oc select g % 4000, g from generate_series(1, 15000) g"
                        + " on conflict do nothing"));
                out.add(contents(s, "dk_oc"));
                out.add(outcome(s, "insert into dk_oc select g % 6000 + 10000, 1 from generate_series(1, 13000) g"
                        + " on conflict (k) do update set v = dk_oc.v + excluded.v"));
                out.add(contents(s, "dk_oc"));
                out.add(outcome(s, "insert into dk_oc select g, 1 from generate_series(3000, 9000) g"
                        + " on conflict (k) do update set v = dk_oc.v + 10"));
                out.add(contents(s, "dk_oc"));
            }
            return String.join(" / ", out);
        });
    }

    /**
     * Sessions insert overlapping key ranges at once, each statement with thousands of rows (many batches per
     * datanode), plain and ON CONFLICT DO NOTHING: every plain statement either stores all its rows or fails
     * (23505; or 40P01, for either kind, where two of them wait for each other's keys, as in PostgreSQL), no key is
     * stored twice, and the rows reported add up to the rows stored.
     */
    @Test
    void concurrentStatementsInsertingTheSameKeysReportWhatTheyStored() throws Exception {
        int sessions = 4;
        for (boolean doNothing : new boolean[] {false, true}) {
            String table = doNothing ? "dk_conc_dn" : "dk_conc";
            try (Connection c = DriverManager.getConnection(DB.cluster().jdbcUrl(1)); Statement s = c.createStatement()) {
                s.execute("create table " + table + " (k int primary key, v int)");
            }
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(sessions);
            long reported = 0;
            try {
                List<Future<Long>> results = new ArrayList<>();
                for (int t = 0; t < sessions; t++) {
                    int session = t;
                    results.add(pool.submit(() -> {
                        long mine = 0;
                        try (Connection own = DriverManager.getConnection(DB.cluster().jdbcUrl(1));
                                Statement s = own.createStatement()) {
                            go.await();
                            for (int round = 0; round < 3; round++) {
                                int from = (session * 2500 + round * 4000) % 12000;
                                String sql = "insert into " + table + " select g % 12000, " + session
                                        + " from generate_series(" + from + ", " + (from + 5999) + ") g"
                                        + (doNothing ? " on conflict do nothing" : "");
                                try {
                                    int n = s.executeUpdate(sql);
                                    if (!doNothing) {
                                        assertEquals(6000, n, sql);
                                    }
                                    mine += n;
                                } catch (SQLException e) {
                                    assertTrue(e.getSQLState().equals("40P01")
                                            || !doNothing && e.getSQLState().equals("23505"),
                                            sql + ": " + e.getSQLState() + " " + e.getMessage());
                                }
                            }
                        }
                        return mine;
                    }));
                }
                go.countDown();
                for (Future<Long> f : results) {
                    reported += f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            try (Connection c = DriverManager.getConnection(DB.cluster().jdbcUrl(1)); Statement s = c.createStatement()) {
                assertEquals(reported, count(s, "select count(*) from " + table), "rows reported vs stored");
                assertEquals(reported, count(s, "select count(distinct k) from " + table), "a key stored twice");
                assertTrue(reported > 0, "no statement succeeded");
            }
        }
    }
}
