package io.tessera.datanode.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import io.tessera.protocol.datanode.TableDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This datanode's own copy of every table's schema, by table id and schema version, read from the catalog in
 * ZooKeeper (the JSON the coordinators' {@code CatalogStore} writes under {@value #TABLES}{@code /DB/NAME}) and kept
 * current by a {@link CuratorCache} watch. Requests decode rows with this copy, not with the layout they carry, and
 * are fenced by it:
 * <pre>
 *   request's TableDescriptor.catalog_version (the table's schema version the coordinator planned with)
 *     == copy's version   → served with the copy (whose layout must equal the request's)
 *     &lt;  copy's version   → refused with 40T01 (STALE_SCHEMA_VERSION): the coordinator refreshes and re-plans
 *     &gt;  copy's version,  → the copy lags the catalog: sync with the ZooKeeper leader, re-read the tables, decide
 *        or no copy          again; a table no longer in the catalog is 42P01
 *   catalog_version 0     → unversioned (tools, unit tests): the request's own layout is used
 * </pre>
 * The version a DDL writes reaches this copy through the watch, or at the latest through the re-read when the first
 * request planned with it arrives, so a datanode never serves a request with a layout older than the request's and
 * never serves a request planned before a schema change it has seen.
 *
 * <p>The datanode reads the JSON into its own record ({@link TableSchema}), so it does not depend on the coordinator
 * module. Only the fields it needs are read: {@code id}, {@code name}, {@code columns[].name/type/typmod/id/missing},
 * {@code primaryKey}, {@code primaryKeyName} (absent: {@code <name>_pkey}), {@code schemaVersion} (absent: 1; a
 * column without an id: its position + 1, as {@code TableDef} assigns them).
 *
 * <p>Thread-safe: the map is concurrent, the watch's callbacks and the re-reads only ever replace a schema with one of
 * an equal or higher version, and re-reads are serialised.
 */
public final class TableSchemas implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TableSchemas.class);
    /** The catalog's tables: one znode per table under a znode per database. */
    public static final String TABLES = "/tessera/catalog/tables";
    private static final String CATALOG = "/tessera/catalog";
    private static final long SYNC_TIMEOUT_MS = 10_000;

    private final CuratorFramework zk;
    private final Map<Integer, TableSchema> byId = new ConcurrentHashMap<>();
    private final ObjectMapper json = new ObjectMapper();
    private final Object rereading = new Object();
    private CuratorCache cache;

    private TableSchemas(CuratorFramework zk) {
        this.zk = zk;
    }

    /** No catalog: every request is served with the layout it carries (unit tests, a datanode without ZooKeeper). */
    public static TableSchemas none() {
        return new TableSchemas(null);
    }

    /** Copies of the schemas in the catalog of {@code zk} (started), kept current by a watch until {@link #close}. */
    public static TableSchemas watching(CuratorFramework zk) {
        TableSchemas s = new TableSchemas(zk);
        s.cache = CuratorCache.build(zk, TABLES);
        s.cache.listenable().addListener(CuratorCacheListener.builder()
                .forCreatesAndChanges((before, after) -> s.loaded(after))
                .forDeletes(s::deleted)
                .build());
        s.cache.start();
        return s;
    }

    /**
     * Whether {@link #resolve} answers {@code d} from what this copy holds, without reading ZooKeeper (a reader
     * that must not block asks first).
     */
    public boolean resolvesWithoutReading(TableDescriptor d) {
        long requested = d.getCatalogVersion();
        if (zk == null || requested == 0) {
            return true;
        }
        TableSchema s = byId.get(d.getTableId());
        return s != null && s.version() >= requested;
    }

    /**
     * The schema to serve a request for table {@code d} with.
     *
     * @throws TesseraException 40T01 when the request was planned with an older schema version than this datanode's
     *     copy (or a newer one than the catalog holds); 42P01 when the table is no longer in the catalog; 08T03 when
     *     the catalog must be read and ZooKeeper cannot be reached; XX000 when the request's layout differs from the
     *     catalog's at the same version
     */
    public TableSchema resolve(TableDescriptor d) {
        long requested = d.getCatalogVersion();
        if (requested == 0 && !d.getDefinition().isEmpty()) {
            return fromRequest(d); // a shape only a transaction block knows, its indexes included
        }
        if (zk == null || requested == 0) {
            return TableSchema.of(d);
        }
        int id = d.getTableId();
        TableSchema s = byId.get(id);
        if (s == null || s.version() < requested) {
            s = reread(id, requested);
        }
        String name = d.getName().isEmpty() ? "table_" + Integer.toUnsignedString(id) : d.getName();
        if (s == null && !d.getName().isEmpty()
                && byId.values().stream().anyMatch(t -> t.name().equals(d.getName()))) {
            // the table was rewritten under a new id (ALTER TABLE ... DISTRIBUTE BY, ADD PRIMARY KEY): re-plan
            throw new TesseraException(SqlState.STALE_SCHEMA_VERSION, "relation \"" + name
                    + "\" was rewritten while the statement was planned", null, "Retry the statement.", 0, null);
        }
        if (s == null) {
            throw new TesseraException(SqlState.UNDEFINED_TABLE, "relation \"" + name + "\" does not exist",
                    "Table id " + Integer.toUnsignedString(id) + " is no longer in the catalog: it was dropped.",
                    null, 0, null);
        }
        if (requested != s.version()) {
            throw new TesseraException(SqlState.STALE_SCHEMA_VERSION, "the schema of relation \"" + name
                    + "\" changed while the statement was planned (version " + requested + ", now " + s.version()
                    + ")", null, "Retry the statement.", 0, null);
        }
        if (!s.sameLayout(d)) {
            throw new TesseraException(SqlState.INTERNAL_ERROR, "relation \"" + name + "\" at schema version "
                    + requested + " has a different column layout in the request than in the catalog");
        }
        return s;
    }

    /**
     * The schema a request for a table only an open transaction block knows carries ({@code
     * TableDescriptor.definition}): read as the catalog's JSON is, indexes included, and checked against the
     * request's layout.
     *
     * @throws TesseraException XX000 when the definition does not parse or differs from the request's layout
     */
    private TableSchema fromRequest(TableDescriptor d) {
        TableSchema s;
        try {
            s = parse(d.getDefinition().toByteArray());
        } catch (java.io.IOException e) {
            throw new TesseraException(SqlState.INTERNAL_ERROR, "the definition of relation \"" + d.getName()
                    + "\" in the request does not parse: " + e.getMessage());
        }
        if (s == null || s.tableId() != d.getTableId() || !s.sameLayout(d)) {
            throw new TesseraException(SqlState.INTERNAL_ERROR, "relation \"" + d.getName()
                    + "\" has a different column layout in the request than in its definition");
        }
        return s;
    }

    /**
     * This datanode's copy of table {@code id}'s schema once it is at {@code version} or newer (re-reading the catalog
     * after a sync when it lags): a backfill must not start before writes here maintain its index.
     *
     * @throws TesseraException 42P01 when the table is no longer in the catalog, 08T03 when ZooKeeper is unreachable
     */
    public TableSchema atLeast(int id, long version) {
        TableSchema s = byId.get(id);
        if ((s == null || s.version() < version) && zk != null) {
            s = reread(id, version);
        }
        if (s == null) {
            throw new TesseraException(SqlState.UNDEFINED_TABLE, "relation with id " + Integer.toUnsignedString(id)
                    + " does not exist");
        }
        return s;
    }

    /** The copy of table {@code id}'s schema, or null (for tests and diagnostics). */
    public TableSchema get(int id) {
        return byId.get(id);
    }

    /**
     * Syncs this ZooKeeper session with the leader and reads every table again (catalogs are small), unless a
     * concurrent re-read already brought table {@code id} to {@code version}.
     *
     * @return the copy of table {@code id} afterwards, null when the catalog no longer has it
     */
    private TableSchema reread(int id, long version) {
        synchronized (rereading) {
            TableSchema s = byId.get(id);
            if (s != null && s.version() >= version) {
                return s;
            }
            boolean seen = false;
            try {
                CompletableFuture<Void> synced = new CompletableFuture<>();
                zk.sync().inBackground((client, event) -> synced.complete(null)).forPath(TABLES);
                synced.get(SYNC_TIMEOUT_MS, TimeUnit.MILLISECONDS);
                for (String db : children(TABLES)) {
                    for (String table : children(TABLES + "/" + db)) {
                        String path = TABLES + "/" + db + "/" + table;
                        try {
                            TableSchema t = parse(zk.getData().forPath(path));
                            if (t != null) {
                                put(t);
                                seen |= t.tableId() == id;
                            }
                        } catch (KeeperException.NoNodeException e) {
                            // dropped between list and read
                        }
                    }
                }
            } catch (TesseraException e) {
                throw e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TesseraException(SqlState.QUERY_CANCELED, "interrupted while reading the catalog", e);
            } catch (Exception e) {
                throw new TesseraException(SqlState.CATALOG_UNAVAILABLE, "catalog (ZooKeeper) unavailable: "
                        + e.getMessage(), e);
            }
            if (!seen) {
                byId.remove(id);
                return null;
            }
            return byId.get(id);
        }
    }

    /**
     * The ids of every table in the catalog, read after a sync with the ZooKeeper leader; empty when the catalog has
     * not been created yet (no coordinator has started), so that a caller never takes "no catalog" for "no tables".
     *
     * @throws TesseraException 08T03 when ZooKeeper cannot be reached
     */
    public java.util.Optional<java.util.Set<Integer>> tableIdsInCatalog() {
        if (zk == null) {
            return java.util.Optional.empty();
        }
        try {
            CompletableFuture<Void> synced = new CompletableFuture<>();
            zk.sync().inBackground((client, event) -> synced.complete(null)).forPath(CATALOG);
            synced.get(SYNC_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            if (zk.checkExists().forPath(TABLES) == null) {
                return java.util.Optional.empty();
            }
            java.util.Set<Integer> ids = new java.util.HashSet<>();
            for (String db : children(TABLES)) {
                for (String table : children(TABLES + "/" + db)) {
                    try {
                        TableSchema t = parse(zk.getData().forPath(TABLES + "/" + db + "/" + table));
                        if (t != null) {
                            ids.add(t.tableId());
                        }
                    } catch (KeeperException.NoNodeException e) {
                        // dropped between list and read
                    }
                }
            }
            return java.util.Optional.of(ids);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TesseraException(SqlState.QUERY_CANCELED, "interrupted while reading the catalog", e);
        } catch (TesseraException e) {
            throw e;
        } catch (Exception e) {
            throw new TesseraException(SqlState.CATALOG_UNAVAILABLE, "catalog (ZooKeeper) unavailable: "
                    + e.getMessage(), e);
        }
    }

    private List<String> children(String path) throws Exception {
        try {
            return zk.getChildren().forPath(path);
        } catch (KeeperException.NoNodeException e) {
            return List.of();
        }
    }

    private void loaded(ChildData node) {
        if (!isTable(node.getPath())) {
            return;
        }
        try {
            TableSchema t = parse(node.getData());
            if (t != null) {
                put(t);
            }
        } catch (RuntimeException | java.io.IOException e) {
            LOG.warn("cannot read the table schema at {}: {}", node.getPath(), e.toString());
        }
    }

    private void deleted(ChildData node) {
        if (!isTable(node.getPath())) {
            return;
        }
        try {
            TableSchema t = parse(node.getData());
            if (t != null) {
                byId.computeIfPresent(t.tableId(), (k, v) -> v.version() <= t.version() ? null : v);
            }
        } catch (RuntimeException | java.io.IOException e) {
            LOG.warn("cannot read the dropped table schema at {}: {}", node.getPath(), e.toString());
        }
    }

    private void put(TableSchema t) {
        byId.merge(t.tableId(), t, (a, b) -> b.version() >= a.version() ? b : a);
    }

    /** {@code TABLES/DB/NAME}: a table (the znodes above it are the root and the databases). */
    private static boolean isTable(String path) {
        return path.startsWith(TABLES + "/") && path.substring(TABLES.length() + 1).indexOf('/') > 0;
    }

    /**
     * Reads a table's catalog JSON ({@code TableDef}). Returns null for an empty znode.
     *
     * @throws TesseraException 0A000 for a column type this datanode does not know
     */
    TableSchema parse(byte[] data) throws java.io.IOException {
        if (data == null || data.length == 0) {
            return null;
        }
        JsonNode t = json.readTree(data);
        String name = t.path("name").asText();
        JsonNode cols = t.path("columns");
        List<String> names = new ArrayList<>(cols.size());
        List<PgType> types = new ArrayList<>(cols.size());
        int[] ids = new int[cols.size()];
        int[] typmods = new int[cols.size()];
        Object[] missing = null;
        for (int i = 0; i < ids.length; i++) {
            JsonNode c = cols.get(i);
            names.add(c.path("name").asText());
            String type = c.path("type").asText();
            try {
                types.add(PgType.valueOf(type));
            } catch (IllegalArgumentException e) {
                throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "column \"" + names.get(i)
                        + "\" of relation \"" + name + "\" has type " + type + ", unknown to this datanode");
            }
            typmods[i] = c.path("typmod").asInt(-1); // absent (an older catalog): none
            int id = c.path("id").asInt(0);
            ids[i] = id > 0 ? id : i + 1;
            JsonNode m = c.path("missing");
            if (m.isTextual()) {
                if (missing == null) {
                    missing = new Object[ids.length];
                }
                missing[i] = io.tessera.common.codec.MissingValue.decode(m.asText(), types.get(i));
            }
        }
        JsonNode pk = t.path("primaryKey");
        int[] key = new int[pk.size()];
        for (int i = 0; i < key.length; i++) {
            key[i] = names.indexOf(pk.get(i).asText());
        }
        long version = Math.max(1, t.path("schemaVersion").asLong(1));
        TableSchema schema = TableSchema.of(t.path("id").asInt(), name, version, names, types, ids, key, missing)
                .withTypmods(typmods);
        if (t.path("primaryKeyName").isTextual()) { // absent (an older catalog): <name>_pkey
            schema = schema.withPrimaryKeyName(t.path("primaryKeyName").asText());
        }
        JsonNode indexes = t.path("indexes");
        if (indexes.size() == 0) {
            return schema;
        }
        List<io.tessera.datanode.storage.SecondaryIndex> list = new ArrayList<>(indexes.size());
        for (JsonNode x : indexes) {
            list.add(parseIndex(x, name, names, types));
        }
        return schema.withIndexes(list);
    }

    /**
     * One {@code IndexDef} of the table's JSON: id, name, columns (name, descending, nullsFirst), unique, state,
     * deferrable, initiallyDeferred.
     */
    private static io.tessera.datanode.storage.SecondaryIndex parseIndex(JsonNode x, String table, List<String> names,
            List<PgType> types) {
        JsonNode cols = x.path("columns");
        int n = cols.size();
        int[] columns = new int[n];
        PgType[] keyTypes = new PgType[n];
        boolean[] desc = new boolean[n];
        boolean[] nullsFirst = new boolean[n];
        for (int i = 0; i < n; i++) {
            JsonNode c = cols.get(i);
            columns[i] = names.indexOf(c.path("name").asText());
            if (columns[i] < 0) {
                throw new TesseraException(SqlState.DATA_CORRUPTED, "index \"" + x.path("name").asText()
                        + "\" of relation \"" + table + "\" names unknown column \"" + c.path("name").asText() + "\"");
            }
            keyTypes[i] = types.get(columns[i]);
            desc[i] = c.path("descending").asBoolean(false);
            nullsFirst[i] = c.path("nullsFirst").asBoolean(desc[i]);
        }
        String state = x.path("state").asText("PUBLIC");
        io.tessera.datanode.storage.SecondaryIndex index = new io.tessera.datanode.storage.SecondaryIndex(
                x.path("id").asInt(), x.path("name").asText(), columns, keyTypes, desc, nullsFirst,
                x.path("unique").asBoolean(false), !state.equals("DELETE_ONLY"), state.equals("PUBLIC"));
        return x.path("deferrable").asBoolean(false)
                ? index.deferrable(x.path("initiallyDeferred").asBoolean(false)) : index;
    }

    @Override
    public void close() {
        if (cache != null) {
            cache.close();
        }
    }
}
