package io.tessera.coordinator.catalog.pgcatalog;

import static io.tessera.coordinator.catalog.pgcatalog.CatalogTable.Type.*;

import java.util.List;

/**
 * {@code pg_collation}: {@code default}, {@code C} and {@code POSIX} (PostgreSQL's OIDs 100, 950, 951). Tessera
 * compares text by code point, which is what all three mean here.
 */
public final class PgCollation extends CatalogTable {
    private static final List<Col> COLUMNS = cols("oid", OID, "collname", NAME, "collnamespace", OID,
            "collowner", OID, "collprovider", CHAR, "collisdeterministic", BOOL, "collencoding", INT4,
            "collcollate", TEXT, "collctype", TEXT, "colliculocale", TEXT, "collversion", TEXT);

    @Override
    public List<Col> columns() {
        return COLUMNS;
    }

    @Override
    protected List<Object[]> rows(CatalogContext ctx) {
        int su = ctx.bootstrapSuperuser();
        return List.of(
                new Object[] {CatalogOids.DEFAULT_COLLATION, "default", CatalogOids.PG_CATALOG, su, "d", true, -1,
                    null, null, null, null},
                new Object[] {950, "C", CatalogOids.PG_CATALOG, su, "c", true, -1, "C", "C", null, null},
                new Object[] {951, "POSIX", CatalogOids.PG_CATALOG, su, "c", true, -1, "POSIX", "POSIX", null, null});
    }
}
