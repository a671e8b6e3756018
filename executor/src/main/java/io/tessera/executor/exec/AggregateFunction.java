package io.tessera.executor.exec;

/**
 * The aggregate functions {@link HashAggregateNode} computes in two phases (partial on each datanode, merged on the
 * coordinator). Each partial state is the function's own result type, so merging is the same function again, except
 * for COUNT, whose partial counts are summed, and AVG, whose state is a sum and a count.
 *
 * <p>PostgreSQL's {@code bool_and}/{@code bool_or} are MIN/MAX over booleans ({@code false < true}).
 */
public enum AggregateFunction {
    /** {@code count(*)} (no argument) or {@code count(x)} (non-null x only); bigint, never NULL. */
    COUNT,
    /** {@code sum(x)} of the non-null x, NULL when there are none; the result type is the planner's. */
    SUM,
    /** As SUM, but 0 instead of NULL when there are no values (Calcite's {@code $SUM0}, from avg and count merges). */
    SUM0,
    /** The least non-null value, in PostgreSQL's order ({@code Values.compare}). */
    MIN,
    /** The greatest non-null value. */
    MAX,
    /**
     * {@code avg(x)}: the partial state is two columns, the sum (its type is the call's {@code resultType}: bigint,
     * numeric or float8) and the count; the result is float8 for a float8 sum, else numeric.
     */
    AVG
}
