package io.tessera.coordinator.sql.exec;

import io.tessera.common.types.PgType;
import io.tessera.executor.exec.SetOpNode;
import io.tessera.executor.spill.SpillContext;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;

/**
 * The run-time half of {@code TesseraIntersect}, {@code TesseraMinus} and {@code TesseraUnion}: the executor's
 * {@link SetOpNode} over the inputs' rows, with PostgreSQL's equality and counts, spilling to the coordinator's
 * temporary directory past the statement's {@code work_mem}. Rows are {@code Object[]}, or bare values when the row
 * has a single column (Calcite's scalar format).
 */
public final class CoordinatorSetOp {
    private CoordinatorSetOp() {
    }

    /**
     * A set operation fixed at planning time.
     *
     * @param columns the rows' width
     * @param types the rows' types (to spill rows), or null when a column has no row encoding (kept in memory)
     */
    public record Spec(SetOpNode.Kind kind, boolean all, int columns, List<PgType> types) {
        /** The operation's EXPLAIN name, for the log. */
        String name() {
            return switch (kind) {
                case UNION -> "HashAggregate";
                case INTERSECT -> "HashSetOp Intersect" + (all ? " All" : "");
                case EXCEPT -> "HashSetOp Except" + (all ? " All" : "");
            };
        }
    }

    /**
     * The set operation of {@code inputs}, left to right. The inputs are read when the enumerator is first advanced;
     * closing it (also before the end) deletes the partition files.
     *
     * @param scalar whether the inputs' rows and the output's are bare values (one column) rather than
     *     {@code Object[]}
     */
    public static Enumerable<Object> run(DataContext root, Enumerable<?>[] inputs, Spec spec, boolean scalar) {
        return new AbstractEnumerable<>() {
            @Override
            public Enumerator<Object> enumerator() {
                SpillContext spill = spec.types() == null ? null : TesseraDataContext.statement(root).spill();
                return new RowSourceEnumerator(() -> {
                    SetOpNode node = new SetOpNode(spec.kind(), spec.all(), inputs.length, spec.columns(),
                            spec.types(), spill);
                    try {
                        for (int i = 0; i < inputs.length; i++) {
                            try (Enumerator<?> in = inputs[i].enumerator()) {
                                while (in.moveNext()) {
                                    Object r = in.current();
                                    node.add(i, scalar ? new Object[] {r} : (Object[]) r);
                                }
                            }
                        }
                    } catch (RuntimeException e) {
                        node.close();
                        throw e;
                    }
                    return RowSourceEnumerator.rows(node::next, spec.types(), node::close);
                }, scalar, null, spill, spec.name());
            }
        };
    }
}
