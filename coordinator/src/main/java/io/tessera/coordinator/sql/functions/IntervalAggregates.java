package io.tessera.coordinator.sql.functions;

import io.tessera.common.types.PgInterval;
import io.tessera.executor.expr.Intervals;

/**
 * PostgreSQL's {@code sum(interval)} and {@code avg(interval)} as Calcite user-defined aggregates (each nested class
 * is one, in the {@code init}/{@code add}/{@code merge}/{@code result} shape of Calcite's
 * {@code AggregateFunctionImpl}); {@link IntervalFunctions} swaps them in for {@code sum} and {@code avg} of an
 * interval, and they run on the coordinator over the rows the datanodes send.
 *
 * <p>Semantics of PostgreSQL 15 (src/backend/utils/adt/timestamp.c): {@code sum} adds with {@code interval_pl},
 * field by field (months, days and microseconds stay apart: {@code sum('1 day', '24 hours')} is
 * {@code 1 day 24:00:00}), and fails with 22008 {@code interval out of range} when a field overflows;
 * {@code avg} is {@code interval_accum}'s sum and count followed by {@code interval_avg}, which is
 * {@code interval_div(sum, count)}: fractions of the averaged months and days cascade down into days and
 * microseconds. Both ignore NULLs and are NULL over no values.
 */
public final class IntervalAggregates {
    private IntervalAggregates() {
    }

    /** The running state: the sum so far (null before the first value) and the count of values. */
    public static final class State {
        PgInterval sum;
        long count;

        void add(PgInterval v) {
            sum = sum == null ? v : Intervals.plus(sum, v);
            count++;
        }
    }

    /** {@code sum(interval)}. */
    public static final class Sum {
        public State init() {
            return new State();
        }

        public State add(State state, Object value) {
            if (value != null) {
                state.add(IntervalRuntime.intervalIn(value));
            }
            return state;
        }

        public State merge(State a, State b) {
            if (b.sum != null) {
                a.sum = a.sum == null ? b.sum : Intervals.plus(a.sum, b.sum);
                a.count += b.count;
            }
            return a;
        }

        public PgInterval result(State state) {
            return state.sum;
        }
    }

    /** {@code avg(interval)}. */
    public static final class Avg {
        public State init() {
            return new State();
        }

        public State add(State state, Object value) {
            if (value != null) {
                state.add(IntervalRuntime.intervalIn(value));
            }
            return state;
        }

        public State merge(State a, State b) {
            return new Sum().merge(a, b);
        }

        public PgInterval result(State state) {
            return state.count == 0 ? null : Intervals.divide(state.sum, (double) state.count);
        }
    }
}
