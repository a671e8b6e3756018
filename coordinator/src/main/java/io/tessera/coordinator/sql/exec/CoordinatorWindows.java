package io.tessera.coordinator.sql.exec;

import io.tessera.common.types.PgType;
import io.tessera.coordinator.sql.fragment.FragmentPlan;
import io.tessera.executor.exec.RowSource;
import io.tessera.executor.exec.SortKey;
import io.tessera.executor.exec.SortNode;
import io.tessera.executor.exec.WindowCall;
import io.tessera.executor.exec.WindowNode;
import io.tessera.executor.expr.CompiledExpr;
import io.tessera.executor.spill.SpillContext;
import io.tessera.protocol.expr.Expr;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexUtil;

/**
 * The run-time half of {@code TesseraWindow}: the executor's windows over the coordinator's rows, for windows
 * Calcite's own window computes wrongly (a frame exclusion, {@code EXCLUDE CURRENT ROW | GROUP | TIES}). Each
 * window sorts its input by its PARTITION BY, then its ORDER BY ({@link SortNode}) and runs a {@link WindowNode}
 * over it; windows are stacked, each passing its input's columns through, so the output row is Calcite's (the
 * input, then each window's calls in order). Both spill to the coordinator's temporary directory past work_mem
 * when every column has a row encoding.
 * <pre>
 *   WindowNode(partition {p}, order [k], calls ...)      coordinator, work_mem
 *     SortNode(p, k)
 *       input rows
 * </pre>
 */
public final class CoordinatorWindows {
    private CoordinatorWindows() {
    }

    /**
     * Windows fixed at planning time.
     *
     * @param windows the windows, in stacking order (their {@code input} is not read)
     * @param types the input's column types (to spill rows), or null when a column has no row encoding (kept in
     *     memory)
     * @param width the input's width
     */
    public record Spec(List<FragmentPlan.Window> windows, List<PgType> types, int width) {
        public Spec {
            windows = List.copyOf(windows);
            types = types == null ? null : List.copyOf(types);
        }
    }

    /**
     * The input's rows, each followed by every window's calls, in no particular order.
     *
     * @param inputScalar whether the input's rows are bare values (one column) rather than {@code Object[]}
     * @param scalar whether to yield bare values (a single-column row type) instead of {@code Object[]}
     */
    public static Enumerable<Object> run(DataContext root, Enumerable<?> input, Spec spec, boolean inputScalar,
            boolean scalar) {
        return new AbstractEnumerable<>() {
            @Override
            public Enumerator<Object> enumerator() {
                StatementContext ctx = TesseraDataContext.statement(root);
                SpillContext spill = spec.types() == null ? null : ctx.spill();
                return new RowSourceEnumerator(() -> {
                    Enumerator<?> in = input.enumerator();
                    // without a row encoding nothing spills, and the types are never read: any type stands in
                    RowSource top = RowSourceEnumerator.rows(
                            () -> in.moveNext() ? RowSourceEnumerator.row(in.current(), inputScalar) : null,
                            spec.types() != null ? spec.types()
                                    : java.util.Collections.nCopies(spec.width(), PgType.TEXT), in::close);
                    RexBuilder rexBuilder = new RexBuilder(root.getTypeFactory());
                    for (FragmentPlan.Window w : spec.windows()) {
                        List<SortKey> keys = new ArrayList<>();
                        for (int k : w.partitionKeys()) {
                            keys.add(SortKey.of(k, false));
                        }
                        keys.addAll(w.orderKeys());
                        RowSource sorted = keys.isEmpty() ? top : new SortNode(top, keys, spill);
                        top = windowNode(sorted, w, ctx, rexBuilder, spill);
                    }
                    return top;
                }, scalar, ctx, spill, "WindowAgg");
            }
        };
    }

    /**
     * The executor's window {@code w} over {@code sorted} (rows in its partition, then order keys' order), its
     * calls' constant defaults evaluated as the datanodes evaluate them.
     */
    static WindowNode windowNode(RowSource sorted, FragmentPlan.Window w, StatementContext ctx,
            RexBuilder rexBuilder, SpillContext spill) {
        List<WindowCall> calls = new ArrayList<>();
        List<PgType> resultTypes = new ArrayList<>();
        for (FragmentPlan.WindowCall c : w.calls()) {
            Object dflt = null;
            if (c.defaultValue() != null) { // a constant: evaluated as the datanodes evaluate it
                Expr e = new RexToExpr(0, ctx::param)
                        .translate(RexUtil.expandSearch(rexBuilder, null, c.defaultValue()));
                dflt = CompiledExpr.compile(e, List.of()).eval(new Object[0]);
            }
            calls.add(new WindowCall(c.function(), c.argument(), c.sumType(), c.n(), dflt));
            resultTypes.add(c.resultType());
        }
        return new WindowNode(sorted, w.partitionKeys(), w.orderKeys(), w.frame(), calls, resultTypes, spill);
    }
}
