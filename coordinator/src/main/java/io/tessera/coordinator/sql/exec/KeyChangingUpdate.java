package io.tessera.coordinator.sql.exec;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import io.tessera.coordinator.catalog.ColumnDef;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.executor.expr.Assignments;
import io.tessera.executor.expr.CheckConstraints;
import io.tessera.protocol.datanode.CheckConstraint;
import io.tessera.protocol.expr.Expr;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;

/**
 * An UPDATE that assigns a primary-key column or the distribution column: the row's storage key changes, and with
 * the distribution column possibly its datanode, so no datanode can rewrite it in place. It runs as a DELETE of the
 * matching rows that returns them (each datanode locks and re-checks them as for any DELETE: EvalPlanQual under READ
 * COMMITTED, 40001 under REPEATABLE READ), then an INSERT, through {@link InsertExecutor}, of the new rows computed
 * on the coordinator with the same SET expressions the datanodes would evaluate — so a new key that is taken is
 * 23505, and the new row lands where the table's distribution puts it. Both halves are one statement of the
 * transaction.
 *
 * <p>PostgreSQL checks a unique key row by row as it updates; here every old row is gone before the first new one
 * is written. Rows that pass their keys around in a cycle ({@code SET id = 3 - id}) are refused with 23505 as
 * PostgreSQL refuses them in any order ({@link #refuseKeyCycles}); a chain, {@code UPDATE t SET id = id + 1},
 * succeeds whatever order the rows come in (PostgreSQL fails it with 23505 when a row meets the next one's old key
 * first). The old rows are held on the coordinator for the statement: its memory grows with the number of rows
 * updated.
 */
public final class KeyChangingUpdate {
    private KeyChangingUpdate() {
    }

    /**
     * @param filter the WHERE condition over the table's row type, or null
     * @param columns the assigned columns
     * @param values their values over the table's row type (cast to the columns' types)
     * @param checks the table's CHECK constraints, tested on each new row
     * @param returned when not null, receives the new rows (all columns, in table order)
     * @param oldRows when not null, receives the old rows, the i-th the old version of {@code returned}'s i-th (for
     *     the referential actions of the foreign keys that reference the table)
     * @return the number of rows updated
     * @throws TesseraException as a DELETE and an INSERT of the table would: 23505, 23502, 23514, 55P03, 40001, ...
     */
    public static long run(TableDef table, RexNode filter, int[] columns, List<RexNode> values,
            List<CheckConstraint> checks, StatementContext ctx, RexBuilder rexBuilder, List<Object[]> returned,
            List<Object[]> oldRows) {
        Assignments set = assignments(table, columns, values, ctx);
        List<Object[]> old = new ArrayList<>();
        ModifyExecutor.run(table, filter, new int[0], List.of(), true, ctx, rexBuilder, null, old);
        if (oldRows != null) {
            oldRows.addAll(old);
        }
        List<Object[]> rows = new ArrayList<>(old.size());
        for (Object[] row : old) {
            rows.add(set.apply(row));
        }
        refuseKeyCycles(table, old, rows);
        insert(table, rows, checks, ctx, returned);
        return old.size();
    }

    /**
     * Refuses, as PostgreSQL's row-by-row check of a unique key refuses it, an update whose rows pass their keys
     * around in a cycle ({@code SET id = 3 - id} swapping 1 and 2): whatever order PostgreSQL updates them in, the
     * first row of a cycle meets the old key of the next one still there. A chain ({@code SET id = id + 1}) passes:
     * PostgreSQL's outcome there depends on the order it meets the rows in, and one order succeeds. Checked for the
     * primary key and each unique index over an assigned column; a key with a NULL never conflicts.
     *
     * @param old the old rows; {@code rows} the new ones, in the same order
     * @throws TesseraException 23505 {@code duplicate key value violates unique constraint "t_pkey"}, {@code Key
     *     (id)=(2) already exists.}, naming the new key of the cycle's row with the least old key
     */
    static void refuseKeyCycles(TableDef table, List<Object[]> old, List<Object[]> rows) {
        if (old.size() < 2) {
            return;
        }
        if (!table.primaryKey().isEmpty()) {
            refuseKeyCycle(table.primaryKeyConstraint(), table.primaryKey(), table, old, rows);
        }
        for (io.tessera.coordinator.catalog.IndexDef i : table.indexes()) {
            // a DEFERRABLE one is checked after the statement (the datanodes), so a swap succeeds as in PostgreSQL
            if (i.unique() && !i.deferrable() && i.state() == io.tessera.coordinator.catalog.IndexDef.State.PUBLIC) {
                refuseKeyCycle(i.name(), i.columns().stream().map(io.tessera.coordinator.catalog.IndexDef.Column::name)
                        .toList(), table, old, rows);
            }
        }
    }

    private static void refuseKeyCycle(String constraint, List<String> columns, TableDef table, List<Object[]> old,
            List<Object[]> rows) {
        int[] cols = columns.stream().mapToInt(table::columnIndex).toArray();
        java.util.Map<List<Object>, Integer> oldKeys = new java.util.HashMap<>();
        for (int j = 0; j < old.size(); j++) {
            List<Object> k = key(old.get(j), cols);
            if (k != null) {
                oldKeys.put(k, j);
            }
        }
        // each row points at the row whose old key its new key is (at most one): cycles of that function
        int n = old.size();
        int[] next = new int[n];
        for (int i = 0; i < n; i++) {
            List<Object> k = key(rows.get(i), cols);
            Integer j = k == null ? null : oldKeys.get(k);
            next[i] = j == null || j == i ? -1 : j;
        }
        byte[] state = new byte[n]; // 0 unseen, 1 on the current walk, 2 done
        int worst = -1;
        for (int start = 0; start < n; start++) {
            int i = start;
            while (i >= 0 && state[i] == 0) {
                state[i] = 1;
                i = next[i];
            }
            if (i >= 0 && state[i] == 1) { // a cycle through i
                int c = i;
                do {
                    if (worst < 0 || compare(key(old.get(c), cols), key(old.get(worst), cols)) < 0) {
                        worst = c;
                    }
                    c = next[c];
                } while (c != i);
            }
            for (i = start; i >= 0 && state[i] == 1; i = next[i]) {
                state[i] = 2;
            }
        }
        if (worst >= 0) {
            throw new TesseraException(SqlState.UNIQUE_VIOLATION, "duplicate key value violates unique constraint \""
                    + constraint + "\"", "Key " + io.tessera.coordinator.sql.constraint.ForeignKeys.keyText(columns,
                            key(rows.get(worst), cols)) + " already exists.", null, 0, null);
        }
    }

    private static List<Object> key(Object[] row, int[] cols) {
        List<Object> k = new ArrayList<>(cols.length);
        for (int c : cols) {
            if (row[c] == null) {
                return null;
            }
            k.add(row[c] instanceof byte[] b ? java.nio.ByteBuffer.wrap(b) : row[c]);
        }
        return k;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(List<Object> a, List<Object> b) {
        for (int i = 0; i < a.size(); i++) {
            int c = a.get(i) instanceof Comparable x && a.get(i).getClass() == b.get(i).getClass()
                    ? x.compareTo(b.get(i)) : String.valueOf(a.get(i)).compareTo(String.valueOf(b.get(i)));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** The SET of an update over a whole row: {@code values} (over the table's row type) with {@code ctx}'s parameters. */
    static Assignments assignments(TableDef table, int[] columns, List<RexNode> values, StatementContext ctx) {
        int stored = table.columns().size();
        RexToExpr translator = RexToExpr.of(stored, ctx);
        List<Expr> exprs = new ArrayList<>(values.size());
        for (RexNode v : values) {
            Expr e = translator.translateAssigned(v);
            if (e == null) {
                throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                        "this SET expression cannot be evaluated yet: " + v);
            }
            exprs.add(e);
        }
        List<PgType> types = table.columns().stream().map(ColumnDef::type).toList();
        return Assignments.compile(columns, exprs, types);
    }

    /**
     * Inserts the new rows of a key-changing update, whose old rows are already deleted; {@code returned}, when not
     * null, receives them as stored.
     */
    static void insert(TableDef table, List<Object[]> rows, List<CheckConstraint> checks, StatementContext ctx,
            List<Object[]> returned) {
        int stored = table.columns().size();
        List<PgType> types = table.columns().stream().map(ColumnDef::type).toList();
        CheckConstraints tests = checks.isEmpty() ? null : CheckConstraints.compile(checks, types);
        int[] all = new int[stored];
        for (int c = 0; c < stored; c++) {
            all[c] = c;
        }
        InsertExecutor insert = new InsertExecutor(table, all, ctx).withRowChecks(tests);
        if (returned != null) {
            insert.returning(returned);
        }
        boolean ok = false;
        try {
            for (Object[] row : rows) {
                insert.addSourceRow(row);
            }
            insert.finish();
            ok = true;
        } finally {
            if (!ok) {
                insert.abandon(); // the batches in flight land before the statement's rollback
            }
        }
    }
}
