package io.tessera.executor.expr;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import io.tessera.protocol.expr.Expr;
import java.util.List;

/**
 * The SET list of an UPDATE compiled once: {@code column_i = value_i}, every value computed from the row as it was
 * before the update (SQL: all right-hand sides see the old row), then assigned with an assignment cast to the
 * column's type (PostgreSQL's store assignment: {@code int4 → numeric}, {@code numeric → int4} rounding and range
 * checked with 22003) and fitted to the column's typmod ({@link TypmodCoercion}: varchar(n)/char(n) length 22001,
 * char(n) padding, numeric(p,s) scale and 22003, time(p)/timestamp(p)/timestamptz(p) rounding). Immutable and
 * thread-safe.
 */
public final class Assignments {
    private final int[] columns;
    private final CompiledExpr[] values;
    private final Casts.Caster[] casts;
    /** Per assignment: the column's typmod when it can change or refuse a value, else -1. */
    private final int[] typmods;
    private final PgType[] targetTypes;
    private final int width;

    private Assignments(int[] columns, CompiledExpr[] values, Casts.Caster[] casts, int[] typmods,
            PgType[] targetTypes, int width) {
        this.columns = columns;
        this.values = values;
        this.casts = casts;
        this.typmods = typmods;
        this.targetTypes = targetTypes;
        this.width = width;
    }

    /** As {@link #compile(int[], List, List, int[])} with no typmods. */
    public static Assignments compile(int[] columns, List<Expr> values, List<PgType> types) {
        return compile(columns, values, types, null);
    }

    /**
     * Compiles assignments over rows of {@code types}.
     *
     * @throws TesseraException UNDEFINED_COLUMN for a column index outside the row, DUPLICATE_COLUMN when a
     *     column is assigned twice (42601 in PostgreSQL's words: "multiple assignments to same column"),
     *     CANNOT_COERCE when a value's type cannot be assigned to its column
     * @param typmods the columns' typmods by column index (PostgreSQL's atttypmod, -1 none; a column beyond the
     *     array has none), or null for none
     */
    public static Assignments compile(int[] columns, List<Expr> values, List<PgType> types, int[] typmods) {
        if (columns.length != values.size()) {
            throw new IllegalArgumentException(columns.length + " columns for " + values.size() + " values");
        }
        CompiledExpr[] compiled = new CompiledExpr[columns.length];
        Casts.Caster[] casts = new Casts.Caster[columns.length];
        int[] fitted = new int[columns.length];
        PgType[] targets = new PgType[columns.length];
        boolean[] seen = new boolean[types.size()];
        for (int i = 0; i < columns.length; i++) {
            int c = columns[i];
            if (c < 0 || c >= types.size()) {
                throw new TesseraException(SqlState.UNDEFINED_COLUMN,
                        "assignment to column index " + c + " outside the table's " + types.size() + " columns");
            }
            if (seen[c]) {
                throw new TesseraException(SqlState.SYNTAX_ERROR, "multiple assignments to same column");
            }
            seen[c] = true;
            compiled[i] = CompiledExpr.compile(values.get(i), types);
            PgType from = compiled[i].type();
            PgType to = types.get(c);
            casts[i] = from == null || from == to ? null : Casts.caster(from, to);
            int typmod = typmods != null && c < typmods.length ? typmods[c] : -1;
            fitted[i] = TypmodCoercion.appliesToColumn(to, typmod) ? typmod : -1;
            targets[i] = to;
        }
        return new Assignments(columns.clone(), compiled, casts, fitted, targets, types.size());
    }

    /** A new row: {@code old} with the assignments applied; {@code old} is not modified. */
    public Object[] apply(Object[] old) {
        Object[] row = java.util.Arrays.copyOf(old, width);
        for (int i = 0; i < columns.length; i++) {
            Object v = values[i].eval(old);
            v = v == null || casts[i] == null ? v : casts[i].cast(v);
            row[columns[i]] = typmods[i] < 0 ? v : TypmodCoercion.applyToColumn(v, targetTypes[i], typmods[i]);
        }
        return row;
    }

    /** Number of assignments. */
    public int size() {
        return columns.length;
    }
}
