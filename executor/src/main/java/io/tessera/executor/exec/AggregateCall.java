package io.tessera.executor.exec;

import io.tessera.common.types.PgType;

/**
 * One aggregate of a {@link HashAggregateNode}.
 *
 * @param function what it computes
 * @param argument the input column it reads (an index into the input row), or -1 for {@code count(*)}
 * @param resultType the type of its result and of its partial state ({@link PgType#INT8} for COUNT; for SUM the
 *     planner's sum type: bigint for smallint/integer input, as PostgreSQL's {@code pg_aggregate})
 */
public record AggregateCall(AggregateFunction function, int argument, PgType resultType) {
    public AggregateCall {
        assert argument >= 0 || function == AggregateFunction.COUNT : "only count takes no argument: " + function;
    }
}
