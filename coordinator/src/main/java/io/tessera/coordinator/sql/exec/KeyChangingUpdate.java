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
 * <p>Unlike PostgreSQL, which checks uniqueness row by row as it updates, every old row is gone before the first
 * new one is written: {@code UPDATE t SET id = id + 1} succeeds whatever order the rows come in (PostgreSQL fails it
 * with 23505 when a row meets the next one's old key first). The old rows are held on the coordinator for the
 * statement: its memory grows with the number of rows updated.
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
        insert(table, rows, checks, ctx, returned);
        return old.size();
    }

    /** The SET of an update over a whole row: {@code values} (over the table's row type) with {@code ctx}'s parameters. */
    static Assignments assignments(TableDef table, int[] columns, List<RexNode> values, StatementContext ctx) {
        int stored = table.columns().size();
        RexToExpr translator = new RexToExpr(stored, ctx::param);
        List<Expr> exprs = new ArrayList<>(values.size());
        for (RexNode v : values) {
            Expr e = translator.translate(v);
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
        CheckConstraints tests = checks.isEmpty() ? null : CheckConstraints.compile(
                checks.stream().map(CheckConstraint::getName).toList(),
                checks.stream().map(CheckConstraint::getExpr).toList(), types);
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
