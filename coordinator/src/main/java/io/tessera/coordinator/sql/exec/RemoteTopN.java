package io.tessera.coordinator.sql.exec;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import io.tessera.coordinator.sql.schema.TesseraTable;
import io.tessera.executor.exec.RowComparator;
import io.tessera.executor.exec.SortKey;
import io.tessera.executor.exec.TopNNode;
import io.tessera.protocol.datanode.TopN;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;

/**
 * The run-time half of {@code TesseraTopN}: {@code ORDER BY ... LIMIT n OFFSET m} (or a bare LIMIT) over one table.
 * Each datanode returns its first {@code n + m} rows ({@code ScanRequest.top_n}: a top-N heap when there are sort
 * keys, else its scan stops after that many rows); the coordinator merges the datanodes' sorted streams
 * ({@link DistributedScan} in merge mode, with the same {@link RowComparator}), skips {@code m} rows and returns
 * {@code n}. LIMIT and OFFSET may be parameters ({@code $1}), read when the statement runs.
 *
 * <p>A top-N over more than {@link #MAX_PUSHED_LIMIT} rows is not shipped (a datanode would hold that many rows
 * in its heap): the datanodes then stream every row and the coordinator keeps the top-N itself.
 */
public final class RemoteTopN {
    /** The largest LIMIT + OFFSET shipped to the datanodes as a top-N (datanode's {@code ScanTopN.MAX_LIMIT}). */
    public static final long MAX_PUSHED_LIMIT = 100_000;

    private RemoteTopN() {
    }

    /**
     * A top-N fixed at planning time.
     *
     * @param filters the scan's filters over the table's row; every one must be one datanodes evaluate
     * @param projects the scan's output columns as indexes into the table's row (xc_node_id last), null for all
     * @param keys the ORDER BY keys over the scan's output row; empty for a bare LIMIT
     * @param outputTypes the types of the scan's output row
     * @param offset OFFSET (a literal or a parameter), or null
     * @param fetch LIMIT (a literal or a parameter)
     * @param source a co-located fragment whose output rows are sorted instead of the table's (table, filters and
     *     projects are then unused), or null
     */
    public record Spec(TesseraTable table, List<RexNode> filters, int[] projects, List<SortKey> keys,
            List<PgType> outputTypes, RexNode offset, RexNode fetch,
            io.tessera.coordinator.sql.fragment.FragmentPlan source) {
    }

    /**
     * The query's rows, in order, after OFFSET and LIMIT.
     *
     * @param scalar whether to yield bare values (a single-column row type) instead of {@code Object[]}
     * @throws TesseraException 2201W for a negative LIMIT, 2201X for a negative OFFSET (PostgreSQL's codes)
     */
    public static Enumerable<Object> run(DataContext root, Spec spec, boolean scalar) {
        StatementContext ctx = TesseraDataContext.statement(root);
        long offset = spec.offset() == null ? 0 : count(spec.offset(), root,
                SqlState.INVALID_ROW_COUNT_IN_RESULT_OFFSET_CLAUSE, "OFFSET");
        Long fetchOrNull = spec.fetch() == null ? null : countOrAll(spec.fetch(), root);
        if (fetchOrNull != null && fetchOrNull == 0) {
            return Linq4j.emptyEnumerable();
        }
        long fetch = fetchOrNull == null ? Long.MAX_VALUE : fetchOrNull;
        long limit = fetch > Long.MAX_VALUE - offset ? Long.MAX_VALUE : offset + fetch;
        boolean sorted = !spec.keys().isEmpty();
        boolean pushed = !sorted || limit <= MAX_PUSHED_LIMIT;
        TopN.Builder topN = TopN.newBuilder().setLimit(limit);
        for (SortKey k : spec.keys()) {
            topN.addKeys(io.tessera.protocol.datanode.SortKey.newBuilder().setColumn(k.column())
                    .setDescending(k.descending()).setNullsFirst(k.nullsFirst()));
        }
        RowComparator order = sorted ? new RowComparator(spec.keys()) : null;
        List<RexNode> filters = new ArrayList<>(spec.filters());
        TopN shipped = pushed && limit < Long.MAX_VALUE ? topN.build() : null;
        Enumerable<Object[]> rows = spec.source() != null
                ? RemoteFragments.scan(root, spec.source(), null, null, shipped, pushed ? order : null)
                : TableScans.scanTopN(spec.table(), root, filters, spec.projects(), shipped, pushed ? order : null);
        if (!filters.isEmpty()) {
            throw new TesseraException(SqlState.INTERNAL_ERROR,
                    "a filter of a top-N scan cannot run on the datanodes: " + filters);
        }
        if (!pushed) {
            rows = topOnCoordinator(rows, spec.keys(), spec.outputTypes(), limit, ctx);
        }
        Enumerable<Object[]> window = rows.skip((int) Math.min(offset, Integer.MAX_VALUE));
        if (fetch < Long.MAX_VALUE) {
            window = window.take((int) Math.min(fetch, Integer.MAX_VALUE));
        }
        return scalar ? window.select(r -> r[0]) : window.select(r -> (Object) r);
    }

    /**
     * The first {@code limit} rows of {@code rows} in {@code keys}' order, kept on the coordinator: a heap of at most
     * {@code limit} rows ({@link TopNNode}), which becomes an external sort in the coordinator's temporary directory
     * when those rows pass the statement's work_mem. The rows are streamed out, not copied into a list.
     */
    static Enumerable<Object[]> topOnCoordinator(Enumerable<Object[]> rows, List<SortKey> keys, List<PgType> types,
            long limit, StatementContext ctx) {
        return new AbstractEnumerable<>() {
            @Override
            public Enumerator<Object[]> enumerator() {
                io.tessera.executor.spill.SpillContext spill = ctx.spill();
                TopNNode node = new TopNNode(keys, (int) Math.min(limit, Integer.MAX_VALUE - 8), types, spill);
                try (Enumerator<Object[]> in = rows.enumerator()) {
                    while (in.moveNext()) {
                        node.add(in.current());
                    }
                } catch (RuntimeException e) {
                    node.close();
                    throw e;
                }
                return new Enumerator<>() {
                    private Object[] current;
                    private boolean closed;

                    @Override
                    public Object[] current() {
                        return current;
                    }

                    @Override
                    public boolean moveNext() {
                        current = closed ? null : node.next();
                        if (current == null) {
                            close();
                        }
                        return current != null;
                    }

                    @Override
                    public void reset() {
                        throw new UnsupportedOperationException("a top-N is read once");
                    }

                    @Override
                    public void close() {
                        if (!closed) {
                            closed = true;
                            node.close();
                            StatementContext.logTempFiles(spill, "Limit");
                        }
                    }
                };
            }
        };
    }

    /** A LIMIT's value: null for LIMIT ALL / LIMIT NULL (no limit). */
    static Long countOrAll(RexNode n, DataContext root) {
        Object v = value(n, root);
        if (v == null) {
            return null;
        }
        return check(v, SqlState.INVALID_ROW_COUNT_IN_LIMIT_CLAUSE, "LIMIT");
    }

    static long count(RexNode n, DataContext root, SqlState state, String clause) {
        Object v = value(n, root);
        return v == null ? 0 : check(v, state, clause);
    }

    private static long check(Object v, SqlState state, String clause) {
        long c;
        try {
            c = v instanceof Number num ? num.longValue() : Long.parseLong(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new TesseraException(SqlState.INVALID_TEXT_REPRESENTATION,
                    "invalid input syntax for type bigint: \"" + v + "\"");
        }
        if (c < 0) {
            throw new TesseraException(state, clause + " must not be negative");
        }
        return c;
    }

    /** A literal's value, or a parameter's as the plan's context binds it (a deferred count's too: LimitCounts). */
    private static Object value(RexNode n, DataContext root) {
        if (n instanceof RexLiteral lit) {
            return lit.getValueAs(Long.class);
        }
        if (n instanceof RexDynamicParam p) {
            return root.get("?" + p.getIndex());
        }
        throw new TesseraException(SqlState.INTERNAL_ERROR, "LIMIT/OFFSET is neither a literal nor a parameter: " + n);
    }
}
