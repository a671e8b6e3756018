package io.tessera.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.coordinator.catalog.CatalogSnapshot;
import io.tessera.coordinator.catalog.CatalogStore;
import io.tessera.coordinator.catalog.TableDef;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Datanodes hold each table's schema by version and fence requests by it; a coordinator that planned with an older
 * version re-plans without the client noticing when that is safe (TesseraSession's StaleSchemaRetry).
 *
 * <p>Two coordinators and two datanodes. Coordinator 2's catalog watch is stalled by a failpoint, so it keeps
 * planning with the schema it had; the table's schema version is then changed underneath it by a real catalog
 * change ({@link CatalogStore#apply}, rewriting the table's definition with {@link TableDef#withSchemaChange} — what
 * ALTER TABLE will do; there is no ALTER TABLE yet). Coordinator 1 sees the change as usual, and a statement through
 * it brings every datanode of the table to the new version.
 */
class SchemaVersionIT {
    private static final String STALE_SCHEMA = "40T01";
    private static ProcessCluster cluster;
    private static CuratorFramework zk;
    private static CatalogStore catalog;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = ProcessCluster.startWithFailpoints(2, 2);
        zk = CuratorFrameworkFactory.newClient(cluster.config().zookeeperConnect(), new RetryNTimes(10, 200));
        zk.start();
        catalog = new CatalogStore(zk, "schema-version-it"); // no coordinator member: DDLs do not wait for it
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

    private static Connection connect(int coordinator) throws SQLException {
        return DriverManager.getConnection(cluster.jdbcUrl(coordinator));
    }

    /** The stand-in for an ALTER TABLE that changes {@code table}: its definition rewritten, schema version bumped. */
    private static long bumpSchemaVersion(String table) {
        CatalogSnapshot s = catalog.apply((current, root, ops) -> {
            TableDef t = current.tables("postgres").get(table);
            return List.of(ops.updateTable(t.withSchemaChange(t.columns(), t.primaryKey())));
        });
        return s.tables("postgres").get(table).schemaVersion();
    }

    private static String one(Statement s, String sql) throws SQLException {
        try (ResultSet r = s.executeQuery(sql)) {
            assertTrue(r.next(), sql);
            return r.getString(1);
        }
    }

    @Test
    void statementsPlannedWithAnOlderSchemaAreReplannedOrRefused() throws Exception {
        try (Connection c1 = connect(1); Statement s1 = c1.createStatement();
                Connection c2 = connect(2); Statement s2 = c2.createStatement()) {
            s1.execute("create table sv (id int primary key, v text)");
            s1.execute("create table other (id int primary key)");
            s1.execute("insert into other values (1)");
            StringBuilder values = new StringBuilder();
            for (int i = 1; i <= 100; i++) {
                values.append(i == 1 ? "" : ",").append("(").append(i).append(", 'v").append(i).append("')");
            }
            s1.execute("insert into sv values " + values);
            String query = "select count(*) || ':' || sum(id) from sv";
            assertEquals("100:5050", one(s2, query)); // coordinator 2 plans (and caches) with version 1
            assertEquals("1", one(s2, "select count(*) from other"));

            cluster.armFailpoint("coord2", CatalogStore.RELOAD_FAILPOINT);
            assertEquals(2, bumpSchemaVersion("sv"));
            cluster.awaitFailpoint("coord2", CatalogStore.RELOAD_FAILPOINT, Duration.ofSeconds(30));
            assertEquals("100:5050", one(s1, query)); // every datanode of sv now holds version 2

            // a query: refused by the datanodes, re-planned and run again on coordinator 2
            assertEquals("100:5050", one(s2, query));
            assertTrue(cluster.log("coord2").contains("re-planned after a datanode refused a stale schema"),
                    "coordinator 2 met the refusal and re-planned");

            // a write that begins its transaction block: the block's transaction is redone
            assertEquals(3, bumpSchemaVersion("sv"));
            assertEquals("100:5050", one(s1, query));
            c2.setAutoCommit(false);
            s2.execute("insert into sv values (101, 'v101')");
            c2.commit();
            assertEquals("101:5151", one(s1, query));

            // a write after another statement of its block: the block cannot be redone, the client gets 40T01
            assertEquals("1", one(s2, "select count(*) from other"));
            assertEquals(4, bumpSchemaVersion("sv"));
            assertEquals("101:5151", one(s1, query));
            SQLException e = assertThrows(SQLException.class,
                    () -> s2.execute("update sv set v = 'changed' where id = 1"));
            assertEquals(STALE_SCHEMA, e.getSQLState(), e.getMessage());
            c2.rollback();
            // retrying the transaction works
            s2.execute("update sv set v = 'changed' where id = 1");
            c2.commit();
            c2.setAutoCommit(true);
            assertEquals("changed", one(s1, "select v from sv where id = 1"));
            assertEquals("101:5151", one(s2, query));
        }
    }


    @Test
    void aTableDroppedWhileADatanodeIsDownLosesItsDataThereWhenItComesBack() throws Exception {
        try (Connection c1 = connect(1); Statement s1 = c1.createStatement()) {
            long before = cluster.storedKeys("dn2");
            s1.execute("create table gone (id int primary key, v text)");
            StringBuilder values = new StringBuilder();
            for (int i = 1; i <= 50; i++) {
                values.append(i == 1 ? "" : ",").append("(").append(i).append(", 'g").append(i).append("')");
            }
            s1.execute("insert into gone values " + values);
            assertTrue(cluster.storedKeys("dn2") > before, "some rows of gone live on dn2");
            catalog.reload();
            int id = catalog.snapshot().tables("postgres").get("gone").id();

            cluster.kill("dn2");
            s1.execute("drop table gone"); // dn2 cannot be told: it keeps gone's rows while down
            cluster.start();
            Awaits.until(Duration.ofSeconds(60), () -> cluster.log("dn2").contains("removing the data of table id "
                    + Integer.toUnsignedString(id)), () -> "dn2 did not remove dropped table " + id + "\n"
                    + cluster.log("dn2"));
            assertEquals(before, cluster.storedKeys("dn2"), "only the dropped table's keys are gone");
        }
    }
}
