package io.tessera.coordinator.gc;

import io.tessera.common.config.ClusterConfig;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.grpc.GrpcErrors;
import io.tessera.common.gtm.GtmClient;
import io.tessera.coordinator.catalog.CatalogStore;
import io.tessera.coordinator.catalog.NodeDef;
import io.tessera.coordinator.cluster.DatanodeClients;
import io.tessera.protocol.datanode.GcSafePointRequest;
import io.tessera.protocol.datanode.VacuumRequest;
import io.tessera.protocol.datanode.VacuumResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's part in MVCC garbage collection (DESIGN.md "Transactions", GC):
 * <pre>
 *   every coordinator, every reportIntervalMs:
 *       F = a fresh GTM timestamp;  report = min(F, snapshots its sessions hold)     (SnapshotRegistry)
 *       → ephemeral znode /tessera/gc/snapshots/NAME  (data: the report, decimal)
 *   the elected one (LeaderLatch /tessera/elections/gc), every reportIntervalMs:
 *       safe point = min(reports of live coordinators) ──SetGcSafePoint──▶ every datanode
 *   VACUUM, on the coordinator that runs it:
 *       refresh its own report, wait until every other live report is refreshed too, safe point = min(reports)
 *       ──Vacuum(safe point, tables)──▶ every datanode, which purges and compacts before replying
 * </pre>
 * Why the minimum of the reports is safe: a report R is at most every snapshot its coordinator held when R was
 * computed, and every snapshot it takes afterwards comes from the GTM after F ≥ R (see {@link SnapshotRegistry}
 * for the window between a GTM call and the registration). A coordinator writes its first report before it
 * accepts clients; one whose ZooKeeper session ends stops counting, but its snapshots are still protected from
 * wrong answers — datanodes refuse any snapshot below their horizon with 72000.
 *
 * <p>A snapshot older than {@code oldSnapshotThresholdMs} stops holding the safe point back (PostgreSQL's
 * old_snapshot_threshold); it gets 72000 on its next read once some datanode has purged past it. GTM timestamps
 * are microseconds of wall-clock time ({@code TimestampOracle}), so the age is {@code F - snapshot}.
 */
public final class GcCoordinator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GcCoordinator.class);
    /** The parent of the coordinators' report znodes. */
    public static final String REPORTS = "/tessera/gc/snapshots";
    private static final String ELECTION = "/tessera/elections/gc";
    /** How long VACUUM waits for other coordinators to refresh their reports, in report intervals. */
    private static final int VACUUM_WAIT_INTERVALS = 5;

    private final CuratorFramework zk;
    private final String name;
    private final GtmClient gtm;
    private final CatalogStore catalog;
    private final DatanodeClients datanodes;
    private final long intervalMs;
    private final long thresholdMicros;
    private final SnapshotRegistry snapshots = new SnapshotRegistry();
    private final LeaderLatch latch;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "gc-report");
        t.setDaemon(true);
        return t;
    });
    private PersistentNode report;

    public GcCoordinator(CuratorFramework zk, String coordinatorName, GtmClient gtm, CatalogStore catalog,
                         DatanodeClients datanodes, ClusterConfig.GcConfig config) {
        this.zk = zk;
        this.name = coordinatorName;
        this.gtm = gtm;
        this.catalog = catalog;
        this.datanodes = datanodes;
        ClusterConfig.GcConfig c = config == null ? new ClusterConfig.GcConfig() : config;
        this.intervalMs = Math.max(10, c.reportIntervalMs);
        this.thresholdMicros = c.oldSnapshotThresholdMs < 0 ? -1 : c.oldSnapshotThresholdMs * 1000;
        this.latch = new LeaderLatch(zk, ELECTION, coordinatorName);
    }

    /** The sessions' held snapshots. */
    public SnapshotRegistry snapshots() {
        return snapshots;
    }

    /**
     * Writes the first report (retrying while the GTM or ZooKeeper is not reachable, up to {@code timeoutMs}),
     * then joins the election and starts the periodic work. Call before accepting clients.
     *
     * @throws TesseraException 08T02 when no GTM timestamp could be had in time
     */
    public void start(long timeoutMs) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        long r;
        while (true) {
            try {
                r = computeReport();
                break;
            } catch (TesseraException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
                Thread.sleep(100); // the GTM is starting: retry
            }
        }
        report = new PersistentNode(zk, CreateMode.EPHEMERAL, false, REPORTS + "/" + name, bytes(r));
        report.start();
        if (!report.waitForInitialCreate(Math.max(1, timeoutMs), TimeUnit.MILLISECONDS)) {
            throw new TesseraException(SqlState.CATALOG_UNAVAILABLE, "could not publish the GC report of " + name);
        }
        latch.start();
        timer.scheduleWithFixedDelay(this::round, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    private static byte[] bytes(long v) {
        return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
    }

    private long computeReport() {
        long fresh = gtm.timestamp();
        snapshots.observed(fresh);
        return snapshots.oldest(fresh, thresholdMicros);
    }

    /** Computes and publishes this coordinator's report; returns it. */
    private synchronized long refreshReport() throws Exception {
        long r = computeReport();
        report.setData(bytes(r));
        return r;
    }

    private void round() {
        try {
            refreshReport();
        } catch (Exception e) {
            LOG.warn("GC report not refreshed: {}", e.toString());
            return;
        }
        try {
            if (latch.hasLeadership()) {
                long sp = safePoint(readReports());
                if (sp > 0) {
                    publish(sp);
                }
            }
        } catch (Exception e) {
            LOG.warn("GC safe point not published: {}", e.toString());
        }
    }

    /** The live coordinators' reports: name → (value, znode version). */
    private Map<String, long[]> readReports() throws Exception {
        Map<String, long[]> out = new HashMap<>();
        List<String> children;
        try {
            children = zk.getChildren().forPath(REPORTS);
        } catch (KeeperException.NoNodeException e) {
            return out;
        }
        for (String c : children) {
            Stat stat = new Stat();
            try {
                byte[] data = zk.getData().storingStatIn(stat).forPath(REPORTS + "/" + c);
                out.put(c, new long[] {Long.parseLong(new String(data, StandardCharsets.US_ASCII).trim()),
                        stat.getVersion()});
            } catch (KeeperException.NoNodeException | NumberFormatException gone) {
                // the coordinator left (or wrote nothing readable): it holds nothing back
            }
        }
        return out;
    }

    private static long safePoint(Map<String, long[]> reports) {
        long min = Long.MAX_VALUE;
        for (long[] r : reports.values()) {
            min = Math.min(min, r[0]);
        }
        return min == Long.MAX_VALUE ? -1 : min;
    }

    private void publish(long sp) {
        GcSafePointRequest req = GcSafePointRequest.newBuilder().setSafePoint(sp).build();
        for (NodeDef n : catalog.snapshot().datanodes()) {
            try {
                datanodes.blocking(n).withDeadlineAfter(2, TimeUnit.SECONDS).setGcSafePoint(req);
            } catch (RuntimeException unreachable) {
                LOG.debug("GC safe point not sent to {}: {}", n.name(), unreachable.toString());
            }
        }
    }

    /**
     * The safe point as of now, for VACUUM: this coordinator's report refreshed at once, every other live
     * coordinator's refreshed after this call began (waiting up to a few report intervals; a report not refreshed
     * by then counts as it is, which is still safe, only older).
     *
     * @return a GTM timestamp in microseconds
     */
    public long safePointNow() throws Exception {
        Map<String, long[]> before = readReports();
        refreshReport();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(intervalMs * VACUUM_WAIT_INTERVALS);
        while (true) {
            Map<String, long[]> now = readReports();
            boolean all = true;
            for (Map.Entry<String, long[]> e : now.entrySet()) {
                long[] b = before.get(e.getKey());
                if (!e.getKey().equals(name) && b != null && e.getValue()[1] <= b[1]) {
                    all = false;
                }
            }
            if (all || System.nanoTime() - deadline > 0) {
                return safePoint(now);
            }
            Thread.sleep(Math.min(50, intervalMs)); // a coordinator refreshes within one interval
        }
    }

    /** What VACUUM did on the datanodes. */
    public record VacuumResult(long safePoint, long versionsPurged, long minHorizon) {
    }

    /**
     * VACUUM: computes the safe point now, then has every datanode purge {@code tableIds} (all tables when empty)
     * up to it and compact, in parallel, and waits for all of them.
     *
     * @throws TesseraException the first datanode's error (08T01 when one cannot be reached)
     */
    public VacuumResult vacuum(List<Integer> tableIds) {
        long sp;
        try {
            sp = safePointNow();
        } catch (TesseraException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TesseraException(SqlState.QUERY_CANCELED, "canceling statement due to user request");
        } catch (Exception e) {
            throw new TesseraException(SqlState.CATALOG_UNAVAILABLE, "cannot read the GC reports: " + e.getMessage(), e);
        }
        if (sp <= 0) {
            throw new TesseraException(SqlState.INTERNAL_ERROR, "no GC report is published");
        }
        VacuumRequest req = VacuumRequest.newBuilder().setSafePoint(sp).addAllTableIds(tableIds).build();
        List<CompletableFuture<VacuumResponse>> calls = new ArrayList<>();
        List<NodeDef> nodes = catalog.snapshot().datanodes();
        for (NodeDef n : nodes) {
            calls.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return datanodes.blocking(n).withDeadlineAfter(30, TimeUnit.MINUTES).vacuum(req);
                } catch (RuntimeException e) {
                    throw GrpcErrors.fromStatus(e, n.name());
                }
            }));
        }
        long purged = 0;
        long minHorizon = Long.MAX_VALUE;
        TesseraException first = null;
        for (CompletableFuture<VacuumResponse> f : calls) {
            try {
                VacuumResponse r = f.join();
                purged += r.getVersionsPurged();
                minHorizon = Math.min(minHorizon, r.getHorizon());
            } catch (CompletionException e) {
                if (first == null) {
                    first = e.getCause() instanceof TesseraException te ? te
                            : new TesseraException(SqlState.INTERNAL_ERROR, String.valueOf(e.getCause()), e.getCause());
                }
            }
        }
        if (first != null) {
            throw first;
        }
        LOG.info("VACUUM purged {} versions below safe point {} on {} datanodes", purged, sp, nodes.size());
        return new VacuumResult(sp, purged, minHorizon == Long.MAX_VALUE ? sp : minHorizon);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            latch.close();
        } catch (Exception e) {
            LOG.debug("leaving the GC election", e);
        }
        if (report != null) {
            try {
                report.close();
            } catch (Exception e) {
                LOG.debug("removing the GC report", e);
            }
        }
    }
}
