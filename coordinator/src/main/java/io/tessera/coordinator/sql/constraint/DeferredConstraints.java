package io.tessera.coordinator.sql.constraint;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.catalog.CatalogSnapshot;
import io.tessera.coordinator.catalog.ForeignKeyDef;
import io.tessera.coordinator.catalog.IndexDef;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.coordinator.catalog.pgcatalog.CatalogOids;
import io.tessera.coordinator.sql.exec.StatementContext;
import io.tessera.coordinator.txn.Transaction;
import io.tessera.protocol.datanode.ConstraintModes;
import io.tessera.sql.parser.tcl.SqlSetConstraints;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlIdentifier;

/**
 * DEFERRABLE foreign keys: which of a transaction's checks wait for COMMIT, and those checks. PostgreSQL queues an
 * RI trigger event per row and fires the deferred ones at COMMIT (trigger.c, AfterTriggerFireDeferred); here a
 * transaction keeps, per constraint, the distinct keys its statements wrote and checks them in batches:
 *
 * <pre>
 * statement writes a child row of a deferred FK     → its key is queued (no parent lock yet)
 * statement deletes a parent row of a deferred FK   → its key is queued (NO ACTION only: RESTRICT, CASCADE and
 *   (NO ACTION)                                        SET NULL act at once, as in PostgreSQL)
 * SET CONSTRAINTS ... IMMEDIATE, or COMMIT          → each queued key checked against the data as the transaction
 *                                                      sees it then (ForeignKeys.checkDeferredChild / Parent)
 * </pre>
 *
 * A queued key is checked as PostgreSQL re-checks a deferred event: a child key is a violation only if the parent
 * row is missing and a child row with the key is still there (a row inserted, then deleted or updated away, or
 * rolled back to a savepoint, is no violation); a deleted parent key only if no parent row has it again and some
 * child row still references it. The first violation fails COMMIT with 23503 naming the constraint, and the
 * transaction rolls back; a failing SET CONSTRAINTS ... IMMEDIATE fails that statement and leaves the keys queued.
 *
 * <p>DEFERRABLE UNIQUE constraints are the datanodes' to check ({@link UniqueChecks}): here they only take part in
 * SET CONSTRAINTS, whose modes for them go to the datanodes with every request ({@link
 * Transaction#constraintModes}).
 *
 * <p>The timing mode ({@code SET CONSTRAINTS}) and the queue belong to one {@link Transaction}; they are kept here,
 * by transaction, and vanish with it. As in PostgreSQL, ROLLBACK TO SAVEPOINT restores the timing modes the
 * savepoint saw, and RELEASE keeps the current ones. One session's thread uses a transaction's state at a time.
 */
public final class DeferredConstraints {
    private static final Map<Transaction, DeferredConstraints> BY_TRANSACTION =
            Collections.synchronizedMap(new WeakHashMap<>());

    /** SET CONSTRAINTS ALL: null until set. */
    private Boolean all;
    /** SET CONSTRAINTS name: by constraint OID, true for DEFERRED. */
    private final Map<Integer, Boolean> modes = new HashMap<>();
    /** SET CONSTRAINTS name of DEFERRABLE UNIQUE constraints: by index id, true for DEFERRED (the datanodes' part). */
    private final Map<Integer, Boolean> indexModes = new HashMap<>();
    /** The modes as each open savepoint saw them, oldest first. */
    private final List<Modes> savepoints = new ArrayList<>();
    /** Queued keys by check, in the order first queued. */
    private final Map<Check, Set<List<Object>>> queued = new LinkedHashMap<>();

    /** A queued check: keys a statement wrote to the referencing table, or deleted from the referenced one. */
    private record Check(String database, int childTableId, int fkOid, boolean parentDeleted) {
    }

    /** The timing modes at a savepoint. */
    private record Modes(String savepoint, Boolean all, Map<Integer, Boolean> named, Map<Integer, Boolean> indexes) {
    }

    /** The constraints SET CONSTRAINTS names: foreign keys by OID, DEFERRABLE UNIQUE constraints by index id. */
    private record Named(Set<Integer> foreignKeys, Set<Integer> indexes) {
    }

    private DeferredConstraints() {
    }

    /** SAVEPOINT {@code name} in transaction {@code t}: remembers the timing modes it sees. */
    public static void savepoint(Transaction t, String name) {
        DeferredConstraints d = of(t, true);
        if (d != null) {
            d.savepoints.add(new Modes(name, d.all, Map.copyOf(d.modes), Map.copyOf(d.indexModes)));
        }
    }

    /** ROLLBACK TO SAVEPOINT {@code name} (which stays open): the timing modes go back to what it saw. */
    public static void rollbackTo(Transaction t, String name) {
        DeferredConstraints d = of(t, false);
        int i = d == null ? -1 : d.lastSavepoint(name);
        if (i >= 0) {
            Modes m = d.savepoints.get(i);
            d.all = m.all();
            d.modes.clear();
            d.modes.putAll(m.named());
            d.indexModes.clear();
            d.indexModes.putAll(m.indexes());
            d.savepoints.subList(i + 1, d.savepoints.size()).clear();
            t.constraintModes(datanodeModes(d.all, d.indexModes));
        }
    }

    /** RELEASE SAVEPOINT {@code name} and those after it: the current timing modes stay. */
    public static void release(Transaction t, String name) {
        DeferredConstraints d = of(t, false);
        int i = d == null ? -1 : d.lastSavepoint(name);
        if (i >= 0) {
            d.savepoints.subList(i, d.savepoints.size()).clear();
        }
    }

    private int lastSavepoint(String name) {
        for (int i = savepoints.size() - 1; i >= 0; i--) {
            if (savepoints.get(i).savepoint().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static DeferredConstraints of(Transaction t, boolean create) {
        if (t == null) {
            return null;
        }
        return create ? BY_TRANSACTION.computeIfAbsent(t, x -> new DeferredConstraints()) : BY_TRANSACTION.get(t);
    }

    /**
     * Whether {@code fk}'s check is deferred to COMMIT in the statement's transaction: never for a NOT DEFERRABLE
     * constraint or outside a transaction; else the transaction's SET CONSTRAINTS for it by name, else its SET
     * CONSTRAINTS ALL, else INITIALLY DEFERRED.
     */
    static boolean deferred(StatementContext ctx, ForeignKeyDef fk) {
        if (!fk.deferrable() || ctx.txn() == null) {
            return false;
        }
        DeferredConstraints d = of(ctx.txn(), false);
        if (d != null) {
            Boolean named = d.modes.get(fk.oid());
            if (named != null) {
                return named;
            }
            if (d.all != null) {
                return d.all;
            }
        }
        return fk.initiallyDeferred();
    }

    /** Queues {@code keys} (no column NULL) of {@code child}'s {@code fk} for the check at COMMIT. */
    static void queue(StatementContext ctx, TableDef child, ForeignKeyDef fk, boolean parentDeleted,
            Collection<List<Object>> keys) {
        of(ctx.txn(), true).queued.computeIfAbsent(new Check(child.database(), child.id(), fk.oid(), parentDeleted),
                c -> new LinkedHashSet<>()).addAll(keys);
    }

    /** Whether transaction {@code t} has deferred checks queued (COMMIT must run {@link #checkAtCommit} first). */
    public static boolean pending(Transaction t) {
        DeferredConstraints d = of(t, false);
        return d != null && !d.queued.isEmpty();
    }

    /**
     * COMMIT's deferred checks of the context's transaction, in the order they were queued.
     *
     * @param ctx a context of the committing transaction, whose catalog is the one it sees (its own DDL included)
     * @throws TesseraException 23503 for the first violation (the caller rolls the transaction back); 55P03, 40001,
     *     40P01 from the row locks the checks take
     */
    public static void checkAtCommit(StatementContext ctx, RelDataTypeFactory types) {
        DeferredConstraints d = of(ctx.txn(), false);
        if (d != null) {
            d.run(null, ctx, types);
        }
    }

    /**
     * {@code SET CONSTRAINTS}: checks the names (every constraint of the database so named; a schema-qualified name
     * only in that schema), then, inside a transaction block, sets the transaction's timing mode; IMMEDIATE also
     * checks at once what is queued for the constraints it names. Outside a block it changes nothing and warns, as
     * PostgreSQL does.
     *
     * @param ctx the statement's context (its transaction, inside a block)
     * @return the notices: 25P01's WARNING outside a block
     * @throws TesseraException 42704 for a name no constraint has, 42809 for a constraint that is not deferrable,
     *     23503 when IMMEDIATE finds a violation among the queued keys
     */
    public static List<TesseraException> set(SqlSetConstraints stmt, boolean inBlock, StatementContext ctx,
            String database, RelDataTypeFactory types) {
        List<TesseraException> notices = new ArrayList<>();
        if (!inBlock) {
            notices.add(new TesseraException(SqlState.NO_ACTIVE_SQL_TRANSACTION,
                    "SET CONSTRAINTS can only be used in transaction blocks"));
        }
        Named named = new Named(new LinkedHashSet<>(), new LinkedHashSet<>());
        for (SqlIdentifier id : stmt.names()) {
            resolve(ctx.catalog(), database, id, stmt.deferred(), named);
        }
        if (!inBlock || ctx.txn() == null) {
            return notices;
        }
        DeferredConstraints d = of(ctx.txn(), true);
        Boolean all = stmt.all() ? Boolean.valueOf(stmt.deferred()) : d.all;
        Map<Integer, Boolean> indexModes = new HashMap<>(stmt.all() ? Map.of() : d.indexModes);
        named.indexes().forEach(id -> indexModes.put(id, stmt.deferred()));
        ConstraintModes next = datanodeModes(all, indexModes);
        if (!stmt.deferred()) { // a violation leaves the modes as they were
            d.run(stmt.all() ? null : named.foreignKeys(), ctx, types);
            if (stmt.all() || !named.indexes().isEmpty()) {
                UniqueChecks.checkPending(ctx, database, next);
            }
        }
        if (stmt.all()) {
            d.all = stmt.deferred();
            d.modes.clear();
        } else {
            named.foreignKeys().forEach(oid -> d.modes.put(oid, stmt.deferred()));
        }
        d.indexModes.clear();
        d.indexModes.putAll(indexModes);
        ctx.txn().constraintModes(next);
        return notices;
    }

    /**
     * Adds to {@code out} the deferrable constraints named {@code id}: foreign keys by OID, DEFERRABLE UNIQUE
     * constraints by index id. As PostgreSQL's AfterTriggerSetState: 42704 when no constraint is so named; 42809
     * when one is not deferrable and {@code deferred} (SET ... IMMEDIATE of it is accepted and changes nothing).
     */
    private static void resolve(CatalogSnapshot catalog, String database, SqlIdentifier id, boolean deferred,
            Named out) {
        String name = id.names.get(id.names.size() - 1);
        String schema = id.names.size() > 1 ? id.names.get(id.names.size() - 2) : null;
        boolean found = false;
        for (TableDef t : catalog.tables(database).values()) {
            if (schema != null && !schema.equals(t.schema())) {
                continue;
            }
            for (ForeignKeyDef fk : t.foreignKeys()) {
                if (fk.name().equals(name)) {
                    found = true;
                    if (fk.deferrable()) {
                        out.foreignKeys().add(fk.oid());
                    } else if (deferred) {
                        throw notDeferrable(name);
                    }
                }
            }
            for (IndexDef i : t.indexes()) {
                if (i.constraint() && i.state() == IndexDef.State.PUBLIC && i.name().equals(name)) {
                    found = true;
                    if (i.deferrable()) {
                        out.indexes().add(i.id());
                    } else if (deferred) {
                        throw notDeferrable(name);
                    }
                }
            }
            boolean other = (!t.primaryKey().isEmpty() && CatalogOids.primaryKeyName(t).equals(name))
                    || t.checks().stream().anyMatch(c -> name.equals(c.name()));
            if (other) {
                found = true;
                if (deferred) {
                    throw notDeferrable(name); // primary keys and CHECK are never deferrable here
                }
            }
        }
        if (!found) {
            throw new TesseraException(SqlState.UNDEFINED_OBJECT, "constraint \"" + name + "\" does not exist");
        }
    }

    /** What the datanodes must know of these modes ({@code TxnContext.constraint_modes}); null when nothing is set. */
    private static ConstraintModes datanodeModes(Boolean allMode, Map<Integer, Boolean> byIndex) {
        if (allMode == null && byIndex.isEmpty()) {
            return null;
        }
        ConstraintModes.Builder b = ConstraintModes.newBuilder().setAll(allMode == null ? 0 : allMode ? 1 : 2);
        byIndex.forEach((id, deferredMode) -> {
            if (deferredMode) {
                b.addDeferredIndexes(id);
            } else {
                b.addImmediateIndexes(id);
            }
        });
        return b.build();
    }

    private static TesseraException notDeferrable(String name) {
        return new TesseraException(SqlState.WRONG_OBJECT_TYPE, "constraint \"" + name + "\" is not deferrable");
    }

    /**
     * Checks the queued keys of the constraints {@code oids} (null: all), in queue order; each check that passes
     * leaves the queue, a failing one stays.
     */
    private void run(Set<Integer> oids, StatementContext ctx, RelDataTypeFactory types) {
        Iterator<Map.Entry<Check, Set<List<Object>>>> it = queued.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Check, Set<List<Object>>> e = it.next();
            Check c = e.getKey();
            if (oids != null && !oids.contains(c.fkOid())) {
                continue;
            }
            TableDef child = ForeignKeys.table(ctx.catalog(), c.database(), c.childTableId());
            ForeignKeyDef fk = child == null ? null : child.foreignKeys().stream()
                    .filter(f -> f.oid() == c.fkOid()).findFirst().orElse(null);
            TableDef parent = fk == null ? null : ForeignKeys.table(ctx.catalog(), c.database(), fk.refTableId());
            if (parent != null) { // else dropped since: the constraint went with it
                if (c.parentDeleted()) {
                    ForeignKeys.checkDeferredParent(child, fk, parent, e.getValue(), ctx, types);
                } else {
                    ForeignKeys.checkDeferredChild(child, fk, parent, e.getValue(), ctx, types);
                }
            }
            it.remove();
        }
    }
}
