package io.tessera.coordinator.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.catalog.CatalogSnapshot;
import io.tessera.coordinator.catalog.CatalogStore;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.coordinator.sql.exec.TesseraDataContext;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.calcite.DataContext;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The redistribution jobs running in the cluster, as ZooKeeper records them: one ephemeral znode per job,
 * {@value RedistributeTable#JOBS}{@code /DB/TABLE} (names URL-encoded), held by the ZooKeeper session of the
 * coordinator running the ALTER TABLE, its data the JSON {@code RedistributeTable} writes at each phase.
 *
 * <p>Cancelling a job deletes its znode, from any coordinator ({@code pg_cancel_redistribute}) or from
 * {@code tessera redistribute --cancel}: every datanode of the job watches it and drops the job's fence, GC hold,
 * inboxes and files; the coordinator running it watches it too, stops its calls, drops the new rows and the staging
 * entry, and its ALTER TABLE fails with 57014. The catalog switch is one ZooKeeper multi-op that checks the znode,
 * so a job either switches or is cancelled, never both: once it has switched, cancelling it changes nothing.
 */
public final class RedistributionJobs {
    private static final Logger LOG = LoggerFactory.getLogger(RedistributionJobs.class);
    /** How often a coordinator looks for staging entries left by jobs that no longer run, besides its watches. */
    private static final long SWEEP_INTERVAL_S = 30;
    private static volatile Supplier<CuratorFramework> zookeeper = () -> null;

    private RedistributionJobs() {
    }

    /** One running job, from its znode. */
    public record Job(String database, String table, String jobId, String phase, long rowsCopied, long rowsTotal,
            long lag, long startedAtMs) {
        /** {@code tessera status}'s line: {@code redistribute DB.TABLE PHASE rows=N/TOTAL lag=N job=ID}. */
        public String line() {
            return "redistribute " + database + "." + table + " " + phase.replace(' ', '_') + " rows=" + rowsCopied
                    + "/" + (rowsTotal < 0 ? "?" : String.valueOf(rowsTotal)) + " lag="
                    + (lag < 0 ? "?" : String.valueOf(lag)) + " job=" + jobId;
        }
    }

    /** The ZooKeeper client the SQL function uses (this coordinator's). */
    static void use(Supplier<CuratorFramework> zk) {
        zookeeper = zk;
    }

    /**
     * The job znode of {@code table} (its catalog key, {@link CatalogSnapshot#key}: {@code schema.name} outside
     * {@code public}, so same-named tables of two schemas are redistributed independently) in {@code database}.
     */
    static String path(String database, String table) {
        return RedistributeTable.JOBS + "/" + enc(database) + "/" + enc(table);
    }

    /**
     * Cancels the job running on {@code database.table}.
     *
     * @return whether a job was running (it is then rolled back, unless it had already switched)
     * @throws TesseraException 08T03 when ZooKeeper cannot be reached
     */
    public static boolean cancel(CuratorFramework zk, String database, String table) {
        try {
            zk.delete().forPath(path(database, table));
            return true;
        } catch (KeeperException.NoNodeException e) {
            return false;
        } catch (Exception e) {
            throw new TesseraException(SqlState.CATALOG_UNAVAILABLE, "cannot cancel the redistribution of \"" + table
                    + "\": ZooKeeper unavailable: " + e.getMessage(), e);
        }
    }

    /**
     * The running jobs of every database.
     *
     * @throws TesseraException 08T03 when ZooKeeper cannot be reached
     */
    public static List<Job> list(CuratorFramework zk) {
        List<Job> out = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try {
            if (zk.checkExists().forPath(RedistributeTable.JOBS) == null) {
                return out;
            }
            for (String db : zk.getChildren().forPath(RedistributeTable.JOBS)) {
                List<String> tables;
                try {
                    tables = zk.getChildren().forPath(RedistributeTable.JOBS + "/" + db);
                } catch (KeeperException.NoNodeException e) {
                    continue;
                }
                for (String table : tables) {
                    try {
                        JsonNode j = json.readTree(zk.getData().forPath(RedistributeTable.JOBS + "/" + db + "/" + table));
                        out.add(new Job(dec(db), dec(table), j.path("jobId").asText(), j.path("phase").asText(),
                                j.path("rowsCopied").asLong(0), j.path("rowsTotal").asLong(-1),
                                j.path("lag").asLong(-1), j.path("startedAt").asLong(0)));
                    } catch (KeeperException.NoNodeException e) {
                        // ended meanwhile
                    }
                }
            }
            return out;
        } catch (Exception e) {
            throw new TesseraException(SqlState.CATALOG_UNAVAILABLE, "cannot read the redistribution jobs: ZooKeeper "
                    + "unavailable: " + e.getMessage(), e);
        }
    }

    /**
     * The DDL guard of a running redistribution: a DDL that changes table {@code database.table} (ALTER TABLE of any
     * kind, CREATE / DROP INDEX, DROP TABLE) while a job moves it would make the job's catalog switch, which
     * requires the table unchanged, fail late after the whole copy. It is refused at once instead, with
     * PostgreSQL's object_in_use. Writes (INSERT, UPDATE, DELETE, COPY, TRUNCATE — a transactional delete here) go
     * on: the job's catch-up rounds carry them. A DDL that passes this check just before a job starts is still
     * caught by the switch (55006 from the ALTER ... DISTRIBUTE BY, which can be run again).
     *
     * @throws TesseraException 55006 {@code table "t" is being redistributed}; 08T03 when ZooKeeper cannot be read
     */
    static void refuseDdl(String database, String table) {
        CuratorFramework zk = zookeeper.get();
        if (zk == null) {
            return; // no cluster (unit tests): no job can run
        }
        boolean running;
        try {
            running = zk.checkExists().forPath(path(database, table)) != null;
        } catch (Exception e) {
            throw new TesseraException(SqlState.CATALOG_UNAVAILABLE, "cannot read the redistribution jobs: ZooKeeper "
                    + "unavailable: " + e.getMessage(), e);
        }
        if (running) {
            throw new TesseraException(SqlState.OBJECT_IN_USE, "table \"" + table + "\" is being redistributed",
                    "ALTER TABLE ... DISTRIBUTE BY (or TO NODE, ADD NODE, DELETE NODE) is moving its rows.",
                    "Wait for it to finish, or cancel it with pg_cancel_redistribute('" + table.replace("'", "''")
                    + "'::regclass), then run the statement again.", 0, null);
        }
    }

    /**
     * {@code pg_cancel_redistribute(regclass)}: cancels the redistribution (ALTER TABLE ... DISTRIBUTE BY, TO NODE,
     * ADD NODE, DELETE NODE) running on the table, from any coordinator. True when a job was running: it rolls
     * back, and the table stays whole in its old layout (unless the job had already switched: then it completes).
     * False when none runs.
     *
     * @throws TesseraException 42P01 for an OID that is no table of the current database
     */
    public static Boolean cancelRedistribute(DataContext root, Integer relation) {
        var ctx = TesseraDataContext.statement(root);
        String database = ctx.session() == null ? "postgres" : ctx.session().database();
        for (TableDef t : ctx.catalog().tables(database).values()) {
            if (t.oid() == relation) {
                CuratorFramework zk = zookeeper.get();
                if (zk == null) {
                    throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                            "this coordinator has no ZooKeeper to cancel redistributions in");
                }
                return cancel(zk, database, t.key());
            }
        }
        throw new TesseraException(SqlState.UNDEFINED_TABLE, "relation with OID " + Integer.toUnsignedString(relation)
                + " does not exist");
    }

    /**
     * Starts this coordinator's sweeper of orphaned staging entries: a job whose coordinator died (its ephemeral
     * znode went with the coordinator's ZooKeeper session) leaves its staging table {@code T$redistN} in the catalog
     * (the datanodes already dropped its rows when they saw the znode go). The sweeper removes such entries at once,
     * then whenever the znode of a job with a staging entry is deleted (it watches them), and every
     * {@value #SWEEP_INTERVAL_S} s (for jobs started by other coordinators since). It runs on a daemon thread until
     * the returned handle is closed.
     *
     * @param removeData drops a removed staging table's rows from the datanodes (a no-op when they are gone)
     * @param eachSweep runs after every sweep, on the sweeper's thread (the retry of drops datanodes missed)
     * @return stops the sweeper: no sweep starts after {@code close()} returns, one under way is interrupted (each
     *     removal is one catalog change, whole or not at all), a watch that fires later is ignored; closing twice
     *     is harmless
     */
    static AutoCloseable startSweeper(CatalogStore catalog, Consumer<TableDef> removeData, Runnable eachSweep) {
        ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "redistribute-sweeper");
            t.setDaemon(true);
            return t;
        });
        Watcher[] watcher = {null};
        Runnable sweep = () -> {
            try {
                sweepOrphans(catalog, removeData, watcher[0]);
            } catch (RuntimeException e) {
                LOG.warn("cannot sweep the staging tables of ended redistributions: {}", e.getMessage());
            }
            eachSweep.run();
        };
        watcher[0] = (WatchedEvent event) -> {
            if (event.getType() == Watcher.Event.EventType.NodeDeleted && !sweeper.isShutdown()) {
                try {
                    sweeper.execute(sweep);
                } catch (java.util.concurrent.RejectedExecutionException stopped) {
                    // closed between the test and the call: nothing left to sweep for
                }
            }
        };
        sweeper.scheduleWithFixedDelay(sweep, 0, SWEEP_INTERVAL_S, TimeUnit.SECONDS);
        return sweeper::shutdownNow;
    }

    /**
     * Removes from the catalog the staging tables ({@code T$redistN}, table id N) of the jobs that no longer run (no
     * job znode for {@code T}), and their rows. A staging entry is created after its job's znode, and a job that ends
     * by itself removes it (abort) or turns it into the table (switch, which then carries the id N under the name
     * {@code T}): so an entry whose znode is absent belongs to a job that is gone. Each removal is one catalog
     * change that finds the entry still there under its name and id, so a switch that happened meanwhile is never
     * undone and the moved table's rows are never dropped. For a job that still runs, {@code watcher} (when not null)
     * is set on its znode.
     *
     * @return the staging entries removed
     * @throws TesseraException 08T03 when ZooKeeper cannot be reached
     */
    static List<String> sweepOrphans(CatalogStore catalog, Consumer<TableDef> removeData, Watcher watcher) {
        List<String> removed = new ArrayList<>();
        CatalogSnapshot s = catalog.snapshot();
        for (String database : s.tables().keySet()) {
            for (TableDef staging : s.tables(database).values()) {
                String owner = stagingOwner(staging);
                if (owner == null) {
                    continue;
                }
                String jobPath = path(database, CatalogSnapshot.key(staging.schema(), owner));
                try {
                    boolean running = (watcher == null ? zk(catalog).checkExists().forPath(jobPath)
                            : zk(catalog).checkExists().usingWatcher(watcher).forPath(jobPath)) != null;
                    if (running) {
                        continue;
                    }
                } catch (Exception e) {
                    throw new TesseraException(SqlState.CATALOG_UNAVAILABLE, "cannot read the redistribution jobs: "
                            + "ZooKeeper unavailable: " + e.getMessage(), e);
                }
                AtomicBoolean deleted = new AtomicBoolean();
                catalog.apply((now, root, ops) -> {
                    TableDef current = now.tables(database).get(staging.key());
                    deleted.set(current != null && current.id() == staging.id());
                    return deleted.get() ? List.of(ops.deleteTable(current)) : List.of();
                });
                if (deleted.get()) {
                    LOG.info("removed {}.{}, the staging table of a redistribution of \"{}\" that no longer runs",
                            database, staging.name(), owner);
                    removeData.accept(staging);
                    removed.add(database + "." + staging.name());
                }
            }
        }
        return removed;
    }

    /** The table a staging entry {@code T$redistN} (N its own id) belongs to, T; null for any other table. */
    static String stagingOwner(TableDef t) {
        String n = t.name();
        int at = n.lastIndexOf(RedistributeTable.STAGING);
        if (at <= 0) {
            return null;
        }
        String id = n.substring(at + RedistributeTable.STAGING.length());
        return id.equals(String.valueOf(t.id())) ? n.substring(0, at) : null;
    }

    private static CuratorFramework zk(CatalogStore catalog) {
        return catalog.zk();
    }

    private static String enc(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8);
    }

    private static String dec(String name) {
        return URLDecoder.decode(name, StandardCharsets.UTF_8);
    }
}
