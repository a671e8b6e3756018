package io.tessera.coordinator.sql;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.catalog.CatalogSnapshot;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.coordinator.gc.GcCoordinator;
import io.tessera.sql.parser.utility.SqlVacuum;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlIdentifier;

/**
 * {@code VACUUM [table, ...]}: every datanode purges the versions no snapshot can see any more — in the named
 * tables, or in every table of the database — and compacts, before the command completes (see
 * {@link GcCoordinator#vacuum}). As in PostgreSQL, it cannot run inside a transaction block (25001), an unknown
 * table is 42P01, and the options (FULL, FREEZE, VERBOSE, ...) are accepted but change nothing, except ANALYZE:
 * the session then runs {@link AnalyzeExecutor#afterVacuum} on the same tables.
 */
final class VacuumExecutor {
    private VacuumExecutor() {
    }

    /**
     * Runs VACUUM for a session of {@code database}.
     *
     * @throws TesseraException 25001 inside a transaction block; 42P01 for an unknown table; 0A000 on a
     *     coordinator started without garbage collection; a datanode's error
     */
    static void run(GcCoordinator gc, CatalogSnapshot catalog, SqlVacuum vacuum, String database, boolean inBlock) {
        if (inBlock) {
            throw new TesseraException(SqlState.ACTIVE_SQL_TRANSACTION, "VACUUM cannot run inside a transaction block");
        }
        if (gc == null) {
            throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "VACUUM needs the coordinator's GC service");
        }
        List<Integer> ids = new ArrayList<>();
        if (vacuum.tables().isEmpty()) {
            for (TableDef t : catalog.tables(database).values()) {
                ids.add(t.id());
            }
            if (ids.isEmpty()) {
                return; // nothing to purge in this database
            }
        } else {
            for (SqlIdentifier id : vacuum.tables()) {
                String name = DdlExecutor.tableName(id);
                TableDef t = catalog.tables(database).get(name);
                if (t == null) {
                    throw new TesseraException(SqlState.UNDEFINED_TABLE, "relation \"" + name + "\" does not exist");
                }
                ids.add(t.id());
            }
        }
        gc.vacuum(ids);
    }
}
