package io.tessera.coordinator.sql.rule;

import io.tessera.common.types.PgType;
import io.tessera.coordinator.sql.TypeMapping;
import io.tessera.coordinator.sql.exec.RemoteWindows;
import io.tessera.coordinator.sql.fragment.Colocation;
import io.tessera.coordinator.sql.fragment.FragmentPlan;
import io.tessera.coordinator.sql.rel.TesseraColocatedJoin;
import io.tessera.coordinator.sql.rel.TesseraMergeWindow;
import io.tessera.executor.exec.SortKey;
import io.tessera.executor.exec.WindowFrame;
import io.tessera.executor.exec.WindowFunction;
import io.tessera.executor.expr.Values;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rel.logical.LogicalWindow;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexWindowBound;
import org.apache.calcite.rex.RexWindowExclusion;

/**
 * Runs window functions on the datanodes when every partition's rows are on one datanode:
 * <pre>
 *   LogicalWindow(partition {k} order [id] aggs [...])        TesseraColocatedJoin      (coordinator: gather)
 *     [Project] [Filter] TableScan(t)              ==&gt;         Window(partition [k], ...)   (each datanode)
 *                                                                  [Exchange(GROUPS, k)]
 *                                                                    Scan(t, ...)
 * </pre>
 * Where the rows already are: every window's PARTITION BY contains a column the input is partitioned by (a hash,
 * modulo or shard table's distribution column, the key of an exchange or of a co-located join), or the input is
 * replicated (read on one datanode, any window). Otherwise, when every window's PARTITION BY shares a column of a
 * type the exchange hashes exactly, the input is redistributed on it first ({@link FragmentPlan.Exchange#groups}:
 * NULL keys together). Windows without PARTITION BY over distributed rows, all with one ORDER BY, are sorted on the
 * datanodes and merged into the executor's window on the coordinator ({@link TesseraMergeWindow}); other windows
 * stay in Calcite's window on the coordinator, as does one with a function, frame (RANGE with an offset) or
 * key type the executor does not reproduce exactly. Volcano
 * prices the pushed form ({@link TesseraColocatedJoin#computeSelfCost}) against the coordinator's window.
 *
 * <p>Each window group of Calcite's {@link Window} becomes one {@link FragmentPlan.Window}, stacked: their calls read
 * the input's columns, which every window passes through first, so the output row is Calcite's (the input, then each
 * group's calls in order).
 */
public final class WindowPushdownRule extends RelOptRule {
    public static final WindowPushdownRule INSTANCE = new WindowPushdownRule();

    /**
     * Types the exchange's hash and the executor's equality treat as PostgreSQL does: numerics and floats too, as
     * {@code executor.exec.KeyHash} hashes the normalized value ({@code 1.0} and {@code 1.00}, float {@code -0} and
     * {@code 0}, every NaN land together) and {@code Values.compare} finds them equal, as PostgreSQL's equality.
     */
    private static final Set<PgType> EXCHANGEABLE = Set.of(PgType.INT2, PgType.INT4, PgType.INT8, PgType.TEXT,
            PgType.VARCHAR, PgType.DATE, PgType.TIMESTAMP, PgType.TIMESTAMPTZ, PgType.BOOL, PgType.NUMERIC,
            PgType.FLOAT4, PgType.FLOAT8);
    private static final Set<PgType> SUMMABLE = Set.of(PgType.INT2, PgType.INT4, PgType.INT8, PgType.NUMERIC,
            PgType.FLOAT4, PgType.FLOAT8);

    private WindowPushdownRule() {
        super(operand(LogicalWindow.class, any()), "WindowPushdownRule");
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
        LogicalWindow window = call.rel(0);
        FragmentPlan in = FragmentInputs.of(window.getInput());
        if (in == null) {
            return;
        }
        double inputRows = call.getMetadataQuery().getRowCount(window.getInput());
        FragmentPlan plan = plan(window, in);
        if (plan == null) {
            RemoteWindows.Spec merged = merged(window, in);
            if (merged != null) {
                call.transformTo(new TesseraMergeWindow(window.getCluster(), merged,
                        call.getMetadataQuery().getRowCount(window), window.getRowType()));
            }
            return;
        }
        double moved = plan.hasExchange() && !in.hasExchange() ? inputRows : 0;
        call.transformTo(new TesseraColocatedJoin(window.getCluster(), plan,
                call.getMetadataQuery().getRowCount(window), window.getRowType(), moved));
    }

    /** Each window group as a {@link FragmentPlan.Window} over {@code in}, and where their partitions are. */
    private record Groups(List<FragmentPlan.Window> windows, boolean allLocal, Set<Integer> common) {
    }

    /** The fragment computing {@code window} over {@code in} on the datanodes, or null when it cannot run there. */
    static FragmentPlan plan(Window window, FragmentPlan in) {
        Groups g = groups(window, in);
        if (g == null) {
            return null;
        }
        List<PgType> types = in.types();
        FragmentPlan out = in;
        if (!g.allLocal()) {
            Integer key = g.common() == null ? null
                    : g.common().stream().filter(k -> EXCHANGEABLE.contains(types.get(k))).sorted().findFirst()
                            .orElse(null);
            if (key == null) {
                return null; // no PARTITION BY, or none that one exchange serves: merged() or the coordinator
            }
            out = FragmentPlan.Exchange.groups(in, key);
        }
        for (FragmentPlan.Window w : g.windows()) {
            out = new FragmentPlan.Window(out, w.partitionKeys(), w.orderKeys(), w.frame(), w.calls());
        }
        return out;
    }

    /**
     * Windows none of which has a PARTITION BY, all with one ORDER BY, over distributed rows: the datanodes sort by
     * it and the coordinator merges and runs the windows ({@link TesseraMergeWindow}); null for any other window.
     */
    static RemoteWindows.Spec merged(Window window, FragmentPlan in) {
        Groups g = groups(window, in);
        if (g == null || g.allLocal() || g.windows().isEmpty()) {
            return null;
        }
        List<SortKey> order = g.windows().get(0).orderKeys();
        for (FragmentPlan.Window w : g.windows()) {
            if (w.partitionKeys().length > 0 || !w.orderKeys().equals(order)) {
                return null;
            }
        }
        return new RemoteWindows.Spec(FragmentPlan.Window.sort(in, order), g.windows());
    }

    /** The window groups the executor computes exactly, or null when one has a form it does not. */
    private static Groups groups(Window window, FragmentPlan in) {
        int width = window.getInput().getRowType().getFieldCount();
        List<PgType> types = in.types();
        if (types.size() != width) {
            return null;
        }
        Colocation.Layout layout = Colocation.layout(in);
        if (layout == null || Colocation.isBroadcast(layout)) {
            return null;
        }
        List<FragmentPlan.Window> windows = new ArrayList<>(); // with the input still to be set
        Set<Integer> common = null;
        boolean local = layout.replicated();
        boolean allLocal = true;
        for (Window.Group g : window.groups) {
            FragmentPlan.Window w = window(g, window, types, in);
            if (w == null) {
                return null;
            }
            windows.add(w);
            Set<Integer> keys = new HashSet<>();
            for (int k : w.partitionKeys()) {
                keys.add(k);
            }
            allLocal &= local || layout.keys().stream().anyMatch(keys::contains);
            if (common == null) {
                common = keys;
            } else {
                common.retainAll(keys);
            }
        }
        return new Groups(windows, allLocal, common);
    }

    /**
     * One window group of {@code window} as the executor's window over {@code in}, or null when it has a form the
     * executor does not compute exactly (a function, a key type, RANGE with an offset, a ROWS offset that is no
     * constant).
     *
     * @param types the types of the window's input columns; null for a column the executor cannot read
     * @param in the window's input (not read here; null for a window over the coordinator's rows)
     */
    public static FragmentPlan.Window window(Window.Group g, Window window, List<PgType> types, FragmentPlan in) {
        int width = window.getInput().getRowType().getFieldCount();
        int[] partition = g.keys.toArray();
        for (int k : partition) {
            if (types.get(k) == null || !TopNPushdownRule.ORDERABLE.contains(types.get(k))) {
                return null;
            }
        }
        List<SortKey> order = new ArrayList<>();
        for (RelFieldCollation c : g.orderKeys.getFieldCollations()) {
            if (types.get(c.getFieldIndex()) == null
                    || !TopNPushdownRule.ORDERABLE.contains(types.get(c.getFieldIndex()))
                    || (c.getDirection() != RelFieldCollation.Direction.ASCENDING
                    && c.getDirection() != RelFieldCollation.Direction.DESCENDING)) {
                return null;
            }
            boolean desc = c.getDirection().isDescending();
            boolean nullsFirst = switch (c.nullDirection) {
                case FIRST -> true;
                case LAST -> false;
                default -> desc;
            };
            order.add(new SortKey(c.getFieldIndex(), desc, nullsFirst));
        }
        // RANGE offsets on the coordinator only (the fragment's frame carries ROWS offsets), over one numeric key
        PgType rangeKey = in == null && order.size() == 1 ? types.get(order.get(0).column()) : null;
        WindowFrame.Bound lower = bound(g.lowerBound, g.isRows, window, width, rangeKey);
        WindowFrame.Bound upper = bound(g.upperBound, g.isRows, window, width, rangeKey);
        if (lower == null || upper == null) {
            return null;
        }
        WindowFrame.Exclusion exclusion = switch (g.exclude) {
            case EXCLUDE_NO_OTHER -> WindowFrame.Exclusion.NO_OTHERS;
            case EXCLUDE_CURRENT_ROW -> WindowFrame.Exclusion.CURRENT_ROW;
            case EXCLUDE_GROUP -> WindowFrame.Exclusion.GROUP;
            case EXCLUDE_TIES -> WindowFrame.Exclusion.TIES;
        };
        List<FragmentPlan.WindowCall> calls = new ArrayList<>();
        for (Window.RexWinAggCall agg : g.aggCalls) {
            FragmentPlan.WindowCall c = in == null ? arrayAgg(agg, width, types) : null;
            if (c == null) {
                c = call(agg, window, width, types);
            }
            if (c == null) {
                return null;
            }
            calls.add(c);
        }
        return new FragmentPlan.Window(in, partition, order, new WindowFrame(g.isRows, lower, upper, exclusion),
                calls);
    }

    /**
     * {@code b} as the executor's bound; null when the executor cannot compute it. A RANGE offset needs
     * {@code rangeKey}, the one ORDER BY key's type (null: none), an integer, numeric or float type, and a constant.
     */
    private static WindowFrame.Bound bound(RexWindowBound b, boolean rows, Window window, int width,
            PgType rangeKey) {
        if (b.isUnbounded()) {
            return WindowFrame.Bound.of(b.isPreceding() ? WindowFrame.Kind.UNBOUNDED_PRECEDING
                    : WindowFrame.Kind.UNBOUNDED_FOLLOWING);
        }
        if (b.isCurrentRow()) {
            return WindowFrame.Bound.of(WindowFrame.Kind.CURRENT_ROW);
        }
        WindowFrame.Kind kind = b.isPreceding() ? WindowFrame.Kind.PRECEDING : WindowFrame.Kind.FOLLOWING;
        if (!rows) {
            RexNode offset = b.getOffset() instanceof org.apache.calcite.rex.RexCall c
                    && c.getKind() == org.apache.calcite.sql.SqlKind.CAST ? c.getOperands().get(0) : b.getOffset();
            RexLiteral l = rangeKey == null || !Values.isNumeric(rangeKey) ? null : constant(offset, window, width);
            BigDecimal v = l == null || l.isNull() ? null : l.getValueAs(BigDecimal.class);
            if (v == null || v.signum() < 0) {
                return null;
            }
            return new WindowFrame.Bound(kind, 0, Values.isFloat(rangeKey) ? (Number) v.doubleValue() : v);
        }
        Long offset = count(b.getOffset(), window, width);
        if (offset == null || offset < 0) {
            return null; // RANGE offsets, and ROWS offsets that are not constants, stay on the coordinator
        }
        return new WindowFrame.Bound(kind, offset);
    }

    /**
     * {@code array_agg(x) OVER w} ({@code ArrayAgg.WINDOW}) of a column the executor reads as the executor's
     * {@code ARRAY_AGG} (its result type the element's), or null for any other call. On the coordinator only: the
     * datanodes' rows carry no arrays.
     */
    private static FragmentPlan.WindowCall arrayAgg(Window.RexWinAggCall agg, int width, List<PgType> types) {
        if (agg.getOperator() != io.tessera.coordinator.sql.functions.ArrayAgg.WINDOW || agg.distinct
                || agg.ignoreNulls || agg.getOperands().size() != 1) {
            return null;
        }
        int arg = column(agg.getOperands().get(0), width);
        PgType element = arg < 0 ? null : types.get(arg);
        if (element == null) {
            return null;
        }
        return new FragmentPlan.WindowCall(WindowFunction.ARRAY_AGG, arg, element, element, 0, null,
                "array_agg(" + agg.getOperands().get(0) + ")");
    }

    private static FragmentPlan.WindowCall call(Window.RexWinAggCall agg, Window window, int width,
            List<PgType> types) {
        if (agg.distinct || agg.ignoreNulls) {
            return null;
        }
        if (agg.getType().getSqlTypeName() == org.apache.calcite.sql.type.SqlTypeName.ARRAY) {
            return null; // array_agg(x) OVER w: the executor has no window of arrays; TypeMapping knows no array
        }
        PgType result = TypeMapping.toPgType(agg.getType());
        List<RexNode> ops = agg.getOperands();
        if (!ops.isEmpty() && column(ops.get(0), width) >= 0 && types.get(column(ops.get(0), width)) == null) {
            return null;
        }
        String text = agg.getOperator().getName().toLowerCase(java.util.Locale.ROOT) + "("
                + String.join(", ", ops.stream().map(RexNode::toString).toList()) + ")";
        int arg = ops.isEmpty() ? -1 : column(ops.get(0), width);
        WindowFunction f;
        long n = 0;
        RexNode dflt = null;
        switch (agg.getOperator().getKind()) {
            case ROW_NUMBER, RANK, DENSE_RANK -> {
                if (!ops.isEmpty() || result != PgType.INT8) {
                    return null;
                }
                f = WindowFunction.valueOf(agg.getOperator().getKind().name());
            }
            case NTILE -> {
                Long buckets = ops.size() == 1 ? count(ops.get(0), window, width) : null;
                if (buckets == null || buckets <= 0 || (result != PgType.INT4 && result != PgType.INT8)) {
                    return null;
                }
                f = WindowFunction.NTILE;
                n = buckets;
                arg = -1;
            }
            case LAG, LEAD -> {
                if (arg < 0 || ops.size() > 3) {
                    return null;
                }
                Long offset = ops.size() >= 2 ? count(ops.get(1), window, width) : Long.valueOf(1);
                if (offset == null) {
                    return null;
                }
                if (ops.size() == 3) {
                    RexLiteral d = constant(ops.get(2), window, width);
                    if (d == null || (!d.isNull() && TypeMapping.toPgType(d.getType()) != result)) {
                        return null;
                    }
                    dflt = d.isNull() ? null : d;
                }
                f = agg.getOperator().getKind() == org.apache.calcite.sql.SqlKind.LAG ? WindowFunction.LAG
                        : WindowFunction.LEAD;
                n = offset;
            }
            case FIRST_VALUE, LAST_VALUE -> {
                if (arg < 0 || ops.size() != 1) {
                    return null;
                }
                f = WindowFunction.valueOf(agg.getOperator().getKind().name());
            }
            case NTH_VALUE -> {
                Long at = ops.size() == 2 ? count(ops.get(1), window, width) : null;
                if (arg < 0 || at == null || at <= 0) {
                    return null;
                }
                f = WindowFunction.NTH_VALUE;
                n = at;
            }
            case COUNT -> {
                if (ops.size() > 1 || (ops.size() == 1 && arg < 0) || result != PgType.INT8) {
                    return null;
                }
                f = WindowFunction.COUNT;
            }
            case SUM, SUM0 -> {
                if (arg < 0 || ops.size() != 1 || !SUMMABLE.contains(types.get(arg)) || !SUMMABLE.contains(result)) {
                    return null;
                }
                f = agg.getOperator().getKind() == org.apache.calcite.sql.SqlKind.SUM ? WindowFunction.SUM
                        : WindowFunction.SUM0;
            }
            case MIN, MAX -> {
                if (arg < 0 || ops.size() != 1 || !TopNPushdownRule.ORDERABLE.contains(types.get(arg))
                        || result != types.get(arg)) {
                    return null;
                }
                f = WindowFunction.valueOf(agg.getOperator().getKind().name());
            }
            case AVG -> {
                if (arg < 0 || ops.size() != 1) {
                    return null;
                }
                PgType in = types.get(arg);
                PgType sum = switch (in) {
                    case INT2, INT4 -> PgType.INT8;
                    case INT8, NUMERIC -> PgType.NUMERIC;
                    case FLOAT4, FLOAT8 -> PgType.FLOAT8;
                    default -> null;
                };
                if (sum == null || result != (sum == PgType.FLOAT8 ? PgType.FLOAT8 : PgType.NUMERIC)) {
                    return null;
                }
                return new FragmentPlan.WindowCall(WindowFunction.AVG, arg, sum, result, 0, null, text);
            }
            default -> {
                return null;
            }
        }
        if (f == WindowFunction.COUNT && arg < 0 && !ops.isEmpty()) {
            return null;
        }
        return new FragmentPlan.WindowCall(f, arg, result, result, n, dflt, text);
    }

    /** The input column {@code op} reads, or -1 when it is a constant or anything else. */
    private static int column(RexNode op, int width) {
        return op instanceof RexInputRef r && r.getIndex() < width ? r.getIndex() : -1;
    }

    /** The constant {@code op} is (a literal, or a reference to one of the window's constants), or null. */
    private static RexLiteral constant(RexNode op, Window window, int width) {
        if (op instanceof RexLiteral l) {
            return l;
        }
        if (op instanceof RexInputRef r && r.getIndex() >= width && r.getIndex() - width < window.constants.size()) {
            return window.constants.get(r.getIndex() - width);
        }
        return null;
    }

    /** The integer constant {@code op} is, or null (not a constant, NULL, not integral). */
    private static Long count(RexNode op, Window window, int width) {
        RexLiteral l = constant(op, window, width);
        if (l == null || l.isNull()) {
            return null;
        }
        BigDecimal v = l.getValueAs(BigDecimal.class);
        if (v == null || v.stripTrailingZeros().scale() > 0) {
            return null;
        }
        try {
            return v.longValueExact();
        } catch (ArithmeticException e) {
            return null;
        }
    }
}
