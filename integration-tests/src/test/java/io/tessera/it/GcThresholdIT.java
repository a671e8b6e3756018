package io.tessera.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The background purge and old_snapshot_threshold, on a one-coordinator, one-datanode cluster whose threshold is
 * one second and whose datanode purges as often as it may: versions are purged without VACUUM, and a REPEATABLE
 * READ snapshot held past the threshold reads its own values until garbage collection overtakes it, then gets
 * 72000 "snapshot too old" — never different values.
 */
class GcThresholdIT {
    private static ProcessCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = GcIT.start(1, 1, gc -> {
            gc.autovacuum = true;
            gc.naptimeMs = 100;
            gc.vacuumThreshold = 0; // every purge walks once anything was written
            gc.vacuumScaleFactor = 0;
            gc.reportIntervalMs = 100;
            gc.oldSnapshotThresholdMs = 1000;
        });
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static Connection connect() throws SQLException {
        return DriverManager.getConnection(cluster.jdbcUrl(1));
    }

    @Test
    void theBackgroundPurgeRemovesOldVersionsWithoutVacuum() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("create table t_bg(id int primary key, v int)");
            s.execute("insert into t_bg select g, 0 from generate_series(1, 500) g");
            for (int i = 0; i < 3; i++) {
                s.executeUpdate("update t_bg set v = v + 1");
            }
            long dead = -1;
            for (int poll = 0; poll < 10_000 && dead != 0; poll++) { // the purge thread catches up within a few naptimes
                dead = GcIT.scalar(s, "select sum(dead_versions) from pg_catalog.pgxc_stat_gc");
            }
            assertEquals(0, dead, "the background purge left old versions");
            assertEquals(1500, GcIT.scalar(s, "select sum(v) from t_bg"));
            assertTrue(GcIT.scalar(s, "select sum(versions_purged) from pg_catalog.pgxc_stat_gc") >= 1500);
        }
    }

    @Test
    void aSnapshotOverTakenByGcGetsSnapshotTooOldNeverOtherValues() throws Exception {
        try (Connection a = connect(); Connection b = connect(); Statement sa = a.createStatement();
                Statement sb = b.createStatement()) {
            sb.execute("create table t_old(id int primary key, v int)");
            sb.execute("insert into t_old select g, 0 from generate_series(1, 50) g");
            sa.execute("begin isolation level repeatable read");
            assertEquals(0, GcIT.scalar(sa, "select sum(v) from t_old"));
            SQLException tooOld = null;
            for (int i = 1; tooOld == null && i <= 5_000; i++) {
                // keep making garbage; once the snapshot is older than the threshold, GC passes it
                sb.executeUpdate("update t_old set v = v + 1");
                sb.execute("vacuum t_old");
                try {
                    assertEquals(0, GcIT.scalar(sa, "select sum(v) from t_old"), "round " + i);
                } catch (SQLException e) {
                    tooOld = e;
                }
            }
            assertTrue(tooOld != null, "garbage collection never overtook a snapshot past old_snapshot_threshold");
            assertEquals("72000", tooOld.getSQLState(), tooOld.getMessage());
            assertTrue(tooOld.getMessage().contains("snapshot too old"), tooOld.getMessage());
            sa.execute("rollback");
            sa.execute("begin isolation level repeatable read");
            assertTrue(GcIT.scalar(sa, "select sum(v) from t_old") > 0, "a new snapshot reads the new values");
            sa.execute("commit");
        }
    }
}
