package io.tessera.executor.exec;

import io.tessera.common.types.PgType;
import io.tessera.executor.spill.SpillContext;
import java.util.List;

/**
 * ORDER BY as an operator: reads its whole input on the first {@link #next}, then returns the rows in
 * {@link RowComparator}'s order, spilling sorted runs to disk past {@code work_mem} ({@link ExternalSorter}).
 * {@link #close} deletes the runs and closes the input, also before the end. Not thread-safe.
 */
public final class SortNode implements RowSource {
    private final RowSource input;
    private final ExternalSorter sorter;
    private boolean loaded;

    /** @param spill work_mem and the temporary directory; null sorts in memory */
    public SortNode(RowSource input, List<SortKey> keys, SpillContext spill) {
        this.input = input;
        this.sorter = new ExternalSorter(keys, input.types(), spill);
    }

    @Override
    public Object[] next() {
        if (!loaded) {
            for (Object[] r = input.next(); r != null; r = input.next()) {
                sorter.add(r);
            }
            loaded = true;
        }
        return sorter.next();
    }

    /** Whether the sort wrote runs to disk. */
    public boolean spilled() {
        return sorter.spilled();
    }

    @Override
    public List<PgType> types() {
        return input.types();
    }

    @Override
    public void close() {
        try {
            sorter.close();
        } finally {
            input.close();
        }
    }
}
