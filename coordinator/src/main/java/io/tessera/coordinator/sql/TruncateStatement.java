package io.tessera.coordinator.sql;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.catalog.CatalogSnapshot;
import io.tessera.coordinator.catalog.SequenceDef;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.coordinator.sql.exec.ModifyExecutor;
import io.tessera.coordinator.sql.exec.StatementContext;
import io.tessera.sql.parser.copy.SqlTruncateTables;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.sql.SqlIdentifier;

/**
 * {@code TRUNCATE [TABLE] t [, ...]} (https://www.postgresql.org/docs/15/sql-truncate.html) as a transactional
 * delete of every row of each table through the DELETE path ({@link ModifyExecutor} with no filter): one statement
 * of the session's transaction, so it may run inside a block (pgbench's {@code begin; truncate ...; copy ...;
 * commit}), rolls back with it and keeps MVCC — readers with older snapshots still see the rows.
 *
 * <p>Deviation from PostgreSQL, which swaps in empty files and takes an ACCESS EXCLUSIVE lock: this costs time in
 * proportion to the rows (a tombstone per row, reclaimed by GC), and concurrent writers are not blocked — a row
 * inserted by another transaction after this one's snapshot survives. RESTART IDENTITY restarts the sequences the
 * tables' columns own ({@link #ownedSequences}): at once outside a transaction block, transactionally inside one
 * ({@code SessionSequences#restart}).
 */
final class TruncateStatement {
    private TruncateStatement() {
    }

    /**
     * Checks that every table exists before deleting anything.
     *
     * @throws TesseraException 42P01 for an unknown table
     */
    static List<TableDef> tables(CatalogSnapshot catalog, String database, SqlTruncateTables stmt) {
        List<TableDef> out = new ArrayList<>();
        for (SqlIdentifier id : stmt.names()) {
            String name = DdlExecutor.tableName(id);
            TableDef t = catalog.tables(database).get(name);
            if (t == null) {
                throw new TesseraException(SqlState.UNDEFINED_TABLE, "relation \"" + name + "\" does not exist");
            }
            if (out.stream().noneMatch(o -> o.id() == t.id())) {
                out.add(t);
            }
        }
        // foreign keys: CASCADE truncates the referencing tables too, else each must be truncated with its parent
        for (int i = 0; i < out.size(); i++) {
            for (io.tessera.coordinator.sql.constraint.ForeignKeys.Reference r
                    : io.tessera.coordinator.sql.constraint.ForeignKeys.referencing(catalog, out.get(i))) {
                if (out.stream().anyMatch(o -> o.id() == r.child().id())) {
                    continue;
                }
                if (!stmt.cascade()) {
                    throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "cannot truncate a table referenced in"
                            + " a foreign key constraint", "Table \"" + r.child().name() + "\" references \""
                            + out.get(i).name() + "\".", "Truncate table \"" + r.child().name()
                            + "\" at the same time, or use TRUNCATE ... CASCADE.", 0, null);
                }
                out.add(r.child());
            }
        }
        return out;
    }

    /** The sequences the tables' columns own (serial and identity columns): RESTART IDENTITY restarts them. */
    static List<SequenceDef> ownedSequences(CatalogSnapshot catalog, String database, List<TableDef> tables) {
        List<SequenceDef> out = new ArrayList<>();
        for (SequenceDef q : catalog.sequences(database).values()) {
            if (q.ownedByTable() != null && tables.stream().anyMatch(t -> t.key().equals(q.ownedByTable()))) {
                out.add(q);
            }
        }
        return out;
    }

    /** Deletes every row of each table as intents of the statement's transaction. */
    static void run(List<TableDef> tables, StatementContext ctx, RelDataTypeFactory typeFactory) {
        RexBuilder rex = new RexBuilder(typeFactory);
        for (TableDef t : tables) {
            ModifyExecutor.run(t, null, new int[0], List.of(), true, ctx, rex);
        }
    }
}
