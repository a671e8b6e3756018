package io.tessera.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.config.ClusterConfig;
import io.tessera.common.distribution.DistributionHash;
import io.tessera.common.distribution.ShardMath;
import io.tessera.common.types.PgType;
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
import java.util.ArrayList;
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
 * ALTER TABLE ... DISTRIBUTE BY / TO NODE / TO GROUP / ADD NODE / DELETE NODE on a real cluster (2 coordinators,
 * 2 datanodes):
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
        cluster = ProcessCluster.start(2, 2); // the writers use both coordinators
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
     * Checks that every row sits where the table's distribution says: for HASH and SHARD, on the node of the shard its
     * column's hash falls in; for MODULO, of the shard its value modulo the shard count names; for ROUNDROBIN,
     * spread over all nodes; for REPLICATION, every node stores every row.
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
                if (d.column() != null) { // HASH, SHARD, MODULO
                    int value = rs.getInt(d.column().equals("id1") ? 1 : 2);
                    int shard = d.kind() == Distribution.Kind.MODULO
                            ? ShardMath.moduloNode(value, PgType.INT4, d.shardCount())
                            : ShardMath.shardOf(DistributionHash.hash(value, PgType.INT4), d.shardCount());
                    int expected = NODE_IDS.get(d.shardNodes().get(shard));
                    if (node != expected) {
                        throw new AssertionError("row (" + rs.getInt(1) + ", " + rs.getInt(2) + ") of " + d
                                + " is on node " + node + ", its shard " + shard + " on " + expected);
                    }
                }
            }
        }
        assertEquals(rows, perNode.values().stream().mapToLong(Long::longValue).sum());
        if (d.kind() == Distribution.Kind.HASH || d.kind() == Distribution.Kind.SHARD) {
            List<String> shown = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("select m.node from pgxc_shard_map m join pg_class c on c.oid = m.pcrelid"
                    + " where c.relname = '" + table + "' order by m.shardid")) {
                while (rs.next()) {
                    shown.add(rs.getString(1));
                }
            }
            assertEquals(d.shardNodes(), shown, "pgxc_shard_map shows the table's shard map as the move left it");
        }
        long stored = 0;
        for (String n : d.nodes()) {
            long keys = cluster.storedKeys(n);
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

    /**
     * The two kinds the seed's sequence does not reach, MODULO and SHARD, as targets of a move and as its source:
     * count and checksum, every row's placement (xc_node_id against the distribution function, each datanode's
     * stored keys), and pgxc_class's locator type and column as soon as the ALTER returns.
     */
    @Test
    void moduloAndShardLayoutsMoveToo() throws Exception {
        int rows = 4_000;
        try (Statement s = conn.createStatement()) {
            s.execute("create table tms(id1 int, id2 int) distribute by hash(id1)");
            s.execute("insert into tms select g, g % 1000 from generate_series(1, " + rows + ") g");
            List<Long> sums = checksum(s, "tms");
            String[][] steps = {{"distribute by modulo(id2)", "M", "id2"}, {"distribute by shard(id1)", "S", "id1"},
                {"dist by modulo(id1)", "M", "id1"}, {"distribute by hash(id2)", "H", "id2"}};
            for (String[] step : steps) {
                s.execute("alter table tms " + step[0]);
                TableDef now = table("tms");
                assertEquals(step[2], now.distribution().column(), step[0]);
                assertEquals(sums, checksum(s, "tms"), step[0] + ": count and checksum");
                checkPlacement(s, "tms", rows);
                noJobLeftovers("tms");
                try (ResultSet rs = s.executeQuery("select pclocatortype, pcattnum from pgxc_class where pcrelid = "
                        + now.oid())) {
                    assertTrue(rs.next(), "pgxc_class has tms");
                    assertEquals(step[1] + "," + now.attnum(step[2]), rs.getString(1) + "," + rs.getInt(2), step[0]);
                }
            }
            s.execute("drop table tms");
        }
    }

    @Test
    void nodeListFormsAndTheirErrors() throws Exception {
        try {
            nodeListForms();
        } catch (AssertionError e) {
            System.out.println("=== coord1\n" + cluster.log("coord1") + "\n=== dn1\n" + cluster.log("dn1") + "\n=== dn2\n"
                    + cluster.log("dn2"));
            throw e;
        }
    }

    private void nodeListForms() throws Exception {
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

    /**
     * Eight writers over the two coordinators insert, update and delete, each in its own key range, while the table
     * moves from hash(id) to hash(w): they update the new distribution column w and the old one, id (an update of
     * the distribution column moves the row: a delete and an insert). No writer sees any error: a write at the
     * switch waits, and one planned with the old layout re-plans. At the end the table holds exactly what the
     * committed operations imply, every row where hash(w) says.
     */
    @Test
    void writersGoOnDuringTheMoveAndNothingIsLostOrDoubled() throws Exception {
        try {
            writersDuringTheMove();
        } finally {
            try (Statement s = conn.createStatement()) {
                s.execute("drop table if exists tw");
            }
        }
    }

    private void writersDuringTheMove() throws Exception {
        int initial = 20_000;
        try (Statement s = conn.createStatement()) {
            s.execute("create table tw(id int, v int, w int) distribute by hash(id)");
            s.execute("insert into tw select g, 0, g % 100 from generate_series(1, " + initial + ") g");
        }
        Map<Integer, int[]> expected = new java.util.concurrent.ConcurrentHashMap<>();
        for (int g = 1; g <= initial; g++) {
            expected.put(g, new int[] {0, g % 100});
        }
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicLong applied = new java.util.concurrent.atomic.AtomicLong();
        List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Thread> writers = new java.util.ArrayList<>();
        int writersCount = 8;
        java.util.concurrent.atomic.AtomicLong idUpdates = new java.util.concurrent.atomic.AtomicLong();
        for (int w = 0; w < writersCount; w++) {
            int writer = w;
            Thread th = new Thread(() -> {
                java.util.Random rnd = new java.util.Random(writer);
                int nextId = 1_000_000 * (writer + 1);
                try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(1 + writer % 2));
                     Statement st = c.createStatement()) {
                    while (!stop.get()) {
                        int op = rnd.nextInt(4);
                        // each writer owns the initial ids congruent to its number, and the ids it inserts
                        int id = op == 0 ? nextId
                                : (rnd.nextInt(initial / writersCount) * writersCount + writer + 1);
                        int w2 = rnd.nextInt(1000);
                        // writes wait at the switch and re-plan: no error reaches a writer (any fails the test)
                        if (op == 0) {
                            st.execute("insert into tw values (" + id + ", 0, " + w2 + ")");
                            expected.put(id, new int[] {0, w2});
                            nextId++;
                        } else if (op == 1) {
                            // w is the new distribution column: once the move is done, the row moves with it
                            int[] e = expected.get(id);
                            int n = st.executeUpdate("update tw set v = v + 1, w = " + w2 + " where id = " + id);
                            if (n != (e == null ? 0 : 1)) {
                                throw new AssertionError("update of " + id + " changed " + n + " rows");
                            }
                            if (e != null) {
                                expected.put(id, new int[] {e[0] + 1, w2});
                            }
                        } else if (op == 2) {
                            st.executeUpdate("delete from tw where id = " + id);
                            expected.remove(id);
                        } else {
                            // id is the old distribution column: until the move, the row moves with it
                            int[] e = expected.get(id);
                            int n = st.executeUpdate("update tw set id = " + nextId + " where id = " + id);
                            if (n != (e == null ? 0 : 1)) {
                                throw new AssertionError("update of id " + id + " changed " + n + " rows");
                            }
                            if (e != null) {
                                expected.remove(id);
                                expected.put(nextId, e);
                                idUpdates.incrementAndGet();
                            }
                            nextId++;
                        }
                        applied.incrementAndGet();
                    }
                } catch (Throwable t) {
                    errors.add(t);
                }
            }, "writer-" + w);
            th.start();
            writers.add(th);
        }
        String notice;
        List<String> phases = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread watcher = new Thread(() -> {
            try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(1)); Statement st = c.createStatement()) {
                while (!stop.get()) {
                    try (ResultSet rs = st.executeQuery("select relname, phase, rows_copied, rows_total, elapsed_ms "
                            + "from pg_stat_progress_redistribute")) {
                        while (rs.next()) {
                            String p = rs.getString(2);
                            if (phases.isEmpty() || !phases.get(phases.size() - 1).equals(p)) {
                                phases.add(p);
                            }
                        }
                    }
                }
            } catch (SQLException e) {
                errors.add(e);
            }
        }, "progress-watcher");
        try (Statement s = conn.createStatement()) {
            Awaits.until(java.time.Duration.ofSeconds(60), () -> applied.get() >= 100 || !errors.isEmpty(),
                    () -> "writers started");
            long before = applied.get();
            watcher.start();
            s.execute("alter table tw distribute by hash(w)");
            List<String> notices = new java.util.ArrayList<>();
            for (java.sql.SQLWarning n = s.getWarnings(); n != null; n = n.getNextWarning()) {
                notices.add(n.getMessage());
            }
            // progress NOTICEs came as the job went, in order, then the final one
            assertTrue(notices.size() >= 4, "progress notices: " + notices);
            assertTrue(notices.get(0).startsWith("redistributing \"tw\" from HASH(id)"), notices.get(0));
            assertTrue(notices.get(1).matches("copied [0-9]+ rows of \"tw\" in [0-9]+ ms.*"), notices.get(1));
            assertTrue(notices.stream().anyMatch(n -> n.startsWith("pausing writes to \"tw\"")), notices.toString());
            notice = notices.get(notices.size() - 1);
            assertTrue(notice.matches("redistributed [0-9]+ rows of \"tw\" .*"), notice);
            long during = applied.get() - before;
            Awaits.until(java.time.Duration.ofSeconds(60), () -> (applied.get() >= before + during + 100
                    && idUpdates.get() > 0) || !errors.isEmpty(), () -> "writers go on after the move");
            assertTrue(during > 0, "writes went on during the move");
        } finally {
            stop.set(true);
            for (Thread th : writers) {
                th.join(60_000);
            }
            watcher.join(60_000);
        }
        if (!errors.isEmpty()) {
            throw new AssertionError("a writer failed", errors.get(0));
        }
        System.out.println("RedistributeIT: " + notice + "; " + applied.get() + " writes applied ("
                + idUpdates.get() + " updates of id); progress phases seen: " + phases);
        try (Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from pg_stat_progress_redistribute")) {
            rs.next();
            assertEquals(0, rs.getLong(1), "no job runs once the ALTER returned");
        }
        TableDef t = table("tw");
        assertEquals(Distribution.Kind.HASH, t.distribution().kind());
        assertEquals("w", t.distribution().column());
        Map<Integer, int[]> actual = new HashMap<>();
        try (Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("select id, v, w, xc_node_id from tw")) {
            while (rs.next()) {
                int id = rs.getInt(1);
                if (actual.put(id, new int[] {rs.getInt(2), rs.getInt(3)}) != null) {
                    throw new AssertionError("row " + id + " twice");
                }
                int shard = ShardMath.shardOf(DistributionHash.hash(rs.getInt(3), PgType.INT4),
                        t.distribution().shardCount());
                assertEquals((int) NODE_IDS.get(t.distribution().shardNodes().get(shard)), rs.getInt(4),
                        "row " + id + " sits where hash(w) says");
            }
        }
        assertEquals(expected.keySet(), actual.keySet(), "the same rows as the committed operations imply");
        for (Map.Entry<Integer, int[]> e : expected.entrySet()) {
            assertEquals(java.util.Arrays.toString(e.getValue()), java.util.Arrays.toString(actual.get(e.getKey())),
                    "row " + e.getKey());
        }
        noJobLeftovers("tw");
    }

    /**
     * A running job is rolled back by each of the ways to cancel it: {@code tessera redistribute --cancel} (after
     * {@code tessera status} showed it), {@code pg_cancel_redistribute} from another session, a CancelRequest for the
     * ALTER itself (pgjdbc's {@code Statement.cancel}), and Ctrl-C in psql, which also shows the progress NOTICEs
     * printed while the job runs. An open transaction that wrote the table holds the job at its write pause (the
     * fence waits for it to end), so the job is surely running when it is cancelled. Each time the ALTER fails with
     * 57014, the table is whole in its old layout with no staging entry, job file or new key range left, and the
     * ALTER run again afterwards succeeds.
     */
    @Test
    void cancellingAJobRollsItBack() throws Exception {
        try (Statement s = conn.createStatement()) {
            s.execute("create table tc(id1 int, id2 int) distribute by hash(id1)");
            s.execute("insert into tc select g, g % 100 from generate_series(1, 5000) g");
            List<Long> sums = checksum(s, "tc");
            for (String way : List.of("ctl", "function", "cancel request", "psql")) {
                TableDef before = table("tc");
                try (Connection holder = DriverManager.getConnection(cluster.jdbcUrl(1));
                     Connection alterer = DriverManager.getConnection(cluster.jdbcUrl(1));
                     Statement h = holder.createStatement(); Statement a = alterer.createStatement()) {
                    holder.setAutoCommit(false);
                    h.execute("insert into tc values (-1, -1)"); // open: the write pause waits for it
                    if (way.equals("psql")) {
                        psqlPrintsProgressAndCancelsOnInterrupt();
                    } else {
                        cancelWhileRunning(way, s, a);
                    }
                    holder.rollback();
                }
                assertEquals(before, table("tc"), way + ": the table is the old one");
                assertEquals(sums, checksum(s, "tc"), way);
                Awaits.until(java.time.Duration.ofSeconds(30), () -> {
                    try {
                        noJobLeftovers("tc");
                        checkPlacement(s, "tc", 5000); // also: no key of the new id left on any datanode
                        return true;
                    } catch (Exception | AssertionError e) {
                        return false;
                    }
                }, () -> way + ": nothing of the job is left");
                try (ResultSet rs = s.executeQuery("select pg_cancel_redistribute('tc'::regclass)")) {
                    rs.next();
                    assertTrue(!rs.getBoolean(1), "no job runs any more");
                }
            }
            s.execute("alter table tc distribute by hash(id2)"); // run again: succeeds
            assertEquals("id2", table("tc").distribution().column());
            assertEquals(sums, checksum(s, "tc"));
            checkPlacement(s, "tc", 5000);
            s.execute("drop table tc");
        }
    }

    /** Runs the ALTER on {@code a}, waits until its job has copied the rows, cancels it {@code way}: 57014. */
    private void cancelWhileRunning(String way, Statement s, Statement a) throws Exception {
        java.util.concurrent.CompletableFuture<String> alter = alterWaitingAtTheWritePause(a, s,
                "alter table tc distribute by hash(id2)", "tc", way);
        switch (way) {
            case "ctl" -> {
                ProcessCluster.CtlResult status = cluster.status();
                assertTrue(status.outLines().stream().anyMatch(l -> l.startsWith("redistribute postgres.tc ")
                        && l.contains(" rows=5000/5000 ")), "tessera status shows the job: " + status);
                ProcessCluster.CtlResult r = ProcessCluster.ctl("redistribute", "--home", cluster.home().toString(),
                        "--cancel", "tc");
                assertEquals(0, r.exitCode(), r.toString());
            }
            case "function" -> {
                ddlIsRefusedWhileTheJobRuns(s);
                try (ResultSet rs = s.executeQuery("select pg_cancel_redistribute('tc'::regclass)")) {
                    rs.next();
                    assertTrue(rs.getBoolean(1), "a job was running");
                }
            }
            default -> a.cancel();
        }
        assertEquals("57014", alter.get(120, TimeUnit.SECONDS), way + ": the ALTER was cancelled");
    }

    /**
     * Runs {@code alter} on {@code a} in the background and returns once its job on the table {@code relname} has
     * copied the rows (it then waits at its write pause for a transaction the caller holds open); the future gives
     * "succeeded" or the ALTER's SQLSTATE.
     */
    private static java.util.concurrent.CompletableFuture<String> alterWaitingAtTheWritePause(Statement a,
            Statement s, String alter, String relname, String what) {
        java.util.concurrent.CompletableFuture<String> f = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                a.execute(alter);
                return "succeeded";
            } catch (SQLException e) {
                return e.getSQLState();
            }
        });
        Awaits.until(java.time.Duration.ofSeconds(60), () -> {
            try (ResultSet rs = s.executeQuery("select count(*) from pg_stat_progress_redistribute "
                    + "where relname = '" + relname + "' and rows_total is not null")) {
                rs.next();
                return rs.getLong(1) == 1;
            } catch (SQLException e) {
                return false;
            }
        }, () -> what + ": the job copied the rows and waits for the open transaction");
        return f;
    }

    /**
     * A DDL that changes a table while a job moves it is refused at once (55006, PostgreSQL's object_in_use) instead
     * of making the job's switch fail after the copy; the table is left as it was.
     */
    private void ddlIsRefusedWhileTheJobRuns(Statement s) throws Exception {
        TableDef before = table("tc");
        for (String ddl : List.of("alter table tc add column x int", "alter table tc rename to tc2",
                "create index tc_id2 on tc (id2)", "drop table tc", "comment on table tc is 'moving'")) {
            SQLException e = assertThrows(SQLException.class, () -> s.execute(ddl), ddl);
            assertEquals("55006", e.getSQLState(), ddl + ": " + e.getMessage());
            assertTrue(e.getMessage().contains("table \"tc\" is being redistributed"), e.getMessage());
        }
        assertEquals(before, table("tc"), "the refused DDL changed nothing");
    }

    /**
     * psql runs the ALTER: its progress NOTICEs are printed while the job still runs (the job waits at its write
     * pause for the caller's open transaction), and Ctrl-C (SIGINT: psql sends a CancelRequest) rolls the job back.
     */
    private void psqlPrintsProgressAndCancelsOnInterrupt() throws Exception {
        Path out = Files.createTempFile("redistribute-psql", ".txt");
        Process psql = new ProcessBuilder("psql", "-X", "-w", "-h", "127.0.0.1", "-p", String.valueOf(cluster.port(1)),
                "-U", "tessera", "-d", "postgres", "-c", "alter table tc distribute by hash(id2)")
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            Awaits.until(java.time.Duration.ofSeconds(60),
                    () -> read(out).contains("NOTICE:  copied 5000 rows of \"tc\""),
                    () -> "psql printed the copy's NOTICE while the ALTER runs: " + read(out));
            assertTrue(psql.isAlive(), "the ALTER still runs (it waits for the open transaction)");
            assertTrue(read(out).startsWith("NOTICE:  redistributing \"tc\" from HASH(id1) on dn1, dn2 to HASH(id2)"),
                    read(out));
            assertEquals(0, new ProcessBuilder("kill", "-INT", String.valueOf(psql.pid())).start().waitFor());
            assertTrue(psql.waitFor(120, TimeUnit.SECONDS), "psql ended");
            assertTrue(read(out).contains("ERROR:  canceling statement due to user request"), read(out));
        } finally {
            psql.destroyForcibly();
            Files.deleteIfExists(out);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    /** group name → group_members as pgxc_group shows them. */
    private static Map<String, String> pgxcGroup(Statement s) throws SQLException {
        Map<String, String> out = new HashMap<>();
        try (ResultSet rs = s.executeQuery("select group_name, group_members from pgxc_group")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    private static String nodeoids(Statement s, String table) throws Exception {
        try (ResultSet rs = s.executeQuery("select nodeoids from pgxc_class where pcrelid = " + table(table).oid())) {
            assertTrue(rs.next(), "pgxc_class has " + table);
            return rs.getString(1);
        }
    }

    /**
     * Postgres-XL's node groups: CREATE NODE GROUP and its errors, pgxc_group, CREATE TABLE ... TO GROUP placing the
     * table on the group's nodes, ALTER TABLE ... TO GROUP moving it online (rows whole and placed where the new
     * layout says, checked through xc_node_id and each datanode's stored keys), DROP NODE GROUP of a group a table
     * was placed through (allowed, as in Postgres-XL: the table keeps its nodes), and both statements inside a
     * transaction block (allowed, as in Postgres-XL: others see the group at COMMIT, ROLLBACK forgets it).
     */
    @Test
    void nodeGroupsPlaceAndMoveTables() throws Exception {
        String dn1 = String.valueOf(NODE_IDS.get("dn1"));
        String dn2 = String.valueOf(NODE_IDS.get("dn2"));
        try (Statement s = conn.createStatement()) {
            s.execute("create node group g1 with (dn1)");
            s.execute("create node group g2 with dn2"); // Postgres-XC's spelling, without parentheses
            s.execute("create node group gboth with (dn2, dn1)");
            Map<String, String> groups = pgxcGroup(s);
            assertEquals(dn1, groups.get("g1"));
            assertEquals(dn2, groups.get("g2"));
            assertEquals(dn2 + " " + dn1, groups.get("gboth"), "members in the order named, as node ids");

            assertEquals("42710", sqlState(() -> s.execute("create node group g1 with (dn2)")));
            assertEquals("42704", sqlState(() -> s.execute("create node group gx with (nosuchnode)")));
            assertEquals("42601", sqlState(() -> s.execute("create node group gx with (coord1)")),
                    "only datanodes can be group members");
            assertEquals("42704", sqlState(() -> s.execute("drop node group nosuchgroup")));
            assertEquals("42704", sqlState(() -> s.execute("create table tx(a int) to group nosuchgroup")));
            assertEquals(groups, pgxcGroup(s), "the failed statements changed nothing");

            s.execute("create table tg(id1 int primary key, id2 int) distribute by hash(id1) to group g1");
            assertEquals(List.of("dn1"), table("tg").distribution().nodes());
            assertEquals(dn1, nodeoids(s, "tg"));
            s.execute("insert into tg select g, g % 100 from generate_series(1, 2000) g");
            List<Long> sums = checksum(s, "tg");
            checkPlacement(s, "tg", 2000);
            assertEquals("42704", sqlState(() -> s.execute("alter table tg to group nosuchgroup")));

            catalog.reload();
            long version = catalog.snapshot().version();
            s.execute("alter table tg to group g1"); // changes nothing: returns at once
            catalog.reload();
            assertEquals(version, catalog.snapshot().version(), "no catalog change");

            s.execute("alter table tg to group g2");
            assertEquals(List.of("dn2"), table("tg").distribution().nodes());
            assertEquals(dn2, nodeoids(s, "tg"));
            assertEquals(sums, checksum(s, "tg"));
            checkPlacement(s, "tg", 2000);

            s.execute("alter table tg to group gboth");
            assertEquals(List.of("dn2", "dn1"), table("tg").distribution().nodes());
            assertEquals(sums, checksum(s, "tg"));
            checkPlacement(s, "tg", 2000);

            // Postgres-XL keeps a table's nodes, not its group: dropping the group leaves the table where it is
            s.execute("drop node group gboth");
            assertEquals(List.of("dn2", "dn1"), table("tg").distribution().nodes());
            assertEquals(sums, checksum(s, "tg"));
            assertTrue(!pgxcGroup(s).containsKey("gboth"));
            s.execute("drop table tg");

            try (Connection other = DriverManager.getConnection(cluster.jdbcUrl(2));
                    Statement o = other.createStatement()) {
                conn.setAutoCommit(false);
                try {
                    s.execute("create node group gtx with (dn2)");
                    s.execute("create table ttx(id1 int, id2 int) to group gtx");
                    assertEquals(dn2, pgxcGroup(s).get("gtx"), "the block sees its group");
                    assertTrue(!pgxcGroup(o).containsKey("gtx"), "others do not before COMMIT");
                    conn.rollback();
                    assertTrue(!pgxcGroup(s).containsKey("gtx"), "ROLLBACK forgets it");

                    s.execute("create node group gtx with (dn2)");
                    s.execute("drop node group g2");
                    conn.commit();
                } finally {
                    conn.rollback();
                    conn.setAutoCommit(true);
                }
                Map<String, String> after = pgxcGroup(o);
                assertEquals(dn2, after.get("gtx"), "COMMIT publishes it");
                assertTrue(!after.containsKey("g2"));
            }
            s.execute("drop node group gtx");
            s.execute("drop node group g1");
            assertEquals(Map.of(), pgxcGroup(s));
        }
    }

    /**
     * Jobs are keyed by schema and table: while a job moves {@code public.tq} (held at its write pause by an open
     * transaction that wrote the table), the same-named {@code rq92.tq} takes DDL and is redistributed by a job of
     * its own, and cancelling {@code tq} cancels the public table's job only.
     */
    @Test
    void sameNamedTablesOfTwoSchemasAreRedistributedIndependently() throws Exception {
        try (Statement s = conn.createStatement()) {
            s.execute("create schema rq92");
            s.execute("create table tq(id1 int, id2 int) distribute by hash(id1)");
            s.execute("create table rq92.tq(id1 int, id2 int) distribute by hash(id1)");
            s.execute("insert into tq select g, g % 10 from generate_series(1, 2000) g");
            s.execute("insert into rq92.tq select g, g % 10 from generate_series(1, 300) g");
            try (Connection holder = DriverManager.getConnection(cluster.jdbcUrl(1));
                 Connection alterer = DriverManager.getConnection(cluster.jdbcUrl(1));
                 Statement h = holder.createStatement(); Statement a = alterer.createStatement()) {
                holder.setAutoCommit(false);
                h.execute("insert into tq values (-1, -1)"); // open: the public job waits for it at its write pause
                java.util.concurrent.CompletableFuture<String> alter = alterWaitingAtTheWritePause(a, s,
                        "alter table tq distribute by hash(id2)", "tq", "public.tq");
                s.execute("alter table rq92.tq add column x int"); // no 55006: its own table is not moving
                s.execute("alter table rq92.tq distribute by hash(id2)");
                try (ResultSet rs = s.executeQuery("select count(*), sum(id1) from rq92.tq")) {
                    rs.next();
                    assertEquals(300, rs.getLong(1));
                    assertEquals(300L * 301 / 2, rs.getLong(2));
                }
                assertEquals("55006", sqlState(() -> s.execute("alter table public.tq add column x int")));
                try (ResultSet rs = s.executeQuery("select pg_cancel_redistribute('rq92.tq'::regclass), "
                        + "pg_cancel_redistribute('tq'::regclass)")) {
                    rs.next();
                    assertTrue(!rs.getBoolean(1), "rq92.tq's job has ended");
                    assertTrue(rs.getBoolean(2), "public.tq's job was running");
                }
                assertEquals("57014", alter.get(120, TimeUnit.SECONDS), "the public table's ALTER was cancelled");
                holder.rollback();
            }
            try (ResultSet rs = s.executeQuery("select count(*) from tq")) {
                rs.next();
                assertEquals(2000, rs.getLong(1));
            }
            s.execute("drop schema rq92 cascade");
            s.execute("drop table tq");
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
