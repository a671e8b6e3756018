package io.tessera.coordinator.sql.exec;

import io.tessera.common.types.PgType;
import io.tessera.executor.exec.ExternalSorter;
import io.tessera.executor.exec.SortKey;
import io.tessera.executor.spill.SpillContext;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;

/**
 * The run-time half of {@code TesseraSort}: an {@link ExternalSorter} over the input rows with the statement's
 * {@code work_mem}, spilling to the coordinator's temporary directory. Rows are {@code Object[]}, or bare values
 * when the row has a single column (Calcite's scalar format).
 */
public final class CoordinatorSort {
    private CoordinatorSort() {
    }

    /**
     * A sort fixed at planning time.
     *
     * @param keys the ORDER BY over the input row
     * @param types the input row's types (to spill rows), or null when one has no row encoding (sort in memory)
     */
    public record Spec(List<SortKey> keys, List<PgType> types) {
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
        return new AbstractEnumerable<>() {
            @Override
            public Enumerator<Object> enumerator() {
                SpillContext spill = spec.types() == null ? null : TesseraDataContext.statement(root).spill();
                List<PgType> types = spec.types() != null ? spec.types() : List.of();
                ExternalSorter sorter = new ExternalSorter(spec.keys(), types, spill);
                return new Enumerator<>() {
                    private boolean loaded;
                    private Object current;

                    @Override
                    public Object current() {
                        return current;
                    }

                    @Override
                    public boolean moveNext() {
                        if (!loaded) {
                            loaded = true;
                            try (Enumerator<?> in = input.enumerator()) {
                                while (in.moveNext()) {
                                    Object r = in.current();
                                    sorter.add(inputScalar ? new Object[] {r}
                                            : r instanceof Object[] a ? a : ((java.util.List<?>) r).toArray());
                                }
                            } catch (RuntimeException e) {
                                sorter.close();
                                throw e;
                            }
                        }
                        Object[] row = sorter.next();
                        if (row == null) {
                            sorter.close();
                            return false;
                        }
                        current = scalar ? row[0] : row;
                        return true;
                    }

                    @Override
                    public void reset() {
                        throw new UnsupportedOperationException("a sort is read once");
                    }

                    @Override
                    public void close() {
                        sorter.close();
                    }
                };
            }
        };
    }
}
