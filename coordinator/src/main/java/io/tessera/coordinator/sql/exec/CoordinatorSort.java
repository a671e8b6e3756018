package io.tessera.coordinator.sql.exec;

import io.tessera.common.error.SqlState;
import io.tessera.common.types.PgType;
import io.tessera.executor.exec.ExternalSorter;
import io.tessera.executor.exec.SortKey;
import io.tessera.executor.spill.SpillContext;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rex.RexNode;

/**
 * The run-time half of {@code TesseraSort}: an {@link ExternalSorter} over the input rows with the statement's
 * {@code work_mem}, spilling to the coordinator's temporary directory; with a LIMIT, a top-N heap of LIMIT + OFFSET
 * rows instead. Rows are {@code Object[]}, or bare values when the row has a single column (Calcite's scalar
 * format).
 */
public final class CoordinatorSort {
    private CoordinatorSort() {
    }

    /**
     * A sort fixed at planning time.
     *
     * @param keys the ORDER BY over the input row
     * @param types the input row's types (to spill rows), or null when one has no row encoding (sort in memory)
     * @param offset OFFSET (a literal or a parameter), or null
     * @param fetch LIMIT (a literal or a parameter), or null: with a LIMIT the sort is a top-N
     */
    public record Spec(List<SortKey> keys, List<PgType> types, RexNode offset, RexNode fetch) {
        /** A sort of every row. */
        public Spec(List<SortKey> keys, List<PgType> types) {
            this(keys, types, null, null);
        }

        /** This sort with an OFFSET and a LIMIT. */
        public Spec limited(RexNode offset, RexNode fetch) {
            return new Spec(keys, types, offset, fetch);
        }
    }

    /**
     * The input's rows in the spec's order. The sort runs when the enumerator is first advanced; closing the
     * enumerator (also before the end) deletes the runs.
     *
     * @param inputScalar whether the input's rows are bare values (Calcite's scalar format)
     * @param scalar whether to yield bare values instead of {@code Object[]}
     */
    public static Enumerable<Object> sort(DataContext root, Enumerable<?> input, Spec spec, boolean inputScalar,
            boolean scalar) {
        if (spec.fetch() != null) {
            return top(root, input, spec, inputScalar, scalar);
        }
        return new AbstractEnumerable<>() {
            @Override
            public Enumerator<Object> enumerator() {
                SpillContext spill = spec.types() == null ? null : TesseraDataContext.statement(root).spill();
                List<PgType> types = spec.types() != null ? spec.types() : List.of();
                return new RowSourceEnumerator(() -> {
                    ExternalSorter sorter = new ExternalSorter(spec.keys(), types, spill);
                    try (Enumerator<?> in = input.enumerator()) {
                        while (in.moveNext()) {
                            sorter.add(RowSourceEnumerator.row(in.current(), inputScalar));
                        }
                    } catch (RuntimeException e) {
                        sorter.close();
                        throw e;
                    }
                    return RowSourceEnumerator.rows(sorter::next, types, sorter::close);
                }, scalar, null, spill, "Sort");
            }
        };
    }

    /**
     * ORDER BY ... LIMIT n OFFSET m: the first {@code n + m} rows in a heap ({@link RemoteTopN#topOnCoordinator},
     * which spills only when those rows pass work_mem), then OFFSET and LIMIT; LIMIT ALL / NULL sorts every row.
     *
     * @throws io.tessera.common.error.TesseraException 2201W for a negative LIMIT, 2201X for a negative OFFSET
     */
    private static Enumerable<Object> top(DataContext root, Enumerable<?> input, Spec spec, boolean inputScalar,
            boolean scalar) {
        StatementContext ctx = TesseraDataContext.statement(root);
        long offset = spec.offset() == null ? 0 : RemoteTopN.count(spec.offset(), root,
                SqlState.INVALID_ROW_COUNT_IN_RESULT_OFFSET_CLAUSE, "OFFSET");
        Long fetchOrNull = RemoteTopN.countOrAll(spec.fetch(), root);
        if (fetchOrNull != null && fetchOrNull == 0) {
            return Linq4j.emptyEnumerable();
        }
        Enumerable<Object[]> rows = input.select(r -> RowSourceEnumerator.row(r, inputScalar));
        Enumerable<Object[]> window;
        if (fetchOrNull == null) {
            Enumerable<Object> sorted = sort(root, rows, spec.limited(null, null), false, false);
            window = sorted.select(r -> (Object[]) r).skip((int) Math.min(offset, Integer.MAX_VALUE));
        } else {
            long fetch = fetchOrNull;
            long limit = fetch > Long.MAX_VALUE - offset ? Long.MAX_VALUE : offset + fetch;
            window = RemoteTopN.topOnCoordinator(rows, spec.keys(), spec.types(), limit, ctx)
                    .skip((int) Math.min(offset, Integer.MAX_VALUE)).take((int) Math.min(fetch, Integer.MAX_VALUE));
        }
        return scalar ? window.select(r -> r[0]) : window.select(r -> (Object) r);
    }
}
