package io.tessera.coordinator.catalog.pgcatalog;

import static io.tessera.coordinator.catalog.pgcatalog.CatalogTable.Type.*;

import io.tessera.coordinator.catalog.TableDef;
import java.util.ArrayList;
import java.util.List;

/** The view {@code pg_tables}: one row per table of the connected database. */
public final class PgTables extends CatalogTable {
    private static final List<Col> COLUMNS = cols("schemaname", NAME, "tablename", NAME, "tableowner", NAME,
            "tablespace", NAME, "hasindexes", BOOL, "hasrules", BOOL, "hastriggers", BOOL, "rowsecurity", BOOL);

    @Override
    public List<Col> columns() {
        return COLUMNS;
    }

    @Override
    protected List<Object[]> rows(CatalogContext ctx) {
        List<Object[]> rows = new ArrayList<>();
        String owner = Roles.name(ctx, ctx.tableOwner());
        for (TableDef t : ctx.tables()) {
            rows.add(new Object[] {t.schema(), t.name(),
                Roles.name(ctx, io.tessera.coordinator.catalog.Acls.owner(ctx.snapshot(), t)), null, !t.primaryKey().isEmpty(), false, false, false});
        }
        return rows;
    }
}
