package io.tessera.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.config.ClusterConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MVCC garbage collection and VACUUM on a two-coordinator, two-datanode cluster with the background purge off, so
 * that only VACUUM purges and the counts of {@code pgxc_stat_gc} are exact: a REPEATABLE READ snapshot keeps
 * reading its values through updates and VACUUMs run through the other coordinator; VACUUM removes every version a
 * snapshot can no longer see, tombstones included; VACUUM refuses to run in a transaction block (25001), as
 * PostgreSQL does. {@link GcThresholdIT} covers the background purge and "snapshot too old".
 */
class GcIT {
    private static ProcessCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = start(2, 2, gc -> {
            gc.autovacuum = false;
            gc.reportIntervalMs = 200;
        });
    }

    /** Initializes a cluster, adjusts its GC settings in the cluster file, starts it. */
    static ProcessCluster start(int coordinators, int datanodes, java.util.function.Consumer<ClusterConfig.GcConfig> gc) {
        ProcessCluster pc = ProcessCluster.init(coordinators, datanodes);
        try {
            ClusterConfig c = ClusterConfig.load(pc.home());
            gc.accept(c.gc);
            c.save(pc.home());
            pc.start();
        } catch (IOException e) {
            pc.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            pc.close();
            throw e;
        }
        return pc;
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

    /** Versions on all datanodes other than each key's newest (exact counts from pgxc_stat_gc). */
    static long deadVersions(Statement s) throws SQLException {
        return scalar(s, "select sum(dead_versions) from pg_catalog.pgxc_stat_gc");
    }

    @Test
    void aRepeatableReadSnapshotKeepsItsValuesThroughUpdatesAndVacuum() throws Exception {
        try (Connection a = connect(1); Connection b = connect(2); Statement sa = a.createStatement();
                Statement sb = b.createStatement()) {
            sb.execute("create table t_rr(id int primary key, v int)");
            sb.execute("insert into t_rr select g, 0 from generate_series(1, 200) g");
            sb.execute("vacuum");
            sa.execute("begin isolation level repeatable read");
            assertEquals(0, scalar(sa, "select sum(v) from t_rr"), "the snapshot is taken here");
            for (int i = 1; i <= 5; i++) {
                assertEquals(200, sb.executeUpdate("update t_rr set v = v + 1"));
                sb.execute("vacuum t_rr");
                assertEquals(0, scalar(sa, "select sum(v) from t_rr"), "after burst " + i);
            }
            sb.execute("delete from t_rr where id <= 100");
            sb.execute("vacuum");
            assertEquals(200, scalar(sa, "select count(*) from t_rr"), "deleted rows are still there for the snapshot");
            assertEquals(0, scalar(sa, "select sum(v) from t_rr"));
            // each key keeps the version the snapshot reads and everything newer: 5 updates (+1 tombstone for half)
            assertEquals(200 * 5 + 100, deadVersions(sb));
            sa.execute("commit");
            sb.execute("vacuum");
            assertEquals(0, deadVersions(sb), "with the snapshot gone, only each key's newest version is left");
            assertEquals(100, scalar(sb, "select sum(live_keys) from pg_catalog.pgxc_stat_gc"),
                    "the deleted keys are gone with their tombstones");
            assertEquals(100 * 5, scalar(sb, "select sum(v) from t_rr"));
            sb.execute("drop table t_rr");
        }
    }

    @Test
    void vacuumPurgesEveryVersionNoSnapshotCanSee() throws Exception {
        try (Connection a = connect(1); Statement s = a.createStatement()) {
            s.execute("create table t_purge(id int, v int)");
            s.execute("insert into t_purge select g, 0 from generate_series(1, 1000) g");
            s.execute("vacuum");
            long purgedBefore = scalar(s, "select sum(versions_purged) from pg_catalog.pgxc_stat_gc");
            for (int i = 0; i < 3; i++) {
                assertEquals(1000, s.executeUpdate("update t_purge set v = v + 1"));
            }
            assertEquals(3000, deadVersions(s), "autovacuum is off: every old version is still stored");
            s.execute("vacuum (verbose) t_purge");
            assertEquals(0, deadVersions(s));
            assertEquals(purgedBefore + 3000, scalar(s, "select sum(versions_purged) from pg_catalog.pgxc_stat_gc"));
            assertEquals(1000, scalar(s, "select count(*) from t_purge where v = 3"));
            assertEquals(2, scalar(s, "select count(*) from pg_catalog.pgxc_stat_gc where gc_horizon > 0"),
                    "both datanodes purged and recorded their horizon");
            s.execute("drop table t_purge");
        }
    }

    @Test
    void vacuumCannotRunInsideATransactionBlock() throws Exception {
        try (Connection a = connect(2); Statement s = a.createStatement()) {
            s.execute("begin");
            SQLException e = assertThrows(SQLException.class, () -> s.execute("vacuum"));
            assertEquals("25001", e.getSQLState());
            assertTrue(e.getMessage().contains("VACUUM cannot run inside a transaction block"), e.getMessage());
            SQLException aborted = assertThrows(SQLException.class, () -> s.execute("select 1"));
            assertEquals("25P02", aborted.getSQLState(), "the error fails the block, as in PostgreSQL");
            s.execute("rollback");
            SQLException missing = assertThrows(SQLException.class, () -> s.execute("vacuum no_such_table"));
            assertEquals("42P01", missing.getSQLState());
            s.execute("vacuum"); // and outside a block it runs
        }
    }
}
