package io.tessera.coordinator.sql.rel;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableCalc;
import org.apache.calcite.adapter.enumerable.EnumerableInterpreter;
import org.apache.calcite.adapter.enumerable.EnumerableTableFunctionScan;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rex.RexProgram;

/**
 * Gives the rows of a zero-column interpreted scan the row format their consumers expect. Calcite's
 * {@link EnumerableInterpreter} emits {@code Object[]} rows whatever their width, but a pass-through operator above it
 * ({@code EnumerableLimit}, {@code EnumerableSort}) re-derives its format from the row type, and a row of no columns
 * derives {@code JavaRowFormat.LIST}: the rows are then cast to {@code FlatLists.ComparableList} and fail with a
 * ClassCastException (XX000). This happens with pushdown off in
 * {@code SELECT count(*) FROM (SELECT id FROM t LIMIT 5) x}, whose scan keeps no column. A zero-column
 * {@link EnumerableCalc} over such a scan converts its rows to the LIST format it declares.
 *
 * <p>The same holds for a one-column set-returning function in FROM: its {@code EnumerableTableFunctionScan} emits
 * {@code Object[]} rows of one element, but a pass-through operator above it derives {@code JavaRowFormat.SCALAR},
 * so {@code SELECT * FROM (SELECT * FROM generate_series(1, 5) g LIMIT 2) v} sent {@code Object[]} values to the
 * client (XX000 "cannot send a Object[] as integer") and a join above it failed with a ClassCastException. An
 * identity calc over such a scan gives its consumers the scalars they expect.
 */
public final class EmptyRowFormat {
    private EmptyRowFormat() {
    }

    /**
     * {@code plan} with an identity calc above every zero-column interpreted scan and every one-column function
     * scan of {@code Object[]} rows, except where a calc reads it already.
     */
    public static RelNode fix(RelNode plan) {
        return plan.accept(new RelHomogeneousShuttle() {
            @Override
            public RelNode visit(RelNode other) {
                RelNode visited = super.visit(other);
                if (visited instanceof EnumerableInterpreter || visited instanceof EnumerableCalc) {
                    return visited;
                }
                List<RelNode> inputs = new ArrayList<>();
                boolean changed = false;
                for (RelNode in : visited.getInputs()) {
                    if (arrayRowsOfOtherFormat(in)) {
                        inputs.add(EnumerableCalc.create(in, RexProgram.createIdentity(in.getRowType())));
                        changed = true;
                    } else {
                        inputs.add(in);
                    }
                }
                return changed ? visited.copy(visited.getTraitSet(), inputs) : visited;
            }
        });
    }

    /** Whether {@code rel} emits {@code Object[]} rows where its row type derives another format. */
    private static boolean arrayRowsOfOtherFormat(RelNode rel) {
        int fields = rel.getRowType().getFieldCount();
        return rel instanceof EnumerableInterpreter && fields == 0
                || rel instanceof EnumerableTableFunctionScan f && fields == 1 && f.getElementType() == Object[].class;
    }
}
