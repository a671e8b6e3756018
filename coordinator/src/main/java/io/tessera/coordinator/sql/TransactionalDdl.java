package io.tessera.coordinator.sql;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.catalog.CatalogOverlay;
import io.tessera.coordinator.catalog.CatalogStore;
import io.tessera.sql.parser.ddl.SqlAlterTable;
import io.tessera.sql.parser.ddl.SqlCreateDatabase;
import io.tessera.sql.parser.ddl.SqlDropDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.calcite.sql.SqlNode;

/**
 * DDL inside a transaction block ({@code BEGIN ... COMMIT}) for one session: the block's catalog changes go to a
 * {@link CatalogOverlay} that only this session plans against, COMMIT publishes them in one catalog version after
 * checking them against concurrent DDL, ROLLBACK (and ROLLBACK TO SAVEPOINT) forgets them.
 *
 * <p>COMMIT's order: the overlay is checked against the current catalog (40001 when another transaction changed a
 * table, sequence or view this block changed, or took a name it created: the block rolls back), the block's data
 * commits, then the catalog update is published. A concurrent DDL that lands in the short gap between the check and
 * the publication makes COMMIT report 40001 after the data committed: rows written to tables the block created stay
 * unreachable (their table ids are never published), rows written to existing tables stay committed.
 *
 * <p>The statements PostgreSQL refuses in a block keep 25001 (CREATE/DROP DATABASE, VACUUM, the CONCURRENTLY index
 * forms, and Postgres-XL's ALTER TABLE ... DISTRIBUTE BY / TO NODE / ADD NODE / DELETE NODE). A table whose shape
 * the block changed is served to the datanodes with the block's definition in each request
 * ({@code TableDescriptor.definition}: layout, missing values, secondary indexes), so the block's writes maintain
 * the indexes it keeps, those made before the block included. CREATE INDEX in a block enters the block's catalog
 * DELETE_ONLY (the block's queries do not use it) and is built online once COMMIT has published it. DROP INDEX in a
 * block leaves the block's catalog at once (the block's queries stop using it); when that is the block's only change
 * to the table, its writes keep maintaining the index and the table's others ({@link CatalogOverlay#requestVersion}),
 * else they maintain the others only (the dropped index's entries of rows the block wrote roll back with them); the
 * datanodes
 * remove the index's entries once COMMIT has published the drop (ROLLBACK keeps the index, entries and all).
 * An ALTER TABLE that rewrites the table (ALTER COLUMN TYPE with a new encoding, ADD COLUMN with a volatile default,
 * ADD PRIMARY KEY) copies the rows into the new table id in the block's own transaction and switches the block's
 * catalog to it: the old rows are removed once COMMIT has published the switch, ROLLBACK drops the copy with the
 * block's writes.
 */
final class TransactionalDdl implements CatalogStore.Scope {
    private final CatalogStore catalog;
    private final BooleanSupplier inBlock;
    private CatalogOverlay overlay;
    private final List<String> savepointNames = new ArrayList<>();
    private final List<Integer> savepointMarks = new ArrayList<>();

    /**
     * @param catalog the coordinator's catalog (null in unit tests without one: DDL then is never transactional)
     * @param inBlock whether the session is inside a transaction block now
     */
    TransactionalDdl(CatalogStore catalog, BooleanSupplier inBlock) {
        this.catalog = catalog;
        this.inBlock = inBlock;
    }

    @Override
    public CatalogOverlay overlay(boolean create) {
        if (catalog == null || !inBlock.getAsBoolean()) {
            return null;
        }
        if (overlay == null && create) {
            overlay = catalog.newOverlay();
        }
        return overlay;
    }

    /** Binds the calling thread to this session's catalog view until the returned action runs. */
    Runnable enter() {
        return CatalogStore.enter(this);
    }

    /**
     * Refuses, inside a transaction block, the DDL that must not run there (PostgreSQL's 25001, and Postgres-XL's for
     * the redistribution forms of ALTER TABLE).
     *
     * @throws TesseraException 25001 naming the statement
     */
    static void refuse(SqlNode node, boolean inBlock) {
        if (!inBlock) {
            return;
        }
        if (node instanceof SqlCreateDatabase || node instanceof SqlDropDatabase) {
            throw refused((node instanceof SqlCreateDatabase ? "CREATE" : "DROP") + " DATABASE");
        }
        if (!(node instanceof SqlAlterTable alter)) {
            return;
        }
        for (SqlAlterTable.Action a : alter.actions()) {
            if (a instanceof SqlAlterTable.Redistribute r) {
                throw refused("ALTER TABLE ... " + r.form());
            }
        }
    }

    private static TesseraException refused(String statement) {
        return new TesseraException(SqlState.ACTIVE_SQL_TRANSACTION, statement
                + " cannot run inside a transaction block");
    }

    /** SAVEPOINT {@code name}: ROLLBACK TO it forgets the DDL run after it. */
    void savepoint(String name) {
        savepointNames.add(name);
        savepointMarks.add(overlay == null ? 0 : overlay.mark());
    }

    /** ROLLBACK TO SAVEPOINT {@code name} (which stays). */
    void rollbackTo(String name) {
        int i = savepointNames.lastIndexOf(name);
        if (i < 0) {
            return;
        }
        if (overlay != null) {
            overlay.rollbackTo(savepointMarks.get(i));
        }
        truncate(i + 1);
    }

    /** RELEASE SAVEPOINT {@code name} (and those after it). */
    void release(String name) {
        int i = savepointNames.lastIndexOf(name);
        if (i >= 0) {
            truncate(i);
        }
    }

    private void truncate(int size) {
        while (savepointNames.size() > size) {
            savepointNames.remove(savepointNames.size() - 1);
            savepointMarks.remove(savepointMarks.size() - 1);
        }
    }

    /**
     * COMMIT of the block: checks its catalog changes against concurrent DDL, commits its data, publishes the
     * changes.
     *
     * @param commitData commits the block's transaction (may throw; the catalog changes are then dropped)
     * @param rollbackData rolls the block's transaction back (when the check refuses)
     * @throws TesseraException 40001 when a concurrent DDL conflicts; whatever {@code commitData} throws
     */
    void commit(Runnable commitData, Runnable rollbackData) {
        CatalogOverlay o = overlay;
        overlay = null;
        truncate(0);
        if (o == null || o.isEmpty()) {
            commitData.run();
            return;
        }
        try {
            o.check();
        } catch (RuntimeException e) {
            o.discard();
            rollbackData.run();
            throw e;
        }
        try {
            commitData.run();
        } catch (RuntimeException e) {
            o.discard();
            throw e;
        }
        o.publish();
    }

    /** ROLLBACK of the block, or the end of the session inside one: its catalog changes are forgotten. */
    void rollback() {
        CatalogOverlay o = overlay;
        overlay = null;
        truncate(0);
        if (o != null) {
            o.discard();
        }
    }
}
