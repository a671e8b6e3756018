package io.tessera.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.config.ClusterConfig;
import io.tessera.coordinator.catalog.CatalogStore;
import io.tessera.coordinator.catalog.Distribution;
import io.tessera.coordinator.catalog.TableDef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Redistributions whose processes are SIGKILLed mid-job, each stopped first at a failpoint so the phase is known: a
 * target datanode with the rows received and not yet ingested; the coordinator during the copy and during a
 * catch-up round; a source datanode during the copy and during a catch-up round. Each time the ALTER fails, the
 * table stays whole in its old layout and writable, no job znode, job file or key of the new layout remains once
 * the node is back (a coordinator's job znode goes with its ZooKeeper session, and the datanodes then drop what the
 * job wrote), and running the ALTER again succeeds (removing a staging entry a dead coordinator left).
 */
class RedistributeFaultIT {
    private static ProcessCluster cluster;
    private static CuratorFramework zk;
    private static CatalogStore catalog;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = ProcessCluster.startWithFailpoints(1, 2);
        zk = CuratorFrameworkFactory.newClient(cluster.config().zookeeperConnect(), new RetryNTimes(10, 200));
        zk.start();
        catalog = new CatalogStore(zk, "redistribute-fault-it");
        catalog.start(List.of(), List.of("tessera"));
    }

    @AfterAll
    static void stopCluster() {
        if (catalog != null) {
            catalog.close();
        }
        if (zk != null) {
            zk.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static TableDef table(String name) throws Exception {
        catalog.reload();
        return catalog.snapshot().tables("postgres").get(name);
    }

    private static List<Long> checksum(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("select count(*), sum(id1::bigint), sum(id2::bigint) from tf")) {
            rs.next();
            return List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3));
        }
    }

    @Test
    void aTargetKilledMidJobLeavesTheTableWholeInItsOldLayout() throws Exception {
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(1)); Statement s = c.createStatement()) {
            s.execute("create table tf(id1 int, id2 int) distribute by hash(id1)");
            s.execute("insert into tf select g, g % 100 from generate_series(1, 5000) g");
            List<Long> sums = checksum(s);
            TableDef before = table("tf");

            cluster.armFailpoint("dn2", "redistribute.before-ingest");
            CompletableFuture<String> alter = CompletableFuture.supplyAsync(() -> {
                try (Connection c2 = DriverManager.getConnection(cluster.jdbcUrl(1));
                     Statement s2 = c2.createStatement()) {
                    s2.execute("alter table tf distribute by hash(id2)");
                    return "succeeded";
                } catch (SQLException e) {
                    return e.getSQLState() + " " + e.getMessage();
                }
            });
            cluster.awaitFailpoint("dn2", "redistribute.before-ingest", Duration.ofSeconds(120));
            cluster.kill("dn2");
            String outcome = alter.get(180, TimeUnit.SECONDS);
            assertTrue(!outcome.equals("succeeded"), outcome);
            cluster.start(); // dn2 comes back

            assertEquals(before, table("tf"), "the table is still the old one: " + outcome);
            assertEquals(Distribution.Kind.HASH, table("tf").distribution().kind());
            Awaits.until(Duration.ofSeconds(60), () -> {
                try {
                    return checksum(s).equals(sums);
                } catch (SQLException e) {
                    return false;
                }
            }, () -> "the table is readable and whole after dn2 is back");
            assertTrue(catalog.snapshot().tables("postgres").keySet().stream().noneMatch(n -> n.startsWith("tf$")),
                    "no staging entry: " + catalog.snapshot().tables("postgres").keySet());
            for (ClusterConfig.NodeConfig n : cluster.config().datanodes) {
                Path jobs = n.dataPath(cluster.home()).resolve("redistribute");
                if (Files.isDirectory(jobs)) {
                    try (var files = Files.list(jobs)) {
                        assertEquals(0, files.count(), "no job files left on " + n.name);
                    }
                }
            }
            s.execute("insert into tf values (0, 0)"); // writable: the fence lifted
            s.execute("delete from tf where id1 = 0");

            s.execute("alter table tf distribute by hash(id2)"); // run again: succeeds
            assertEquals("id2", table("tf").distribution().column());
            assertEquals(sums, checksum(s));
            try (ResultSet rs = s.executeQuery("select count(*) from (select id2 from tf group by id2 "
                    + "having count(distinct xc_node_id) > 1) x")) {
                rs.next();
                assertEquals(0, rs.getLong(1), "each id2 on one node");
            }
            s.execute("drop table tf");
        }
    }

    @Test
    void theCoordinatorKilledDuringTheCopyLeavesTheTableWholeInItsOldLayout() throws Exception {
        killMidJob("tk1", "dn2", "redistribute.before-ingest", "coord1");
    }

    @Test
    void theCoordinatorKilledDuringACatchUpRoundLeavesTheTableWholeInItsOldLayout() throws Exception {
        killMidJob("tk2", "dn1", "redistribute.send.catch-up", "coord1");
    }

    @Test
    void aSourceKilledDuringTheCopyLeavesTheTableWholeInItsOldLayout() throws Exception {
        killMidJob("tk3", "dn1", "redistribute.send.copy", "dn1");
    }

    @Test
    void aSourceKilledDuringACatchUpRoundLeavesTheTableWholeInItsOldLayout() throws Exception {
        killMidJob("tk4", "dn1", "redistribute.send.catch-up", "dn1");
    }

    private static final int ROWS = 5000;

    /**
     * Moves a fresh table {@code name} (5,000 rows: more than one catch-up round's worth) from hash(id1) to hash(id2);
     * stops {@code stopNode} at {@code failpoint}, SIGKILLs {@code victim}, brings it back and checks what is left.
     */
    private void killMidJob(String name, String stopNode, String failpoint, String victim) throws Exception {
        List<Long> sums;
        TableDef before;
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(1)); Statement s = c.createStatement()) {
            s.execute("create table " + name + "(id1 int, id2 int) distribute by hash(id1)");
            s.execute("insert into " + name + " select g, g % 100 from generate_series(1, " + ROWS + ") g");
            sums = checksum(s, name);
            before = table(name);
        }
        cluster.armFailpoint(stopNode, failpoint);
        CompletableFuture<String> alter = CompletableFuture.supplyAsync(() -> {
            try (Connection c2 = DriverManager.getConnection(cluster.jdbcUrl(1)); Statement s2 = c2.createStatement()) {
                s2.execute("alter table " + name + " distribute by hash(id2)");
                return "succeeded";
            } catch (SQLException e) {
                return e.getSQLState() + " " + e.getMessage();
            }
        });
        cluster.awaitFailpoint(stopNode, failpoint, Duration.ofSeconds(120));
        cluster.kill(victim);
        String outcome = alter.get(180, TimeUnit.SECONDS);
        assertTrue(!outcome.equals("succeeded"), outcome);
        cluster.start(); // the victim comes back
        String jobPath = "/tessera/redistribute/postgres/" + name;
        Awaits.until(Duration.ofSeconds(60), () -> {
            try {
                return zk.checkExists().forPath(jobPath) == null;
            } catch (Exception e) {
                return false;
            }
        }, () -> "the job znode vanished with its coordinator's session");
        assertEquals(before, table(name), "the table is the old one: " + outcome);
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(1)); Statement s = c.createStatement()) {
            Awaits.until(Duration.ofSeconds(60), () -> {
                try {
                    return checksum(s, name).equals(sums);
                } catch (SQLException e) {
                    return false;
                }
            }, () -> "the table is readable and whole after " + victim + " is back");
            // nothing of the job on the datanodes: no job files, no key of the new layout (only the table's rows)
            Awaits.until(Duration.ofSeconds(60), () -> noJobFiles() && storedKeys() == ROWS,
                    () -> "job files or keys of the new layout left: keys " + storedKeys());
            s.execute("insert into " + name + " values (0, 0)"); // writable: the fence lifted
            s.execute("delete from " + name + " where id1 = 0");

            s.execute("alter table " + name + " distribute by hash(id2)"); // run again: succeeds
            assertEquals("id2", table(name).distribution().column());
            assertEquals(sums, checksum(s, name));
            assertTrue(catalog.snapshot().tables("postgres").keySet().stream().noneMatch(n -> n.startsWith(name + "$")),
                    "no staging entry: " + catalog.snapshot().tables("postgres").keySet());
            try (ResultSet rs = s.executeQuery("select count(*) from (select id2 from " + name + " group by id2 "
                    + "having count(distinct xc_node_id) > 1) x")) {
                rs.next();
                assertEquals(0, rs.getLong(1), "each id2 on one node");
            }
            assertTrue(noJobFiles());
            assertEquals(ROWS, storedKeys(), "the old layout's keys are gone, the new one's are the table's rows");
            s.execute("drop table " + name);
        }
    }

    private static List<Long> checksum(Statement s, String table) throws SQLException {
        try (ResultSet rs = s.executeQuery("select count(*), sum(id1::bigint), sum(id2::bigint) from " + table)) {
            rs.next();
            return List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3));
        }
    }

    private static boolean noJobFiles() {
        for (ClusterConfig.NodeConfig n : cluster.config().datanodes) {
            Path jobs = n.dataPath(cluster.home()).resolve("redistribute");
            if (Files.isDirectory(jobs)) {
                try (var files = Files.list(jobs)) {
                    if (files.count() > 0) {
                        return false;
                    }
                } catch (java.io.IOException e) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Keys stored on all datanodes (every test drops its table at its end, so these are the current table's). */
    private static long storedKeys() {
        long keys = 0;
        for (ClusterConfig.NodeConfig n : cluster.config().datanodes) {
            io.grpc.ManagedChannel ch = io.grpc.ManagedChannelBuilder.forAddress(n.host, n.port).usePlaintext().build();
            try {
                keys += io.tessera.protocol.datanode.DatanodeGrpc.newBlockingStub(ch).withDeadlineAfter(30,
                        TimeUnit.SECONDS).gcStats(io.tessera.protocol.datanode.GcStatsRequest.newBuilder()
                        .setCountVersions(true).build()).getKeys();
            } finally {
                ch.shutdownNow();
            }
        }
        return keys;
    }
}
