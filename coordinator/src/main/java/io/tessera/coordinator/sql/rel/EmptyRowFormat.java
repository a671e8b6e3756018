package io.tessera.coordinator.sql.rel;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableCalc;
import org.apache.calcite.adapter.enumerable.EnumerableInterpreter;
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
 */
public final class EmptyRowFormat {
    private EmptyRowFormat() {
    }

    /** {@code plan} with a zero-column calc above every zero-column interpreted scan. */
    public static RelNode fix(RelNode plan) {
        return plan.accept(new RelHomogeneousShuttle() {
            @Override
            public RelNode visit(RelNode other) {
                RelNode visited = super.visit(other);
                if (visited instanceof EnumerableInterpreter
                        || (visited instanceof EnumerableCalc c && c.getInput() instanceof EnumerableInterpreter)) {
                    return visited;
                }
                List<RelNode> inputs = new ArrayList<>();
                boolean changed = false;
                for (RelNode in : visited.getInputs()) {
                    if (in instanceof EnumerableInterpreter && in.getRowType().getFieldCount() == 0) {
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
}
