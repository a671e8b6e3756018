package io.tessera.coordinator.catalog.pgcatalog;

import static io.tessera.coordinator.catalog.pgcatalog.CatalogTable.Type.*;

import java.util.List;

/** {@code pg_tablespace}: PostgreSQL's two built-in tablespaces; every Tessera relation is in the default one. */
public final class PgTablespace extends CatalogTable {
    private static final List<Col> COLUMNS = cols("oid", OID, "spcname", NAME, "spcowner", OID, "spcacl", TEXT_ARRAY,
            "spcoptions", TEXT_ARRAY);

    @Override
    public List<Col> columns() {
        return COLUMNS;
    }

    @Override
    protected List<Object[]> rows(CatalogContext ctx) {
        int su = ctx.bootstrapSuperuser();
        return List.of(new Object[] {CatalogOids.PG_DEFAULT_TABLESPACE, "pg_default", su, null, null},
                new Object[] {1664, "pg_global", su, null, null});
    }
}
