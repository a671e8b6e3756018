package io.tessera.executor.exec;

import io.tessera.common.codec.ByteSink;
import io.tessera.common.codec.RowCodec;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import io.tessera.executor.expr.PgMath;
import io.tessera.executor.expr.Values;
import io.tessera.executor.spill.RowSize;
import io.tessera.executor.spill.SpillContext;
import io.tessera.executor.spill.Tuplestore;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Hash aggregation in two phases, the same code on both sides of the gather:
 * <pre>
 *   coordinator   HashAggregateNode(MERGE)      count: sum of counts; sum/min/max: sum/min/max of the partials;
 *                        ^                      avg: sum of sums / sum of counts; array_agg/string_agg: the
 *                        |                      partials concatenated in arrival order
 *                        | partial rows (group keys, then each call's state: two columns, sum and count, for avg)
 *   datanode      HashAggregateNode(PARTIAL)    over the scan's visible, filtered, projected rows
 * </pre>
 * Rows are added one at a time and the node keeps one entry per group (its key values and one accumulator per
 * call); {@link #finish} returns a row per group in the order groups were first seen: the key values, then each
 * call's state (PARTIAL) or result (MERGE). Without group keys (a scalar aggregate) there is exactly one row even when no row was added —
 * {@code count = 0}, {@code sum}/{@code min}/{@code max} NULL, as PostgreSQL — so the merge always sees one partial
 * per datanode.
 *
 * <p><b>Spilling</b> (PostgreSQL 13's hash aggregate spill, {@code nodeAgg.c} "Spilling"): built with a
 * {@link SpillContext}, the node estimates each group's size ({@link RowSize} of its key plus the accumulators) and
 * once the groups pass {@code work_mem} it creates no more groups in memory: an input row of a group already in
 * memory still updates it, and an input row of any other group is written to one of a few partition files
 * ({@link Tuplestore}s, chosen by {@link SpillHash} of the group key). After the input ends it returns the groups in
 * memory, then aggregates each partition in turn with a fresh node one level deeper (other hash bits), which may
 * spill again; a group therefore lives in exactly one place and its rows are aggregated once. Spilled input rows
 * are the node's input rows (raw rows in PARTIAL mode, partial states in MERGE mode), so every aggregate spills
 * alike. A scalar aggregate has one group and never spills. Output order is then: in-memory groups in first-seen
 * order, then each partition's. {@link #close} deletes the partitions, also before the end.
 *
 * <p>Without a spill context memory grows with the number of groups. Not thread-safe: one node per fragment
 * instance.
 */
public final class HashAggregateNode implements AutoCloseable {
    /** PostgreSQL's bounds on hash aggregate partitions per spill ({@code HASHAGG_MIN/MAX_PARTITIONS}). */
    private static final int MIN_PARTITIONS = 4;
    private static final int MAX_PARTITIONS = 256;
    /** Deeper than this a partition is aggregated in memory whatever its size (every split failed to divide it). */
    private static final int MAX_LEVEL = 16;
    /** The estimated overhead of one group beyond its key: the map entry, its GroupKey, the accumulator array. */
    private static final int GROUP_OVERHEAD = 96;
    private static final int ACCUMULATOR_SIZE = 32;

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
    private final List<PgType> inputTypes;
    private final SpillContext spill;
    private final int level;
    private long memoryBytes;
    /** Null until the node spills; then one store per partition. */
    private Tuplestore[] partitions;
    private long spilledRows;
    private int emitted;
    private int partition = -1;
    private HashAggregateNode child;
    private boolean finished;

    /**
     * A node that keeps every group in memory.
     *
     * @param groupKeys in PARTIAL mode the input columns to group by; in MERGE mode ignored (the first
     *     {@code groupKeys.length} columns of each partial row are its key)
     * @param calls the aggregates, in output order
     */
    public HashAggregateNode(int[] groupKeys, List<AggregateCall> calls, Mode mode) {
        this(groupKeys, calls, mode, null, null, 0);
    }

    /**
     * A node that spills past {@code work_mem} (see the class comment).
     *
     * @param inputTypes the types of the input rows, to write them to partition files
     * @param spill work_mem and the temporary directory; null keeps every group in memory
     */
    public HashAggregateNode(int[] groupKeys, List<AggregateCall> calls, Mode mode, List<PgType> inputTypes,
            SpillContext spill) {
        this(groupKeys, calls, mode, inputTypes, spill, 0);
    }

    private HashAggregateNode(int[] groupKeys, List<AggregateCall> calls, Mode mode, List<PgType> inputTypes,
            SpillContext spill, int level) {
        this.groupKeys = groupKeys.clone();
        this.calls = List.copyOf(calls);
        this.mode = mode;
        this.inputTypes = inputTypes == null ? null : List.copyOf(inputTypes);
        this.spill = inputTypes == null ? null : spill;
        this.level = level;
        if (groupKeys.length == 0) {
            scalar = newAccumulators();
        }
    }

    /** Number of columns of a partial row: the group keys, then each call's state ({@link #stateTypes}). */
    public static int partialColumns(int groupKeys, List<AggregateCall> calls) {
        int n = groupKeys;
        for (AggregateCall c : calls) {
            n += stateWidth(c);
        }
        return n;
    }

    /**
     * The types of one call's partial state columns: its result type; for AVG the sum's type and int8 (the count);
     * for ARRAY_AGG bytea (the encoded elements); for STRING_AGG text and int8 (the first delimiter's length).
     */
    public static List<PgType> stateTypes(AggregateCall c) {
        if (c.ordered()) {
            return List.of(PgType.BYTEA);
        }
        return switch (c.function()) {
            case AVG -> List.of(c.resultType(), PgType.INT8);
            case ARRAY_AGG -> List.of(PgType.BYTEA);
            case STRING_AGG -> List.of(PgType.TEXT, PgType.INT8);
            default -> List.of(c.resultType());
        };
    }

    private static int stateWidth(AggregateCall c) {
        return !c.ordered() && (c.function() == AggregateFunction.AVG || c.function() == AggregateFunction.STRING_AGG)
                ? 2 : 1;
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
                if (spill != null) {
                    long size = RowSize.of(key) + GROUP_OVERHEAD + (long) ACCUMULATOR_SIZE * calls.size();
                    if (partitions == null && !groups.isEmpty() && level < MAX_LEVEL
                            && memoryBytes + size > spill.workMemBytes()) {
                        startSpilling();
                    }
                    if (partitions != null) {
                        Tuplestore t = partitions[Math.floorMod(SpillHash.of(k.hashCode(), level), partitions.length)];
                        t.add(row);
                        spilledRows++;
                        return;
                    }
                    memoryBytes += size;
                }
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
                col += stateWidth(c);
            } else if (c.argument() < 0) {
                accs[i].add(Boolean.TRUE); // count(*): every row counts
            } else if (accs[i] instanceof StringAgg sa) {
                sa.add(row[c.argument()], row[c.secondArgument()]);
            } else if (accs[i] instanceof OrderedAgg oa) {
                oa.addRow(row);
            } else {
                accs[i].add(row[c.argument()]);
            }
        }
    }

    private void startSpilling() {
        int n = (int) Math.min(MAX_PARTITIONS, Math.max(MIN_PARTITIONS, spill.workMemBytes() / 4 / (8 * 1024)));
        partitions = new Tuplestore[n];
        for (int i = 0; i < n; i++) {
            partitions[i] = new Tuplestore(spill, inputTypes);
        }
    }

    /** Number of groups in memory so far (1 for a scalar aggregate). */
    public int groupCount() {
        return scalar != null ? 1 : groups.size();
    }

    /** Whether input rows went to partition files (at this level; deeper levels may spill again). */
    public boolean spilled() {
        return partitions != null;
    }

    /** Input rows written to partition files so far, at every level. */
    public long spilledRows() {
        return spilledRows + (child != null ? child.spilledRows() : 0);
    }

    /**
     * The next result row (see the class comment), or null after the last; the first call ends adding.
     *
     * @throws TesseraException 58030 when a partition file cannot be read
     */
    public Object[] next() {
        if (!finished) {
            finished = true;
            if (scalar != null) {
                return result(new Object[0], scalar);
            }
        }
        if (scalar != null) {
            return null;
        }
        if (emitted < order.size()) {
            GroupKey k = order.get(emitted);
            order.set(emitted++, null);
            return result(k.values(), groups.remove(k));
        }
        if (partitions == null) {
            return null;
        }
        groups.clear();
        while (true) {
            if (child != null) {
                Object[] r = child.next();
                if (r != null) {
                    return r;
                }
                spilledRows += child.spilledRows();
                child.close();
                child = null;
            }
            if (++partition >= partitions.length) {
                return null;
            }
            Tuplestore t = partitions[partition];
            child = new HashAggregateNode(groupKeys, calls, mode, inputTypes, spill, level + 1);
            for (Object[] r = t.next(); r != null; r = t.next()) {
                child.add(r);
            }
            t.close();
        }
    }

    /** Every result row, one per group (see the class comment); the node must not be used afterwards. */
    public List<Object[]> finish() {
        List<Object[]> out = new ArrayList<>(groupCount());
        try {
            for (Object[] r = next(); r != null; r = next()) {
                out.add(r);
            }
        } finally {
            close();
        }
        return out;
    }

    /** Deletes the partition files and drops the groups; safe to call more than once. */
    @Override
    public void close() {
        groups.clear();
        order.clear();
        try {
            if (child != null) {
                child.close();
            }
        } finally {
            if (partitions != null) {
                for (Tuplestore t : partitions) {
                    t.close();
                }
            }
        }
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

    /** A fresh state of {@code c} (also each frame's state of a window aggregate, {@link WindowNode}). */
    static Accumulator accumulator(AggregateCall c) {
        if (c.ordered()) {
            return new OrderedAgg(c);
        }
        return switch (c.function()) {
            case COUNT -> new Count();
            case AVG -> new Avg(c.resultType());
            case ARRAY_AGG -> new ArrayAgg(c.resultType());
            case STRING_AGG -> new StringAgg();
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
    abstract static class Accumulator {
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

    /**
     * float8 (or float4, rounded after each addition as PostgreSQL's float4pl) sums; NaN and infinities propagate, an
     * infinity from finite inputs (or finite partial sums) is 22003 {@code value out of range: overflow}, as
     * PostgreSQL's float8pl and float8_accum.
     */
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
                double x = ((Number) v).doubleValue();
                double r = float4 ? (float) (sum + x) : sum + x;
                sum = PgMath.checkFloat8(r, Double.isInfinite(sum) || Double.isInfinite(x), true);
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

    /**
     * array_agg: the values in the order added (NULLs too), then each merged partial's in the order merged. The
     * partial state is the elements as one-column rows of {@link RowCodec} over the element type, NULL for none.
     */
    private static final class ArrayAgg extends Accumulator {
        private final RowCodec codec;
        private List<Object> values;

        ArrayAgg(PgType elementType) {
            this.codec = new RowCodec(List.of(elementType));
        }

        @Override
        void add(Object v) {
            if (values == null) {
                values = new ArrayList<>();
            }
            values.add(v);
        }

        @Override
        void merge(Object[] row, int col) {
            byte[] state = (byte[]) row[col];
            if (state == null) {
                return;
            }
            if (values == null) {
                values = new ArrayList<>();
            }
            RowCodec.Reader r = codec.reader(state, 0, state.length);
            Object[] element = new Object[1];
            while (r.next(element)) {
                values.add(element[0]);
            }
        }

        @Override
        int state(Object[] row, int col) {
            if (values == null) {
                row[col] = null;
            } else {
                ByteSink sink = new ByteSink();
                Object[] element = new Object[1];
                for (Object v : values) {
                    element[0] = v;
                    codec.encode(element, sink);
                }
                row[col] = sink.toByteArray();
            }
            return col + 1;
        }

        @Override
        Object result() {
            return values;
        }
    }

    /**
     * string_agg of text, as PostgreSQL's {@code string_agg_transfn}/{@code string_agg_combine}: the text keeps the
     * delimiter before every value, the first one's too, and {@code cursor} its length, dropped by the result; a
     * NULL delimiter adds nothing, a NULL value is skipped with its delimiter.
     */
    private static final class StringAgg extends Accumulator {
        private StringBuilder text;
        private long cursor;

        void add(Object value, Object delimiter) {
            if (value == null) {
                return;
            }
            boolean first = text == null;
            if (first) {
                text = new StringBuilder();
            }
            if (delimiter != null) {
                text.append((String) delimiter);
                if (first) {
                    cursor = ((String) delimiter).length();
                }
            }
            text.append((String) value);
        }

        @Override
        void add(Object v) {
            throw new IllegalStateException("string_agg takes a value and a delimiter");
        }

        @Override
        void merge(Object[] row, int col) {
            String s = (String) row[col];
            if (s == null) {
                return;
            }
            if (text == null) {
                text = new StringBuilder(s);
                cursor = ((Number) row[col + 1]).longValue();
            } else {
                text.append(s);
            }
        }

        @Override
        int state(Object[] row, int col) {
            row[col] = text == null ? null : text.toString();
            row[col + 1] = text == null ? null : cursor;
            return col + 2;
        }

        @Override
        Object result() {
            return text == null ? null : text.substring((int) cursor);
        }
    }

    /**
     * array_agg or string_agg with ORDER BY and/or DISTINCT ({@code array_agg(x ORDER BY k)},
     * {@code string_agg(DISTINCT s, ',' ORDER BY s)}): each entry is the value (for string_agg, then its delimiter)
     * followed by the call's sort keys. The partial state is the entries sorted by the keys (stably: ties keep
     * their input order) and, for DISTINCT, without repeats, as one bytea column of {@link RowCodec} rows, NULL for
     * none; the merge appends the datanodes' sorted runs and sorts again, so the result is in the keys' order across
     * every datanode, as PostgreSQL's single sort ({@code nodeAgg.c}'s per-call sort) puts it. Ties among equal keys
     * come in an unspecified order, as in PostgreSQL. string_agg skips a NULL value with its delimiter; array_agg
     * keeps NULLs (DISTINCT keeps one).
     */
    private static final class OrderedAgg extends Accumulator {
        private final boolean string;
        private final int width;
        private final int[] columns;
        private final RowCodec codec;
        private final RowComparator comparator;
        private final boolean distinct;
        private List<Object[]> entries;

        OrderedAgg(AggregateCall c) {
            this.string = c.function() == AggregateFunction.STRING_AGG;
            int values = string ? 2 : 1;
            this.width = values + c.order().size();
            this.columns = new int[width];
            columns[0] = c.argument();
            if (string) {
                columns[1] = c.secondArgument();
            }
            List<PgType> types = new ArrayList<>();
            types.add(c.resultType());
            if (string) {
                types.add(PgType.TEXT);
            }
            List<SortKey> keys = new ArrayList<>();
            for (int i = 0; i < c.order().size(); i++) {
                SortKey k = c.order().get(i);
                columns[values + i] = k.column();
                keys.add(new SortKey(values + i, k.descending(), k.nullsFirst()));
            }
            types.addAll(c.orderTypes());
            this.codec = new RowCodec(types);
            this.comparator = new RowComparator(keys);
            this.distinct = c.distinct();
        }

        void addRow(Object[] row) {
            if (string && row[columns[0]] == null) {
                return;
            }
            Object[] e = new Object[width];
            for (int i = 0; i < width; i++) {
                e[i] = row[columns[i]];
            }
            if (entries == null) {
                entries = new ArrayList<>();
            }
            entries.add(e);
        }

        @Override
        void add(Object v) {
            throw new IllegalStateException("an ordered aggregate takes its input row");
        }

        @Override
        void merge(Object[] row, int col) {
            byte[] state = (byte[]) row[col];
            if (state == null) {
                return;
            }
            if (entries == null) {
                entries = new ArrayList<>();
            }
            RowCodec.Reader r = codec.reader(state, 0, state.length);
            while (true) {
                Object[] e = new Object[width];
                if (!r.next(e)) {
                    break;
                }
                entries.add(e);
            }
        }

        /** The entries sorted, repeats dropped for DISTINCT (the keys are among the values, so repeats are adjacent). */
        private List<Object[]> sorted() {
            entries.sort(comparator); // List.sort is stable
            if (!distinct) {
                return entries;
            }
            List<Object[]> out = new ArrayList<>(entries.size());
            int values = string ? 2 : 1;
            for (Object[] e : entries) {
                if (out.isEmpty() || !sameValues(out.get(out.size() - 1), e, values)) {
                    out.add(e);
                }
            }
            entries = out;
            return out;
        }

        private static boolean sameValues(Object[] a, Object[] b, int n) {
            for (int i = 0; i < n; i++) {
                if (a[i] == null || b[i] == null ? a[i] != b[i] : Values.compare(a[i], b[i]) != 0) {
                    return false;
                }
            }
            return true;
        }

        @Override
        int state(Object[] row, int col) {
            if (entries == null) {
                row[col] = null;
            } else {
                ByteSink sink = new ByteSink();
                for (Object[] e : sorted()) {
                    codec.encode(e, sink);
                }
                row[col] = sink.toByteArray();
            }
            return col + 1;
        }

        @Override
        Object result() {
            if (entries == null) {
                return null;
            }
            List<Object[]> sorted = sorted();
            if (!string) {
                List<Object> values = new ArrayList<>(sorted.size());
                for (Object[] e : sorted) {
                    values.add(e[0]);
                }
                return values;
            }
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < sorted.size(); i++) {
                Object[] e = sorted.get(i);
                if (i > 0 && e[1] != null) {
                    text.append((String) e[1]);
                }
                text.append((String) e[0]);
            }
            return text.toString();
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
            // a tie takes the later value, as PostgreSQL's int4smaller, interval_larger ... return their second
            // argument then: equal intervals ('1 day', '24 hours') and numerics (1.0, 1.00) differ in their text
            if (v != null && (best == null || Integer.signum(Values.compare(v, best)) != -sign)) {
                best = v;
            }
        }

        @Override
        Object result() {
            return best;
        }
    }
}
