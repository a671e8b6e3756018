package io.tessera.coordinator.catalog.pgcatalog;

import static io.tessera.coordinator.catalog.pgcatalog.CatalogTable.Type.*;

import java.util.List;

/**
 * {@code pg_language}: the languages of the built-in functions that {@link PgProc} lists, with PostgreSQL's fixed
 * OIDs (internal 12, c 13, sql 14). Tessera has no procedural languages.
 */
public final class PgLanguage extends CatalogTable {
    private static final List<Col> COLUMNS = cols("oid", OID, "lanname", NAME, "lanowner", OID, "lanispl", BOOL,
            "lanpltrusted", BOOL, "lanplcallfoid", OID, "laninline", OID, "lanvalidator", OID, "lanacl", TEXT_ARRAY);

    @Override
    public List<Col> columns() {
        return COLUMNS;
    }

    @Override
    protected List<Object[]> rows(CatalogContext ctx) {
        return List.of(new Object[] {12, "internal", 10, false, false, 0, 0, 2246, null},
                new Object[] {13, "c", 10, false, false, 0, 0, 2247, null},
                new Object[] {14, "sql", 10, false, true, 0, 0, 2248, null});
    }
}
