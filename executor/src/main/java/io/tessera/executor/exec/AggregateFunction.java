package io.tessera.executor.exec;

/**
 * The aggregate functions {@link HashAggregateNode} computes in two phases (partial on each datanode, merged on the
 * coordinator). Each partial state is the function's own result type, so merging is the same function again, except
 * for COUNT, whose partial counts are summed, AVG, whose state is a sum and a count, and ARRAY_AGG / STRING_AGG,
 * whose states are concatenated.
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
    AVG,
    /**
     * {@code array_agg(x)}: every input value, NULLs included, in input order; NULL when no row reached it. The
     * call's {@code resultType} is the element type; the partial state is one bytea column (the elements as
     * one-column {@code RowCodec} rows), and the merge appends the partial arrays in the order they arrive.
     */
    ARRAY_AGG,
    /**
     * {@code string_agg(s, delimiter)} of text: the non-null values, each after its row's delimiter but the first,
     * in input order; NULL when there are none. PostgreSQL's state ({@code string_agg_transfn}): the partial state is
     * two columns, the text with every value's delimiter before it (the first one's too) and the length of that
     * first delimiter (int8, in chars), which the result drops; merging concatenates the texts
     * ({@code string_agg_combine}).
     */
    STRING_AGG
}
