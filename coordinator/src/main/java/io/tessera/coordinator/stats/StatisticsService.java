package io.tessera.coordinator.stats;

import io.tessera.common.codec.RowCodec;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.grpc.GrpcErrors;
import io.tessera.common.gtm.GtmClient;
import io.tessera.coordinator.catalog.CatalogSnapshot;
import io.tessera.coordinator.catalog.CatalogStore;
import io.tessera.coordinator.catalog.ColumnDef;
import io.tessera.coordinator.catalog.Distribution;
import io.tessera.coordinator.catalog.NodeDef;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.coordinator.cluster.DatanodeClients;
import io.tessera.coordinator.sql.exec.TableScans;
import io.tessera.protocol.datanode.SampleChunk;
import io.tessera.protocol.datanode.SampleRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's statistics: ANALYZE's sampling of a table on its datanodes, the {@link StatisticsStore} every
 * coordinator reads them from, and auto-analyze.
 *
 * <p><b>ANALYZE of one table.</b> A GTM timestamp is the snapshot. Every datanode holding shards of the table is
 * asked, in parallel, for its row count and a sample of {@link TableAnalyzer#SAMPLE_ROWS} rows of those shards
 * ({@code Datanode.Sample}); a replicated table is read from one copy (the next one when a node is unavailable).
 * {@link TableAnalyzer} merges the samples and computes the statistics, which are then stored.
 *
 * <p><b>Auto-analyze.</b> Each coordinator counts the rows its committed transactions inserted, updated or deleted per
 * table. Once a table's count since its last ANALYZE here exceeds PostgreSQL's autovacuum analyze threshold,
 * {@code autovacuum_analyze_threshold + autovacuum_analyze_scale_factor * reltuples} = {@code 50 + 0.1 * reltuples},
 * the table is analyzed on a background thread (one at a time; a table already queued is not queued twice). Counting
 * and the background ANALYZE never fail a user's statement: their errors are logged. Counts are per coordinator
 * (PostgreSQL's are per server): with several coordinators, each one's writes count towards its own threshold.
 */
public final class StatisticsService implements StatisticsSource, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatisticsService.class);
    /** PostgreSQL's {@code autovacuum_analyze_threshold}. */
    public static final long ANALYZE_THRESHOLD = 50;
    /** PostgreSQL's {@code autovacuum_analyze_scale_factor}. */
    public static final double ANALYZE_SCALE_FACTOR = 0.1;
    private static final long SAMPLE_DEADLINE_SECONDS = 600;

    private final StatisticsStore store;
    private final CatalogStore catalog;
    private final DatanodeClients datanodes;
    private final GtmClient gtm;
    private final Map<Integer, AtomicLong> changes = new ConcurrentHashMap<>();
    private final Set<Integer> queued = ConcurrentHashMap.newKeySet();
    private final AtomicLong autoAnalyzes = new AtomicLong();
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "auto-analyze");
        t.setDaemon(true);
        return t;
    });

    public StatisticsService(StatisticsStore store, CatalogStore catalog, DatanodeClients datanodes, GtmClient gtm) {
        this.store = store;
        this.catalog = catalog;
        this.datanodes = datanodes;
        this.gtm = gtm;
    }

    @Override
    public TableStatistics get(int tableId) {
        return store.get(tableId);
    }

    /** How many background ANALYZEs have completed on this coordinator. */
    public long autoAnalyzes() {
        return autoAnalyzes.get();
    }

    /**
     * Analyzes one table and stores its statistics for every coordinator.
     *
     * @param def the table
     * @param nodes the cluster's nodes by name (the statement's catalog snapshot)
     * @param columns the columns to analyze; empty: all
     * @return the statistics stored
     * @throws TesseraException a datanode's or the GTM's error; 58030 when ZooKeeper refuses the write
     */
    public TableStatistics analyze(TableDef def, Map<String, NodeDef> nodes, Set<String> columns) {
        long snapshot = gtm.timestamp();
        long now = System.currentTimeMillis();
        List<TableAnalyzer.NodeSample> parts = sample(def, nodes, snapshot);
        TableStatistics stats = TableAnalyzer.analyze(def, parts, columns, store.get(def.id()), now, snapshot);
        try {
            store.put(stats);
        } catch (Exception e) {
            throw new TesseraException(SqlState.IO_ERROR, "could not store the statistics of \"" + def.name()
                    + "\": " + e.getMessage(), e);
        }
        changes.remove(def.id());
        return store.get(def.id());
    }

    /** One sample per datanode holding the table's rows (one copy of a replicated table). */
    private List<TableAnalyzer.NodeSample> sample(TableDef def, Map<String, NodeDef> nodes, long snapshot) {
        Distribution dist = def.distribution();
        SampleRequest.Builder base = SampleRequest.newBuilder().setTable(TableScans.descriptor(def))
                .setSnapshotTs(snapshot).setTargetRows(TableAnalyzer.SAMPLE_ROWS).setSeed(snapshot);
        RowCodec codec = new RowCodec(def.columns().stream().map(ColumnDef::type).toList());
        if (dist.replicated()) {
            TesseraException last = null;
            for (String name : dist.nodes()) {
                try {
                    Iterator<SampleChunk> call = start(nodes, name, base.clone().addShards(0).build());
                    return List.of(drain(call, name, codec));
                } catch (TesseraException e) {
                    if (e.sqlState() != SqlState.DATANODE_UNAVAILABLE) {
                        throw e;
                    }
                    last = e; // the next copy
                }
            }
            throw last;
        }
        Map<String, TreeSet<Integer>> byNode = new LinkedHashMap<>();
        for (int s = 0; s < dist.shardCount(); s++) {
            byNode.computeIfAbsent(dist.shardNodes().get(s), n -> new TreeSet<>()).add(s);
        }
        Map<String, Iterator<SampleChunk>> calls = new LinkedHashMap<>();
        for (Map.Entry<String, TreeSet<Integer>> e : byNode.entrySet()) { // every node starts sampling at once
            calls.put(e.getKey(), start(nodes, e.getKey(), base.clone().addAllShards(e.getValue()).build()));
        }
        List<TableAnalyzer.NodeSample> parts = new ArrayList<>();
        for (Map.Entry<String, Iterator<SampleChunk>> e : calls.entrySet()) {
            parts.add(drain(e.getValue(), e.getKey(), codec));
        }
        return parts;
    }

    private Iterator<SampleChunk> start(Map<String, NodeDef> nodes, String name, SampleRequest request) {
        try {
            return datanodes.blocking(DatanodeClients.require(nodes, name))
                    .withDeadlineAfter(SAMPLE_DEADLINE_SECONDS, TimeUnit.SECONDS).sample(request);
        } catch (RuntimeException e) {
            throw e instanceof TesseraException te ? te : GrpcErrors.fromStatus(e, name);
        }
    }

    private static TableAnalyzer.NodeSample drain(Iterator<SampleChunk> call, String name, RowCodec codec) {
        List<Object[]> rows = new ArrayList<>();
        try {
            while (call.hasNext()) {
                SampleChunk c = call.next();
                if (c.getRows().getRowCount() > 0) {
                    rows.addAll(codec.decodeBatch(c.getRows().getData().toByteArray(), c.getRows().getRowCount()));
                }
                if (c.getLast()) {
                    return new TableAnalyzer.NodeSample(c.getTotalRows(), rows);
                }
            }
        } catch (RuntimeException e) {
            throw e instanceof TesseraException te ? te : GrpcErrors.fromStatus(e, name);
        }
        throw new TesseraException(SqlState.DATANODE_UNAVAILABLE, "datanode " + name
                + " ended its sample without a row count");
    }

    /**
     * Keeps a table's statistics when the table moved to a new id with the same rows (ALTER TABLE ... DISTRIBUTE BY,
     * TO NODE, ADD NODE, DELETE NODE, TO GROUP): they are stored under {@code newId} and removed under
     * {@code oldId}. Never throws: a failure is logged, and the table is then as if never analyzed.
     */
    public void moved(int oldId, int newId) {
        TableStatistics s = store.get(oldId);
        if (s == null || oldId == newId) {
            return;
        }
        try {
            store.put(new TableStatistics(newId, s.rowCount(), s.relPages(), s.analyzedAtMillis(), s.columns()));
            store.remove(oldId);
        } catch (Exception e) {
            LOG.warn("could not keep the statistics of table {} (now {}): {}", oldId, newId, e.toString());
        }
    }

    /** Deletes the statistics of tables no database of {@code snapshot} holds any more. */
    public void forgetDropped(CatalogSnapshot snapshot) {
        Set<Integer> live = new HashSet<>();
        for (Map<String, TableDef> tables : snapshot.tables().values()) {
            for (TableDef t : tables.values()) {
                live.add(t.id());
            }
        }
        for (int id : store.tableIds()) {
            if (!live.contains(id)) {
                try {
                    store.remove(id);
                } catch (Exception e) {
                    LOG.warn("could not delete the statistics of dropped table {}: {}", id, e.getMessage());
                }
            }
        }
    }

    /**
     * Counts the rows a committed transaction wrote, and queues an ANALYZE of each table past the threshold. Never
     * throws.
     *
     * @param rowsByTable rows inserted, updated or deleted, by table id
     */
    public void committed(Map<Integer, Long> rowsByTable) {
        try {
            for (Map.Entry<Integer, Long> e : rowsByTable.entrySet()) {
                int id = e.getKey();
                long n = changes.computeIfAbsent(id, k -> new AtomicLong()).addAndGet(e.getValue());
                TableStatistics s = store.get(id);
                double reltuples = s == null ? 0 : s.rowCount();
                if (n > ANALYZE_THRESHOLD + ANALYZE_SCALE_FACTOR * reltuples && queued.add(id)) {
                    background.execute(() -> autoAnalyze(id));
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("auto-analyze bookkeeping failed: {}", e.toString());
        }
    }

    private void autoAnalyze(int tableId) {
        try {
            CatalogSnapshot snapshot = catalog.snapshot();
            for (Map<String, TableDef> tables : snapshot.tables().values()) {
                for (TableDef t : tables.values()) {
                    if (t.id() == tableId) {
                        changes.remove(tableId); // rows written from now on count towards the next one
                        analyze(t, snapshot.nodes(), Set.of());
                        autoAnalyzes.incrementAndGet();
                        LOG.info("automatic analyze of table \"{}.{}\": {} rows", t.database(), t.name(),
                                (long) store.get(tableId).rowCount());
                        return;
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("automatic analyze of table {} failed: {}", tableId, e.toString());
        } finally {
            queued.remove(tableId);
        }
    }

    @Override
    public void close() {
        background.shutdownNow();
        store.close();
    }
}
