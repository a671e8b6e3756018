package io.tessera.coordinator.sql;

import io.tessera.coordinator.sql.schema.TesseraTable;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;

/**
 * Whether a physical plan reads datanodes exactly once: a chain of single-input operators (calc, filter, project,
 * sort, aggregate, limit) over one scan of a distributed table, with no subquery left in an expression. Such a
 * statement, run outside a transaction against one datanode, may let that datanode choose its snapshot
 * ({@code ScanRequest.datanode_snapshot}); with a second read — or the one scan enumerated again under a join —
 * each read would choose its own and the statement would not read one snapshot.
 */
final class ScanCount {
    private ScanCount() {
    }

    /** Whether {@code rel} is a chain of single-input nodes ending in one scan of a {@link TesseraTable}. */
    static boolean singleScan(RelNode rel) {
        if (hasSubQuery(rel)) {
            return false;
        }
        if (rel instanceof TableScan scan) {
            return scan.getTable().unwrap(TesseraTable.class) != null;
        }
        if (rel.getInputs().size() != 1 || rel.getClass().getName().startsWith("io.tessera.")) {
            return false; // a join, a union, values, or a node of ours that reads datanodes itself
        }
        return singleScan(rel.getInput(0));
    }

    private static boolean hasSubQuery(RelNode rel) {
        boolean[] found = {false};
        rel.accept(new RexShuttle() {
            @Override
            public RexNode visitSubQuery(RexSubQuery s) {
                found[0] = true;
                return s;
            }
        });
        return found[0];
    }
}
