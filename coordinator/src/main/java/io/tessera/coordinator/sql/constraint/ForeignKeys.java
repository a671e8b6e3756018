package io.tessera.coordinator.sql.constraint;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.catalog.CatalogSnapshot;
import io.tessera.coordinator.catalog.ColumnDef;
import io.tessera.coordinator.catalog.ForeignKeyDef;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.coordinator.sql.TypeMapping;
import io.tessera.coordinator.sql.exec.KeyChangingUpdate;
import io.tessera.coordinator.sql.exec.ModifyExecutor;
import io.tessera.coordinator.sql.exec.StatementContext;
import io.tessera.protocol.datanode.RowLockStrength;
import io.tessera.protocol.datanode.RowLockWaitPolicy;
import io.tessera.protocol.datanode.UpdateOp;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;

/**
 * Enforces FOREIGN KEY constraints from the coordinator, as follow-up accesses of the statement that writes, in its
 * global transaction — PostgreSQL's RI triggers (ri_triggers.c) done in batches:
 *
 * <pre>
 * INSERT / UPDATE of the referencing table c (rows written, with the new keys)
 *   → the distinct non-NULL keys (MATCH SIMPLE: a NULL in any key column skips the row)
 *   → one Modify of the referenced table p per datanode: lock the rows WHERE (key = k1) OR (key = k2) ...
 *     FOR KEY SHARE — the count must equal the number of distinct keys, else 23503 naming the first missing key
 * DELETE of p (old rows)
 *   → per referencing constraint: NO ACTION / RESTRICT: lock the children WHERE fk IN (old keys) FOR KEY SHARE,
 *     any → 23503 "is still referenced"; CASCADE: delete them (and recurse); SET NULL / SET DEFAULT: set their key
 *     columns to NULL / their DEFAULTs (and check those, and recurse)
 * UPDATE of a referenced column of p (run as DELETE + INSERT: old and new rows, pairwise)
 *   → the old keys that changed (none with a NULL), per referencing constraint: RESTRICT: as for DELETE;
 *     NO ACTION: 23503 for an old key still referenced that no row of p has again; CASCADE: per old key, set the
 *     children's key columns to the new key; SET NULL / SET DEFAULT: as for DELETE
 * </pre>
 *
 * <p>Concurrency: a child's writer holds its parent rows FOR KEY SHARE until it ends, so a concurrent DELETE of the
 * parent waits for it; the deleter then reads the children at a fresh snapshot ({@link StatementContext#followUp})
 * and sees the committed child. A child's writer that comes second waits on the deleter's intent; READ COMMITTED then
 * finds the row gone (23503), REPEATABLE READ fails with 40001. Either way exactly one of the two succeeds and no
 * orphan remains. Each check runs as a new command of the transaction, so it sees the statement's own writes (a
 * self-referencing table's rows inserted by one statement).
 *
 * <p>A DEFERRABLE constraint's checks (of the referencing keys, and NO ACTION's of deleted referenced keys) wait
 * for COMMIT or SET CONSTRAINTS ... IMMEDIATE when deferred ({@link DeferredConstraints}).
 *
 * <p>An UPDATE of a referenced column runs as DELETE + INSERT of the parent rows (exec.KeyChangingUpdate): the
 * delete waits for the children's writers' FOR KEY SHARE locks as a DELETE of the parent does, so a child written
 * concurrently with the old key is either seen by the action or fails to find its parent.
 */
public final class ForeignKeys {
    /** Keys per Modify request: a bound on the filter's size (and the datanodes' work per row). */
    private static final int MAX_KEYS = 1000;

    /** A column's DEFAULT that a statement cannot assign as one value (a volatile one, as nextval). */
    public static final Object VOLATILE_DEFAULT = new Object();

    /**
     * The DEFAULT values that ON DELETE / ON UPDATE SET DEFAULT assign, evaluated once before the statement (as
     * {@code now()} is one value in a statement).
     */
    @FunctionalInterface
    public interface Defaults {
        /**
         * @return the value of the DEFAULT of {@code table}'s column {@code column} (null for none), or
         *     {@link #VOLATILE_DEFAULT}
         */
        Object value(TableDef table, int column);

        /**
         * The CHECK constraints of {@code table} as the datanodes test them on the rows a CASCADE, SET NULL or SET
         * DEFAULT action rewrites (23514, as PostgreSQL's UPDATE of the child row); empty when it has none.
         */
        default List<io.tessera.protocol.datanode.CheckConstraint> checks(TableDef table) {
            return List.of();
        }
    }

    private ForeignKeys() {
    }

    /** A foreign key with both its tables. */
    public record Reference(TableDef child, ForeignKeyDef fk, TableDef parent) {
    }

    /** The table of {@code id} in the database, or null. */
    public static TableDef table(CatalogSnapshot s, String database, int id) {
        for (TableDef t : s.tables(database).values()) {
            if (t.id() == id) {
                return t;
            }
        }
        return null;
    }

    /** The foreign keys of any table of {@code parent}'s database that reference {@code parent}. */
    public static List<Reference> referencing(CatalogSnapshot s, TableDef parent) {
        List<Reference> out = new ArrayList<>();
        for (TableDef t : s.tables(parent.database()).values()) {
            for (ForeignKeyDef fk : t.foreignKeys()) {
                if (fk.refTableId() == parent.id()) {
                    out.add(new Reference(t, fk, parent));
                }
            }
        }
        return out;
    }

    /** Whether a foreign key references {@code column} of {@code t}: an UPDATE of it runs as DELETE + INSERT. */
    public static boolean referenced(CatalogSnapshot s, TableDef t, String column) {
        return referencing(s, t).stream().anyMatch(r -> r.fk().refColumns().contains(column));
    }

    /**
     * The foreign keys with an ON DELETE or ON UPDATE SET DEFAULT action among those a write of {@code t} can
     * reach: the ones referencing it, and those referencing their tables in turn (cascades); their columns'
     * DEFAULTs are what {@link Defaults} must give.
     */
    public static List<Reference> setDefaultTargets(CatalogSnapshot s, TableDef t) {
        return reachable(s, t).stream().filter(r -> r.fk().onDelete() == 'd' || r.fk().onUpdate() == 'd').toList();
    }

    /**
     * The foreign keys a write of {@code t} can reach: the ones referencing it, and those referencing their tables in
     * turn (cascades). Their children are the tables whose rows the referential actions may rewrite.
     */
    public static List<Reference> reachable(CatalogSnapshot s, TableDef t) {
        List<Reference> out = new ArrayList<>();
        Set<Integer> seen = new java.util.HashSet<>(List.of(t.id()));
        java.util.ArrayDeque<TableDef> todo = new java.util.ArrayDeque<>(List.of(t));
        while (!todo.isEmpty()) {
            for (Reference r : referencing(s, todo.poll())) {
                out.add(r);
                if (seen.add(r.child().id())) {
                    todo.add(r.child());
                }
            }
        }
        return out;
    }

    /** Whether an INSERT into {@code t} has keys to check (then it must collect the rows it writes). */
    public static boolean checksInsert(TableDef t) {
        return !t.foreignKeys().isEmpty();
    }

    /**
     * Whether an UPDATE assigning {@code columns} (indexes into the table's columns) or a DELETE of {@code t} has
     * foreign-key work to do with the rows it writes: a DELETE of a referenced table, an UPDATE of a referencing
     * or a referenced column.
     */
    public static boolean involved(CatalogSnapshot s, TableDef t, boolean delete, int[] columns) {
        if (delete) {
            return !referencing(s, t).isEmpty();
        }
        for (int c : columns) {
            String name = t.columns().get(c).name();
            if (referenced(s, t, name) || t.foreignKeys().stream().anyMatch(fk -> fk.columns().contains(name))) {
                return true;
            }
        }
        return false;
    }

    /**
     * After an INSERT into {@code t}: checks that every written row's keys exist in the referenced tables and locks
     * those rows FOR KEY SHARE.
     *
     * @param rows the rows written, all columns in table order
     * @throws TesseraException 23503 with PostgreSQL's message and DETAIL; 55P03, 40001, 40P01 from the locks
     */
    public static void afterInsert(TableDef t, List<Object[]> rows, StatementContext ctx, RelDataTypeFactory types) {
        for (ForeignKeyDef fk : t.foreignKeys()) {
            checkParents(t, fk, rows, ctx, types);
        }
    }

    /**
     * After an UPDATE ({@code delete} false: {@code rows} are the new rows, {@code columns} the assigned ones) or a
     * DELETE ({@code rows} the old rows) of {@code t}: checks the changed keys of its foreign keys, and applies the
     * referential actions of the foreign keys referencing it.
     *
     * @param old an UPDATE's old rows, pairwise with {@code rows}, when it assigns a referenced column (it then ran
     *     as DELETE + INSERT); else null
     * @param defaults the DEFAULTs of the columns SET DEFAULT actions assign ({@link #setDefaultTargets})
     * @throws TesseraException 23503 with PostgreSQL's message and DETAIL; 0A000 for a volatile DEFAULT to set; the
     *     errors of the cascaded writes (23505, 23502, 55P03, 40001, 40P01, ...)
     */
    public static void afterModify(TableDef t, boolean delete, int[] columns, List<Object[]> old,
            List<Object[]> rows, StatementContext ctx, RelDataTypeFactory types, Defaults defaults) {
        if (rows.isEmpty()) {
            return;
        }
        if (delete) {
            for (Reference r : referencing(ctx.catalog(), t)) {
                parentDeleted(r, rows, ctx, types, defaults);
            }
            return;
        }
        if (old != null) {
            for (Reference r : referencing(ctx.catalog(), t)) {
                if (Arrays.stream(columns).anyMatch(c -> r.fk().refColumns().contains(t.columns().get(c).name()))) {
                    parentUpdated(r, old, rows, ctx, types, defaults);
                }
            }
        }
        for (ForeignKeyDef fk : t.foreignKeys()) {
            if (Arrays.stream(columns).anyMatch(c -> fk.columns().contains(t.columns().get(c).name()))) {
                checkParents(t, fk, rows, ctx, types);
            }
        }
    }

    private static void checkParents(TableDef child, ForeignKeyDef fk, List<Object[]> rows, StatementContext ctx,
            RelDataTypeFactory types) {
        TableDef parent = table(ctx.catalog(), child.database(), fk.refTableId());
        if (parent == null) {
            return; // dropped meanwhile with CASCADE: the constraint goes with it
        }
        int[] cc = indexes(child, fk.columns());
        Set<List<Object>> keys = new LinkedHashSet<>();
        for (Object[] row : rows) {
            List<Object> key = new ArrayList<>(cc.length);
            int nulls = 0;
            for (int c : cc) {
                key.add(row[c]);
                nulls += row[c] == null ? 1 : 0;
            }
            if (nulls > 0) {
                if (fk.matchType() == 'f' && nulls < cc.length) {
                    throw new TesseraException(SqlState.FOREIGN_KEY_VIOLATION, "insert or update on table \""
                            + child.name() + "\" violates foreign key constraint \"" + fk.name() + "\"",
                            "MATCH FULL does not allow mixing of null and nonnull key values.", null, 0, null);
                }
                continue; // MATCH SIMPLE: a NULL in any column satisfies the constraint
            }
            keys.add(key);
        }
        if (keys.isEmpty()) {
            return;
        }
        if (DeferredConstraints.deferred(ctx, fk)) {
            DeferredConstraints.queue(ctx, child, fk, false, keys);
            return;
        }
        int[] pc = indexes(parent, fk.refColumns());
        if (lock(parent, pc, keys, ctx, types) >= keys.size()) {
            return;
        }
        for (List<Object> key : keys) { // the error's path: find the first missing key, in the rows' order
            if (lock(parent, pc, Set.of(key), ctx, types) == 0) {
                throw notPresent(child, fk, parent, key);
            }
        }
    }

    private static TesseraException notPresent(TableDef child, ForeignKeyDef fk, TableDef parent, List<Object> key) {
        return new TesseraException(SqlState.FOREIGN_KEY_VIOLATION, "insert or update on table \"" + child.name()
                + "\" violates foreign key constraint \"" + fk.name() + "\"", "Key " + keyText(fk.columns(), key)
                + " is not present in table \"" + parent.name() + "\".", null, 0, null);
    }

    private static TesseraException stillReferenced(TableDef child, ForeignKeyDef fk, TableDef parent,
            List<Object> key) {
        return new TesseraException(SqlState.FOREIGN_KEY_VIOLATION, "update or delete on table \"" + parent.name()
                + "\" violates foreign key constraint \"" + fk.name() + "\" on table \"" + child.name() + "\"",
                "Key " + keyText(fk.refColumns(), key) + " is still referenced from table \"" + child.name() + "\".",
                null, 0, null);
    }

    /**
     * The deferred check of keys written to {@code child} ({@link DeferredConstraints}): each key's parent row is
     * locked FOR KEY SHARE; a key without one is a violation only while a child row still has it.
     *
     * @throws TesseraException 23503 for the first such key, in the order written
     */
    static void checkDeferredChild(TableDef child, ForeignKeyDef fk, TableDef parent, Set<List<Object>> keys,
            StatementContext ctx, RelDataTypeFactory types) {
        int[] pc = indexes(parent, fk.refColumns());
        if (lock(parent, pc, keys, ctx, types) >= keys.size()) {
            return;
        }
        int[] cc = indexes(child, fk.columns());
        for (List<Object> key : keys) {
            if (lock(parent, pc, Set.of(key), ctx, types) == 0 && lock(child, cc, Set.of(key), ctx, types) > 0) {
                throw notPresent(child, fk, parent, key);
            }
        }
    }

    /**
     * The deferred check of keys deleted from {@code parent} (NO ACTION): a key is a violation when some child row
     * still references it and no parent row has it again.
     *
     * @throws TesseraException 23503 for the first such key, in the order deleted
     */
    static void checkDeferredParent(TableDef child, ForeignKeyDef fk, TableDef parent, Set<List<Object>> keys,
            StatementContext ctx, RelDataTypeFactory types) {
        int[] cc = indexes(child, fk.columns());
        if (lock(child, cc, keys, ctx, types) == 0) {
            return;
        }
        int[] pc = indexes(parent, fk.refColumns());
        for (List<Object> key : keys) {
            if (lock(child, cc, Set.of(key), ctx, types) > 0 && lock(parent, pc, Set.of(key), ctx, types) == 0) {
                throw stillReferenced(child, fk, parent, key);
            }
        }
    }

    private static void parentDeleted(Reference r, List<Object[]> oldRows, StatementContext ctx,
            RelDataTypeFactory types, Defaults defaults) {
        int[] pc = indexes(r.parent(), r.fk().refColumns());
        Set<List<Object>> keys = new LinkedHashSet<>();
        for (Object[] row : oldRows) {
            List<Object> key = key(row, pc);
            if (key != null) {
                keys.add(key);
            }
        }
        if (keys.isEmpty()) {
            return;
        }
        TableDef child = r.child();
        int[] cc = indexes(child, r.fk().columns());
        switch (r.fk().onDelete()) {
            case 'c' -> {
                List<Object[]> gone = new ArrayList<>();
                modify(child, cc, keys, ctx, types, true, null, gone, null, null);
                afterModify(child, true, new int[0], null, gone, ctx, types, defaults);
            }
            case 'n', 'd' -> setChildren(r, keys, r.fk().onDelete(), null, ctx, types, defaults);
            default -> {
                if (r.fk().onDelete() == 'a' && DeferredConstraints.deferred(ctx, r.fk())) {
                    DeferredConstraints.queue(ctx, child, r.fk(), true, keys); // RESTRICT is never deferred
                    return;
                }
                restrict(r, cc, keys, ctx, types);
            }
        }
    }

    /**
     * An UPDATE of {@code r}'s referenced columns in its parent: the referential action for the old keys that
     * changed, as PostgreSQL's RI_FKey_*_upd triggers (an old key with a NULL, or one the row kept, needs none).
     */
    private static void parentUpdated(Reference r, List<Object[]> old, List<Object[]> rows, StatementContext ctx,
            RelDataTypeFactory types, Defaults defaults) {
        int[] pc = indexes(r.parent(), r.fk().refColumns());
        java.util.Map<List<Object>, List<Object>> changed = new java.util.LinkedHashMap<>();
        for (int i = 0; i < old.size(); i++) {
            List<Object> before = key(old.get(i), pc);
            List<Object> after = key(rows.get(i), pc);
            if (before != null && !sameKey(before, rows.get(i), pc)) {
                changed.putIfAbsent(before, after == null ? keyWithNulls(rows.get(i), pc) : after);
            }
        }
        if (changed.isEmpty()) {
            return;
        }
        TableDef child = r.child();
        int[] cc = indexes(child, r.fk().columns());
        switch (r.fk().onUpdate()) {
            case 'c' -> {
                for (java.util.Map.Entry<List<Object>, List<Object>> e : changed.entrySet()) {
                    setChildren(r, Set.of(e.getKey()), 'c', e.getValue(), ctx, types, defaults);
                }
            }
            case 'n', 'd' -> setChildren(r, changed.keySet(), r.fk().onUpdate(), null, ctx, types, defaults);
            case 'r' -> restrict(r, cc, changed.keySet(), ctx, types);
            default -> {
                if (DeferredConstraints.deferred(ctx, r.fk())) {
                    DeferredConstraints.queue(ctx, child, r.fk(), true, changed.keySet());
                    return;
                }
                // NO ACTION: an old key that a row of the parent has again (keys swapped) is no violation
                checkDeferredParent(child, r.fk(), r.parent(), changed.keySet(), ctx, types);
            }
        }
    }

    /** RESTRICT (and NO ACTION, not deferred, of a DELETE): 23503 for the first of {@code keys} a child has. */
    private static void restrict(Reference r, int[] cc, Set<List<Object>> keys, StatementContext ctx,
            RelDataTypeFactory types) {
        if (lock(r.child(), cc, keys, ctx, types) == 0) {
            return;
        }
        for (List<Object> key : keys) {
            if (lock(r.child(), cc, Set.of(key), ctx, types) > 0) {
                throw stillReferenced(r.child(), r.fk(), r.parent(), key);
            }
        }
    }

    /**
     * CASCADE ({@code newKey}), SET NULL or SET DEFAULT of the children of {@code keys}: their key columns are set,
     * the new keys checked against the parent (a DEFAULT with no parent row is 23503), and the actions of the foreign
     * keys that reference those columns follow. The children's rows move (DELETE + INSERT) when the key columns are
     * part of their primary key, their distribution column or referenced themselves.
     */
    private static void setChildren(Reference r, Set<List<Object>> keys, char action, List<Object> newKey,
            StatementContext ctx, RelDataTypeFactory types, Defaults defaults) {
        TableDef child = r.child();
        int[] cc = indexes(child, r.fk().columns());
        List<Object> values = new ArrayList<>(cc.length);
        for (int j = 0; j < cc.length; j++) {
            Object v = action == 'c' ? newKey.get(j) : action == 'd' ? defaults.value(child, cc[j]) : null;
            if (v == VOLATILE_DEFAULT) {
                throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "SET DEFAULT of column \""
                        + child.columns().get(cc[j]).name() + "\" of table \"" + child.name() + "\" (foreign key \""
                        + r.fk().name() + "\") is not supported: its DEFAULT is volatile");
            }
            values.add(v);
        }
        if (action == 'd' && keys.contains(values)) {
            // the children of the key equal to the defaults would keep it: PostgreSQL's SET DEFAULT then fails as
            // NO ACTION does when they are still there
            checkDeferredParent(child, r.fk(), r.parent(), Set.of(values), ctx, types);
        }
        boolean moves = false;
        for (int c : cc) {
            String name = child.columns().get(c).name();
            moves |= child.primaryKey().contains(name) || name.equals(child.distribution().column())
                    || referenced(ctx.catalog(), child, name);
        }
        List<Object[]> old = moves ? new ArrayList<>() : null;
        List<Object[]> written = new ArrayList<>();
        // the rewritten rows are the child's new rows: its CHECK constraints hold on them, as on an UPDATE's
        List<io.tessera.protocol.datanode.CheckConstraint> checks = defaults.checks(child);
        UpdateOp template = checks.isEmpty() ? null : UpdateOp.newBuilder().addAllChecks(checks).build();
        modify(child, cc, keys, ctx, types, false, values, written, template, old);
        afterModify(child, false, cc, old, written, ctx, types, defaults);
    }

    /** The values of {@code columns} of {@code row}, or null when one is NULL. */
    private static List<Object> key(Object[] row, int[] columns) {
        List<Object> key = new ArrayList<>(columns.length);
        for (int c : columns) {
            if (row[c] == null) {
                return null;
            }
            key.add(row[c]);
        }
        return key;
    }

    private static List<Object> keyWithNulls(Object[] row, int[] columns) {
        return Arrays.stream(columns).mapToObj(c -> row[c]).toList();
    }

    private static boolean sameKey(List<Object> key, Object[] row, int[] columns) {
        for (int j = 0; j < columns.length; j++) {
            if (!java.util.Objects.deepEquals(key.get(j), row[columns[j]])) {
                return false;
            }
        }
        return true;
    }

    /** Locks the rows of {@code t} whose {@code columns} equal one of {@code keys} FOR KEY SHARE; returns how many. */
    private static long lock(TableDef t, int[] columns, Set<List<Object>> keys, StatementContext ctx,
            RelDataTypeFactory types) {
        UpdateOp lock = UpdateOp.newBuilder().setLock(RowLockStrength.FOR_KEY_SHARE)
                .setLockWait(RowLockWaitPolicy.LOCK_WAIT).build();
        return modify(t, columns, keys, ctx, types, false, null, null, lock, null);
    }

    /**
     * Modifies of {@code t} over the rows whose {@code columns} equal one of {@code keys}, {@link #MAX_KEYS} keys per
     * request: {@code WHERE (c1 = ? AND c2 = ?) OR (...)}, the keys bound as parameters of a follow-up context (a new
     * command of the transaction, a fresh snapshot). A DELETE, an UPDATE setting {@code columns} to {@code values}
     * (as DELETE + INSERT when {@code old} is not null, which receives the old rows), or a row lock; returns the rows
     * affected. {@code lock}: the UpdateOp the requests start from (a row lock, or an UPDATE's CHECK constraints).
     */
    private static long modify(TableDef t, int[] columns, Set<List<Object>> keys, StatementContext ctx,
            RelDataTypeFactory types, boolean delete, List<Object> values, List<Object[]> returned, UpdateOp lock,
            List<Object[]> old) {
        if (keys.size() <= MAX_KEYS) {
            return modifyBatch(t, columns, keys, ctx, types, delete, values, returned, lock, old);
        }
        long n = 0;
        Set<List<Object>> batch = new LinkedHashSet<>();
        for (List<Object> key : keys) {
            batch.add(key);
            if (batch.size() == MAX_KEYS) {
                n += modifyBatch(t, columns, batch, ctx, types, delete, values, returned, lock, old);
                batch = new LinkedHashSet<>();
            }
        }
        return batch.isEmpty() ? n
                : n + modifyBatch(t, columns, batch, ctx, types, delete, values, returned, lock, old);
    }

    private static long modifyBatch(TableDef t, int[] columns, Set<List<Object>> keys, StatementContext ctx,
            RelDataTypeFactory types, boolean delete, List<Object> values, List<Object[]> returned, UpdateOp lock,
            List<Object[]> old) {
        RexBuilder rex = new RexBuilder(types);
        List<Object> params = new ArrayList<>();
        List<RexNode> disjuncts = new ArrayList<>();
        for (List<Object> key : keys) {
            List<RexNode> conjuncts = new ArrayList<>();
            for (int j = 0; j < columns.length; j++) {
                conjuncts.add(rex.makeCall(SqlStdOperatorTable.EQUALS, rex.makeInputRef(type(t, columns[j], types),
                        columns[j]), rex.makeDynamicParam(type(t, columns[j], types), params.size())));
                params.add(key.get(j));
            }
            disjuncts.add(conjuncts.size() == 1 ? conjuncts.get(0)
                    : rex.makeCall(SqlStdOperatorTable.AND, conjuncts));
        }
        RexNode filter = disjuncts.size() == 1 ? disjuncts.get(0) : rex.makeCall(SqlStdOperatorTable.OR, disjuncts);
        List<RexNode> set = new ArrayList<>();
        if (values != null) {
            for (int j = 0; j < columns.length; j++) {
                RelDataType type = types.createTypeWithNullability(type(t, columns[j], types), true);
                set.add(values.get(j) == null ? rex.makeNullLiteral(type)
                        : rex.makeDynamicParam(type, params.size()));
                if (values.get(j) != null) {
                    params.add(values.get(j));
                }
            }
        }
        ctx.txn().nextCommand(); // the check sees the statement's own writes
        StatementContext check = ctx.followUp(params);
        if (values != null && old != null) {
            return KeyChangingUpdate.run(t, filter, columns, set, lock == null ? List.of() : lock.getChecksList(),
                    check, rex, returned, old);
        }
        return ModifyExecutor.run(t, filter, values == null ? new int[0] : columns, set, delete, check, rex, lock,
                returned);
    }

    private static RelDataType type(TableDef t, int column, RelDataTypeFactory types) {
        ColumnDef col = t.columns().get(column);
        return TypeMapping.toRelType(types, col.type(), col.typmod());
    }

    private static int[] indexes(TableDef t, List<String> columns) {
        int[] out = new int[columns.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = t.columnIndex(columns.get(i));
            if (out[i] < 0) {
                throw new TesseraException(SqlState.INTERNAL_ERROR, "foreign key column \"" + columns.get(i)
                        + "\" is not a column of table \"" + t.name() + "\"");
            }
        }
        return out;
    }

    /** PostgreSQL's {@code (a, b)=(1, x)} of a key, values in their text form. */
    public static String keyText(List<String> columns, List<Object> values) {
        StringBuilder v = new StringBuilder();
        for (Object o : values) {
            v.append(v.length() == 0 ? "" : ", ").append(text(o));
        }
        return "(" + String.join(", ", columns) + ")=(" + v + ")";
    }

    private static String text(Object o) {
        if (o == null) {
            return "null";
        }
        if (o instanceof Boolean b) {
            return b ? "t" : "f";
        }
        if (o instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return o.toString();
    }
}
