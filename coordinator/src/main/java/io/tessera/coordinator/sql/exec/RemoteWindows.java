package io.tessera.coordinator.sql.exec;

import io.tessera.common.types.PgType;
import io.tessera.coordinator.sql.fragment.FragmentPlan;
import io.tessera.executor.exec.RowComparator;
import io.tessera.executor.exec.RowSource;
import io.tessera.executor.exec.WindowNode;
import io.tessera.executor.spill.SpillContext;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.rex.RexBuilder;

/**
 * The run-time half of {@code TesseraMergeWindow}: windows without PARTITION BY over distributed rows. Each
 * datanode sorts its rows by the windows' ORDER BY ({@link FragmentPlan.Window#sort}: a {@code SortNode}, spilling
 * past work_mem); the coordinator merges the sorted streams ({@link DistributedScan} in merge mode, as for a top-N)
 * and runs the executor's {@link WindowNode} over the merged rows, one per window (stacked: each passes its input's
 * columns through, so every one sees the rows in the same order), each holding at most work_mem of its partition
 * and spilling the rest to the coordinator's temporary directory.
 * <pre>
 *   WindowNode(order [id], calls ...)                    coordinator, work_mem
 *     merge of the datanodes' streams by id              DistributedScan
 *       Sort(id) over the fragment                       each datanode
 * </pre>
 */
public final class RemoteWindows {
    private RemoteWindows() {
    }

    /**
     * A merged window fixed at planning time.
     *
     * @param sorted the fragment whose rows every datanode returns sorted by the windows' ORDER BY
     * @param windows the windows, in stacking order, each without partition keys and with {@code sorted}'s order
     *     keys (their {@code input} is not read: the merged rows are)
     */
    public record Spec(FragmentPlan.Window sorted, List<FragmentPlan.Window> windows) {
        public Spec {
            windows = List.copyOf(windows);
        }
    }

    /**
     * The input's rows in the merged order, each followed by every window's calls (the LogicalWindow's row).
     *
     * @param scalar whether to yield bare values (a single-column row type) instead of {@code Object[]}
     */
    public static Enumerable<Object> run(DataContext root, Spec spec, boolean scalar) {
        List<io.tessera.executor.exec.SortKey> order = spec.sorted().orderKeys();
        Enumerable<Object[]> merged = RemoteFragments.scan(root, spec.sorted(), null, null, null,
                order.isEmpty() ? null : new RowComparator(order)); // no ORDER BY: one peer group, any order
        return new AbstractEnumerable<>() {
            @Override
            public Enumerator<Object> enumerator() {
                StatementContext ctx = TesseraDataContext.statement(root);
                SpillContext spill = ctx.spill();
                return new RowSourceEnumerator(() -> {
                    Enumerator<Object[]> in = merged.enumerator();
                    RowSource top = RowSourceEnumerator.rows(() -> in.moveNext() ? in.current() : null,
                            spec.sorted().types(), in::close);
                    RexBuilder rexBuilder = new RexBuilder(root.getTypeFactory());
                    for (FragmentPlan.Window w : spec.windows()) {
                        top = CoordinatorWindows.windowNode(top, w, ctx, rexBuilder, spill);
                    }
                    return top;
                }, scalar, ctx, spill, "WindowAgg");
            }
        };
    }
}
