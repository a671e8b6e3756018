package io.tessera.coordinator.sql;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.catalog.ColumnDef;
import io.tessera.coordinator.catalog.TableDef;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;

/**
 * What an UPDATE's assignment may not do to a column: give a GENERATED ALWAYS identity column a value other than
 * DEFAULT (428C9, as PostgreSQL).
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
    }
}
