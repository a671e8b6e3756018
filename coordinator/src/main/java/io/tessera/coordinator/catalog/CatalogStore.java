package io.tessera.coordinator.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.failpoint.Failpoints;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog in ZooKeeper, and this coordinator's cached snapshot of it.
 *
 * <p>Layout (one znode per object, JSON, each well under ZooKeeper's 1 MB limit):
 * <pre>
 *   /tessera/catalog                         {"version": v, "nextOid": n}   — the DDL serialisation point
 *   /tessera/catalog/nodes/NAME              NodeDef
 *   /tessera/catalog/roles/NAME              RoleDef
 *   /tessera/catalog/databases/NAME          DatabaseDef
 *   /tessera/catalog/tables/DB/NAME          TableDef       (names URL-encoded: ZooKeeper paths cannot hold '/')
 *   /tessera/catalog/sequences/DB/KEY        SequenceDef    (KEY: CatalogSnapshot.key, schema.name outside public)
 *   /tessera/catalog/views/DB/NAME           ViewDef
 *   /tessera/catalog/groups/NAME             NodeGroupDef   (CREATE NODE GROUP)
 *   /tessera/catalog/types/DB/NAME           EnumTypeDef    (CREATE TYPE ... AS ENUM)
 *   /tessera/catalog/schemas/DB/NAME         SchemaDef      (CREATE SCHEMA; tables and views of a schema other
 *                                                            than public are named SCHEMA.NAME: CatalogSnapshot.key)
 *   /tessera/sequences/ID                    the sequence's counter (SequenceStore), outside the catalog's version
 *   /tessera/statistics/ID                   a table's ANALYZE statistics (stats.StatisticsStore), outside it too
 *   /tessera/catalog-acks/COORDINATOR        ephemeral, the catalog version that coordinator has loaded
 * </pre>
 *
 * <p>Every DDL is one ZooKeeper multi-op whose first operation sets the root's data with a version check: two
 * concurrent DDLs cannot both apply, the loser retries against the new catalog. After it commits, the DDL waits
 * until every live coordinator has acknowledged the new version ({@link #awaitAcknowledged}), so the change is
 * visible everywhere before the next statement. Coordinators learn of changes through a watch on the root and
 * reload the whole snapshot (catalogs are small; a per-object refresh can come later).
 *
 * <p>Inside a transaction block, a session's DDL does not reach ZooKeeper until COMMIT: on a thread bound to the
 * session ({@link #enter}), {@link #snapshot} and {@link #apply} use the block's {@link CatalogOverlay}, which COMMIT
 * publishes as one catalog version ({@link #publish}).
 */
public final class CatalogStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogStore.class);
    static final String ROOT = "/tessera/catalog";
    private static final String ACKS = "/tessera/catalog-acks";
    private static final String COORDINATOR_MEMBERS = "/tessera/members/coordinator";
    private static final int MAX_DDL_ATTEMPTS = 20;
    /**
     * Failpoint (test only, {@link Failpoints}): the watch's reload thread stops for good, so this coordinator keeps
     * planning with its old snapshot until a statement refreshes it ({@link #reload}).
     */
    public static final String RELOAD_FAILPOINT = "catalog.reload";

    private final CuratorFramework zk;
    private final String coordinatorName;
    private final ObjectMapper json = new ObjectMapper();
    private final ExecutorService reloader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "catalog-reload");
        t.setDaemon(true);
        return t;
    });
    private final Object lock = new Object();
    private volatile CatalogSnapshot snapshot;
    private CuratorCache rootCache;
    private PersistentNode ack;

    /** The root znode's content. */
    public record Root(long version, int nextOid) {
    }

    public CatalogStore(CuratorFramework zk, String coordinatorName) {
        this.zk = zk;
        this.coordinatorName = coordinatorName;
    }

    /**
     * Creates the catalog if it does not exist yet (the first coordinator to start wins; the others find it), loads
     * it, and starts watching it.
     *
     * @param nodes every node of the cluster, from the cluster file
     * @param superusers roles to create
     */
    public void start(List<NodeDef> nodes, List<String> superusers) throws Exception {
        bootstrap(nodes, superusers);
        // ephemeral, and kept across session loss; takes over a node left by a previous session of this coordinator
        ack = new PersistentNode(zk, CreateMode.EPHEMERAL, false, ACKS + "/" + enc(coordinatorName),
                "0".getBytes(StandardCharsets.UTF_8));
        ack.start();
        if (!ack.waitForInitialCreate(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("could not register " + ACKS + "/" + coordinatorName);
        }
        ensureSequenceDirs();
        reload();
        rootCache = CuratorCache.build(zk, ROOT, CuratorCache.Options.SINGLE_NODE_CACHE);
        rootCache.listenable().addListener((type, oldData, data) -> reloader.execute(this::reloadQuietly));
        rootCache.start();
    }

    /** Creates the sequence directories of a catalog bootstrapped before sequences existed (idempotent). */
    private void ensureSequenceDirs() throws Exception {
        List<String> dirs = new ArrayList<>(List.of(ROOT + "/sequences", SequenceStore.COUNTERS, ROOT + "/views",
                ROOT + "/groups", ROOT + "/types"));
        for (String db : zk.getChildren().forPath(ROOT + "/databases")) {
            dirs.add(ROOT + "/sequences/" + db);
            dirs.add(ROOT + "/views/" + db);
            dirs.add(ROOT + "/types/" + db);
        }
        for (String dir : dirs) {
            if (zk.checkExists().forPath(dir) == null) {
                try {
                    zk.create().creatingParentsIfNeeded().forPath(dir);
                } catch (KeeperException.NodeExistsException ignored) {
                    // another coordinator got there first
                }
            }
        }
    }

    private void bootstrap(List<NodeDef> nodes, List<String> superusers) throws Exception {
        if (zk.checkExists().forPath(ROOT) != null) {
            return;
        }
        int oid = 10;
        List<CuratorOp> ops = new ArrayList<>();
        List<String> parents = List.of("/tessera", ACKS);
        for (String p : parents) {
            if (zk.checkExists().forPath(p) == null) {
                try {
                    zk.create().creatingParentsIfNeeded().forPath(p);
                } catch (KeeperException.NodeExistsException ignored) {
                    // another coordinator got there first
                }
            }
        }
        ops.add(zk.transactionOp().create().forPath(ROOT, bytes(new Root(1, 20000))));
        for (String dir : List.of("nodes", "roles", "databases", "tables", "sequences", "views", "groups")) {
            ops.add(zk.transactionOp().create().forPath(ROOT + "/" + dir));
        }
        for (NodeDef n : nodes) {
            ops.add(zk.transactionOp().create().forPath(ROOT + "/nodes/" + enc(n.name()), bytes(n)));
        }
        for (String u : superusers) {
            ops.add(zk.transactionOp().create().forPath(ROOT + "/roles/" + enc(u), bytes(new RoleDef(u, oid++, true))));
        }
        ops.add(zk.transactionOp().create().forPath(ROOT + "/databases/postgres", bytes(new DatabaseDef("postgres", 5, superusers.get(0)))));
        ops.add(zk.transactionOp().create().forPath(ROOT + "/tables/postgres"));
        ops.add(zk.transactionOp().create().forPath(ROOT + "/sequences/postgres"));
        ops.add(zk.transactionOp().create().forPath(ROOT + "/views/postgres"));
        try {
            zk.transaction().forOperations(ops);
            LOG.info("created the catalog with {} nodes and roles {}", nodes.size(), superusers);
        } catch (KeeperException.NodeExistsException e) {
            LOG.info("catalog already created by another coordinator");
        }
    }

    /**
     * The current snapshot: on a thread {@linkplain #enter bound} to a session inside a transaction block that has
     * run DDL, that block's view ({@link CatalogOverlay#snapshot}); else the global one. Never null after
     * {@link #start}.
     */
    public CatalogSnapshot snapshot() {
        CatalogOverlay o = boundOverlay(false);
        return o != null ? o.snapshot() : snapshot;
    }

    /** The global snapshot, whatever the calling thread is bound to. */
    public CatalogSnapshot globalSnapshot() {
        return snapshot;
    }

    /**
     * What a session thread's catalog calls go to: the open transaction block's overlay, or null outside a block.
     */
    public interface Scope {
        /**
         * The overlay of the session's open transaction block; null when no block is open.
         *
         * @param create whether to open one when the block has none yet (a DDL is about to change the catalog)
         */
        CatalogOverlay overlay(boolean create);
    }

    private static final ThreadLocal<Scope> BOUND = new ThreadLocal<>();

    /**
     * Binds the calling thread to a session's scope until the returned action runs: its {@link #snapshot} and
     * {@link #apply} then see and change the session's open transaction block, if any.
     */
    public static Runnable enter(Scope scope) {
        Scope previous = BOUND.get();
        BOUND.set(scope);
        return () -> BOUND.set(previous);
    }

    /**
     * Whether the label stored as {@code sortKey} of enum type {@code typeOid} was added by ALTER TYPE ... ADD VALUE
     * in the open transaction block of the session the calling thread is {@linkplain #enter bound} to: PostgreSQL
     * refuses such a value's use until COMMIT (55P04). False outside a block and on unbound threads.
     */
    public static boolean isUncommittedEnumLabel(int typeOid, String sortKey) {
        CatalogOverlay o = boundOverlay(false);
        return o != null && o.isNewEnumLabel(typeOid, sortKey);
    }

    /**
     * Notes, in the bound session's open block (if any), that its ALTER TYPE ... ADD VALUE made the label stored as
     * {@code sortKey} of enum type {@code typeOid}.
     */
    public static void enumLabelAdded(int typeOid, String sortKey) {
        CatalogOverlay o = boundOverlay(false);
        if (o != null) {
            o.addedEnumLabel(typeOid, sortKey);
        }
    }

    /** A new, empty overlay over this store (for a {@link Scope} to hold). */
    public CatalogOverlay newOverlay() {
        return new CatalogOverlay(this);
    }

    private static CatalogOverlay boundOverlay(boolean create) {
        Scope scope = BOUND.get();
        return scope == null ? null : scope.overlay(create);
    }

    /**
     * Runs {@code action} when the calling session's open transaction block commits, instead of now; returns false
     * (and does nothing) outside a block, where the caller runs it itself. Used for what cannot be undone, such as
     * removing a dropped table's rows.
     */
    public boolean deferUntilCommit(Runnable action) {
        CatalogOverlay o = boundOverlay(false);
        if (o == null) {
            return false;
        }
        o.afterCommit(action);
        return true;
    }

    private void reloadQuietly() {
        // a coordinator whose watch-driven reloads stall: statements then meet newer schemas on the datanodes
        Failpoints.pause(RELOAD_FAILPOINT);
        try {
            reload();
        } catch (Exception e) {
            LOG.warn("catalog reload failed; will retry on the next change", e);
        }
    }

    /**
     * Reads the whole catalog from ZooKeeper (after a sync with the leader, so it sees every committed DDL) and
     * acknowledges its version. Statements call it to refresh a snapshot a datanode found stale (40T01).
     */
    public void reload() throws Exception {
        synchronized (lock) {
            zk.sync().forPath(ROOT);
            CatalogSnapshot s;
            while (true) {
                Stat before = new Stat();
                Root root = json.readValue(zk.getData().storingStatIn(before).forPath(ROOT), Root.class);
                if (snapshot != null && snapshot.version() == root.version()) {
                    s = snapshot;
                    break;
                }
                Map<String, NodeDef> nodes = readDir("nodes", NodeDef.class);
                Map<String, RoleDef> roles = readDir("roles", RoleDef.class);
                Map<String, DatabaseDef> dbs = readDir("databases", DatabaseDef.class);
                Map<String, Map<String, TableDef>> tables = new HashMap<>();
                for (String db : zk.getChildren().forPath(ROOT + "/tables")) {
                    tables.put(dec(db), readDir("tables/" + db, TableDef.class));
                }
                Map<String, Map<String, SequenceDef>> sequences = new HashMap<>();
                if (zk.checkExists().forPath(ROOT + "/sequences") != null) {
                    for (String db : zk.getChildren().forPath(ROOT + "/sequences")) {
                        sequences.put(dec(db), readDir("sequences/" + db, SequenceDef.class));
                    }
                }
                Map<String, Map<String, ViewDef>> views = new HashMap<>();
                if (zk.checkExists().forPath(ROOT + "/views") != null) {
                    for (String db : zk.getChildren().forPath(ROOT + "/views")) {
                        views.put(dec(db), readDir("views/" + db, ViewDef.class));
                    }
                }
                Map<String, NodeGroupDef> groups = zk.checkExists().forPath(ROOT + "/groups") == null ? Map.of()
                        : readDir("groups", NodeGroupDef.class);
                Map<String, Map<String, EnumTypeDef>> types = new HashMap<>();
                if (zk.checkExists().forPath(ROOT + "/types") != null) {
                    for (String db : zk.getChildren().forPath(ROOT + "/types")) {
                        types.put(dec(db), Map.copyOf(readDir("types/" + db, EnumTypeDef.class)));
                    }
                }
                Map<String, Map<String, SchemaDef>> schemas = new HashMap<>();
                if (zk.checkExists().forPath(ROOT + "/schemas") != null) {
                    for (String db : zk.getChildren().forPath(ROOT + "/schemas")) {
                        schemas.put(dec(db), Map.copyOf(readDir("schemas/" + db, SchemaDef.class)));
                    }
                }
                Stat after = zk.checkExists().forPath(ROOT);
                if (after != null && after.getVersion() == before.getVersion()) {
                    s = new CatalogSnapshot(root.version(), Map.copyOf(nodes), Map.copyOf(roles), Map.copyOf(dbs),
                            Map.copyOf(tables), Map.copyOf(sequences), Map.copyOf(views), Map.copyOf(groups),
                            Map.copyOf(types), Map.copyOf(schemas));
                    break;
                }
                // a DDL committed while we read: read again so the snapshot is one version, not a mix
            }
            snapshot = s;
            acknowledge(s.version());
        }
    }

    private void acknowledge(long version) throws Exception {
        ack.setData(Long.toString(version).getBytes(StandardCharsets.UTF_8));
    }

    private <T> Map<String, T> readDir(String dir, Class<T> type) throws Exception {
        Map<String, T> out = new HashMap<>();
        for (String child : zk.getChildren().forPath(ROOT + "/" + dir)) {
            try {
                out.put(dec(child), json.readValue(zk.getData().forPath(ROOT + "/" + dir + "/" + child), type));
            } catch (KeeperException.NoNodeException gone) {
                // removed between list and read; the version check in reload() catches it
            }
        }
        return out;
    }

    /**
     * A catalog change: given the current snapshot and root, returns the ZooKeeper operations that apply it (they may
     * throw a TesseraException to refuse the change, e.g. 42P07 for a table that exists).
     */
    public interface Change {
        List<CuratorOp> operations(CatalogSnapshot current, Root root, Ops ops) throws Exception;
    }

    /** Builders for the operations of one change, bound to this store's layout. */
    public final class Ops {
        private int nextOid;

        Ops(int nextOid) {
            this.nextOid = nextOid;
        }

        /** Allocates a fresh OID / object id (never reused). */
        public int allocateOid() {
            return nextOid++;
        }

        public CuratorOp createTable(TableDef t) throws Exception {
            t = t.withCheckOids(this::allocateOid);
            return zk.transactionOp().create().forPath(tablePath(t.database(), t.key()), bytes(t));
        }

        /**
         * Replaces a table's definition (a DDL that changes its shape: give it {@link TableDef#withSchemaChange}, so
         * its schema version rises and datanodes refuse plans made with the old one).
         */
        public CuratorOp updateTable(TableDef t) throws Exception {
            t = t.withCheckOids(this::allocateOid);
            return zk.transactionOp().setData().forPath(tablePath(t.database(), t.key()), bytes(t));
        }

        public CuratorOp deleteTable(TableDef t) throws Exception {
            return zk.transactionOp().delete().forPath(tablePath(t.database(), t.key()));
        }

        /** Creates a role (CREATE ROLE). */
        public CuratorOp createRole(RoleDef r) throws Exception {
            return zk.transactionOp().create().forPath(ROOT + "/roles/" + enc(r.name()), bytes(r));
        }

        /** Replaces a role's attributes (ALTER ROLE; same name). */
        public CuratorOp updateRole(RoleDef r) throws Exception {
            return zk.transactionOp().setData().forPath(ROOT + "/roles/" + enc(r.name()), bytes(r));
        }

        /** Removes a role (DROP ROLE; ALTER ROLE ... RENAME TO removes the old name and creates the new). */
        public CuratorOp deleteRole(RoleDef r) throws Exception {
            return zk.transactionOp().delete().forPath(ROOT + "/roles/" + enc(r.name()));
        }

        /** Creates a node group (CREATE NODE GROUP). */
        public CuratorOp createGroup(NodeGroupDef g) throws Exception {
            return zk.transactionOp().create().forPath(groupPath(g.name()), bytes(g));
        }

        /** Removes a node group (DROP NODE GROUP). */
        public CuratorOp deleteGroup(NodeGroupDef g) throws Exception {
            return zk.transactionOp().delete().forPath(groupPath(g.name()));
        }

        public List<CuratorOp> createDatabase(DatabaseDef d) throws Exception {
            return List.of(zk.transactionOp().create().forPath(ROOT + "/databases/" + enc(d.name()), bytes(d)),
                    zk.transactionOp().create().forPath(ROOT + "/tables/" + enc(d.name())),
                    zk.transactionOp().create().forPath(ROOT + "/sequences/" + enc(d.name())),
                    zk.transactionOp().create().forPath(ROOT + "/views/" + enc(d.name())),
                    zk.transactionOp().create().forPath(ROOT + "/types/" + enc(d.name())));
        }

        /** Creates an enum type (CREATE TYPE ... AS ENUM). */
        public CuratorOp createType(EnumTypeDef t) throws Exception {
            return zk.transactionOp().create().forPath(typePath(t.database(), t.key()), bytes(t));
        }

        /** Replaces an enum type's definition (ALTER TYPE ... ADD VALUE / RENAME VALUE; same name). */
        public CuratorOp updateType(EnumTypeDef t) throws Exception {
            return zk.transactionOp().setData().forPath(typePath(t.database(), t.key()), bytes(t));
        }

        /** Removes an enum type (DROP TYPE; ALTER TYPE ... RENAME TO removes the old name and creates the new). */
        public CuratorOp deleteType(EnumTypeDef t) throws Exception {
            return zk.transactionOp().delete().forPath(typePath(t.database(), t.key()));
        }

        /**
         * Creates a schema (CREATE SCHEMA), and the database's schema directory when it has none yet (databases made
         * before schemas existed).
         */
        public List<CuratorOp> createSchema(SchemaDef d) throws Exception {
            List<CuratorOp> out = new ArrayList<>();
            if (zk.checkExists().forPath(ROOT + "/schemas") == null) {
                out.add(zk.transactionOp().create().forPath(ROOT + "/schemas"));
            }
            if (zk.checkExists().forPath(ROOT + "/schemas/" + enc(d.database())) == null) {
                out.add(zk.transactionOp().create().forPath(ROOT + "/schemas/" + enc(d.database())));
            }
            out.add(zk.transactionOp().create().forPath(schemaPath(d.database(), d.name()), bytes(d)));
            return out;
        }

        /** Replaces a schema's definition (ALTER SCHEMA ... OWNER TO, COMMENT ON SCHEMA; same name). */
        public CuratorOp updateSchema(SchemaDef d) throws Exception {
            return zk.transactionOp().setData().forPath(schemaPath(d.database(), d.name()), bytes(d));
        }

        /** Removes a schema (DROP SCHEMA; ALTER SCHEMA ... RENAME TO removes the old name and creates the new). */
        public CuratorOp deleteSchema(SchemaDef d) throws Exception {
            return zk.transactionOp().delete().forPath(schemaPath(d.database(), d.name()));
        }

        /** Creates a view. */
        public CuratorOp createView(ViewDef v) throws Exception {
            return zk.transactionOp().create().forPath(viewPath(v.database(), v.key()), bytes(v));
        }

        /** Replaces a view's definition (CREATE OR REPLACE VIEW). */
        public CuratorOp updateView(ViewDef v) throws Exception {
            return zk.transactionOp().setData().forPath(viewPath(v.database(), v.key()), bytes(v));
        }

        public CuratorOp deleteView(ViewDef v) throws Exception {
            return zk.transactionOp().delete().forPath(viewPath(v.database(), v.key()));
        }

        /** Creates a sequence and its counter at its start value (not yet called). */
        public List<CuratorOp> createSequence(SequenceDef q) throws Exception {
            return List.of(zk.transactionOp().create().forPath(sequencePath(q.database(), q.key()), bytes(q)),
                    zk.transactionOp().create().forPath(SequenceStore.COUNTERS + "/" + q.id(),
                            bytes(new SequenceStore.Counter(q.start(), false, q.epoch()))));
        }

        /** Replaces a sequence's definition (same database and name). */
        public CuratorOp updateSequence(SequenceDef q) throws Exception {
            return zk.transactionOp().setData().forPath(sequencePath(q.database(), q.key()), bytes(q));
        }

        /** Sets a sequence's counter (setval, RESTART), unconditionally. */
        public CuratorOp setCounter(SequenceDef q, SequenceStore.Counter c) throws Exception {
            return zk.transactionOp().setData().forPath(SequenceStore.COUNTERS + "/" + q.id(), bytes(c));
        }

        public List<CuratorOp> deleteSequence(SequenceDef q) throws Exception {
            return List.of(zk.transactionOp().delete().forPath(sequencePath(q.database(), q.key())),
                    zk.transactionOp().delete().forPath(SequenceStore.COUNTERS + "/" + q.id()));
        }

        public List<CuratorOp> deleteDatabase(DatabaseDef d, CatalogSnapshot s) throws Exception {
            List<CuratorOp> out = new ArrayList<>();
            for (TableDef t : s.tables(d.name()).values()) {
                out.add(deleteTable(t));
            }
            for (SequenceDef q : s.sequences(d.name()).values()) {
                out.addAll(deleteSequence(q));
            }
            for (ViewDef v : s.views(d.name()).values()) {
                out.add(deleteView(v));
            }
            for (EnumTypeDef t : s.types(d.name()).values()) {
                out.add(deleteType(t));
            }
            for (SchemaDef schema : s.schemas(d.name()).values()) {
                out.add(deleteSchema(schema));
            }
            if (zk.checkExists().forPath(ROOT + "/schemas/" + enc(d.name())) != null) {
                out.add(zk.transactionOp().delete().forPath(ROOT + "/schemas/" + enc(d.name())));
            }
            if (zk.checkExists().forPath(ROOT + "/types/" + enc(d.name())) != null) {
                out.add(zk.transactionOp().delete().forPath(ROOT + "/types/" + enc(d.name())));
            }
            out.add(zk.transactionOp().delete().forPath(ROOT + "/sequences/" + enc(d.name())));
            out.add(zk.transactionOp().delete().forPath(ROOT + "/views/" + enc(d.name())));
            out.add(zk.transactionOp().delete().forPath(ROOT + "/tables/" + enc(d.name())));
            out.add(zk.transactionOp().delete().forPath(ROOT + "/databases/" + enc(d.name())));
            return out;
        }
    }

    /**
     * Applies a catalog change atomically, retrying on a concurrent DDL, then waits until every live coordinator
     * has loaded the new version.
     *
     * @return the new catalog snapshot
     * @throws TesseraException whatever the change refuses with; 08T03 when ZooKeeper cannot be reached
     */
    public CatalogSnapshot apply(Change change) {
        CatalogOverlay overlay = boundOverlay(true);
        if (overlay != null) {
            return overlay.apply(change); // inside a transaction block: published at COMMIT
        }
        try {
            for (int attempt = 0; attempt < MAX_DDL_ATTEMPTS; attempt++) {
                Stat stat = new Stat();
                Root root = json.readValue(zk.getData().storingStatIn(stat).forPath(ROOT), Root.class);
                if (snapshot.version() != root.version()) {
                    reload();
                }
                Ops ops = new Ops(root.nextOid());
                List<CuratorOp> list = new ArrayList<>();
                list.add(null);
                list.addAll(change.operations(snapshot, root, ops));
                Root next = new Root(root.version() + 1, ops.nextOid);
                list.set(0, zk.transactionOp().setData().withVersion(stat.getVersion()).forPath(ROOT, bytes(next)));
                try {
                    zk.transaction().forOperations(list);
                } catch (KeeperException.BadVersionException | KeeperException.NodeExistsException
                        | KeeperException.NoNodeException e) {
                    LOG.debug("concurrent catalog change; retrying", e);
                    reload();
                    continue;
                }
                reload();
                awaitAcknowledged(next.version());
                return snapshot;
            }
            throw new TesseraException(SqlState.OBJECT_IN_USE, "catalog is being changed concurrently; try again");
        } catch (TesseraException e) {
            throw e;
        } catch (Exception e) {
            throw new TesseraException(SqlState.CATALOG_UNAVAILABLE, "catalog (ZooKeeper) unavailable: " + e.getMessage(), e);
        }
    }

    /**
     * The operations of {@code change} run against {@code view} (a transaction block's catalog), without applying
     * them; OIDs it allocates are taken for good (the root's counter advances, its version does not).
     */
    List<CuratorOp> operationsAgainst(CatalogSnapshot view, Change change) {
        try {
            for (int attempt = 0; attempt < MAX_DDL_ATTEMPTS; attempt++) {
                Stat stat = new Stat();
                Root root = json.readValue(zk.getData().storingStatIn(stat).forPath(ROOT), Root.class);
                Ops ops = new Ops(root.nextOid());
                List<CuratorOp> list = change.operations(view, root, ops);
                if (ops.nextOid == root.nextOid()) {
                    return list;
                }
                try {
                    zk.setData().withVersion(stat.getVersion()).forPath(ROOT,
                            bytes(new Root(root.version(), ops.nextOid)));
                    return list;
                } catch (KeeperException.BadVersionException e) {
                    LOG.debug("concurrent catalog change while allocating OIDs; retrying", e);
                }
            }
            throw new TesseraException(SqlState.OBJECT_IN_USE, "catalog is being changed concurrently; try again");
        } catch (TesseraException e) {
            throw e;
        } catch (Exception e) {
            throw new TesseraException(SqlState.CATALOG_UNAVAILABLE, "catalog (ZooKeeper) unavailable: " + e.getMessage(), e);
        }
    }

    /** Runs one operation now, outside any catalog version (a sequence counter). */
    void runNow(CuratorOp op) {
        try {
            zk.transaction().forOperations(List.of(op));
        } catch (Exception e) {
            throw new TesseraException(SqlState.CATALOG_UNAVAILABLE, "catalog (ZooKeeper) unavailable: " + e.getMessage(), e);
        }
    }

    /** Deletes a sequence counter znode, if it exists (a rolled-back block's). */
    void deleteCounterQuietly(int id) {
        try {
            zk.delete().forPath(SequenceStore.COUNTERS + "/" + id);
        } catch (Exception e) {
            LOG.debug("could not delete sequence counter {}", id, e);
        }
    }

    /**
     * Applies a transaction block's operations as one catalog version (retrying on a concurrent DDL, after
     * {@code check} accepts the then current catalog), then waits until every live coordinator has loaded it.
     *
     * @throws TesseraException what {@code check} throws; 08T03 when ZooKeeper cannot be reached
     */
    void publish(List<CuratorOp> operations, java.util.function.Consumer<CatalogSnapshot> check) {
        try {
            for (int attempt = 0; attempt < MAX_DDL_ATTEMPTS; attempt++) {
                Stat stat = new Stat();
                Root root = json.readValue(zk.getData().storingStatIn(stat).forPath(ROOT), Root.class);
                if (snapshot.version() != root.version()) {
                    reload();
                }
                check.accept(snapshot);
                List<CuratorOp> list = new ArrayList<>();
                Root next = new Root(root.version() + 1, root.nextOid());
                list.add(zk.transactionOp().setData().withVersion(stat.getVersion()).forPath(ROOT, bytes(next)));
                list.addAll(operations);
                try {
                    zk.transaction().forOperations(list);
                } catch (KeeperException.BadVersionException | KeeperException.NodeExistsException
                        | KeeperException.NoNodeException e) {
                    LOG.debug("concurrent catalog change at COMMIT; checking again", e);
                    reload();
                    continue;
                }
                reload();
                awaitAcknowledged(next.version());
                return;
            }
            throw new TesseraException(SqlState.OBJECT_IN_USE, "catalog is being changed concurrently; try again");
        } catch (TesseraException e) {
            throw e;
        } catch (Exception e) {
            throw new TesseraException(SqlState.CATALOG_UNAVAILABLE, "catalog (ZooKeeper) unavailable: " + e.getMessage(), e);
        }
    }

    /**
     * Waits until every coordinator that is a live member has acknowledged at least {@code version}. A coordinator
     * that does not within the deadline is logged; its session expiry will cut it off.
     */
    public void awaitAcknowledged(long version) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            List<String> lagging = new ArrayList<>();
            List<String> members = zk.checkExists().forPath(COORDINATOR_MEMBERS) == null ? List.of()
                    : zk.getChildren().forPath(COORDINATOR_MEMBERS);
            for (String member : members) {
                long acked = -1;
                try {
                    acked = Long.parseLong(new String(zk.getData().forPath(ACKS + "/" + member), StandardCharsets.UTF_8));
                } catch (KeeperException.NoNodeException e) {
                    // not loaded yet
                }
                if (acked < version) {
                    lagging.add(dec(member));
                }
            }
            if (lagging.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                LOG.warn("coordinators {} did not acknowledge catalog version {} within 10 s", lagging, version);
                return;
            }
            Thread.sleep(5);
        }
    }

    private String viewPath(String db, String name) {
        return ROOT + "/views/" + enc(db) + "/" + enc(name);
    }

    private String sequencePath(String db, String name) {
        return ROOT + "/sequences/" + enc(db) + "/" + enc(name);
    }

    /** The name of the coordinator this catalog client runs in. */
    public String coordinatorName() {
        return coordinatorName;
    }

    /** The ZooKeeper client (for the sequence counters, which live beside the catalog). */
    public CuratorFramework zk() {
        return zk;
    }

    /** The znode of a node group: {@code /tessera/catalog/groups/NAME} (URL-encoded). */
    static String groupPath(String group) {
        return ROOT + "/groups/" + enc(group);
    }

    private static String schemaPath(String db, String schema) {
        return ROOT + "/schemas/" + enc(db) + "/" + enc(schema);
    }

    private static String typePath(String db, String type) {
        return ROOT + "/types/" + enc(db) + "/" + enc(type);
    }

    private String tablePath(String db, String table) {
        return ROOT + "/tables/" + enc(db) + "/" + enc(table);
    }

    private byte[] bytes(Object o) {
        try {
            return json.writeValueAsBytes(o);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String enc(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8);
    }

    static String dec(String name) {
        return URLDecoder.decode(name, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (rootCache != null) {
            rootCache.close();
        }
        if (ack != null) {
            try {
                ack.close();
            } catch (java.io.IOException e) {
                LOG.debug("closing the acknowledgement node", e);
            }
        }
        reloader.shutdownNow();
    }
}
