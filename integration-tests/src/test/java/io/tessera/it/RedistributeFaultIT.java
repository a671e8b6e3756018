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
 * A redistribution whose target datanode is SIGKILLed mid-job (stopped at a failpoint with the rows received and
 * not yet ingested): the ALTER fails, the table stays whole in its old layout and writable, no staging entry or job
 * file remains once the node is back, and running the ALTER again succeeds.
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
        }
    }
}
