package io.tessera.executor.exec;

/**
 * The window functions {@link WindowNode} computes, with PostgreSQL 15's definitions
 * ({@code src/backend/utils/adt/windowfuncs.c}, the aggregates as for GROUP BY over the frame's rows).
 */
public enum WindowFunction {
    /** The row's number in its partition, from 1; bigint. Ignores the frame. */
    ROW_NUMBER,
    /** The row number of the row's first peer (rank with gaps); bigint. Ignores the frame. */
    RANK,
    /** The number of the row's peer group (rank without gaps); bigint. Ignores the frame. */
    DENSE_RANK,
    /** {@code ntile(n)}: the bucket, 1 to n, of as equal buckets as possible, the first ones larger; integer. */
    NTILE,
    /** {@code lag(x, offset, default)}: x of the row {@code offset} rows before, else the default. */
    LAG,
    /** {@code lead(x, offset, default)}: x of the row {@code offset} rows after, else the default. */
    LEAD,
    /** x of the frame's first row, NULL for an empty frame. */
    FIRST_VALUE,
    /** x of the frame's last row, NULL for an empty frame. */
    LAST_VALUE,
    /** {@code nth_value(x, n)}: x of the frame's n-th row, NULL when the frame has fewer rows. */
    NTH_VALUE,
    /** count over the frame ({@code count(*)} without an argument); bigint. */
    COUNT,
    /** sum over the frame's non-null values, NULL when there are none. */
    SUM,
    /** As SUM, but 0 when there are none (Calcite's {@code $SUM0}). */
    SUM0,
    /** The least non-null value of the frame. */
    MIN,
    /** The greatest non-null value of the frame. */
    MAX,
    /** avg over the frame's non-null values (the call's {@code sumType} accumulates). */
    AVG,
    /**
     * {@code array_agg(x)}: the frame's values in the window's order, NULLs kept (the rows an exclusion takes out
     * skipped), a {@link java.util.List} of them, NULL for an empty frame; the call's {@code resultType} is the
     * element type. Each row gets a list of its own.
     */
    ARRAY_AGG;

    /** Whether the function is an aggregate over the frame's rows ({@link HashAggregateNode}'s accumulators). */
    public boolean aggregate() {
        return ordinal() >= COUNT.ordinal();
    }
}
