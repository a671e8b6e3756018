package io.tessera.coordinator.sql.exec;

import io.tessera.executor.spill.RowSize;
import io.tessera.executor.spill.WorkMem;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;

/**
 * The run-time half of {@code TesseraMaterialize}: the rows of a nested loop's inner input, read from it once and
 * replayed from memory for every later outer row, as PostgreSQL's {@code Materialize} node (nodeMaterial.c) does
 * for the inner side of a {@code Nested Loop}. Calcite's nested loop opens its inner input again for every outer
 * row, and when that input reads datanodes each opening is a distributed query (TPC-H Q11 ran its scalar sub-query
 * 748 times).
 *
 * <p>The first reading reads the whole input at once and keeps its rows while their estimated size
 * ({@link RowSize}) stays within the statement's {@code work_mem} — also when the nested loop stops reading early
 * (a semi join's first match), so later readings never open the input again. An input larger than work_mem is not
 * kept: the first reading continues from where the kept rows end, and each later one opens the input again
 * (Calcite's behaviour), so memory never grows past work_mem.
 */
public final class Materialized {
    private Materialized() {
    }

    /**
     * {@code input}'s rows: the first reading reads them all from it, later ones from memory (see the class
     * comment for an input larger than work_mem).
     *
     * @param root the statement's data context (its {@code work_mem}); outside a Tessera statement the default
     * @param input the inner input (rows as {@code Object[]}, or bare values in Calcite's scalar format)
     */
    public static Enumerable<Object> of(DataContext root, Enumerable<?> input) {
        long limit = 1024L * (root.get(TesseraDataContext.STATEMENT) instanceof StatementContext s
                ? s.workMemKb() : WorkMem.DEFAULT_KB);
        return new AbstractEnumerable<>() {
            /** The rows, once read within work_mem; null before that. */
            private List<Object> rows;
            /** Whether the input passed work_mem: every reading goes to the input. */
            private boolean tooLarge;

            @Override
            public Enumerator<Object> enumerator() {
                if (rows != null) {
                    return Linq4j.enumerator(rows);
                }
                @SuppressWarnings("unchecked")
                Enumerator<Object> in = (Enumerator<Object>) input.enumerator();
                if (tooLarge) {
                    return in;
                }
                List<Object> kept = new ArrayList<>();
                long bytes = 0;
                try {
                    while (in.moveNext()) {
                        Object r = in.current();
                        kept.add(r);
                        bytes += RowSize.of(r instanceof Object[] a ? a : new Object[] {r});
                        if (bytes > limit) {
                            tooLarge = true;
                            return keptThenRest(kept, in);
                        }
                    }
                } catch (RuntimeException e) {
                    in.close();
                    throw e;
                }
                in.close();
                rows = kept;
                return Linq4j.enumerator(rows);
            }
        };
    }

    /** The rows read so far, then the rest of {@code in}; closing it closes {@code in}. */
    private static Enumerator<Object> keptThenRest(List<Object> kept, Enumerator<Object> in) {
        return new Enumerator<>() {
            private int next;
            private Object current;

            @Override
            public Object current() {
                return current;
            }

            @Override
            public boolean moveNext() {
                if (next < kept.size()) {
                    current = kept.get(next++);
                    return true;
                }
                if (!in.moveNext()) {
                    return false;
                }
                current = in.current();
                return true;
            }

            @Override
            public void reset() {
                throw new UnsupportedOperationException("a materialized input is read from the start");
            }

            @Override
            public void close() {
                in.close();
            }
        };
    }
}
