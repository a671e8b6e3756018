package io.tessera.coordinator.catalog.pgcatalog;

import static io.tessera.coordinator.catalog.pgcatalog.CatalogTable.Type.*;

import io.tessera.coordinator.catalog.ViewDef;
import java.util.ArrayList;
import java.util.List;

/** The view {@code pg_views}: one row per view of the connected database, with its definition. */
public final class PgViews extends CatalogTable {
    private static final List<Col> COLUMNS = cols("schemaname", NAME, "viewname", NAME, "viewowner", NAME,
            "definition", TEXT);

    @Override
    public List<Col> columns() {
        return COLUMNS;
    }

    @Override
    protected List<Object[]> rows(CatalogContext ctx) {
        List<Object[]> rows = new ArrayList<>();
        String owner = Roles.name(ctx, ctx.tableOwner());
        for (ViewDef v : ctx.views()) {
            rows.add(new Object[] {v.schema(), v.name(), owner, PgCatalogFunctions.viewDefinition(ctx, v)});
        }
        return rows;
    }
}
