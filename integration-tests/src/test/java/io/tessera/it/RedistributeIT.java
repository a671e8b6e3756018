package io.tessera.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.tessera.common.config.ClusterConfig;
import io.tessera.common.distribution.DistributionHash;
import io.tessera.common.distribution.ShardMath;
import io.tessera.common.types.PgType;
import io.tessera.coordinator.catalog.CatalogStore;
import io.tessera.coordinator.catalog.Distribution;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.protocol.datanode.DatanodeGrpc;
import io.tessera.protocol.datanode.GcStatsRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ALTER TABLE ... DISTRIBUTE BY / TO NODE / ADD NODE / DELETE NODE on a real cluster (1 coordinator, 2 datanodes):
 * seed 000's sequence, with the row count, a checksum and every row's placement checked after each step, the
 * placement against the distribution function itself ({@link DistributionHash}, {@link ShardMath}) and each
 * datanode's stored keys (no row twice, no old key range left).
 */
class RedistributeIT {
    private static final int ROWS = 100_000;
    private static ProcessCluster cluster;
    private static CuratorFramework zk;
    private static CatalogStore catalog;
    private static Connection conn;
    private static final Map<String, Integer> NODE_IDS = new HashMap<>();

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = ProcessCluster.start(1, 2);
        zk = CuratorFrameworkFactory.newClient(cluster.config().zookeeperConnect(), new RetryNTimes(10, 200));
        zk.start();
        catalog = new CatalogStore(zk, "redistribute-it"); // reads only
        catalog.start(List.of(), List.of("tessera"));
        conn = DriverManager.getConnection(cluster.jdbcUrl(1));
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(
                "select node_name, node_id from pgxc_node where node_type = 'D'")) {
            while (rs.next()) {
                NODE_IDS.put(rs.getString(1), rs.getInt(2));
            }
        }
        assertEquals(2, NODE_IDS.size());
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (conn != null) {
            conn.close();
        }
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

    /** count, sum(id1), sum(id2), sum(id1 * id2): what no redistribution may change. */
    private static List<Long> checksum(Statement s, String table) throws SQLException {
        try (ResultSet rs = s.executeQuery("select count(*), sum(id1::bigint), sum(id2::bigint), "
                + "sum(id1::bigint * id2) from " + table)) {
            rs.next();
            return List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
        }
    }

    /**
     * Checks that every row sits where the table's distribution says: for HASH, on the node of the shard its
     * column's hash falls in; for ROUNDROBIN, spread over all nodes; for REPLICATION, every node stores every row.
     * Also: the datanodes together store exactly the table's rows (as keys), no leftover of an older layout.
     */
    private static void checkPlacement(Statement s, String table, int rows) throws Exception {
        TableDef t = table(table);
        Distribution d = t.distribution();
        Map<Integer, Long> perNode = new HashMap<>();
        try (ResultSet rs = s.executeQuery("select id1, id2, xc_node_id from " + table)) {
            while (rs.next()) {
                int node = rs.getInt(3);
                perNode.merge(node, 1L, Long::sum);
                if (d.kind() == Distribution.Kind.HASH) {
                    int value = rs.getInt(d.column().equals("id1") ? 1 : 2);
                    int shard = ShardMath.shardOf(DistributionHash.hash(value, PgType.INT4), d.shardCount());
                    int expected = NODE_IDS.get(d.shardNodes().get(shard));
                    if (node != expected) {
                        throw new AssertionError("row (" + rs.getInt(1) + ", " + rs.getInt(2) + ") of " + d
                                + " is on node " + node + ", its shard " + shard + " on " + expected);
                    }
                }
            }
        }
        assertEquals(rows, perNode.values().stream().mapToLong(Long::longValue).sum());
        long stored = 0;
        for (String n : d.nodes()) {
            long keys = storedKeys(n);
            stored += keys;
            if (d.replicated()) {
                assertEquals(rows, keys, "a replica on " + n + " holds every row");
            }
        }
        if (d.replicated()) {
            assertEquals(1, perNode.size(), "a replicated table is read from one node");
        } else {
            assertEquals(rows, stored, "the datanodes store each row once, and nothing of the old layout");
            assertEquals(d.nodes().size(), perNode.size(), "rows on every node of " + d + ": " + perNode);
        }
        if (d.kind() == Distribution.Kind.ROUNDROBIN) {
            for (long c : perNode.values()) {
                assertTrue(Math.abs(c - rows / perNode.size()) < rows / 10, "round robin spreads evenly: " + perNode);
            }
        }
    }

    /** Keys with at least one version stored on a datanode (its whole storage: the tests' tables only). */
    private static long storedKeys(String node) throws Exception {
        ClusterConfig.NodeConfig c = cluster.config().datanodes.stream().filter(n -> n.name.equals(node)).findFirst()
                .orElseThrow();
        ManagedChannel ch = ManagedChannelBuilder.forAddress(c.host, c.port).usePlaintext().build();
        try {
            return DatanodeGrpc.newBlockingStub(ch).gcStats(GcStatsRequest.newBuilder().setCountVersions(true).build())
                    .getKeys();
        } finally {
            ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static void noJobLeftovers(String table) throws Exception {
        assertTrue(catalog.snapshot().tables("postgres").keySet().stream().noneMatch(n -> n.startsWith(table + "$")),
                "no staging table left: " + catalog.snapshot().tables("postgres").keySet());
        for (ClusterConfig.NodeConfig n : cluster.config().datanodes) {
            Path jobs = n.dataPath(cluster.home()).resolve("redistribute");
            if (Files.isDirectory(jobs)) {
                try (var files = Files.list(jobs)) {
                    assertEquals(0, files.count(), "no job files left on " + n.name);
                }
            }
        }
    }

    @Test
    void seedSequenceMovesEveryRowWhereItsNewDistributionSays() throws Exception {
        try (Statement s = conn.createStatement()) {
            s.execute("create table t1(id1 int, id2 int) distribute by hash(id1)");
            s.execute("insert into t1 select g, g % 1000 from generate_series(1, " + ROWS + ") g");
            List<Long> sums = checksum(s, "t1");
            long n = ROWS;
            long sumId2 = 0;
            long sumProduct = 0;
            for (long g = 1; g <= n; g++) {
                sumId2 += g % 1000;
                sumProduct += g * (g % 1000);
            }
            assertEquals(List.of(n, n * (n + 1) / 2, sumId2, sumProduct), sums);
            checkPlacement(s, "t1", ROWS);

            TableDef before = table("t1");
            s.execute("alter table t1 distribute by hash(id1)"); // same layout: succeeds at once, moves nothing
            assertEquals(before, table("t1"));

            String[] steps = {"distribute by hash(id2)", "dist by replication", "dist by hash(id1)",
                    "distribute by roundrobin", "distribute by hash(id2)"};
            for (String step : steps) {
                TableDef old = table("t1");
                s.execute("alter table t1 " + step);
                TableDef now = table("t1");
                assertNotEquals(old.id(), now.id(), step + ": the rows moved to a new table id");
                assertTrue(now.schemaVersion() > old.schemaVersion(), step + ": the schema version rose");
                assertEquals(sums, checksum(s, "t1"), step + ": count and checksum");
                checkPlacement(s, "t1", ROWS);
                noJobLeftovers("t1");
            }
            // hash(id2): one id2 value never on two nodes
            try (ResultSet rs = s.executeQuery("select count(*) from (select id2 from t1 group by id2 "
                    + "having count(distinct xc_node_id) > 1) x")) {
                rs.next();
                assertEquals(0, rs.getLong(1));
            }
            // the table works as before: writes, point reads
            s.execute("insert into t1 values (" + (ROWS + 1) + ", 7)");
            s.execute("update t1 set id1 = -id1 where id2 = 7");
            try (ResultSet rs = s.executeQuery("select count(*) from t1 where id1 < 0")) {
                rs.next();
                assertEquals(ROWS / 1000 + 1, rs.getLong(1));
            }
            s.execute("drop table t1");
        }
    }

    @Test
    void nodeListFormsAndTheirErrors() throws Exception {
        try (Statement s = conn.createStatement()) {
            s.execute("create table tn(id1 int primary key, id2 int) distribute by hash(id1) to node (dn1)");
            s.execute("insert into tn select g, g from generate_series(1, 2000) g");
            List<Long> sums = checksum(s, "tn");
            assertEquals("42710", sqlState(() -> s.execute("alter table tn add node (dn1)")));
            assertEquals("42704", sqlState(() -> s.execute("alter table tn delete node (dn2)")));
            assertEquals("42704", sqlState(() -> s.execute("alter table tn to node (nosuchnode)")));
            assertEquals("0A000", sqlState(() -> s.execute("alter table tn distribute by hash(id2)")),
                    "a primary key must contain the distribution column");

            s.execute("alter table tn add node (dn2)");
            assertEquals(List.of("dn1", "dn2"), table("tn").distribution().nodes());
            assertEquals(sums, checksum(s, "tn"));
            checkPlacement(s, "tn", 2000);

            s.execute("alter table tn delete node (dn1)");
            assertEquals(List.of("dn2"), table("tn").distribution().nodes());
            assertEquals(sums, checksum(s, "tn"));
            checkPlacement(s, "tn", 2000);
            assertEquals("23505", sqlState(() -> s.execute("insert into tn values (5, 5)")),
                    "the primary key still holds after the move");

            s.execute("alter table tn to node (dn1, dn2)");
            assertEquals(sums, checksum(s, "tn"));
            checkPlacement(s, "tn", 2000);
            s.execute("drop table tn");
        }
    }

    @Test
    void refusedInsideATransactionBlock() throws Exception {
        try (Statement s = conn.createStatement()) {
            s.execute("create table tb(id1 int, id2 int)");
            conn.setAutoCommit(false);
            try {
                assertEquals("25001", sqlState(() -> s.execute("alter table tb distribute by replication")));
            } finally {
                conn.rollback();
                conn.setAutoCommit(true);
            }
            s.execute("drop table tb");
        }
    }

    private interface SqlAction {
        void run() throws SQLException;
    }

    private static String sqlState(SqlAction a) {
        SQLException e = assertThrows(SQLException.class, a::run);
        return e.getSQLState();
    }
}
