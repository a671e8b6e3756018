package io.tessera.executor.exec;

import io.tessera.common.types.PgType;
import java.util.List;

/**
 * One aggregate of a {@link HashAggregateNode}.
 *
 * @param function what it computes
 * @param argument the input column it reads (an index into the input row), or -1 for {@code count(*)}
 * @param resultType the type of its result and of its partial state ({@link PgType#INT8} for COUNT; for SUM the
 *     planner's sum type: bigint for smallint/integer input, as PostgreSQL's {@code pg_aggregate}; for ARRAY_AGG
 *     the element type; for STRING_AGG text)
 * @param secondArgument STRING_AGG's delimiter column (an index into the input row), else -1
 * @param order ARRAY_AGG's or STRING_AGG's ORDER BY ({@code array_agg(x ORDER BY k)}): keys over the input row;
 *     empty for input order
 * @param orderTypes the types of the {@code order} keys' columns, to carry them in the partial state
 * @param distinct ARRAY_AGG's or STRING_AGG's DISTINCT: equal values (and delimiters) kept once; the order keys are
 *     then among the arguments, as PostgreSQL requires (42P10 otherwise, checked by the planner)
 */
public record AggregateCall(AggregateFunction function, int argument, PgType resultType, int secondArgument,
        List<SortKey> order, List<PgType> orderTypes, boolean distinct) {
    public AggregateCall {
        assert argument >= 0 || function == AggregateFunction.COUNT : "only count takes no argument: " + function;
        assert (secondArgument >= 0) == (function == AggregateFunction.STRING_AGG)
                : "only string_agg takes a delimiter: " + function + " " + secondArgument;
        order = List.copyOf(order);
        orderTypes = List.copyOf(orderTypes);
        assert order.size() == orderTypes.size() : "order " + order + " types " + orderTypes;
        assert (order.isEmpty() && !distinct) || function == AggregateFunction.ARRAY_AGG
                || function == AggregateFunction.STRING_AGG : "only array_agg and string_agg are ordered: " + function;
    }

    /** A call without ORDER BY or DISTINCT. */
    public AggregateCall(AggregateFunction function, int argument, PgType resultType, int secondArgument) {
        this(function, argument, resultType, secondArgument, List.of(), List.of(), false);
    }

    /**
     * Whether the call sorts or deduplicates its values, so its partial state carries each value with its sort keys
     * (one bytea column) rather than the values in input order.
     */
    public boolean ordered() {
        return !order.isEmpty() || distinct;
    }

    /** A call of one argument (or none, for {@code count(*)}). */
    public AggregateCall(AggregateFunction function, int argument, PgType resultType) {
        this(function, argument, resultType, -1);
    }
}
