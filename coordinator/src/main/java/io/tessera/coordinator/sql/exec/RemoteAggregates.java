package io.tessera.coordinator.sql.exec;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import io.tessera.coordinator.sql.schema.TesseraTable;
import io.tessera.executor.exec.AggregateCall;
import io.tessera.executor.exec.HashAggregateNode;
import io.tessera.protocol.datanode.PartialAggregate;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rex.RexNode;

/**
 * The run-time halves of a two-phase aggregation, called from the code Calcite generates for
 * {@code TesseraPartialAggregate} and {@code TesseraFinalAggregate}:
 * <ul>
 *   <li>{@link #partial}: a scan whose request carries the aggregation, so every datanode returns one row per
 *       group it holds (keys, then partial states) instead of its rows;</li>
 *   <li>{@link #merge}: the coordinator's {@link HashAggregateNode} in MERGE mode over those partial rows.</li>
 * </ul>
 * Rows are {@code Object[]}, or bare values when the plan's row has a single column (Calcite's scalar format).
 */
public final class RemoteAggregates {
    private RemoteAggregates() {
    }

    /**
     * A datanode aggregation fixed at planning time.
     *
     * @param filters the scan's filters over the table's row; every one must be one datanodes evaluate
     * @param projects the scan's output columns as indexes into the table's row (xc_node_id last), null for all
     * @param aggregate the aggregation over the scan's output row, as shipped
     * @param outputTypes the types of the partial rows (group keys, then each call's state)
     * @param source a co-located fragment whose output rows are aggregated instead of the table's (table,
     *     filters and projects are then unused), or null
     */
    public record PartialSpec(TesseraTable table, List<RexNode> filters, int[] projects, PartialAggregate aggregate,
            List<PgType> outputTypes, io.tessera.coordinator.sql.fragment.FragmentPlan source) {
    }

    /**
     * The coordinator's merge of partial rows.
     *
     * @param groupKeys how many leading columns of a partial row are its group key
     * @param calls the aggregates, whose partial states follow the keys in that order
     * @param partialTypes the types of a partial row, to spill partial rows past work_mem; null: never spill
     */
    public record MergeSpec(int groupKeys, List<AggregateCall> calls, List<PgType> partialTypes) {
        public MergeSpec(int groupKeys, List<AggregateCall> calls) {
            this(groupKeys, calls, null);
        }
    }

    /**
     * The partial rows of every datanode holding a shard of the table, as they arrive.
     *
     * @param scalar whether to yield bare values (a single-column row type) instead of {@code Object[]}
     * @throws TesseraException XX000 if a filter cannot be shipped with these parameter values (the planner only
     *     pushes aggregations whose filters all translate)
     */
    public static Enumerable<Object> partial(DataContext root, PartialSpec spec, boolean scalar) {
        if (spec.source() != null) {
            Enumerable<Object[]> rows = RemoteFragments.scan(root, spec.source(), spec.aggregate(),
                    spec.outputTypes(), null, null);
            return scalar ? rows.select(r -> r[0]) : rows.select(r -> (Object) r);
        }
        List<RexNode> filters = new ArrayList<>(spec.filters());
        Enumerable<Object[]> rows = TableScans.scan(spec.table(), root, filters, spec.projects(), spec.aggregate(),
                spec.outputTypes());
        if (!filters.isEmpty()) {
            throw new TesseraException(SqlState.INTERNAL_ERROR,
                    "a filter of an aggregated scan cannot run on the datanodes: " + filters);
        }
        return scalar ? rows.select(r -> r[0]) : rows.select(r -> (Object) r);
    }

    /** The columns of a partial row that hold array_agg and ordered string_agg states (bytea). */
    private static int[] arrayStateColumns(MergeSpec spec) {
        List<Integer> out = new ArrayList<>();
        int col = spec.groupKeys();
        for (AggregateCall c : spec.calls()) {
            if (c.function() == io.tessera.executor.exec.AggregateFunction.ARRAY_AGG || c.ordered()) {
                out.add(col);
            }
            col += HashAggregateNode.stateTypes(c).size();
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Merges partial rows (Object[] or bare values) into the final rows, one per group, in memory.
     *
     * @param scalar whether to yield bare values instead of {@code Object[]}
     */
    public static Enumerable<Object> merge(Enumerable<?> partials, MergeSpec spec, boolean scalar) {
        return merge(null, partials, spec, scalar);
    }

    /**
     * Merges partial rows (Object[] or bare values) into the final rows, one per group, spilling partial rows to the
     * coordinator's temporary directory past the statement's work_mem ({@link HashAggregateNode}); the enumerator
     * yields rows as the node produces them and its close deletes what spilled.
     *
     * @param root the statement's data context (for work_mem), or null to merge in memory
     * @param scalar whether to yield bare values instead of {@code Object[]}
     */
    public static Enumerable<Object> merge(DataContext root, Enumerable<?> partials, MergeSpec spec,
            boolean scalar) {
        return new AbstractEnumerable<>() {
            @Override
            public Enumerator<Object> enumerator() {
                io.tessera.executor.spill.SpillContext spill = root == null || spec.partialTypes() == null ? null
                        : TesseraDataContext.statement(root).spill();
                int[] arrayStates = arrayStateColumns(spec);
                HashAggregateNode node = new HashAggregateNode(new int[spec.groupKeys()], spec.calls(),
                        HashAggregateNode.Mode.MERGE, spec.partialTypes(), spill);
                try (Enumerator<?> in = partials.enumerator()) {
                    while (in.moveNext()) {
                        Object r = in.current();
                        Object[] row = r instanceof Object[] a ? a : new Object[] {r};
                        for (int i : arrayStates) {
                            if (row[i] instanceof ByteString b) {
                                row[i] = b.getBytes(); // the scan hands bytea to Calcite as ByteString
                            }
                        }
                        node.add(row);
                    }
                } catch (RuntimeException e) {
                    node.close();
                    throw e;
                }
                return new Enumerator<>() {
                    private Object current;

                    @Override
                    public Object current() {
                        return current;
                    }

                    @Override
                    public boolean moveNext() {
                        Object[] row = node.next();
                        if (row == null) {
                            node.close();
                            return false;
                        }
                        current = scalar ? row[0] : row;
                        return true;
                    }

                    @Override
                    public void reset() {
                        throw new UnsupportedOperationException("a merge is read once");
                    }

                    @Override
                    public void close() {
                        node.close();
                    }
                };
            }
        };
    }
}
