package io.tessera.executor.exec;

import io.tessera.common.types.PgType;

/**
 * One aggregate of a {@link HashAggregateNode}.
 *
 * @param function what it computes
 * @param argument the input column it reads (an index into the input row), or -1 for {@code count(*)}
 * @param resultType the type of its result and of its partial state ({@link PgType#INT8} for COUNT; for SUM the
 *     planner's sum type: bigint for smallint/integer input, as PostgreSQL's {@code pg_aggregate}; for ARRAY_AGG
 *     the element type; for STRING_AGG text)
 * @param secondArgument STRING_AGG's delimiter column (an index into the input row), else -1
 */
public record AggregateCall(AggregateFunction function, int argument, PgType resultType, int secondArgument) {
    public AggregateCall {
        assert argument >= 0 || function == AggregateFunction.COUNT : "only count takes no argument: " + function;
        assert (secondArgument >= 0) == (function == AggregateFunction.STRING_AGG)
                : "only string_agg takes a delimiter: " + function + " " + secondArgument;
    }

    /** A call of one argument (or none, for {@code count(*)}). */
    public AggregateCall(AggregateFunction function, int argument, PgType resultType) {
        this(function, argument, resultType, -1);
    }
}
