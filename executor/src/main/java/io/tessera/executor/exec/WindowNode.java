package io.tessera.executor.exec;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import io.tessera.executor.expr.Values;
import java.util.ArrayList;
import java.util.List;

/**
 * Window functions over one window ({@code PARTITION BY ... ORDER BY ... frame}) as an operator, PostgreSQL's
 * {@code nodeWindowAgg.c} in shape: its input arrives sorted by the partition keys, then the order keys (a
 * {@link SortNode}, which spills past work_mem, below it); the node reads one partition at a time into memory, finds
 * each row's peers (rows equal on every order key: all of the partition without ORDER BY) and frame, and returns
 * each input row followed by one column per call, in input order.
 *
 * <pre>
 *   WindowNode(partition {k}, order [id], calls [row_number(), sum(x) ROWS 1 PRECEDING])   → (row..., rn, sum)
 *     SortNode(k, id)                                                                        → rows by k, id
 *       input
 * </pre>
 * Frames ({@link WindowFrame}): {@code [lower, upper]} in ROWS mode by offsets from the row, in RANGE mode by peer
 * groups (CURRENT ROW is the first or last peer); an aggregate whose frame starts at UNBOUNDED PRECEDING keeps one
 * running state per partition (the frame's end only moves forward), any other frame is aggregated afresh per row.
 * The aggregates are {@link HashAggregateNode}'s (the same sums, overflow errors and NULL rules as GROUP BY).
 * Partition keys are equal as {@link Values#compare} says (NULLs equal to each other), as PostgreSQL's sort-based
 * grouping.
 *
 * <p>A partition is held in memory whole (PostgreSQL's window tuplestore spills; this one does not). Not
 * thread-safe.
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
    private List<Object[]> partition = new ArrayList<>();
    private Object[][] results;
    private int emitted;
    private Object[] pending;
    private boolean inputDone;

    /**
     * @param input rows sorted by {@code partitionKeys} (any direction, NULLs together), then {@code orderKeys}
     * @param partitionKeys the PARTITION BY columns of the input row (none: one partition)
     * @param orderKeys the ORDER BY of the window, over the input row (peers are rows equal on all of them)
     * @param frame the frame of the aggregates and of FIRST_VALUE, LAST_VALUE and NTH_VALUE
     * @param calls the window functions, in output order after the input's columns
     * @param resultTypes each call's output type
     */
    public WindowNode(RowSource input, int[] partitionKeys, List<SortKey> orderKeys, WindowFrame frame,
            List<WindowCall> calls, List<PgType> resultTypes) {
        assert calls.size() == resultTypes.size() : calls + " " + resultTypes;
        this.input = input;
        this.partitionKeys = partitionKeys.clone();
        this.peers = new RowComparator(orderKeys);
        this.frame = frame;
        this.calls = calls.toArray(new WindowCall[0]);
        this.width = input.types().size();
        List<PgType> t = new ArrayList<>(input.types());
        t.addAll(resultTypes);
        this.types = List.copyOf(t);
    }

    @Override
    public Object[] next() {
        while (results == null || emitted == results.length) {
            if (!readPartition()) {
                return null;
            }
        }
        Object[] in = partition.get(emitted);
        Object[] out = new Object[width + calls.length];
        System.arraycopy(in, 0, out, 0, width);
        System.arraycopy(results[emitted], 0, out, width, calls.length);
        emitted++;
        return out;
    }

    /** Reads the next partition and computes its results; false at the end of the input. */
    private boolean readPartition() {
        partition = new ArrayList<>();
        if (pending != null) {
            partition.add(pending);
            pending = null;
        }
        while (!inputDone) {
            Object[] r = input.next();
            if (r == null) {
                inputDone = true;
                break;
            }
            r = r.clone();
            if (!partition.isEmpty() && !samePartition(partition.get(0), r)) {
                pending = r;
                break;
            }
            partition.add(r);
        }
        if (partition.isEmpty()) {
            results = null;
            return false;
        }
        compute();
        emitted = 0;
        return true;
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

    private void compute() {
        int n = partition.size();
        results = new Object[n][calls.length];
        int[] peerStart = new int[n];
        int[] peerEnd = new int[n];
        int[] group = new int[n];
        for (int i = 0, g = 0; i < n; ) {
            int j = i + 1;
            while (j < n && peers.compare(partition.get(i), partition.get(j)) == 0) {
                j++;
            }
            for (int r = i; r < j; r++) {
                peerStart[r] = i;
                peerEnd[r] = j;
                group[r] = g + 1;
            }
            g++;
            i = j;
        }
        for (int c = 0; c < calls.length; c++) {
            WindowCall call = calls[c];
            if (call.function().aggregate()) {
                aggregate(c, call, peerStart, peerEnd);
                continue;
            }
            for (int i = 0; i < n; i++) {
                results[i][c] = switch (call.function()) {
                    case ROW_NUMBER -> (long) (i + 1);
                    case RANK -> (long) (peerStart[i] + 1);
                    case DENSE_RANK -> (long) group[i];
                    case NTILE -> Values.boxInteger(ntile(i, n, call.n()), call.resultType());
                    case LAG -> offsetValue(call, i - call.n());
                    case LEAD -> offsetValue(call, i + call.n());
                    case FIRST_VALUE, LAST_VALUE, NTH_VALUE -> {
                        int lo = frameStart(i, peerStart);
                        int hi = frameEnd(i, n, peerEnd);
                        long at = call.function() == WindowFunction.FIRST_VALUE ? lo
                                : call.function() == WindowFunction.LAST_VALUE ? hi - 1 : lo + call.n() - 1;
                        yield lo < hi && at >= lo && at < hi ? partition.get((int) at)[call.argument()] : null;
                    }
                    default -> throw new IllegalStateException("not a window function: " + call.function());
                };
            }
        }
    }

    /** PostgreSQL's ntile: {@code buckets} as equal as can be, the first {@code rows % buckets} one row larger. */
    private static long ntile(int i, int rows, long buckets) {
        if (buckets <= 0) {
            throw new TesseraException(SqlState.INVALID_ARGUMENT_FOR_NTILE_FUNCTION,
                    "argument of ntile must be greater than zero");
        }
        long per = rows / buckets;
        long larger = rows % buckets;
        long inLarger = larger * (per + 1);
        return i < inLarger ? i / (per + 1) + 1 : larger + (i - inLarger) / per + 1;
    }

    private Object offsetValue(WindowCall call, long row) {
        return row >= 0 && row < partition.size() ? partition.get((int) row)[call.argument()] : call.defaultValue();
    }

    /** The index of row i's frame's first row (may be past its end: an empty frame). */
    private int frameStart(int i, int[] peerStart) {
        WindowFrame.Bound b = frame.lower();
        long lo = switch (b.kind()) {
            case UNBOUNDED_PRECEDING -> 0;
            case PRECEDING -> i - b.offset();
            case CURRENT_ROW -> frame.rows() ? i : peerStart[i];
            case FOLLOWING -> i + b.offset();
            case UNBOUNDED_FOLLOWING -> partition.size();
        };
        return (int) Math.max(0, Math.min(lo, partition.size()));
    }

    /** One past the index of row i's frame's last row. */
    private int frameEnd(int i, int n, int[] peerEnd) {
        WindowFrame.Bound b = frame.upper();
        long hi = switch (b.kind()) {
            case UNBOUNDED_PRECEDING -> 0;
            case PRECEDING -> i - b.offset() + 1;
            case CURRENT_ROW -> frame.rows() ? i + 1 : peerEnd[i];
            case FOLLOWING -> i + b.offset() + 1;
            case UNBOUNDED_FOLLOWING -> n;
        };
        return (int) Math.max(0, Math.min(hi, n));
    }

    private void aggregate(int c, WindowCall call, int[] peerStart, int[] peerEnd) {
        int n = partition.size();
        AggregateCall agg = new AggregateCall(AggregateFunction.valueOf(call.function().name()),
                call.argument(), call.function() == WindowFunction.COUNT ? PgType.INT8 : call.resultType());
        if (frame.lower().kind() == WindowFrame.Kind.UNBOUNDED_PRECEDING) {
            HashAggregateNode.Accumulator running = HashAggregateNode.accumulator(agg);
            int added = 0;
            for (int i = 0; i < n; i++) {
                int hi = frameEnd(i, n, peerEnd);
                for (; added < hi; added++) {
                    running.add(argument(call, partition.get(added)));
                }
                results[i][c] = running.result();
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            HashAggregateNode.Accumulator acc = HashAggregateNode.accumulator(agg);
            int hi = frameEnd(i, n, peerEnd);
            for (int r = frameStart(i, peerStart); r < hi; r++) {
                acc.add(argument(call, partition.get(r)));
            }
            results[i][c] = acc.result();
        }
    }

    private static Object argument(WindowCall call, Object[] row) {
        return call.argument() < 0 ? COUNT_STAR : row[call.argument()];
    }

    @Override
    public List<PgType> types() {
        return types;
    }

    @Override
    public void close() {
        input.close();
    }
}
