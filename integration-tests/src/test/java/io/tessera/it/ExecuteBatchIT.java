package io.tessera.it;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * pgjdbc's {@code executeBatch} of single-row INSERTs, whose executions the coordinator defers and writes with one
 * request per datanode at the next Sync (issue 10), on Tessera and on a reference PostgreSQL 15 given the same
 * batches: the same update counts, the same failing entry (pgjdbc counts the CommandCompletes before the error),
 * the same SQLSTATE, and the same rows stored afterwards — in a transaction and in autocommit (where pgjdbc's own
 * Sync every few hundred statements commits the batch in parts), for errors found by the datanodes (duplicate keys,
 * within the batch and against stored rows) and by the coordinator (NOT NULL, CHECK, a bad value), and with reads
 * and other statements between deferred ones.
 */
class ExecuteBatchIT {
    @RegisterExtension
    static final Differential DB = new Differential(1, 2);

    /** The update counts, or for a failed batch how many entries succeeded, the failing entry and SQLSTATE. */
    private static String batch(PreparedStatement ps) {
        try {
            int[] counts = ps.executeBatch();
            return "ok " + counts.length + " " + Arrays.stream(counts).sum();
        } catch (BatchUpdateException e) {
            String message = e.getMessage();
            String entry = message.startsWith("Batch entry ") ? message.substring(0, message.indexOf(' ', 12)) : "?";
            SQLException next = e.getNextException();
            return "failed after " + e.getUpdateCounts().length + " at " + entry + " " + e.getSQLState()
                    + (next == null ? "" : " " + next.getSQLState());
        } catch (SQLException e) {
            return "error " + e.getSQLState();
        }
    }

    private static String contents(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*), coalesce(sum(k), 0), coalesce(sum(v), 0) from "
                        + table)) {
            rs.next();
            return rs.getLong(1) + "/" + rs.getLong(2) + "/" + rs.getLong(3);
        }
    }

    /** Adds rows k = keys[i], v = i to the batch. */
    private static void add(PreparedStatement ps, int... keys) throws SQLException {
        for (int i = 0; i < keys.length; i++) {
            ps.setInt(1, keys[i]);
            ps.setInt(2, i);
            ps.addBatch();
        }
    }

    private static int[] range(int from, int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = from + i;
        }
        return out;
    }

    @Test
    void batchesInATransaction() throws Exception {
        DB.same(c -> {
            List<String> out = new ArrayList<>();
            try (Statement s = c.createStatement()) {
                s.execute("create table eb_txn (k int primary key, v int not null check (v < 5000))");
            }
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("insert into eb_txn values (?, ?)")) {
                add(ps, range(1, 2000));
                out.add(batch(ps));
                out.add(contents(c, "eb_txn")); // a read after deferred rows sees them
                int[] keys = range(5000, 600);
                keys[450] = 5010; // a duplicate within the batch, in its second Sync group
                add(ps, keys);
                out.add(batch(ps));
            }
            c.rollback();
            out.add(contents(c, "eb_txn"));
            try (PreparedStatement ps = c.prepareStatement("insert into eb_txn values (?, ?)")) {
                add(ps, range(1, 300));
                out.add(batch(ps));
                c.commit();
                int[] keys = range(1000, 400);
                keys[120] = 7; // stored already
                add(ps, keys);
                out.add(batch(ps));
                c.rollback();
            }
            out.add(contents(c, "eb_txn"));
            return String.join(" / ", out);
        });
    }

    @Test
    void batchesInAutocommitCommitInParts() throws Exception {
        DB.same(c -> {
            List<String> out = new ArrayList<>();
            try (Statement s = c.createStatement()) {
                s.execute("create table eb_auto (k int primary key, v int not null check (v < 5000))");
            }
            try (PreparedStatement ps = c.prepareStatement("insert into eb_auto values (?, ?)")) {
                add(ps, range(1, 3000));
                out.add(batch(ps));
                out.add(contents(c, "eb_auto"));
                int[] keys = range(10000, 1000);
                keys[700] = 10003; // pgjdbc has sent Syncs before it: the earlier parts are committed
                add(ps, keys);
                out.add(batch(ps));
                out.add(contents(c, "eb_auto"));
                keys = range(20000, 300);
                keys[40] = 10; // stored
                add(ps, keys);
                out.add(batch(ps));
                out.add(contents(c, "eb_auto"));
            }
            return String.join(" / ", out);
        });
    }

    /**
     * Errors the coordinator finds while deferring (NOT NULL, CHECK, a value out of range) come after any error of
     * an earlier deferred row, and an error in a later row leaves the earlier rows' count and failure as PostgreSQL's.
     */
    @Test
    void coordinatorErrorsComeInTheirOrder() throws Exception {
        DB.same(c -> {
            List<String> out = new ArrayList<>();
            try (Statement s = c.createStatement()) {
                s.execute("create table eb_err (k int primary key, v int not null check (v < 5000), w smallint)");
                s.execute("insert into eb_err values (3, 0, 0)");
            }
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("insert into eb_err values (?, ?, ?)")) {
                for (int[] spec : new int[][] {{3, 10}, {200, 100}, {-1, 50}}) { // duplicate at, bad row at
                    for (int i = 0; i < 150; i++) {
                        ps.setInt(1, i == spec[0] ? 3 : 100 + i);
                        if (i == spec[1]) {
                            ps.setNull(2, java.sql.Types.INTEGER);
                        } else {
                            ps.setInt(2, i);
                        }
                        ps.setInt(3, i == spec[1] + 5 ? 70000 : i);
                        ps.addBatch();
                    }
                    out.add(batch(ps));
                    c.rollback();
                }
                for (int i = 0; i < 100; i++) {
                    ps.setInt(1, 500 + i);
                    ps.setInt(2, i == 60 ? 6000 : i);
                    ps.setInt(3, i == 70 ? 70000 : 1);
                    ps.addBatch();
                }
                out.add(batch(ps));
                c.rollback();
            }
            out.add(contents(c, "eb_err"));
            return String.join(" / ", out);
        });
    }

    /** Different statements in one batch, and SELECTs between one transaction's INSERTs: each sees the rows before. */
    @Test
    void otherStatementsBetweenDeferredInserts() throws Exception {
        DB.same(c -> {
            List<String> out = new ArrayList<>();
            try (Statement s = c.createStatement()) {
                s.execute("create table eb_mix (k int primary key, v int)");
                s.execute("create table eb_mix2 (k int primary key, v int)");
            }
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                for (int i = 0; i < 50; i++) {
                    s.addBatch("insert into eb_mix values (" + i + ", " + i + ")");
                    s.addBatch("insert into eb_mix2 values (" + i + ", " + (i * 2) + ")");
                    if (i % 10 == 0) {
                        s.addBatch("update eb_mix set v = v + 1 where k <= " + i);
                    }
                }
                out.add("counts " + Arrays.stream(s.executeBatch()).sum());
            }
            try (PreparedStatement ins = c.prepareStatement("insert into eb_mix values (?, ?)");
                    PreparedStatement sel = c.prepareStatement("select count(*), sum(v) from eb_mix where k >= ?")) {
                for (int i = 100; i < 110; i++) {
                    ins.setInt(1, i);
                    ins.setInt(2, i);
                    ins.executeUpdate();
                    sel.setInt(1, 100);
                    try (ResultSet rs = sel.executeQuery()) {
                        rs.next();
                        out.add(rs.getLong(1) + ":" + rs.getLong(2));
                    }
                }
            }
            c.commit();
            out.add(contents(c, "eb_mix"));
            out.add(contents(c, "eb_mix2"));
            return String.join(" / ", out);
        });
    }
}
