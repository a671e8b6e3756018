package io.tessera.coordinator.catalog.pgcatalog;

import static io.tessera.coordinator.catalog.pgcatalog.CatalogTable.Type.*;

import io.tessera.coordinator.catalog.TableDef;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code pg_constraint}: the primary keys ({@code contype 'p'}, named {@code <table>_pkey}, backed by the index of
 * the same name). NOT NULL is a column property in PostgreSQL 15 (pg_attribute.attnotnull), not a constraint row.
 */
public final class PgConstraint extends CatalogTable {
    private static final List<Col> COLUMNS = cols("oid", OID, "conname", NAME, "connamespace", OID, "contype", CHAR,
            "condeferrable", BOOL, "condeferred", BOOL, "convalidated", BOOL, "conrelid", OID, "contypid", OID,
            "conindid", OID, "conparentid", OID, "confrelid", OID, "confupdtype", CHAR, "confdeltype", CHAR,
            "confmatchtype", CHAR, "conislocal", BOOL, "coninhcount", INT4, "connoinherit", BOOL,
            "conkey", INT2_ARRAY, "confkey", INT2_ARRAY, "conpfeqop", OID_ARRAY, "conppeqop", OID_ARRAY,
            "conffeqop", OID_ARRAY, "confdelsetcols", INT2_ARRAY, "conexclop", OID_ARRAY, "conbin", TEXT);

    @Override
    public List<Col> columns() {
        return COLUMNS;
    }

    @Override
    protected List<Object[]> rows(CatalogContext ctx) {
        List<Object[]> rows = new ArrayList<>();
        for (TableDef t : ctx.tables()) {
            if (t.primaryKey().isEmpty()) {
                continue;
            }
            rows.add(new Object[] {CatalogOids.primaryKeyConstraint(t), CatalogOids.primaryKeyName(t),
                CatalogOids.schemaOid(t.schema()), "p", false, false, true, t.oid(), 0,
                CatalogOids.primaryKeyIndex(t), 0, 0, " ", " ", " ", true, 0, true, PgIndex.keyAttnums(t), null,
                null, null, null, null, null, null});
        }
        return rows;
    }

    /** PostgreSQL's pg_get_constraintdef for a primary key: {@code PRIMARY KEY (a, b)}; null when unknown. */
    public static String definition(CatalogContext ctx, int oid) {
        for (TableDef t : ctx.tables()) {
            if (!t.primaryKey().isEmpty() && CatalogOids.primaryKeyConstraint(t) == oid) {
                return "PRIMARY KEY (" + String.join(", ", t.primaryKey().stream().map(Relations::quote).toList())
                        + ")";
            }
        }
        return null;
    }
}
