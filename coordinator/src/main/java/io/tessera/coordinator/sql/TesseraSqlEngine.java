package io.tessera.coordinator.sql;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.gtm.GtmClient;
import io.tessera.coordinator.catalog.CatalogSnapshot;
import io.tessera.coordinator.catalog.CatalogStore;
import io.tessera.coordinator.catalog.pgcatalog.Backends;
import io.tessera.coordinator.cluster.DatanodeClients;
import io.tessera.coordinator.gc.GcCoordinator;
import io.tessera.coordinator.gc.SnapshotRegistry;
import io.tessera.coordinator.session.SqlEngine;
import io.tessera.coordinator.session.SqlSession;
import io.tessera.coordinator.txn.TransactionCoordinator;
import java.util.List;
import java.util.Map;

/**
 * The coordinator's SQL layer: authenticates sessions against the catalog's roles and databases and gives each
 * a {@link TesseraSession}. Holds what sessions share — the catalog, the GTM client, the datanode channels.
 */
public final class TesseraSqlEngine implements SqlEngine, AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TesseraSqlEngine.class);
    private final CatalogStore catalog;
    private final DatanodeClients datanodes;
    private final GtmClient gtm;
    private final DdlExecutor ddl;
    private final TransactionCoordinator transactions;
    private final String ownerId;
    /** Garbage collection (null: none, VACUUM refuses) and the sessions' held snapshots it reports. */
    private final GcCoordinator gc;
    private final SnapshotRegistry snapshots;
    /** When this coordinator started, ms since the epoch (pg_postmaster_start_time). */
    private final long startMillis = System.currentTimeMillis();
    private final Backends backends = new Backends();
    /** Numbers sessions for pg_backend_pid (a coordinator has no process per session). */
    private final java.util.concurrent.atomic.AtomicInteger backendNumbers = new java.util.concurrent.atomic.AtomicInteger(
            (int) ProcessHandle.current().pid() * 100);
    private final java.util.concurrent.ScheduledExecutorService timers =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "statement-timeout");
                t.setDaemon(true);
                return t;
            });

    /**
     * @param ownerId this coordinator process's transaction owner id, stamped on every transaction it starts
     *     ({@link io.tessera.common.txn.TransactionOwners})
     */
    public TesseraSqlEngine(CatalogStore catalog, DatanodeClients datanodes, GtmClient gtm, String ownerId) {
        this(catalog, datanodes, gtm, ownerId, null);
    }

    /**
     * @param ownerId as above
     * @param gc the coordinator's garbage-collection service: sessions register their snapshots with it, VACUUM
     *     runs through it (null: none)
     */
    public TesseraSqlEngine(CatalogStore catalog, DatanodeClients datanodes, GtmClient gtm, String ownerId,
                            GcCoordinator gc) {
        this.gc = gc;
        this.snapshots = gc == null ? new SnapshotRegistry() : gc.snapshots();
        this.catalog = catalog;
        this.datanodes = datanodes;
        this.gtm = gtm;
        this.ownerId = ownerId;
        this.ddl = new DdlExecutor(catalog, datanodes);
        this.transactions = new TransactionCoordinator(datanodes, gtm);
        io.tessera.coordinator.stats.StatisticsStore store = new io.tessera.coordinator.stats.StatisticsStore(
                catalog == null ? null : catalog.zk());
        try {
            store.start();
        } catch (Exception e) {
            throw new IllegalStateException("could not load the table statistics from ZooKeeper", e);
        }
        this.statistics = new io.tessera.coordinator.stats.StatisticsService(store, catalog, datanodes, gtm);
        transactions.onCommitted(t -> statistics.committed(t.rowsChanged()));
        this.tableLocks = new io.tessera.coordinator.txn.lock.ClusterTableLocks(catalog == null ? null : catalog.zk(),
                catalog == null ? "coordinator" : catalog.coordinatorName());
        try {
            tableLocks.start();
        } catch (Exception e) {
            throw new IllegalStateException("could not start the table locks in ZooKeeper", e);
        }
        backends.tableLocks(() -> tableLocks.table().locks());
        ddl.onTableMoved(statistics::moved);
        if (catalog != null && ownerId != null) {
            orphanSweeper.scheduleWithFixedDelay(this::dropOrphanTempSchemas, 1, ORPHAN_SWEEP_SECONDS,
                    java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /** How often the temporary schemas of dead coordinators are looked for. */
    private static final long ORPHAN_SWEEP_SECONDS = Long.getLong("tessera.temp_orphan_sweep_seconds", 5);

    private final java.util.concurrent.ScheduledExecutorService orphanSweeper =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "temp-orphan-sweeper");
                t.setDaemon(true);
                return t;
            });

    /**
     * Drops the temporary schemas (with their tables and the tables' rows on the datanodes) of sessions whose
     * coordinator is gone: killed, or fenced when its ZooKeeper session expired, including this coordinator's earlier
     * incarnation ({@link TempTables#orphans}). Each runs in an internal session as the schema's owner.
     */
    private void dropOrphanTempSchemas() {
        try {
            CatalogSnapshot s = catalog.globalSnapshot();
            for (String[] orphan : TempTables.orphans(s, catalog.zk(), ownerId)) {
                String role = orphan[2] != null && s.roles().containsKey(orphan[2]) ? orphan[2]
                        : s.roles().values().stream().filter(io.tessera.coordinator.catalog.RoleDef::superuser)
                                .map(io.tessera.coordinator.catalog.RoleDef::name).findFirst().orElse(null);
                if (role == null || !s.databases().containsKey(orphan[0])) {
                    continue;
                }
                TesseraSession session = new TesseraSession(this, role, orphan[0], Map.of());
                Runnable leave = session.enter();
                try {
                    session.prepare(orphan[1], List.of()).execute(List.of()).close();
                    LOG.info("dropped an orphaned temporary schema: {}", orphan[1]);
                } catch (RuntimeException e) {
                    LOG.warn("{} failed", orphan[1], e);
                } finally {
                    leave.run();
                    session.close();
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("looking for orphaned temporary schemas", e);
        }
    }

    /**
     * Stops the engine's background threads: the redistribution sweeper ({@link DdlExecutor#close()}) and the
     * statement-timeout timer. Call after the server stopped accepting connections; the catalog, GTM and datanode
     * clients given to the constructor stay open (their owner closes them).
     */
    @Override
    public void close() {
        orphanSweeper.shutdownNow();
        ddl.close();
        timers.shutdownNow();
    }

    /** Table locks: this coordinator's, and the cluster's strong ones (txn.lock.ClusterTableLocks). */
    private final io.tessera.coordinator.txn.lock.ClusterTableLocks tableLocks;

    /** The coordinator's table locks (sessions, LOCK TABLE, pg_locks, the deadlock detector). */
    public io.tessera.coordinator.txn.lock.ClusterTableLocks tableLocks() {
        return tableLocks;
    }

    /** Table statistics (ANALYZE, auto-analyze) and what the planner reads of them. */
    private final io.tessera.coordinator.stats.StatisticsService statistics;

    /** Table statistics: ANALYZE, auto-analyze, and the planner's source. */
    public io.tessera.coordinator.stats.StatisticsService statistics() {
        return statistics;
    }

    /** Plans shared by this coordinator's sessions. */
    private final PlanCache plans = new PlanCache();

    /** The plans this coordinator's sessions share ({@link PlanCache}). */
    PlanCache plans() {
        return plans;
    }

    @Override
    public SqlSession openSession(String user, String database, Map<String, String> options) {
        CatalogSnapshot s = catalog.snapshot();
        if (!s.roles().containsKey(user)) {
            throw new TesseraException(SqlState.INVALID_AUTHORIZATION_SPECIFICATION, "role \"" + user + "\" does not exist");
        }
        if (!s.roles().get(user).canLogin()) {
            throw new TesseraException(SqlState.INVALID_AUTHORIZATION_SPECIFICATION, "role \"" + user
                    + "\" is not permitted to log in");
        }
        if (!s.databases().containsKey(database)) {
            throw new TesseraException(SqlState.INVALID_CATALOG_NAME, "database \"" + database + "\" does not exist");
        }
        return new TesseraSession(this, user, database, options);
    }

    CatalogStore catalog() {
        return catalog;
    }

    DatanodeClients datanodes() {
        return datanodes;
    }

    GtmClient gtm() {
        return gtm;
    }

    DdlExecutor ddl() {
        return ddl;
    }

    TransactionCoordinator transactions() {
        return transactions;
    }

    /** Runs statement_timeout cancellations. */
    java.util.concurrent.ScheduledExecutorService timers() {
        return timers;
    }

    GcCoordinator gc() {
        return gc;
    }

    SnapshotRegistry snapshots() {
        return snapshots;
    }

    /** The owner id stamped on this coordinator's transactions. */
    String ownerId() {
        return ownerId;
    }

    /** When this coordinator started, milliseconds since the epoch. */
    long startMillis() {
        return startMillis;
    }

    /** The coordinator's live sessions (pg_stat_activity). */
    Backends backends() {
        return backends;
    }

    /** A fresh number for {@code pg_backend_pid()}. */
    int nextBackendNumber() {
        return backendNumbers.incrementAndGet();
    }
}
