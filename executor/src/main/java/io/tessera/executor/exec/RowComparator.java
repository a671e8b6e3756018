package io.tessera.executor.exec;

import io.tessera.executor.expr.Values;
import java.util.Comparator;
import java.util.List;

/**
 * PostgreSQL's ORDER BY over executor rows: keys in order, each value compared by {@link Values#compare} (numbers
 * across their Java forms, text by code point — the "C" collation Tessera's databases have —, booleans false
 * before true, dates and timestamps as their numeric forms), NULLs placed by each key's {@link SortKey#nullsFirst}.
 * The datanodes' top-N and the coordinator's merge use this one comparator, so their orders agree.
 */
public final class RowComparator implements Comparator<Object[]> {
    private final SortKey[] keys;

    public RowComparator(List<SortKey> keys) {
        this.keys = keys.toArray(new SortKey[0]);
    }

    @Override
    public int compare(Object[] a, Object[] b) {
        for (SortKey k : keys) {
            Object x = a[k.column()];
            Object y = b[k.column()];
            int c;
            if (x == null || y == null) {
                if (x == y) {
                    continue;
                }
                c = (x == null) == k.nullsFirst() ? -1 : 1;
                return c; // NULL placement does not flip with DESC
            }
            c = Values.compare(x, y);
            if (c != 0) {
                return k.descending() ? -Integer.signum(c) : c;
            }
        }
        return 0;
    }
}
