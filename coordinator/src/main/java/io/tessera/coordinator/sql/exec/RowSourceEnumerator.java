package io.tessera.coordinator.sql.exec;

import io.tessera.common.types.PgType;
import io.tessera.executor.exec.RowSource;
import io.tessera.executor.spill.SpillContext;
import java.util.List;
import java.util.function.Supplier;
import org.apache.calcite.linq4j.Enumerator;

/**
 * Calcite's enumerator over one of the executor's operators run on the coordinator ({@link CoordinatorSort},
 * {@link CoordinatorSetOp}, {@link CoordinatorWindows}, {@link RemoteWindows}), shared so that all close and log
 * their temporary files alike. The operator is built by {@code open} on the first {@link #moveNext} (a sort or a
 * set operation reads all its input there), and closed at the end of its rows, when {@code open} fails, or on
 * {@link #close} (also before the end), which deletes its temporary files and logs them as {@code log_temp_files}
 * does:
 * <pre>
 *   Enumerator (Calcite's rows: Object[], or bare values for one column)
 *     RowSource from open(), on the first moveNext (SortNode, WindowNode, a loaded ExternalSorter, SetOpNode)
 * </pre>
 * Read once: {@link #reset} is unsupported. Not thread-safe.
 */
final class RowSourceEnumerator implements Enumerator<Object> {
    private final Supplier<RowSource> open;
    private final boolean scalar;
    private final StatementContext cancellation;
    private final SpillContext spill;
    private final String operator;
    private RowSource source;
    private Object current;
    private boolean closed;

    /**
     * @param open builds the operator (and reads its input where it must); it closes what it built before throwing
     * @param scalar whether to yield each row's first value rather than the row ({@code Object[]})
     * @param cancellation the statement checked for cancellation before each row, or null for none
     * @param spill where the operator spills (its temporary files logged on close), or null
     * @param operator the operator's EXPLAIN name, for the log
     */
    RowSourceEnumerator(Supplier<RowSource> open, boolean scalar, StatementContext cancellation, SpillContext spill,
            String operator) {
        this.open = open;
        this.scalar = scalar;
        this.cancellation = cancellation;
        this.spill = spill;
        this.operator = operator;
    }

    /**
     * A row of Calcite's enumerable as the executor's row.
     *
     * @param scalar whether {@code r} is a bare value (Calcite's format of a single-column row)
     */
    static Object[] row(Object r, boolean scalar) {
        return scalar ? new Object[] {r} : r instanceof Object[] a ? a : ((List<?>) r).toArray();
    }

    /** The executor's view of a source of rows: {@code next} until null, then {@code close}. */
    static RowSource rows(Supplier<Object[]> next, List<PgType> types, Runnable close) {
        return new RowSource() {
            @Override
            public Object[] next() {
                return next.get();
            }

            @Override
            public List<PgType> types() {
                return types;
            }

            @Override
            public void close() {
                close.run();
            }
        };
    }

    @Override
    public Object current() {
        return current;
    }

    @Override
    public boolean moveNext() {
        if (closed) {
            return false;
        }
        if (cancellation != null) {
            cancellation.checkCancelled();
        }
        Object[] row;
        try {
            if (source == null) {
                source = open.get();
            }
            row = source.next();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        if (row == null) {
            close();
            return false;
        }
        current = scalar ? row[0] : row;
        return true;
    }

    @Override
    public void reset() {
        throw new UnsupportedOperationException("a " + operator + " is read once");
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                if (source != null) {
                    source.close();
                }
            } finally {
                StatementContext.logTempFiles(spill, operator);
            }
        }
    }
}
