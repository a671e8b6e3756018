package io.tessera.executor.exec;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import io.tessera.executor.expr.Values;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Hash aggregation in two phases, the same code on both sides of the gather:
 * <pre>
 *   coordinator   HashAggregateNode(MERGE)      count: sum of counts; sum/min/max: sum/min/max of the partials;
 *                        ^                      avg: sum of sums / sum of counts
 *                        | partial rows (group keys, then each call's state: two columns, sum and count, for avg)
 *   datanode      HashAggregateNode(PARTIAL)    over the scan's visible, filtered, projected rows
 * </pre>
 * Rows are added one at a time and the node keeps one entry per group (its key values and one accumulator per
 * call); {@link #finish} returns a row per group in the order groups were first seen: the key values, then each
 * call's state (PARTIAL) or result (MERGE). Without group keys (a scalar aggregate) there is exactly one row even when no row was added —
 * {@code count = 0}, {@code sum}/{@code min}/{@code max} NULL, as PostgreSQL — so the merge always sees one partial
 * per datanode.
 *
 * <p>Memory grows with the number of groups (no spilling yet). Not thread-safe: one node per fragment instance.
 */
public final class HashAggregateNode {
    /** What the input rows are. */
    public enum Mode {
        /** Input rows are the aggregated rows; arguments are read at each call's {@code argument} index. */
        PARTIAL,
        /** Input rows are partial rows of PARTIAL nodes (group keys, then states); output rows are final results. */
        MERGE
    }

    private final int[] groupKeys;
    private final List<AggregateCall> calls;
    private final Mode mode;
    private final Map<GroupKey, Accumulator[]> groups = new HashMap<>();
    private final List<GroupKey> order = new ArrayList<>();
    private Accumulator[] scalar;

    /**
     * @param groupKeys in PARTIAL mode the input columns to group by; in MERGE mode ignored (the first
     *     {@code groupKeys.length} columns of each partial row are its key)
     * @param calls the aggregates, in output order
     */
    public HashAggregateNode(int[] groupKeys, List<AggregateCall> calls, Mode mode) {
        this.groupKeys = groupKeys.clone();
        this.calls = List.copyOf(calls);
        this.mode = mode;
        if (groupKeys.length == 0) {
            scalar = newAccumulators();
        }
    }

    /** Number of columns of a partial row: the group keys, then each call's state (two columns for AVG). */
    public static int partialColumns(int groupKeys, List<AggregateCall> calls) {
        int n = groupKeys;
        for (AggregateCall c : calls) {
            n += c.function() == AggregateFunction.AVG ? 2 : 1;
        }
        return n;
    }

    /**
     * Adds one input row. The row is not retained (the caller may reuse the array).
     *
     * @throws TesseraException 22003 when a bigint sum overflows
     */
    public void add(Object[] row) {
        Accumulator[] accs;
        if (scalar != null) {
            accs = scalar;
        } else {
            Object[] key = new Object[groupKeys.length];
            for (int i = 0; i < key.length; i++) {
                key[i] = row[mode == Mode.PARTIAL ? groupKeys[i] : i];
            }
            GroupKey k = new GroupKey(key);
            accs = groups.get(k);
            if (accs == null) {
                accs = newAccumulators();
                groups.put(k, accs);
                order.add(k);
            }
        }
        int col = groupKeys.length;
        for (int i = 0; i < accs.length; i++) {
            AggregateCall c = calls.get(i);
            if (mode == Mode.MERGE) {
                accs[i].merge(row, col);
                col += c.function() == AggregateFunction.AVG ? 2 : 1;
            } else if (c.argument() < 0) {
                accs[i].add(Boolean.TRUE); // count(*): every row counts
            } else {
                accs[i].add(row[c.argument()]);
            }
        }
    }

    /** Number of groups seen so far (1 for a scalar aggregate). */
    public int groupCount() {
        return scalar != null ? 1 : groups.size();
    }

    /** The result rows, one per group (see the class comment); the node must not be used afterwards. */
    public List<Object[]> finish() {
        List<Object[]> out = new ArrayList<>(groupCount());
        if (scalar != null) {
            out.add(result(new Object[0], scalar));
            return out;
        }
        for (GroupKey k : order) {
            out.add(result(k.values(), groups.get(k)));
        }
        groups.clear();
        order.clear();
        return out;
    }

    private Object[] result(Object[] key, Accumulator[] accs) {
        Object[] row = new Object[mode == Mode.MERGE ? key.length + accs.length : partialColumns(key.length, calls)];
        System.arraycopy(key, 0, row, 0, key.length);
        int col = key.length;
        for (Accumulator acc : accs) {
            if (mode == Mode.MERGE) {
                row[col++] = acc.result();
            } else {
                col = acc.state(row, col);
            }
        }
        return row;
    }

    private Accumulator[] newAccumulators() {
        Accumulator[] accs = new Accumulator[calls.size()];
        for (int i = 0; i < accs.length; i++) {
            accs[i] = accumulator(calls.get(i));
        }
        return accs;
    }

    private static Accumulator accumulator(AggregateCall c) {
        return switch (c.function()) {
            case COUNT -> new Count();
            case AVG -> new Avg(c.resultType());
            case MIN -> new Extreme(-1);
            case MAX -> new Extreme(1);
            case SUM, SUM0 -> switch (c.resultType()) {
                case INT2, INT4, INT8 -> new LongSum(c.resultType(), c.function() == AggregateFunction.SUM0);
                case NUMERIC -> new NumericSum(c.function() == AggregateFunction.SUM0);
                case FLOAT8 -> new DoubleSum(false, c.function() == AggregateFunction.SUM0);
                case FLOAT4 -> new DoubleSum(true, c.function() == AggregateFunction.SUM0);
                default -> throw new TesseraException(SqlState.UNDEFINED_FUNCTION,
                        "function sum(" + c.resultType().sqlName() + ") does not exist");
            };
        };
    }

    /** One group's state of one call. {@code add} takes an input value, {@code merge} a partial state. */
    private abstract static class Accumulator {
        abstract void add(Object v);

        /** Merges the partial state at {@code row[col]} (one column unless overridden). */
        void merge(Object[] row, int col) {
            add(row[col]);
        }

        /** Writes the partial state at {@code row[col]}; returns the next column. */
        int state(Object[] row, int col) {
            row[col] = result();
            return col + 1;
        }

        abstract Object result();
    }

    /**
     * avg: a sum (bigint for smallint/integer input, numeric for bigint and numeric, float8 for floats) and a count;
     * the result is float8 for floats, else numeric with PostgreSQL's division scale ({@link NumericDivision}).
     */
    private static final class Avg extends Accumulator {
        private final Accumulator sum;
        private final PgType sumType;
        private long count;

        Avg(PgType sumType) {
            this.sumType = sumType;
            this.sum = switch (sumType) {
                case INT8 -> new LongSum(PgType.INT8, false);
                case NUMERIC -> new NumericSum(false);
                case FLOAT8 -> new DoubleSum(false, false);
                default -> throw new TesseraException(SqlState.UNDEFINED_FUNCTION,
                        "function avg(" + sumType.sqlName() + ") does not exist");
            };
        }

        @Override
        void add(Object v) {
            if (v != null) {
                sum.add(v);
                count++;
            }
        }

        @Override
        void merge(Object[] row, int col) {
            sum.add(row[col]);
            count += ((Number) row[col + 1]).longValue();
        }

        @Override
        int state(Object[] row, int col) {
            row[col] = sum.result();
            row[col + 1] = count;
            return col + 2;
        }

        @Override
        Object result() {
            if (count == 0) {
                return null;
            }
            Object s = sum.result();
            if (sumType == PgType.FLOAT8) {
                return ((Double) s) / count;
            }
            return NumericDivision.divide(Values.toBigDecimal(s), BigDecimal.valueOf(count));
        }
    }

    private static final class Count extends Accumulator {
        private long count;

        @Override
        void add(Object v) {
            if (v != null) {
                count++;
            }
        }

        @Override
        void merge(Object[] row, int col) {
            count += ((Number) row[col]).longValue();
        }

        @Override
        Object result() {
            return count;
        }
    }

    private static final class LongSum extends Accumulator {
        private final PgType type;
        private long sum;
        private boolean any;

        LongSum(PgType type, boolean zeroWhenEmpty) {
            this.type = type;
            this.any = zeroWhenEmpty;
        }

        @Override
        void add(Object v) {
            if (v == null) {
                return;
            }
            try {
                sum = Math.addExact(sum, ((Number) v).longValue());
            } catch (ArithmeticException e) {
                throw new TesseraException(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, type.sqlName() + " out of range");
            }
            any = true;
        }

        @Override
        Object result() {
            return any ? Values.boxInteger(sum, type) : null;
        }
    }

    private static final class NumericSum extends Accumulator {
        private BigDecimal sum;

        NumericSum(boolean zeroWhenEmpty) {
            this.sum = zeroWhenEmpty ? BigDecimal.ZERO : null;
        }

        @Override
        void add(Object v) {
            if (v != null) {
                BigDecimal d = Values.toBigDecimal(v);
                sum = sum == null ? d : sum.add(d);
            }
        }

        @Override
        Object result() {
            return sum;
        }
    }

    /** float8 (or float4, rounded after each addition as PostgreSQL's float4pl) sums; NaN and infinities propagate. */
    private static final class DoubleSum extends Accumulator {
        private final boolean float4;
        private double sum;
        private boolean any;

        DoubleSum(boolean float4, boolean zeroWhenEmpty) {
            this.float4 = float4;
            this.any = zeroWhenEmpty;
        }

        @Override
        void add(Object v) {
            if (v != null) {
                sum += ((Number) v).doubleValue();
                if (float4) {
                    sum = (float) sum;
                }
                any = true;
            }
        }

        @Override
        Object result() {
            if (!any) {
                return null;
            }
            return float4 ? (Object) (float) sum : (Object) sum;
        }
    }

    /** MIN (sign -1) or MAX (sign 1) in {@link Values#compare}'s order. */
    private static final class Extreme extends Accumulator {
        private final int sign;
        private Object best;

        Extreme(int sign) {
            this.sign = sign;
        }

        @Override
        void add(Object v) {
            if (v != null && (best == null || Integer.signum(Values.compare(v, best)) == sign)) {
                best = v;
            }
        }

        @Override
        Object result() {
            return best;
        }
    }
}
