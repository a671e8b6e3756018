package io.tessera.coordinator.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZooDefs;

/**
 * The catalog changes of one open transaction block: DDL run inside {@code BEGIN ... COMMIT}, kept private to the
 * session until COMMIT publishes all of them in one versioned catalog update (one ZooKeeper multi-op), and dropped
 * by ROLLBACK, by ROLLBACK TO SAVEPOINT (for the DDL after the savepoint) or when the session or its coordinator
 * ends — nothing of it is in ZooKeeper's catalog before COMMIT, so nothing is left to clean up.
 *
 * <p>Each DDL runs its ordinary {@link CatalogStore.Change} against this overlay's {@link #snapshot()} (the global
 * catalog with this block's changes applied on top). Its ZooKeeper operations are not sent: they are kept as
 * {@link Step}s and read back into the overlay snapshot (a create or setData under {@code tables/}, {@code sequences/},
 * {@code views/} or {@code groups/} puts the JSON's object, a delete removes it). OIDs are allocated for real (the root's
 * {@code nextOid} advances, its version does not), so a table created in the block has its final id from the start
 * and rows the block writes to it stay its rows after COMMIT. Two exceptions are applied at once: a sequence's
 * counter znode is created (or set) when the DDL runs, because {@code nextval} in the block reads it, and it lives
 * outside the catalog's version under an id no one else can name; ROLLBACK deletes the counters it created.
 *
 * <p>Tables of the overlay whose shape the datanodes do not know yet — created in the block, or altered in it to a
 * schema version the catalog does not hold — are {@linkplain #isPrivate private}: requests for them carry schema
 * version 0, and datanodes then decode rows with the layout the request carries ({@code TableSchemas}): with the
 * block's whole definition when it has secondary indexes or missing values ({@code TableDescriptor.definition}, sent
 * by {@code TableScans.descriptor}), whose indexes they then maintain and check. An exception: a table the block changed only where the datanodes do not
 * look — it lost secondary indexes (DROP INDEX), its layout (columns, column ids, primary key) and every remaining
 * index are the published ones — is {@linkplain #requestVersion served} at the published schema version, so the
 * block's writes keep maintaining the published indexes, the dropped ones included until COMMIT publishes the drop
 * (ROLLBACK then finds them whole; a dropped UNIQUE index still checks the block's own writes until then).
 *
 * <p>Concurrency is optimistic: every catalog object a step touches is remembered as it was in the global catalog
 * when the step ran. COMMIT re-reads the catalog and refuses with 40001 when any of them changed meanwhile (another
 * session created the same name, altered or dropped the same table), before the block's data commits.
 *
 * <p>Not thread-safe: one session's statements use it, one at a time.
 */
public final class CatalogOverlay {
    /** Versions of overlay snapshots: negative and never reused, so no plan cache mistakes one for another. */
    private static final AtomicLong VERSIONS = new AtomicLong();
    /** (table id, schema version) pairs only some open block knows, with how many blocks know each. */
    private static final Map<Long, Integer> PRIVATE = new ConcurrentHashMap<>();
    /**
     * Table definitions only some open block knows that datanodes serve at a published schema version
     * ({@link #servedAs}), with that version and how many blocks know each. Keyed by the whole definition: two blocks
     * may give one table the same new schema version with different contents.
     */
    private static final Map<TableDef, Alias> ALIASES = new ConcurrentHashMap<>();

    private record Alias(long version, int blocks) {
    }

    private final CatalogStore store;
    private final ObjectMapper json = new ObjectMapper();
    private final List<Step> steps = new ArrayList<>();
    private final List<Integer> counters = new ArrayList<>();
    private final Set<Long> registered = new java.util.HashSet<>();
    private final Set<TableDef> aliased = new java.util.HashSet<>();
    /**
     * The enum labels ALTER TYPE ... ADD VALUE made in this block, as {@code typeOid/sortKey} (a label's stored key
     * never changes, and types made from an older definition of the enum carry the same key); kept after ROLLBACK TO,
     * where no other label of the type can take the key before the block ends.
     */
    private final Set<String> newEnumLabels = new java.util.HashSet<>();
    private CatalogSnapshot base;
    private int baseSteps = -1;
    private CatalogSnapshot view;

    /**
     * One DDL's effect.
     *
     * @param operations its ZooKeeper operations, sent at COMMIT
     * @param expected every catalog path it touches, with the object the global catalog held there when it ran (null:
     *     absent)
     * @param afterCommit what to do once COMMIT has published the block (removing a dropped table's rows)
     */
    private record Step(List<CuratorOp> operations, Map<String, Object> expected, List<Runnable> afterCommit) {
    }

    CatalogOverlay(CatalogStore store) {
        this.store = store;
    }

    /** Records that this block's ALTER TYPE ... ADD VALUE made label {@code sortKey} of enum type {@code typeOid}. */
    public void addedEnumLabel(int typeOid, String sortKey) {
        newEnumLabels.add(typeOid + "/" + sortKey);
    }

    /** Whether this block made the label stored as {@code sortKey} of enum type {@code typeOid} (EnumUncommitted). */
    public boolean isNewEnumLabel(int typeOid, String sortKey) {
        return newEnumLabels.contains(typeOid + "/" + sortKey);
    }

    /** Whether the block has changed the catalog (so COMMIT has something to publish). */
    public boolean isEmpty() {
        return steps.isEmpty();
    }

    /** A mark to {@link #rollbackTo} (SAVEPOINT). */
    public int mark() {
        return steps.size();
    }

    /**
     * Forgets the DDL run after {@code mark} (ROLLBACK TO SAVEPOINT). Sequence counters they created stay until the
     * block ends (ROLLBACK deletes them; after COMMIT they are unreachable, under ids never reused).
     */
    public void rollbackTo(int mark) {
        while (steps.size() > mark) {
            steps.remove(steps.size() - 1);
        }
        view = null;
    }

    /**
     * The catalog as this block sees it: the newest global snapshot with the block's changes on top (its version is
     * negative, new for every different content).
     */
    public CatalogSnapshot snapshot() {
        CatalogSnapshot global = store.globalSnapshot();
        if (steps.isEmpty()) {
            unregister();
            return global;
        }
        if (view == null || base != global || baseSteps != steps.size()) {
            view = overlay(global);
            base = global;
            baseSteps = steps.size();
        }
        return view;
    }

    /**
     * Runs {@code change} against this block's view and keeps its operations for COMMIT.
     *
     * @return the block's view after the change
     */
    CatalogSnapshot apply(CatalogStore.Change change) {
        CatalogSnapshot before = snapshot();
        List<CuratorOp> ops = store.operationsAgainst(before, change);
        Map<String, Object> expected = new LinkedHashMap<>();
        List<CuratorOp> deferred = new ArrayList<>();
        for (CuratorOp c : ops) {
            Op op = c.get();
            String path = op.getPath();
            if (path.startsWith(SequenceStore.COUNTERS + "/")) {
                if (op.getType() == ZooDefs.OpCode.delete) {
                    deferred.add(c); // DROP SEQUENCE: the counter goes at COMMIT
                } else {
                    store.runNow(c); // nextval in the block reads it
                    if (op.getType() == ZooDefs.OpCode.create) {
                        counters.add(Integer.parseInt(path.substring(SequenceStore.COUNTERS.length() + 1)));
                    }
                }
                continue;
            }
            if (!path.startsWith(CatalogStore.ROOT + "/tables/") && !path.startsWith(CatalogStore.ROOT + "/sequences/")
                    && !path.startsWith(CatalogStore.ROOT + "/views/")
                    && !path.startsWith(CatalogStore.ROOT + "/groups/")
                    && !path.startsWith(CatalogStore.ROOT + "/types/")
                    && !path.startsWith(CatalogStore.ROOT + "/schemas")) { // a first schema creates its directories
                throw new TesseraException(SqlState.ACTIVE_SQL_TRANSACTION,
                        "this statement cannot run inside a transaction block");
            }
            expected.putIfAbsent(path, globalObject(store.globalSnapshot(), path));
            deferred.add(c);
        }
        steps.add(new Step(deferred, expected, new ArrayList<>()));
        return snapshot();
    }

    /** Runs {@code action} once COMMIT has published the block (never, if it rolls back). */
    void afterCommit(Runnable action) {
        if (steps.isEmpty()) {
            steps.add(new Step(List.of(), Map.of(), new ArrayList<>()));
        }
        steps.get(steps.size() - 1).afterCommit().add(action);
    }

    /**
     * Checks, against a fresh read of the catalog, that no object this block touched was changed by another
     * transaction since. Call it before the block's data commits.
     *
     * @throws TesseraException 40001 naming the object; 08T03 when ZooKeeper cannot be reached
     */
    public void check() {
        if (steps.isEmpty()) {
            return;
        }
        try {
            store.reload();
        } catch (Exception e) {
            throw new TesseraException(SqlState.CATALOG_UNAVAILABLE, "catalog (ZooKeeper) unavailable: "
                    + e.getMessage(), e);
        }
        checkAgainst(store.globalSnapshot());
    }

    private void checkAgainst(CatalogSnapshot global) {
        Map<String, Object> expected = new LinkedHashMap<>();
        for (Step s : steps) {
            s.expected().forEach(expected::putIfAbsent);
        }
        for (Map.Entry<String, Object> e : expected.entrySet()) {
            if (!Objects.equals(globalObject(global, e.getKey()), e.getValue())) {
                String[] parts = e.getKey().substring(CatalogStore.ROOT.length() + 1).split("/");
                if (parts[0].equals("groups")) {
                    throw new TesseraException(SqlState.SERIALIZATION_FAILURE, "could not serialize access: node group"
                            + " \"" + CatalogStore.dec(parts[1]) + "\" was created or dropped by a concurrent transaction"
                            + " while this transaction block changed it", null,
                            "The transaction block was rolled back; run it again.", 0, null);
                }
                throw new TesseraException(SqlState.SERIALIZATION_FAILURE, "could not serialize access: relation \""
                        + CatalogStore.dec(parts[2]) + "\" was created, changed or dropped by a concurrent transaction"
                        + " while this transaction block changed it", null,
                        "The transaction block was rolled back; run it again.", 0, null);
            }
        }
    }

    /**
     * Publishes the block's changes in one catalog update (checked again against concurrent DDL), waits until every
     * coordinator has loaded it, then runs the after-commit actions. Forgets the block.
     *
     * @throws TesseraException 40001 when a concurrent DDL changed an object this block touched; 08T03
     */
    public void publish() {
        List<CuratorOp> ops = new ArrayList<>();
        List<Runnable> after = new ArrayList<>();
        for (Step s : steps) {
            ops.addAll(s.operations());
            after.addAll(s.afterCommit());
        }
        try {
            if (!ops.isEmpty()) {
                store.publish(ops, this::checkAgainst);
            }
        } finally {
            steps.clear();
            counters.clear();
            view = null;
            unregister();
        }
        RuntimeException first = null;
        for (Runnable r : after) {
            try {
                r.run();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Forgets the block's changes (ROLLBACK, session end) and deletes the sequence counters it created. */
    public void discard() {
        steps.clear();
        view = null;
        unregister();
        for (int id : counters) {
            store.deleteCounterQuietly(id);
        }
        counters.clear();
    }

    /**
     * Whether requests for this table definition must carry schema version 0: the table was created, or its shape
     * changed, inside a still open transaction block, so the datanodes' copies of the catalog do not hold it.
     */
    public static boolean isPrivate(TableDef t) {
        return PRIVATE.containsKey(key(t));
    }

    /**
     * The schema version requests for this table definition carry ({@code TableDescriptor.catalog_version}): 0 for a
     * {@linkplain #isPrivate private} one, the published version for one an open block changed only by dropping
     * secondary indexes, else its own.
     */
    public static long requestVersion(TableDef t) {
        if (!ALIASES.isEmpty()) {
            Alias a = ALIASES.get(t);
            if (a != null) {
                return a.version();
            }
        }
        return isPrivate(t) ? 0 : t.schemaVersion();
    }

    /**
     * Whether datanodes may serve requests for {@code block}'s definition of a table with their copy of
     * {@code published}: the same table and name, the same layout (column names, types, ids, missing values; the
     * primary key), and every index of {@code block} is one of {@code published}'s, unchanged.
     */
    public static boolean servedAs(TableDef block, TableDef published) {
        if (published == null || block.id() != published.id() || !block.name().equals(published.name())
                || !block.primaryKey().equals(published.primaryKey())
                || block.columns().size() != published.columns().size()
                || !published.indexes().containsAll(block.indexes())) {
            return false;
        }
        for (int i = 0; i < block.columns().size(); i++) {
            ColumnDef a = block.columns().get(i);
            ColumnDef b = published.columns().get(i);
            if (!a.name().equals(b.name()) || a.type() != b.type() || a.typmod() != b.typmod() || a.id() != b.id()
                    || !Objects.equals(a.missing(), b.missing())) {
                return false;
            }
        }
        return true;
    }

    private static long key(TableDef t) {
        return ((long) t.id() << 32) | (t.schemaVersion() & 0xffff_ffffL);
    }

    private void unregister() {
        for (long k : registered) {
            PRIVATE.computeIfPresent(k, (x, n) -> n <= 1 ? null : n - 1);
        }
        registered.clear();
        for (TableDef t : aliased) {
            ALIASES.computeIfPresent(t, (x, a) -> a.blocks() <= 1 ? null : new Alias(a.version(), a.blocks() - 1));
        }
        aliased.clear();
    }

    private CatalogSnapshot overlay(CatalogSnapshot global) {
        Map<String, Map<String, TableDef>> tables = copy(global.tables());
        Map<String, Map<String, SequenceDef>> sequences = copy(global.sequences());
        Map<String, Map<String, ViewDef>> views = copy(global.views());
        Map<String, NodeGroupDef> groups = new HashMap<>(global.groups());
        Map<String, Map<String, EnumTypeDef>> types = copy(global.types());
        Map<String, Map<String, SchemaDef>> schemas = copy(global.schemas());
        for (Step s : steps) {
            for (CuratorOp c : s.operations()) {
                Op op = c.get();
                String[] parts = op.getPath().substring(CatalogStore.ROOT.length() + 1).split("/");
                org.apache.jute.Record request = op.toRequestRecord();
                byte[] data = request instanceof org.apache.zookeeper.proto.CreateRequest create ? create.getData()
                        : request instanceof org.apache.zookeeper.proto.SetDataRequest set ? set.getData() : null;
                if (parts.length == 2 && parts[0].equals("groups")) {
                    String group = CatalogStore.dec(parts[1]);
                    if (data == null) {
                        groups.remove(group);
                    } else {
                        groups.put(group, read(data, NodeGroupDef.class));
                    }
                    continue;
                }
                if (parts.length != 3) {
                    continue;
                }
                String db = CatalogStore.dec(parts[1]);
                String name = CatalogStore.dec(parts[2]);
                switch (parts[0]) {
                    case "tables" -> put(tables, db, name, data == null ? null : read(data, TableDef.class));
                    case "sequences" -> put(sequences, db, name, data == null ? null : read(data, SequenceDef.class));
                    case "views" -> put(views, db, name, data == null ? null : read(data, ViewDef.class));
                    case "types" -> put(types, db, name, data == null ? null : read(data, EnumTypeDef.class));
                    case "schemas" -> put(schemas, db, name, data == null ? null : read(data, SchemaDef.class));
                    default -> {
                    }
                }
            }
        }
        unregister();
        for (Map.Entry<String, Map<String, TableDef>> db : tables.entrySet()) {
            Map<String, TableDef> published = global.tables(db.getKey());
            for (TableDef t : db.getValue().values()) {
                TableDef g = published.get(t.name());
                boolean known = g != null && g.id() == t.id() && g.schemaVersion() == t.schemaVersion();
                if (!known && servedAs(t, g)) {
                    if (aliased.add(t)) {
                        ALIASES.merge(t, new Alias(g.schemaVersion(), 1),
                                (a, b) -> new Alias(b.version(), a.blocks() + 1));
                    }
                    continue;
                }
                if (!known && registered.add(key(t))) {
                    PRIVATE.merge(key(t), 1, Integer::sum);
                }
            }
        }
        return new CatalogSnapshot(VERSIONS.decrementAndGet(), global.nodes(), global.roles(), global.databases(),
                freeze(tables), freeze(sequences), freeze(views), Map.copyOf(groups), freeze(types),
                freeze(schemas));
    }

    private static <T> Map<String, Map<String, T>> copy(Map<String, Map<String, T>> in) {
        Map<String, Map<String, T>> out = new HashMap<>();
        in.forEach((k, v) -> out.put(k, new HashMap<>(v)));
        return out;
    }

    private static <T> Map<String, Map<String, T>> freeze(Map<String, Map<String, T>> in) {
        Map<String, Map<String, T>> out = new HashMap<>();
        in.forEach((k, v) -> out.put(k, Map.copyOf(v)));
        return Map.copyOf(out);
    }

    private static <T> void put(Map<String, Map<String, T>> map, String db, String name, T value) {
        Map<String, T> m = map.computeIfAbsent(db, x -> new HashMap<>());
        if (value == null) {
            m.remove(name);
        } else {
            m.put(name, value);
        }
    }

    private <T> T read(byte[] data, Class<T> type) {
        try {
            return json.readValue(data, type);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unreadable catalog object", e);
        }
    }

    /**
     * The object at a catalog path of {@code s} ({@code tables|sequences|views/DB/NAME}, {@code groups/NAME}), or
     * null.
     */
    private static Object globalObject(CatalogSnapshot s, String path) {
        String[] parts = path.substring(CatalogStore.ROOT.length() + 1).split("/");
        if (parts.length == 2 && parts[0].equals("groups")) {
            return s.groups().get(CatalogStore.dec(parts[1]));
        }
        if (parts.length != 3) {
            return null;
        }
        String db = CatalogStore.dec(parts[1]);
        String name = CatalogStore.dec(parts[2]);
        return switch (parts[0]) {
            case "tables" -> s.tables(db).get(name);
            case "sequences" -> s.sequences(db).get(name);
            case "views" -> s.views(db).get(name);
            case "types" -> s.types(db).get(name);
            case "schemas" -> s.schemas(db).get(name);
            default -> null;
        };
    }
}
