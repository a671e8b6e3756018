package io.tessera.coordinator.stats;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every table's {@link TableStatistics}, shared by all coordinators through ZooKeeper.
 *
 * <p>One znode per analyzed table, {@code /tessera/statistics/TABLE_ID}, JSON. Statistics live beside the catalog,
 * not in it: writing them does not bump the catalog version, so an ANALYZE (or an auto-analyze in the background)
 * neither waits for every coordinator's acknowledgement nor invalidates plans and plan fragments fenced by that
 * version, and it never conflicts with a DDL. Each coordinator keeps every table's statistics in memory, written
 * through by its own ANALYZE and refreshed from a watch on the directory for the others' ({@link CuratorCache});
 * the planner reads them from memory for every statement it plans. Statistics of a dropped table are deleted when
 * the next ANALYZE of the whole database finds its id gone; until then nothing reads them (ids are never reused).
 */
public final class StatisticsStore implements StatisticsSource, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatisticsStore.class);
    /** The parent znode. */
    public static final String ROOT = "/tessera/statistics";
    /** Statistics larger than this lose most common values until they fit (ZooKeeper's limit is 1 MB). */
    static final int MAX_BYTES = 512 * 1024;

    private final CuratorFramework zk;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<Integer, TableStatistics> byTable = new ConcurrentHashMap<>();
    private CuratorCache cache;

    /** @param zk the coordinator's ZooKeeper client; null: statistics are kept in this process only (tests) */
    public StatisticsStore(CuratorFramework zk) {
        this.zk = zk;
    }

    /** Loads every table's statistics and starts following changes. */
    public void start() throws Exception {
        if (zk == null) {
            return;
        }
        try {
            zk.create().creatingParentsIfNeeded().forPath(ROOT);
        } catch (KeeperException.NodeExistsException ignored) {
            // another coordinator got there first
        }
        for (String child : zk.getChildren().forPath(ROOT)) {
            load(ROOT + "/" + child, zk.getData().forPath(ROOT + "/" + child));
        }
        cache = CuratorCache.build(zk, ROOT);
        cache.listenable().addListener((type, oldData, data) -> {
            switch (type) {
                case NODE_CREATED, NODE_CHANGED -> load(data.getPath(), data.getData());
                case NODE_DELETED -> forget(oldData);
                default -> { }
            }
        });
        cache.start();
    }

    private void load(String path, byte[] data) {
        Integer id = tableId(path);
        if (id == null || data == null || data.length == 0) {
            return;
        }
        try {
            // this coordinator's own ANALYZE comes back through the watch: keep the object it stored, whose identity
            // the plans made since carry (a new object would make them stale: StatisticsStamp)
            byTable.merge(id, json.readValue(data, TableStatistics.class), (held, read) ->
                    held.analyzedAtMillis() == read.analyzedAtMillis() && held.rowCount() == read.rowCount() ? held
                            : read);
        } catch (IOException e) {
            LOG.warn("ignoring unreadable statistics at {}: {}", path, e.getMessage());
        }
    }

    private void forget(ChildData old) {
        Integer id = old == null ? null : tableId(old.getPath());
        if (id != null) {
            byTable.remove(id);
        }
    }

    private static Integer tableId(String path) {
        if (!path.startsWith(ROOT + "/")) {
            return null;
        }
        try {
            return Integer.parseInt(path.substring(ROOT.length() + 1));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public TableStatistics get(int tableId) {
        return byTable.get(tableId);
    }

    /** The ids of the tables with statistics. */
    public List<Integer> tableIds() {
        return new ArrayList<>(byTable.keySet());
    }

    /**
     * Stores a table's statistics for every coordinator (replacing its earlier ones). Most common value lists are
     * halved while the JSON exceeds {@value #MAX_BYTES} bytes.
     *
     * @throws Exception ZooKeeper's errors
     */
    public void put(TableStatistics stats) throws Exception {
        TableStatistics s = stats;
        byte[] data = json.writeValueAsBytes(s);
        while (data.length > MAX_BYTES && s.columns().stream().anyMatch(c -> !c.mostCommonValues().isEmpty())) {
            s = halveMostCommon(s);
            data = json.writeValueAsBytes(s);
        }
        byTable.put(s.tableId(), s);
        if (zk == null) {
            return;
        }
        String path = ROOT + "/" + s.tableId();
        try {
            zk.setData().forPath(path, data);
        } catch (KeeperException.NoNodeException e) {
            try {
                zk.create().creatingParentsIfNeeded().forPath(path, data);
            } catch (KeeperException.NodeExistsException raced) {
                zk.setData().forPath(path, data);
            }
        }
    }

    /** Deletes the statistics of a table that no longer exists. */
    public void remove(int tableId) throws Exception {
        byTable.remove(tableId);
        if (zk != null) {
            try {
                zk.delete().forPath(ROOT + "/" + tableId);
            } catch (KeeperException.NoNodeException ignored) {
                // already gone
            }
        }
    }

    private static TableStatistics halveMostCommon(TableStatistics s) {
        List<ColumnStatistics> cols = new ArrayList<>();
        for (ColumnStatistics c : s.columns()) {
            int keep = c.mostCommonValues().size() / 2;
            cols.add(new ColumnStatistics(c.name(), c.nullFrac(), c.avgWidth(), c.nDistinct(),
                    c.mostCommonValues().subList(0, keep), c.mostCommonFreqs().subList(0, keep),
                    c.histogramBounds()));
        }
        return new TableStatistics(s.tableId(), s.rowCount(), s.relPages(), s.analyzedAtMillis(), cols);
    }

    @Override
    public void close() {
        if (cache != null) {
            cache.close();
        }
    }
}
