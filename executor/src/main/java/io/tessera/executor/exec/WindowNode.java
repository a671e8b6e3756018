package io.tessera.executor.exec;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import io.tessera.executor.expr.Values;
import io.tessera.executor.spill.RowSize;
import io.tessera.executor.spill.SpillContext;
import io.tessera.executor.spill.Tuplestore;
import java.util.ArrayList;
import java.util.List;

/**
 * Window functions over one window ({@code PARTITION BY ... ORDER BY ... frame}) as an operator, PostgreSQL's
 * {@code nodeWindowAgg.c} in shape: its input arrives sorted by the partition keys, then the order keys (a
 * {@link SortNode}, which spills past work_mem, below it); the node reads one partition at a time into a store,
 * finds each row's peers (rows equal on every order key: all of the partition without ORDER BY) and frame, and
 * returns each input row followed by one column per call, in input order.
 *
 * <pre>
 *   WindowNode(partition {k}, order [id], calls [row_number(), sum(x) ROWS 1 PRECEDING])   → (row..., rn, sum)
 *     SortNode(k, id)                                                                        → rows by k, id
 *       input
 * </pre>
 * Frames ({@link WindowFrame}): {@code [lower, upper]} in ROWS mode by offsets from the row, in RANGE mode by peer
 * groups (CURRENT ROW is the first or last peer); an aggregate whose frame starts at UNBOUNDED PRECEDING keeps one
 * running state per partition (the frame's end only moves forward), any other frame, and any frame with an
 * exclusion ({@code EXCLUDE CURRENT ROW | GROUP | TIES}: the rows taken out of the frame for aggregates and the
 * value functions alike), is aggregated afresh per row.
 * The aggregates are {@link HashAggregateNode}'s (the same sums, overflow errors and NULL rules as GROUP BY).
 * Partition keys are equal as {@link Values#compare} says (NULLs equal to each other), as PostgreSQL's sort-based
 * grouping.
 *
 * <p>Memory: a partition's rows are kept in memory while their estimated size ({@link RowSize}) stays within
 * work_mem; past it they all go to a {@link Tuplestore} (PostgreSQL's window tuplestore), read back by read
 * pointers, each moving forward through the partition: the emitted row, the end of its peer group, the running
 * aggregates' frame end, each LAG/LEAD/value function's row, and the start of a frame aggregated afresh (which
 * moves back by the frame's length per row, restarting from the store's nearest checkpoint). Besides the
 * partition, the node holds one row per pointer and the running aggregates' states, whatever the partition's size.
 * Results are computed as each row is returned. Not thread-safe.
 */
public final class WindowNode implements RowSource {
    private static final Object COUNT_STAR = Boolean.TRUE;

    private final RowSource input;
    private final int[] partitionKeys;
    private final RowComparator peers;
    private final WindowFrame frame;
    private final WindowCall[] calls;
    private final List<PgType> types;
    private final int width;
    private final SpillContext spill;
    private final boolean hasAggregates;
    private final SortKey rangeKey;

    // the current partition's rows: in memory, or (past work_mem) all in the store
    private final List<Object[]> memory = new ArrayList<>();
    private long memoryBytes;
    private Tuplestore store;
    private long size;
    private boolean spilled;
    private Object[] pending;
    private boolean inputDone;

    // the state of the partition's scan
    private long emitted;
    private Rows current;
    private Rows peerScan;
    private Rows frameRows;
    private Rows[] callRows;
    private long peerStart;
    private long peerEnd;
    private long group;
    private HashAggregateNode.Accumulator[] running;
    private long added;
    // RANGE offsets: the frame's head and tail as last found (they only move forward), and their reader
    private Rows rangeRows;
    private long rangeHead;
    private long rangeTail;

    /** A window whose partitions are held in memory whatever their size. */
    public WindowNode(RowSource input, int[] partitionKeys, List<SortKey> orderKeys, WindowFrame frame,
            List<WindowCall> calls, List<PgType> resultTypes) {
        this(input, partitionKeys, orderKeys, frame, calls, resultTypes, null);
    }

    /**
     * @param input rows sorted by {@code partitionKeys} (any direction, NULLs together), then {@code orderKeys}
     * @param partitionKeys the PARTITION BY columns of the input row (none: one partition)
     * @param orderKeys the ORDER BY of the window, over the input row (peers are rows equal on all of them)
     * @param frame the frame of the aggregates and of FIRST_VALUE, LAST_VALUE and NTH_VALUE
     * @param calls the window functions, in output order after the input's columns
     * @param resultTypes each call's output type
     * @param spill work_mem and the temporary directory a larger partition goes to; null keeps partitions in memory
     */
    public WindowNode(RowSource input, int[] partitionKeys, List<SortKey> orderKeys, WindowFrame frame,
            List<WindowCall> calls, List<PgType> resultTypes, SpillContext spill) {
        assert calls.size() == resultTypes.size() : calls + " " + resultTypes;
        this.input = input;
        this.partitionKeys = partitionKeys.clone();
        this.peers = new RowComparator(orderKeys);
        this.frame = frame;
        this.calls = calls.toArray(new WindowCall[0]);
        this.width = input.types().size();
        this.spill = spill;
        List<PgType> t = new ArrayList<>(input.types());
        t.addAll(resultTypes);
        this.types = List.copyOf(t);
        this.hasAggregates = calls.stream().anyMatch(c -> c.function().aggregate());
        this.rangeKey = !frame.rows() && (frame.lower().hasOffset() || frame.upper().hasOffset())
                ? orderKeys.get(0) : null;
        assert rangeKey == null || orderKeys.size() == 1 : "RANGE offsets over " + orderKeys;
    }

    @Override
    public Object[] next() {
        while (current == null || emitted == size) {
            if (!readPartition()) {
                return null;
            }
        }
        long i = emitted;
        Object[] row = current.get(i);
        if (i >= peerEnd) {
            peerStart = i;
            peerEnd = i + 1;
            while (peerEnd < size && peers.compare(row, peerScan.get(peerEnd)) == 0) {
                peerEnd++;
            }
            group++;
        }
        Object[] out = new Object[width + calls.length];
        System.arraycopy(row, 0, out, 0, width);
        if (hasAggregates) {
            aggregate(i, out);
        }
        for (int c = 0; c < calls.length; c++) {
            WindowCall call = calls[c];
            if (call.function().aggregate()) {
                continue;
            }
            out[width + c] = switch (call.function()) {
                case ROW_NUMBER -> i + 1;
                case RANK -> peerStart + 1;
                case DENSE_RANK -> group;
                case NTILE -> Values.boxInteger(ntile(i, size, call.n()), call.resultType());
                case LAG -> offsetValue(c, i - call.n());
                case LEAD -> offsetValue(c, i + call.n());
                case FIRST_VALUE, LAST_VALUE, NTH_VALUE -> {
                    long at = frameRow(frameRanges(i), call.function() == WindowFunction.FIRST_VALUE ? 1
                            : call.function() == WindowFunction.LAST_VALUE ? -1 : call.n());
                    yield at >= 0 ? callRows[c].get(at)[call.argument()] : null;
                }
                default -> throw new IllegalStateException("not a window function: " + call.function());
            };
        }
        emitted++;
        return out;
    }

    /** Reads the next partition into memory or the store and resets the scan; false at the end of the input. */
    private boolean readPartition() {
        clearPartition();
        Object[] first = pending;
        pending = null;
        if (first != null) {
            add(first);
        }
        while (!inputDone) {
            Object[] r = input.next();
            if (r == null) {
                inputDone = true;
                break;
            }
            r = r.clone();
            if (first == null) {
                first = r;
            } else if (!samePartition(first, r)) {
                pending = r;
                break;
            }
            add(r);
        }
        if (size == 0) {
            return false;
        }
        current = rows();
        peerScan = rows();
        frameRows = rows();
        callRows = new Rows[calls.length];
        for (int c = 0; c < calls.length; c++) {
            callRows[c] = rows();
        }
        emitted = 0;
        peerStart = 0;
        peerEnd = 0;
        group = 0;
        running = null;
        added = 0;
        rangeRows = rangeKey == null ? null : rows();
        rangeHead = 0;
        rangeTail = 0;
        return true;
    }

    private void add(Object[] row) {
        size++;
        if (store != null) {
            store.add(row);
            return;
        }
        memory.add(row);
        if (spill == null) {
            return;
        }
        memoryBytes += RowSize.of(row) + 8;
        if (memoryBytes > spill.workMemBytes()) {
            store = new Tuplestore(spill, input.types());
            spilled = true;
            for (Object[] r : memory) {
                store.add(r);
            }
            memory.clear();
            memoryBytes = 0;
        }
    }

    private void clearPartition() {
        memory.clear();
        memoryBytes = 0;
        size = 0;
        current = null;
        if (store != null) {
            Tuplestore s = store;
            store = null;
            s.close();
        }
    }

    /** A reader of the current partition's rows by number (0 .. size - 1). */
    private interface Rows {
        Object[] get(long i);
    }

    private Rows rows() {
        if (store == null) {
            List<Object[]> m = memory;
            return i -> m.get((int) i);
        }
        Tuplestore.Pointer p = store.pointer();
        return p::get;
    }

    /** Whether a partition went to a temporary file. */
    public boolean spilled() {
        return spilled;
    }

    private boolean samePartition(Object[] a, Object[] b) {
        for (int k : partitionKeys) {
            Object x = a[k];
            Object y = b[k];
            if (x == null || y == null) {
                if (x != y) {
                    return false;
                }
            } else if (Values.compare(x, y) != 0) {
                return false;
            }
        }
        return true;
    }

    /** PostgreSQL's ntile: {@code buckets} as equal as can be, the first {@code rows % buckets} one row larger. */
    private static long ntile(long i, long rows, long buckets) {
        if (buckets <= 0) {
            throw new TesseraException(SqlState.INVALID_ARGUMENT_FOR_NTILE_FUNCTION,
                    "argument of ntile must be greater than zero");
        }
        long per = rows / buckets;
        long larger = rows % buckets;
        long inLarger = larger * (per + 1);
        return i < inLarger ? i / (per + 1) + 1 : larger + (i - inLarger) / per + 1;
    }

    private Object offsetValue(int c, long row) {
        WindowCall call = calls[c];
        return row >= 0 && row < size ? callRows[c].get(row)[call.argument()] : call.defaultValue();
    }

    /** The index of row i's frame's first row (may be past its end: an empty frame). */
    private long frameStart(long i) {
        WindowFrame.Bound b = frame.lower();
        long lo = switch (b.kind()) {
            case UNBOUNDED_PRECEDING -> 0;
            case PRECEDING -> frame.rows() ? i - b.offset() : rangeHead(i, b);
            case CURRENT_ROW -> frame.rows() ? i : peerStart;
            case FOLLOWING -> frame.rows() ? i + b.offset() : rangeHead(i, b);
            case UNBOUNDED_FOLLOWING -> size;
        };
        return Math.max(0, Math.min(lo, size));
    }

    /** One past the index of row i's frame's last row. */
    private long frameEnd(long i) {
        WindowFrame.Bound b = frame.upper();
        long hi = switch (b.kind()) {
            case UNBOUNDED_PRECEDING -> 0;
            case PRECEDING -> frame.rows() ? i - b.offset() + 1 : rangeTail(i, b);
            case CURRENT_ROW -> frame.rows() ? i + 1 : peerEnd;
            case FOLLOWING -> frame.rows() ? i + b.offset() + 1 : rangeTail(i, b);
            case UNBOUNDED_FOLLOWING -> size;
        };
        return Math.max(0, Math.min(hi, size));
    }

    /**
     * A RANGE frame's first row for row i and the lower bound {@code b} (an offset), PostgreSQL's
     * {@code update_frameheadpos}: the first row whose key is on or past {@code key ∓ offset} in the window's order.
     * A NULL key's offset bound is its peer group's edge (NULLs are peers of each other only); NULLs sorted first
     * are before every non-NULL row's frame, NULLs sorted last after it.
     */
    private long rangeHead(long i, WindowFrame.Bound b) {
        Object base = current.get(i)[rangeKey.column()];
        if (base == null) {
            return peerStart;
        }
        boolean sub = (b.kind() == WindowFrame.Kind.PRECEDING) != rangeKey.descending();
        while (rangeHead < size) {
            Object v = rangeRows.get(rangeHead)[rangeKey.column()];
            if (v == null ? !rangeKey.nullsFirst() : RangeOffsets.inRange(v, base, b.range(), sub,
                    rangeKey.descending())) {
                break;
            }
            rangeHead++;
        }
        return rangeHead;
    }

    /**
     * One past a RANGE frame's last row for row i and the upper bound {@code b} (an offset), PostgreSQL's
     * {@code update_frametailpos}: the first row whose key is past {@code key ∓ offset} in the window's order.
     */
    private long rangeTail(long i, WindowFrame.Bound b) {
        Object base = current.get(i)[rangeKey.column()];
        if (base == null) {
            return peerEnd;
        }
        boolean sub = (b.kind() == WindowFrame.Kind.PRECEDING) != rangeKey.descending();
        while (rangeTail < size) {
            Object v = rangeRows.get(rangeTail)[rangeKey.column()];
            if (v == null ? !rangeKey.nullsFirst() : !RangeOffsets.inRange(v, base, b.range(), sub,
                    !rangeKey.descending())) {
                break;
            }
            rangeTail++;
        }
        return rangeTail;
    }

    /**
     * Row i's frame without the rows its exclusion takes out: ascending, disjoint ranges {@code [from, to)} as
     * {@code {from0, to0, from1, to1, ...}}, some maybe empty. EXCLUDE CURRENT ROW takes out row i, GROUP its peer
     * group, TIES its peer group but row i (PostgreSQL's {@code row_is_in_frame}).
     */
    private long[] frameRanges(long i) {
        long lo = frameStart(i);
        long hi = frameEnd(i);
        return switch (frame.exclusion()) {
            case NO_OTHERS -> new long[] {lo, hi};
            case CURRENT_ROW -> new long[] {lo, Math.min(hi, i), Math.max(lo, i + 1), hi};
            case GROUP -> new long[] {lo, Math.min(hi, peerStart), Math.max(lo, peerEnd), hi};
            case TIES -> new long[] {lo, Math.min(hi, peerStart), Math.max(lo, i), Math.min(hi, i + 1),
                Math.max(lo, peerEnd), hi};
        };
    }

    /**
     * The index of the n-th row (from 1) of {@code ranges} ({@link #frameRanges}), the last one for n = -1, or -1
     * when they hold fewer rows.
     */
    private static long frameRow(long[] ranges, long n) {
        if (n < 0) {
            for (int r = ranges.length - 2; r >= 0; r -= 2) {
                if (ranges[r] < ranges[r + 1]) {
                    return ranges[r + 1] - 1;
                }
            }
            return -1;
        }
        long left = n;
        for (int r = 0; r < ranges.length; r += 2) {
            long rows = Math.max(0, ranges[r + 1] - ranges[r]);
            if (left <= rows) {
                return ranges[r] + left - 1;
            }
            left -= rows;
        }
        return -1;
    }

    /** Row i's aggregates into {@code out}: the running states moved to the frame's end, or the frame afresh. */
    private void aggregate(long i, Object[] out) {
        HashAggregateNode.Accumulator[] accs;
        if (frame.exclusion() != WindowFrame.Exclusion.NO_OTHERS) {
            accs = accumulators();
            long[] ranges = frameRanges(i);
            for (int r = 0; r < ranges.length; r += 2) {
                for (long row = ranges[r]; row < ranges[r + 1]; row++) {
                    addRow(accs, frameRows.get(row));
                }
            }
        } else if (frame.lower().kind() == WindowFrame.Kind.UNBOUNDED_PRECEDING) {
            long hi = frameEnd(i);
            if (running == null) {
                running = accumulators();
            }
            for (; added < hi; added++) {
                addRow(running, frameRows.get(added));
            }
            accs = running;
        } else {
            accs = accumulators();
            for (long r = frameStart(i), hi = frameEnd(i); r < hi; r++) {
                addRow(accs, frameRows.get(r));
            }
        }
        for (int c = 0; c < calls.length; c++) {
            if (accs[c] != null) {
                Object result = accs[c].result();
                // a running array_agg keeps adding to its list: each row gets a copy of the frame's
                out[width + c] = result instanceof List<?> l && accs == running ? new ArrayList<>(l) : result;
            }
        }
    }

    /** One accumulator per aggregate call (null for the other calls). */
    private HashAggregateNode.Accumulator[] accumulators() {
        HashAggregateNode.Accumulator[] accs = new HashAggregateNode.Accumulator[calls.length];
        for (int c = 0; c < calls.length; c++) {
            WindowCall call = calls[c];
            if (call.function().aggregate()) {
                accs[c] = HashAggregateNode.accumulator(new AggregateCall(
                        AggregateFunction.valueOf(call.function().name()), call.argument(),
                        call.function() == WindowFunction.COUNT ? PgType.INT8 : call.resultType()));
            }
        }
        return accs;
    }

    private void addRow(HashAggregateNode.Accumulator[] accs, Object[] row) {
        for (int c = 0; c < calls.length; c++) {
            if (accs[c] != null) {
                WindowCall call = calls[c];
                accs[c].add(call.argument() < 0 ? COUNT_STAR : row[call.argument()]);
            }
        }
    }

    @Override
    public List<PgType> types() {
        return types;
    }

    @Override
    public void close() {
        try {
            clearPartition();
        } finally {
            input.close();
        }
    }
}
