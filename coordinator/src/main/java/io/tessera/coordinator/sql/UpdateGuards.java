package io.tessera.coordinator.sql;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.catalog.ColumnDef;
import io.tessera.coordinator.catalog.TableDef;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * What an UPDATE's assignment may not do to a column: give a GENERATED ALWAYS identity column a value other than
 * DEFAULT (428C9, as PostgreSQL), or change a column a CHECK constraint reads — the datanodes, which apply
 * updates, do not evaluate CHECK constraints yet, so such an UPDATE is refused (0A000) rather than let through
 * unchecked.
 */
final class UpdateGuards {
    private UpdateGuards() {
    }

    static void check(TableDef t, String column, SqlNode value) {
        ColumnDef c = t.columns().get(t.columnIndex(column));
        if ("a".equals(c.identity()) && value.getKind() != SqlKind.DEFAULT) {
            throw new TesseraException(SqlState.GENERATED_ALWAYS, "column \"" + column
                    + "\" can only be updated to DEFAULT", "Column \"" + column
                    + "\" is an identity column defined as GENERATED ALWAYS.", null, 0, null);
        }
        for (TableDef.CheckDef k : t.checks()) {
            boolean[] reads = {false};
            InsertDefaults.expression(k.expr()).accept(new SqlShuttle() {
                @Override
                public SqlNode visit(SqlIdentifier id) {
                    if (id.names.get(id.names.size() - 1).equals(column)) {
                        reads[0] = true;
                    }
                    return id;
                }
            });
            if (reads[0]) {
                throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "UPDATE of column \"" + column
                        + "\", which check constraint \"" + k.name() + "\" reads, is not supported yet", null,
                        "Delete the row and insert it with the new value (INSERT checks the constraint).", 0, null);
            }
        }
    }
}
