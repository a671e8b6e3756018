package io.tessera.coordinator.sql;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.catalog.CatalogSnapshot;
import io.tessera.coordinator.catalog.CatalogStore;
import io.tessera.coordinator.catalog.ForeignKeyDef;
import io.tessera.coordinator.catalog.IndexDef;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.coordinator.sql.constraint.ForeignKeys;
import io.tessera.sql.parser.ddl.SqlAlterTable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.curator.framework.api.transaction.CuratorOp;

/**
 * The secondary indexes and foreign keys over a column through ALTER TABLE ... RENAME COLUMN and DROP COLUMN, as in
 * PostgreSQL 15 (which follows attnums, so a rename changes nothing but the name):
 *
 * <ul>
 *   <li>RENAME COLUMN: the table's indexes and foreign keys, and the foreign keys of other tables that reference
 *       the column, name the new column.</li>
 *   <li>DROP COLUMN: the table's indexes over the column (key or INCLUDE, UNIQUE constraints too) and its foreign
 *       keys over it (a self-reference's referenced side too) go with it. A foreign key of another table that
 *       references the column is a dependent object: 2BP01 {@code cannot drop column a of table p because other
 *       objects depend on it}, unless CASCADE, which drops that constraint (notice
 *       {@code drop cascades to constraint c_a_fkey on table c}).</li>
 * </ul>
 */
final class ColumnDependents {
    private ColumnDependents() {
    }

    /** Renames column {@code from} to {@code to} in the key and INCLUDE columns of {@code indexes}, in place. */
    static void indexes(List<IndexDef> indexes, String from, String to) {
        for (int k = 0; k < indexes.size(); k++) {
            IndexDef i = indexes.get(k);
            List<IndexDef.Column> cols = i.columns().stream().map(c -> c.name().equals(from)
                    ? new IndexDef.Column(to, c.descending(), c.nullsFirst()) : c).toList();
            indexes.set(k, i.withColumns(cols, rename(i.include(), from, to)));
        }
    }

    /**
     * Renames column {@code from} to {@code to} in the foreign keys of table {@code tableId}, in place: their
     * referencing columns, and their referenced ones where they reference the table itself.
     */
    static void foreignKeys(List<ForeignKeyDef> fks, int tableId, String from, String to) {
        for (int k = 0; k < fks.size(); k++) {
            ForeignKeyDef fk = fks.get(k);
            fks.set(k, new ForeignKeyDef(fk.name(), rename(fk.columns(), from, to), fk.refTableId(),
                    fk.refTableId() == tableId ? rename(fk.refColumns(), from, to) : fk.refColumns(), fk.matchType(),
                    fk.onUpdate(), fk.onDelete(), fk.validated(), fk.oid(), fk.deferrable(), fk.initiallyDeferred()));
        }
    }

    /**
     * DROP COLUMN of column {@code drop.column()} of {@code t} (named {@code table} at this point of the
     * statement): removes the table's indexes and foreign keys over it from {@code indexes} and {@code fks}.
     *
     * @throws TesseraException 2BP01 when another table's foreign key references the column and there is no CASCADE
     */
    static void drop(CatalogSnapshot s, TableDef t, String table, List<IndexDef> indexes, List<ForeignKeyDef> fks,
            SqlAlterTable.DropColumn drop, List<TesseraException> notices) {
        String column = drop.column();
        List<String> dependents = new ArrayList<>();
        for (ForeignKeys.Reference r : ForeignKeys.referencing(s, t)) {
            if (r.child().id() != t.id() && r.fk().refColumns().contains(column)) {
                dependents.add("constraint " + r.fk().name() + " on table " + r.child().name());
            }
        }
        if (!dependents.isEmpty() && !drop.cascade()) {
            throw new TesseraException(SqlState.DEPENDENT_OBJECTS_STILL_EXIST, "cannot drop column " + column
                    + " of table " + table + " because other objects depend on it", String.join("\n",
                    dependents.stream().map(d -> d + " depends on column " + column + " of table " + table).toList()),
                    "Use DROP ... CASCADE to drop the dependent objects too.", 0, null);
        }
        if (dependents.size() == 1) {
            notices.add(new TesseraException(SqlState.SUCCESSFUL_COMPLETION, "drop cascades to " + dependents.get(0)));
        } else if (!dependents.isEmpty()) {
            notices.add(new TesseraException(SqlState.SUCCESSFUL_COMPLETION, "drop cascades to " + dependents.size()
                    + " other objects", String.join("\n", dependents.stream().map(d -> "drop cascades to " + d)
                    .toList()), null, 0, null));
        }
        indexes.removeIf(i -> i.columnNames().contains(column) || i.include().contains(column));
        fks.removeIf(fk -> fk.columns().contains(column) || fk.refTableId() == t.id()
                && fk.refColumns().contains(column));
    }

    /**
     * The catalog operations that make the other tables' foreign keys referencing {@code before} follow an ALTER
     * TABLE that made it {@code after}: each referenced column renamed by {@code renamed}; a constraint whose
     * referenced column is gone (DROP COLUMN ... CASCADE) dropped.
     */
    static List<CuratorOp> referencingOperations(CatalogSnapshot s, CatalogStore.Ops ops, TableDef before,
            TableDef after, UnaryOperator<String> renamed) throws Exception {
        List<CuratorOp> out = new ArrayList<>();
        for (TableDef other : s.tables(before.database()).values()) {
            if (other.id() == before.id()) {
                continue;
            }
            List<ForeignKeyDef> next = new ArrayList<>();
            for (ForeignKeyDef fk : other.foreignKeys()) {
                if (fk.refTableId() != before.id()) {
                    next.add(fk);
                    continue;
                }
                List<String> refs = fk.refColumns().stream().map(renamed).toList();
                if (refs.stream().allMatch(c -> after.columnIndex(c) >= 0)) {
                    next.add(new ForeignKeyDef(fk.name(), fk.columns(), fk.refTableId(), refs, fk.matchType(),
                            fk.onUpdate(), fk.onDelete(), fk.validated(), fk.oid(), fk.deferrable(),
                            fk.initiallyDeferred()));
                }
            }
            if (!next.equals(other.foreignKeys())) {
                out.add(ops.updateTable(other.withForeignKeys(next)));
            }
        }
        return out;
    }

    private static List<String> rename(List<String> columns, String from, String to) {
        return columns.stream().map(c -> c.equals(from) ? to : c).toList();
    }
}
