package io.tessera.executor.exec;

import io.tessera.common.types.PgType;
import io.tessera.executor.spill.SpillContext;
import java.util.ArrayList;
import java.util.List;

/**
 * UNION (distinct), INTERSECT [ALL] and EXCEPT [ALL] of several inputs with SQL's grouping equality
 * ({@link GroupKey}: NULLs equal, {@code 1.0 = 1.00}, float {@code -0 = 0} and {@code NaN = NaN}), as PostgreSQL's
 * {@code HashSetOp} and UNION's {@code HashAggregate}: a hash aggregate over every input's rows, grouped by all
 * columns, counting each input's rows per group.
 * <pre>
 *   add(i, row)   row + one flag column per input (TRUE in column i)  ──▶  HashAggregateNode(PARTIAL,
 *                                                                          group by the row's columns,
 *                                                                          count(flag 0), ..., count(flag n-1))
 *   next()        each group's first row, repeated by the counts c0, c1, ...:
 *                   UNION          1
 *                   INTERSECT      every ci &gt; 0 ? 1 : 0          ALL: min(ci)
 *                   EXCEPT         c0 &gt; 0, the others 0 ? 1 : 0   ALL: max(c0 - c1 - ... - c(n-1), 0)
 * </pre>
 * (for two inputs PostgreSQL's {@code min(m, n)} and {@code max(m - n, 0)}; more inputs are the left-deep chain
 * {@code (a EXCEPT ALL b) EXCEPT ALL c}). Built with a {@link SpillContext} it spills past {@code work_mem} as the
 * hash aggregate does (PostgreSQL 13's partition spill): groups in memory keep counting, rows of other groups go to
 * partition files, each partition counted afterwards. A group's output row is the first of its rows added, so inputs
 * must be added in order (all of input 0, then input 1, ...): INTERSECT and EXCEPT then print the left input's value
 * ({@code 1.00} when the left has {@code 1.00}), and a spilled partition keeps its rows' order. Output order is the
 * hash aggregate's (unspecified, as a hashed set operation's in PostgreSQL). {@link #close} deletes the partition
 * files, also before the end. Not thread-safe.
 */
public final class SetOpNode implements AutoCloseable {
    /** Which set operation. */
    public enum Kind {
        UNION,
        INTERSECT,
        EXCEPT
    }

    private final Kind kind;
    private final boolean all;
    private final int columns;
    private final int inputs;
    private final HashAggregateNode aggregate;
    private Object[] current;
    private long repeat;

    /**
     * @param kind the operation; UNION is UNION DISTINCT (UNION ALL needs no node)
     * @param all ALL: keep duplicates by the counts (INTERSECT and EXCEPT only)
     * @param inputs how many inputs, at least 1
     * @param columns the rows' width, at least 1
     * @param types the rows' column types (to spill them), or null to keep every group in memory
     * @param spill work_mem and the temporary directory; null keeps every group in memory
     */
    public SetOpNode(Kind kind, boolean all, int inputs, int columns, List<PgType> types, SpillContext spill) {
        if (inputs < 1 || columns < 1 || (types != null && types.size() != columns) || (all && kind == Kind.UNION)) {
            throw new IllegalArgumentException(kind + (all ? " ALL" : "") + " of " + inputs + " inputs of "
                    + columns + " columns " + types);
        }
        this.kind = kind;
        this.all = all;
        this.columns = columns;
        this.inputs = kind == Kind.UNION ? 0 : inputs; // UNION counts nothing: a group is output once
        int[] keys = new int[columns];
        List<PgType> inputTypes = types == null ? null : new ArrayList<>(types);
        List<AggregateCall> calls = new ArrayList<>();
        for (int i = 0; i < columns; i++) {
            keys[i] = i;
        }
        for (int i = 0; i < this.inputs; i++) {
            if (inputTypes != null) {
                inputTypes.add(PgType.BOOL);
            }
            calls.add(new AggregateCall(AggregateFunction.COUNT, columns + i, PgType.INT8));
        }
        this.aggregate = new HashAggregateNode(keys, calls, HashAggregateNode.Mode.PARTIAL, inputTypes, spill);
    }

    /**
     * Adds a row of input {@code input}; inputs are added in order (see the class comment). The row is not retained.
     */
    public void add(int input, Object[] row) {
        assert row.length == columns : "row of " + row.length + " columns, expected " + columns;
        if (inputs == 0) {
            aggregate.add(row);
            return;
        }
        Object[] flagged = new Object[columns + inputs];
        System.arraycopy(row, 0, flagged, 0, columns);
        flagged[columns + input] = Boolean.TRUE;
        aggregate.add(flagged);
    }

    /** Whether rows went to partition files. */
    public boolean spilled() {
        return aggregate.spilledRows() > 0;
    }

    /**
     * The next output row (the same array again for a repeated row; callers must not change it), or null after the
     * last; the first call ends adding.
     */
    public Object[] next() {
        while (repeat == 0) {
            Object[] group = aggregate.next();
            if (group == null) {
                return null;
            }
            repeat = copies(group);
            current = columns == group.length ? group : java.util.Arrays.copyOf(group, columns);
        }
        repeat--;
        return current;
    }

    /** How often a group with these counts (after its key columns) is output. */
    private long copies(Object[] group) {
        if (kind == Kind.UNION) {
            return 1;
        }
        long first = (Long) group[columns];
        if (kind == Kind.INTERSECT) {
            long min = first;
            for (int i = 1; i < inputs; i++) {
                min = Math.min(min, (Long) group[columns + i]);
            }
            return all ? min : min > 0 ? 1 : 0;
        }
        long rest = 0;
        for (int i = 1; i < inputs; i++) {
            rest += (Long) group[columns + i];
        }
        return all ? Math.max(first - rest, 0) : first > 0 && rest == 0 ? 1 : 0;
    }

    /** Deletes the partition files; safe to call more than once. */
    @Override
    public void close() {
        aggregate.close();
    }
}
