package io.tessera.executor.exec;

import io.tessera.common.types.PgType;
import java.util.List;

/**
 * Counts what an operator does for EXPLAIN ANALYZE, as PostgreSQL's {@code instrument.c} does around each plan node:
 * the rows it returns, the time spent inside its {@link #next} calls (its inputs' work included) until the first row,
 * and in all. Wraps the operator; adds two {@link System#nanoTime} calls per row.
 *
 * <p>The counters are written by the thread that runs the operator (an exchange's sender runs its input on a thread
 * of its own) and read once it has finished.
 */
public final class InstrumentedNode implements RowSource {
    private final RowSource input;
    private volatile long rows;
    private volatile long firstNanos = -1;
    private volatile long totalNanos;

    public InstrumentedNode(RowSource input) {
        this.input = input;
    }

    @Override
    public Object[] next() {
        long start = System.nanoTime();
        Object[] row = input.next();
        long spent = System.nanoTime() - start;
        totalNanos += spent;
        if (row != null) {
            if (rows == 0) {
                firstNanos = totalNanos;
            }
            rows++;
        }
        return row;
    }

    /** Rows returned so far. */
    public long rows() {
        return rows;
    }

    /** Milliseconds spent inside the operator until its first row (all of it when it returned none). */
    public double firstMs() {
        return (firstNanos < 0 ? totalNanos : firstNanos) / 1e6;
    }

    /** Milliseconds spent inside the operator so far. */
    public double totalMs() {
        return totalNanos / 1e6;
    }

    @Override
    public List<PgType> types() {
        return input.types();
    }

    @Override
    public void close() {
        input.close();
    }
}
