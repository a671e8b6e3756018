package io.tessera.executor.exec;

import io.tessera.common.types.PgType;

/**
 * One window function call of a {@link WindowNode}.
 *
 * @param function what it computes
 * @param argument the input column it reads, or -1 (ROW_NUMBER, RANK, DENSE_RANK, NTILE, {@code count(*)})
 * @param resultType the type of its output column; for SUM, SUM0 and AVG the type their sum accumulates in
 *     ({@link AggregateCall#resultType()}: bigint for smallint and integer, numeric for bigint and numeric, float8
 *     for floats), AVG's result being float8 for a float8 sum, else numeric
 * @param n NTILE's bucket count, LAG's and LEAD's offset, NTH_VALUE's position (from 1); else 0
 * @param defaultValue LAG's and LEAD's value when the offset row does not exist (null: NULL)
 */
public record WindowCall(WindowFunction function, int argument, PgType resultType, long n, Object defaultValue) {
    public WindowCall {
        assert argument >= 0 || function == WindowFunction.ROW_NUMBER || function == WindowFunction.RANK
                || function == WindowFunction.DENSE_RANK || function == WindowFunction.NTILE
                || function == WindowFunction.COUNT : "function " + function + " needs an argument";
    }

    /** A call of one argument (or none) without a count or a default. */
    public WindowCall(WindowFunction function, int argument, PgType resultType) {
        this(function, argument, resultType, 0, null);
    }
}
