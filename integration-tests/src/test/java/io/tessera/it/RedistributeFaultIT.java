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
 * target datanode with the rows of the copy or of a catch-up round received and not yet ingested; the coordinator
 * during the copy, during a catch-up round and in the switch; a source datanode during the copy, during a catch-up
 * round and in the switch. Each time the ALTER fails, the table stays whole in its old layout and writable, no job
 * znode, job file, key of the new layout or staging entry (catalog, pg_class) remains once the node is back (a
 * coordinator's job znode goes with its ZooKeeper session, the datanodes then drop what the job wrote, and the
 * coordinators sweep its staging entry), and running the ALTER again succeeds. Killed after the catalog switch,
 * the table is whole in its new layout.
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

            CompletableFuture<String> alter = alterStoppedAt("tf", "dn2", "redistribute.before-ingest");
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
    void aTargetKilledDuringACatchUpRoundLeavesTheTableWholeInItsOldLayout() throws Exception {
        killMidJob("tk11", "dn2", "redistribute.before-ingest.catch-up", "dn2");
    }

    /**
     * Rows copied move while a round streams, not only when it ends: with a source stopped in the middle of its
     * copy's stream (after 1,000 rows), pg_stat_progress_redistribute already counts those rows and their bytes, in
     * phase copying, the total not known yet.
     */
    @Test
    void progressCountsTheRowsOfARoundWhileItStreams() throws Exception {
        String name = "tk12";
        List<Long> sums = createTable(name);
        CompletableFuture<String> alter = alterStoppedAt(name, "dn1", "redistribute.send.streaming");
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(1)); Statement s = c.createStatement()) {
            String[] seen = {null};
            try {
                Awaits.until(Duration.ofSeconds(30), () -> {
                    try (ResultSet rs = s.executeQuery("select phase, rows_copied, bytes_copied, rows_total, "
                            + "current_lag from pg_stat_progress_redistribute where relname = '" + name + "'")) {
                        seen[0] = rs.next() ? rs.getString(1) + "," + rs.getLong(2) + "," + rs.getLong(3) + ","
                                + rs.getString(4) + "," + rs.getString(5) : "no row";
                        return !seen[0].equals("no row") && Long.parseLong(seen[0].split(",")[1]) >= 1_000;
                    } catch (SQLException e) {
                        seen[0] = e.getMessage();
                        return false;
                    }
                }, () -> "the rows streamed so far are not shown: " + seen[0]);
            } finally {
                cluster.releaseFailpoint("dn1", "redistribute.send.streaming");
            }
            String[] p = seen[0].split(",");
            assertEquals("copying", p[0], seen[0]);
            assertTrue(Long.parseLong(p[2]) >= 8 * Long.parseLong(p[1]), "bytes of the rows: " + seen[0]);
            assertEquals("null", p[3], "the total is known once the copy is done: " + seen[0]);
            assertEquals("null", p[4], "no lag before the first catch-up: " + seen[0]);
            assertEquals("succeeded", alter.get(180, TimeUnit.SECONDS));
            assertWholeInNewLayout(s, name, sums, ROWS);
            s.execute("drop table " + name);
        }
    }

    @Test
    void aSourceKilledDuringTheCopyLeavesTheTableWholeInItsOldLayout() throws Exception {
        killMidJob("tk3", "dn1", "redistribute.send.copy", "dn1");
    }

    @Test
    void aSourceKilledDuringACatchUpRoundLeavesTheTableWholeInItsOldLayout() throws Exception {
        killMidJob("tk4", "dn1", "redistribute.send.catch-up", "dn1");
    }

    /**
     * A table with secondary indexes (two plain, one unique), a serial column, a CHECK and a comment moves, while both
     * sources are stopped at their copy (their snapshot S taken) and writes change indexed values, the new
     * distribution column, delete and insert rows: the catch-up rounds carry those changes' index entries. After each
     * move every index returns exactly the rows a full scan returns (both compared with the writes' model), UNIQUE is
     * enforced (23505), and the rest of the definition survives. A unique index without the new distribution column
     * refuses the move up front (0A000).
     */
    @Test
    void secondaryIndexesMoveWithTheirRowsAndTheChangesMadeMeanwhile() throws Exception {
        java.util.TreeMap<Integer, List<Object>> model = new java.util.TreeMap<>(); // id1 -> (id2, u, pad)
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(1)); Statement s = c.createStatement()) {
            s.execute("create table ti(id1 int, id2 int, u int, pad text default 'p', n serial, check (u >= 0)) "
                    + "distribute by hash(id1)");
            s.execute("insert into ti(id1, id2, u) select g, g % 100, g from generate_series(1, 3000) g");
            for (int g = 1; g <= 3000; g++) {
                model.put(g, List.of(g % 100, g, "p"));
            }
            s.execute("create index ti_id2 on ti(id2)");
            s.execute("create index ti_pad_desc on ti(pad desc, id2)");
            s.execute("create unique index ti_key on ti(u, id1, id2)");
            s.execute("create unique index ti_id1 on ti(id1)");
            s.execute("comment on table ti is 'moved with its indexes'");

            // a unique index without the new distribution column cannot be enforced there: refused before any row moves
            SQLException refused = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                    () -> s.execute("alter table ti distribute by hash(id2)"));
            assertEquals("0A000", refused.getSQLState(), refused.getMessage());
            assertTrue(refused.getMessage().contains("Cannot create index whose evaluation cannot be enforced to "
                    + "remote nodes") && refused.getMessage().contains("ti_id1"), refused.getMessage());
            assertEquals("id1", table("ti").distribution().column(), "nothing moved");
            s.execute("drop index ti_id1");
            checkIndexes(s, model);

            // both sources stop at their copy, each with its snapshot S taken: what is written now is caught up
            cluster.armFailpoint("dn1", "redistribute.send.copy");
            cluster.armFailpoint("dn2", "redistribute.send.copy");
            CompletableFuture<String> alter = alterAsync("alter table ti distribute by hash(id2)");
            cluster.awaitFailpoint("dn1", "redistribute.send.copy", Duration.ofSeconds(120));
            cluster.awaitFailpoint("dn2", "redistribute.send.copy", Duration.ofSeconds(120));
            s.execute("update ti set id2 = id2 + 1000 where id1 % 10 = 0"); // an indexed column and the new distribution's
            s.execute("update ti set pad = 'q' where id1 % 7 = 0");
            s.execute("delete from ti where id1 % 11 = 0");
            s.execute("insert into ti(id1, id2, u) select g, g % 100, g from generate_series(3001, 3500) g");
            for (java.util.Map.Entry<Integer, List<Object>> e : model.entrySet()) {
                int id1 = e.getKey();
                List<Object> r = e.getValue();
                e.setValue(List.of((int) r.get(0) + (id1 % 10 == 0 ? 1000 : 0), r.get(1), id1 % 7 == 0 ? "q" : "p"));
            }
            model.keySet().removeIf(id1 -> id1 % 11 == 0);
            for (int g = 3001; g <= 3500; g++) {
                model.put(g, List.of(g % 100, g, "p"));
            }
            cluster.releaseFailpoint("dn1", "redistribute.send.copy");
            cluster.releaseFailpoint("dn2", "redistribute.send.copy");
            assertEquals("succeeded", alter.get(180, TimeUnit.SECONDS));
            TableDef moved = table("ti");
            assertEquals("id2", moved.distribution().column());
            assertEquals(List.of("ti_id2", "ti_pad_desc", "ti_key"),
                    moved.indexes().stream().map(io.tessera.coordinator.catalog.IndexDef::name).toList());
            checkIndexes(s, model);
            try (ResultSet rs = s.executeQuery("select count(*) from (select id2 from ti group by id2 "
                    + "having count(distinct xc_node_id) > 1) x")) {
                rs.next();
                assertEquals(0, rs.getLong(1), "each id2 on one node");
            }
            // the rest of the definition: UNIQUE, CHECK, the serial's sequence and default, the comment
            SQLException dup = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                    () -> s.execute("insert into ti(id1, id2, u) values (5, 5, 5)"));
            assertEquals("23505", dup.getSQLState(), dup.getMessage());
            SQLException check = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                    () -> s.execute("insert into ti(id1, id2, u) values (-2, 1, -1)"));
            assertEquals("23514", check.getSQLState(), check.getMessage());
            s.execute("insert into ti(id1, id2, u) values (-1, 7, 1)");
            model.put(-1, List.of(7, 1, "p"));
            try (ResultSet rs = s.executeQuery("select n, pad, obj_description('ti'::regclass, 'pg_class') from ti "
                    + "where id1 = -1")) {
                assertTrue(rs.next());
                assertTrue(rs.getInt(1) > 3500, "the serial goes on: " + rs.getInt(1));
                assertEquals("p", rs.getString(2), "the default");
                assertEquals("moved with its indexes", rs.getString(3));
            }
            checkIndexes(s, model);

            // ROUNDROBIN cannot enforce ti_key; REPLICATION and back to hash(id1) can
            SQLException rr = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                    () -> s.execute("alter table ti distribute by roundrobin"));
            assertEquals("0A000", rr.getSQLState(), rr.getMessage());
            for (String step : List.of("distribute by replication", "distribute by hash(id1)")) {
                s.execute("alter table ti " + step);
                checkIndexes(s, model);
                SQLException again = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                        () -> s.execute("insert into ti(id1, id2, u) values (5, 5, 5)"));
                assertEquals("23505", again.getSQLState(), step + ": " + again.getMessage());
            }
            assertTrue(noJobFiles());
            s.execute("drop table ti");
        }
    }

    /**
     * Starts {@code alter table name distribute by hash(id2)} on coordinator 1 with {@code failpoint} armed on
     * {@code node}, and returns once the job stands there: "succeeded", or the client's SQLSTATE and message.
     */
    private static CompletableFuture<String> alterStoppedAt(String name, String node, String failpoint) {
        cluster.armFailpoint(node, failpoint);
        CompletableFuture<String> alter = alterAsync("alter table " + name + " distribute by hash(id2)");
        cluster.awaitFailpoint(node, failpoint, Duration.ofSeconds(120));
        return alter;
    }

    private static CompletableFuture<String> alterAsync(String sql) {
        return CompletableFuture.supplyAsync(() -> {
            try (Connection c2 = DriverManager.getConnection(cluster.jdbcUrl(1)); Statement s2 = c2.createStatement()) {
                s2.execute(sql);
                return "succeeded";
            } catch (SQLException e) {
                return e.getSQLState() + " " + e.getMessage();
            }
        });
    }

    /**
     * Checks table ti against {@code model}: a full scan returns the model's rows, and each query that reads through
     * one of its indexes (checked with EXPLAIN) returns exactly the rows the same condition returns through a full scan
     * (the condition written so that no index applies).
     */
    private static void checkIndexes(Statement s, java.util.TreeMap<Integer, List<Object>> model) throws SQLException {
        List<String> all = new java.util.ArrayList<>();
        model.forEach((id1, r) -> all.add(id1 + "," + r.get(0) + "," + r.get(1) + "," + r.get(2)));
        assertEquals(all, rows(s, "select id1, id2, u, pad from ti order by id1"), "the full scan holds the model");
        String[][] pairs = {
            {"id2 = 7", "id2 + 0 = 7", "ti_id2"},
            {"id2 = 1010", "id2 + 0 = 1010", "ti_id2"},
            {"id2 between 5 and 20", "id2 + 0 between 5 and 20", "ti_id2"},
            {"id2 between 1000 and 1050", "id2 + 0 between 1000 and 1050", "ti_id2"},
            {"id2 between -1000000 and 1000000", "id2 + 0 between -1000000 and 1000000", "ti_id2"},
            {"pad = 'q' and id2 = 3", "pad || '' = 'q' and id2 + 0 = 3", "ti_pad_desc"},
            {"pad = 'p' and id2 = 1020", "pad || '' = 'p' and id2 + 0 = 1020", "ti_pad_desc"},
            {"u = 70 and id1 = 70 and id2 = 1070", "u + 0 = 70 and id1 + 0 = 70 and id2 + 0 = 1070", "ti_key"},
        };
        for (String[] p : pairs) {
            String plan = String.join("\n", rows(s, "explain select id1 from ti where " + p[0]));
            assertTrue(plan.contains("Index Scan using " + p[2]), p[0] + ": " + plan);
            String seq = String.join("\n", rows(s, "explain select id1 from ti where " + p[1]));
            assertTrue(!seq.contains("Index Scan"), p[1] + ": " + seq);
            List<String> through = rows(s, "select id1, id2, u, pad from ti where " + p[0] + " order by id1");
            assertEquals(rows(s, "select id1, id2, u, pad from ti where " + p[1] + " order by id1"), through, p[0]);
        }
        assertEquals(all.size(), rows(s, "select id1 from ti where id2 between -1000000 and 1000000").size());
    }

    private static List<String> rows(Statement s, String sql) throws SQLException {
        List<String> out = new java.util.ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    b.append(i > 1 ? "," : "").append(rs.getString(i));
                }
                out.add(b.toString());
            }
        }
        return out;
    }

    @Test
    void theCoordinatorKilledInTheSwitchBeforeTheCatalogUpdateLeavesTheTableWholeInItsOldLayout() throws Exception {
        killMidJob("tk5", "coord1", "redistribute.switch.before-catalog", "coord1");
    }

    /**
     * The coordinator dies right after the catalog switch, before it ended the job on the datanodes and removed the
     * old layout: the table is whole in its new layout, and once the job's znode is gone the datanodes retire and
     * remove the old layout themselves.
     */
    @Test
    void theCoordinatorKilledRightAfterTheCatalogUpdateLeavesTheTableWholeInItsNewLayout() throws Exception {
        String name = "tk6";
        List<Long> sums = createTable(name);
        CompletableFuture<String> alter = alterStoppedAt(name, "coord1", "redistribute.switch.after-catalog");
        cluster.kill("coord1");
        String outcome = alter.get(180, TimeUnit.SECONDS);
        assertTrue(!outcome.equals("succeeded"), outcome); // the client lost its connection
        cluster.start();
        awaitJobGone(name);
        assertEquals("id2", table(name).distribution().column(), "the catalog switched: " + outcome);
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(1)); Statement s = c.createStatement()) {
            assertWholeInNewLayout(s, name, sums, ROWS);
            s.execute("alter table " + name + " distribute by hash(id2)"); // run again: nothing to do, succeeds
            s.execute("alter table " + name + " distribute by hash(id1)"); // and the table moves on
            assertEquals(sums, checksum(s, name));
            assertEquals(ROWS, storedKeys());
            s.execute("drop table " + name);
        }
    }

    /**
     * A datanode (source and target) SIGKILLed in the switch, with every round ingested and the coordinator stopped
     * before the catalog update, comes back while the job still runs: it fences the table again at its start-up (a
     * write there waits: 55P03 under lock_timeout), so nothing is written to the old layout that the switch would
     * leave behind; once the coordinator goes on the switch completes, and a write that waited lands in the new
     * layout.
     */
    @Test
    void aDatanodeKilledInTheSwitchFencesTheTableAgainWhenItComesBack() throws Exception {
        String name = "tk7";
        List<Long> sums = createTable(name);
        int onDn2 = valueOnNode(table(name), "dn2", ROWS + 1);
        CompletableFuture<String> alter = alterStoppedAt(name, "coord1", "redistribute.switch.before-catalog");
        cluster.kill("dn2");
        cluster.start(); // dn2 comes back while the job still runs
        CompletableFuture<String> waiting;
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(1)); Statement s = c.createStatement()) {
            s.execute("set lock_timeout = '500ms'");
            java.util.function.Supplier<String> probe = () -> {
                try {
                    s.execute("insert into " + name + " values (" + onDn2 + ", " + (onDn2 % 100) + ")");
                    return "inserted";
                } catch (SQLException e) {
                    return e.getSQLState();
                }
            };
            // dn2 may still be starting (its first answers can be connection errors): wait for its fence's answer
            String[] last = {null};
            Awaits.until(Duration.ofSeconds(60), () -> {
                last[0] = probe.get();
                return last[0].equals("55P03") || last[0].equals("inserted");
            }, () -> "a write to dn2 neither waited nor went through: " + last[0]);
            assertEquals("55P03", last[0], "a write to the old layout on the restarted datanode waits for the job");
            waiting = alterAsync("insert into " + name + " values (" + onDn2 + ", " + (onDn2 % 100) + ")");
        }
        cluster.releaseFailpoint("coord1", "redistribute.switch.before-catalog");
        assertEquals("succeeded", alter.get(180, TimeUnit.SECONDS));
        assertEquals("succeeded", waiting.get(180, TimeUnit.SECONDS), "the write that waited was re-planned");
        awaitJobGone(name);
        List<Long> expected = List.of(sums.get(0) + 1, sums.get(1) + onDn2, sums.get(2) + onDn2 % 100);
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(1)); Statement s = c.createStatement()) {
            assertWholeInNewLayout(s, name, expected, ROWS + 1);
            s.execute("alter table " + name + " distribute by hash(id2)"); // run again: nothing to do, succeeds
            s.execute("drop table " + name);
        }
    }

    /**
     * A table dropped while one of its datanodes is down loses its rows there once the datanode is back: the drop
     * the datanode missed is recorded and retried by the coordinators' sweeper, so the rows do not stay forever.
     */
    @Test
    void aTableDroppedWhileADatanodeIsDownLosesItsRowsThereWhenItComesBack() throws Exception {
        long before = storedKeys();
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(1)); Statement s = c.createStatement()) {
            s.execute("create table td(id1 int, id2 int) distribute by hash(id1)");
            s.execute("insert into td select g, g from generate_series(1, 1000) g");
            assertEquals(before + 1000, storedKeys());
            cluster.kill("dn2");
            s.execute("drop table td"); // dn2 cannot be told now
        }
        cluster.start();
        Awaits.until(Duration.ofSeconds(90), () -> storedKeys() == before,
                () -> "the dropped table's rows are still on the datanodes: keys " + storedKeys() + ", expected "
                        + before);
    }

    /**
     * A datanode that is up but fails the drop (a failpoint: as one that answers too late) keeps the dropped table's
     * rows only until a coordinator's sweeper retries the drop it recorded, once the datanode answers again.
     */
    @Test
    void aDropThatFailsOnALiveDatanodeIsRetriedUntilItsRowsAreGone() throws Exception {
        java.util.Map<String, Long> before = storedKeysPerNode();
        cluster.armFailpoint("dn2", io.tessera.datanode.service.DatanodeService.DROP_TABLE_FAILS_FAILPOINT);
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(1)); Statement s = c.createStatement()) {
            s.execute("create table tf(id1 int, id2 int) distribute by hash(id1)");
            s.execute("insert into tf select g, g from generate_series(1, 1000) g");
            long onDn2 = cluster.storedKeys("dn2") - before.get("dn2");
            assertTrue(onDn2 > 0 && onDn2 < 1000, "dn2 holds part of the table: " + onDn2);
            s.execute("drop table tf"); // succeeds: dn2's part is left to the retry
            assertEquals(before.get("dn1"), cluster.storedKeys("dn1"), "dn1 dropped its rows at once");
            assertEquals(before.get("dn2") + onDn2, cluster.storedKeys("dn2"), "dn2 refused the drop");
        } finally {
            cluster.disarmFailpoints();
        }
        Awaits.until(Duration.ofSeconds(120), () -> storedKeysPerNode().equals(before),
                () -> "the dropped table's rows are still on dn2: keys " + storedKeysPerNode() + ", before " + before);
    }

    /**
     * A datanode that restarts and cannot read the running redistribution jobs from ZooKeeper (a failpoint makes the
     * read fail) fails closed: it serves reads, but every write waits (55P03 under lock_timeout) until a retry has
     * read the jobs, so it cannot accept a write to a table whose job pauses its writes. Once the read succeeds the
     * writes go on.
     */
    @Test
    void aDatanodeThatCannotReadTheJobsAtStartUpHoldsWritesUntilItCan() throws Exception {
        String name = "tk10";
        List<Long> sums = createTable(name);
        int onDn2 = valueOnNode(table(name), "dn2", ROWS + 1);
        cluster.armFailpoint("dn2", io.tessera.datanode.redistribute.RedistributionService.RESTORE_UNREADABLE_FAILPOINT);
        cluster.kill("dn2");
        cluster.start();
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(1)); Statement s = c.createStatement()) {
            s.execute("set lock_timeout = '500ms'");
            java.util.function.Supplier<String> probe = () -> {
                try {
                    s.execute("insert into " + name + " values (" + onDn2 + ", " + (onDn2 % 100) + ")");
                    return "inserted";
                } catch (SQLException e) {
                    return e.getSQLState();
                }
            };
            String[] last = {null};
            Awaits.until(Duration.ofSeconds(60), () -> {
                last[0] = probe.get();
                return last[0].equals("55P03") || last[0].equals("inserted");
            }, () -> "a write to dn2 neither waited nor went through: " + last[0]);
            assertEquals("55P03", last[0], "a write on the datanode that cannot read the jobs waits");
            assertEquals(sums, checksum(s, name), "reads are served meanwhile");

            cluster.disarmFailpoints(); // ZooKeeper answers again
            Awaits.until(Duration.ofSeconds(60), () -> {
                last[0] = probe.get();
                return last[0].equals("inserted");
            }, () -> "the write did not go on once the jobs could be read: " + last[0]);
            assertEquals(sums.get(0) + 1, checksum(s, name).get(0));
            s.execute("drop table " + name);
        }
    }

    /**
     * A target datanode SIGKILLed right after the catalog switch, before the coordinator ended the job on it: the
     * ALTER completes (the switch is done), and the datanode, back, removes the old layout it missed.
     */
    @Test
    void aDatanodeKilledRightAfterTheCatalogUpdateLeavesTheTableWholeInItsNewLayout() throws Exception {
        String name = "tk8";
        List<Long> sums = createTable(name);
        CompletableFuture<String> alter = alterStoppedAt(name, "coord1", "redistribute.switch.after-catalog");
        cluster.kill("dn2");
        cluster.releaseFailpoint("coord1", "redistribute.switch.after-catalog");
        assertEquals("succeeded", alter.get(180, TimeUnit.SECONDS));
        cluster.start();
        awaitJobGone(name);
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(1)); Statement s = c.createStatement()) {
            assertWholeInNewLayout(s, name, sums, ROWS);
            s.execute("alter table " + name + " distribute by hash(id2)");
            s.execute("drop table " + name);
        }
    }

    /**
     * statement_timeout cancels the ALTER (57014 "canceling statement due to statement timeout"): the job is rolled
     * back, the table whole in its old layout with nothing of the job left, and the ALTER runs again.
     */
    @Test
    void statementTimeoutRollsTheJobBack() throws Exception {
        String name = "tk9";
        List<Long> sums = createTable(name);
        TableDef before = table(name);
        cluster.armFailpoint("dn1", "redistribute.send.copy"); // the copy takes longer than the timeout
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(1)); Statement s = c.createStatement()) {
            s.execute("set statement_timeout = '5s'");
            SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                    () -> s.execute("alter table " + name + " distribute by hash(id2)"));
            assertEquals("57014", e.getSQLState(), e.getMessage());
            assertTrue(e.getMessage().contains("canceling statement due to statement timeout"), e.getMessage());
            if (Files.exists(cluster.home().resolve("failpoints").resolve("dn1").resolve("redistribute.send.copy.hit"))) {
                cluster.releaseFailpoint("dn1", "redistribute.send.copy"); // the cancelled send ends on its own
            } else {
                cluster.disarmFailpoints(); // cancelled before the copy reached dn1
            }
            awaitJobGone(name);
            assertEquals(before, table(name), "the old layout");
            assertEquals(sums, checksum(s, name));
            Awaits.until(Duration.ofSeconds(60), () -> noJobFiles() && storedKeys() == ROWS,
                    () -> "job files or keys of the new layout left: job files " + (noJobFiles() ? "none" : "left")
                            + ", keys " + storedKeysPerNode());
            assertTrue(catalog.snapshot().tables("postgres").keySet().stream().noneMatch(n -> n.startsWith(name + "$")),
                    "no staging entry: " + catalog.snapshot().tables("postgres").keySet());
            s.execute("set statement_timeout = 0");
            s.execute("alter table " + name + " distribute by hash(id2)");
            assertWholeInNewLayout(s, name, sums, ROWS);
            s.execute("drop table " + name);
        }
    }

    /** Creates table {@code name} (ROWS rows, hash(id1)); returns its checksum. */
    private static List<Long> createTable(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(1)); Statement s = c.createStatement()) {
            s.execute("create table " + name + "(id1 int, id2 int) distribute by hash(id1)");
            s.execute("insert into " + name + " select g, g % 100 from generate_series(1, " + ROWS + ") g");
            return checksum(s, name);
        }
    }

    private static void awaitJobGone(String name) {
        String jobPath = "/tessera/redistribute/postgres/" + name;
        Awaits.until(Duration.ofSeconds(60), () -> {
            try {
                return zk.checkExists().forPath(jobPath) == null;
            } catch (Exception e) {
                return false;
            }
        }, () -> "the job znode is gone");
    }

    /**
     * The table is distributed by hash(id2), holds the rows {@code sums} describes, each id2 on one node, and the
     * datanodes store {@code rows} keys: nothing of the old layout, no job files, no staging entry.
     */
    private static void assertWholeInNewLayout(Statement s, String name, List<Long> sums, int rows) throws Exception {
        assertEquals("id2", table(name).distribution().column());
        Awaits.until(Duration.ofSeconds(60), () -> {
            try {
                return checksum(s, name).equals(sums);
            } catch (SQLException e) {
                return false;
            }
        }, () -> "the table is readable and whole in its new layout");
        try (ResultSet rs = s.executeQuery("select count(*) from (select id2 from " + name + " group by id2 "
                + "having count(distinct xc_node_id) > 1) x")) {
            rs.next();
            assertEquals(0, rs.getLong(1), "each id2 on one node");
        }
        Awaits.until(Duration.ofSeconds(60), () -> noJobFiles() && storedKeys() == rows,
                () -> "job files or keys of the old layout left: job files " + (noJobFiles() ? "none" : "left")
                        + ", keys " + storedKeysPerNode() + " (expected " + rows + " in all)");
        assertTrue(catalog.snapshot().tables("postgres").keySet().stream().noneMatch(n -> n.startsWith(name + "$")),
                "no staging entry: " + catalog.snapshot().tables("postgres").keySet());
        s.execute("insert into " + name + " values (0, 0)"); // writable: the fences lifted
        s.execute("delete from " + name + " where id1 = 0");
    }

    /** The first value from {@code from} on whose hash table {@code t} places a row on {@code node}. */
    private static int valueOnNode(TableDef t, String node, int from) {
        Distribution d = t.distribution();
        for (int v = from; ; v++) {
            int shard = io.tessera.common.distribution.ShardMath.shardOf(io.tessera.common.distribution
                    .DistributionHash.hash(v, io.tessera.common.types.PgType.INT4), d.shardCount());
            if (d.shardNodes().get(shard).equals(node)) {
                return v;
            }
        }
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
        CompletableFuture<String> alter = alterStoppedAt(name, stopNode, failpoint);
        cluster.kill(victim);
        String outcome = alter.get(180, TimeUnit.SECONDS);
        assertTrue(!outcome.equals("succeeded"), outcome);
        cluster.start(); // the victim comes back
        awaitJobGone(name); // it vanished with its coordinator's session
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
                    () -> "job files or keys of the new layout left: job files " + (noJobFiles() ? "none" : "left")
                            + ", keys " + storedKeysPerNode());
            // nor in the catalog: a dead coordinator's staging entry is swept without another ALTER of the table
            awaitNoStagingEntry(s, name);
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

    /**
     * Waits until neither the catalog nor pg_class has a staging entry of {@code name} ({@code name$redistN}): the
     * coordinators sweep those of jobs that no longer run.
     */
    private static void awaitNoStagingEntry(Statement s, String name) {
        String[] left = {null};
        Awaits.until(Duration.ofSeconds(60), () -> {
            try {
                catalog.reload();
                left[0] = catalog.snapshot().tables("postgres").keySet().stream()
                        .filter(n -> n.startsWith(name + "$")).toList() + " " + rows(s, "select relname from pg_class "
                        + "where relname like '" + name + "$%'");
                return left[0].equals("[] []");
            } catch (Exception e) {
                left[0] = e.toString();
                return false;
            }
        }, () -> "a staging entry is left: " + left[0]);
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

    /** {@link #storedKeys()} per datanode, for failure messages. */
    private static java.util.Map<String, Long> storedKeysPerNode() {
        java.util.Map<String, Long> keys = new java.util.TreeMap<>();
        cluster.config().datanodes.forEach(n -> keys.put(n.name, cluster.storedKeys(n.name)));
        return keys;
    }

    /** Keys stored on all datanodes (every test drops its table at its end, so these are the current table's). */
    private static long storedKeys() {
        return cluster.config().datanodes.stream().mapToLong(n -> cluster.storedKeys(n.name)).sum();
    }
}
