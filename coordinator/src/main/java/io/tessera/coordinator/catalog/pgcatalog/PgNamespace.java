package io.tessera.coordinator.catalog.pgcatalog;

import static io.tessera.coordinator.catalog.pgcatalog.CatalogTable.Type.*;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code pg_namespace}: the schemas every Tessera database has — pg_catalog, pg_toast, public (owned by
 * pg_database_owner, as in PostgreSQL 15) and information_schema — with the OIDs of {@link CatalogOids}, then the
 * schemas CREATE SCHEMA made, in OID order.
 */
public final class PgNamespace extends CatalogTable {
    private static final List<Col> COLUMNS = cols("oid", OID, "nspname", NAME, "nspowner", OID, "nspacl", TEXT_ARRAY);

    @Override
    public List<Col> columns() {
        return COLUMNS;
    }

    @Override
    protected List<Object[]> rows(CatalogContext ctx) {
        int su = ctx.bootstrapSuperuser();
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[] {CatalogOids.PG_TOAST, "pg_toast", su, null});
        rows.add(new Object[] {CatalogOids.PG_CATALOG, "pg_catalog", su, null});
        // PostgreSQL 15's: its owner may create, everyone may use (pg_dump writes no GRANT or REVOKE for these)
        rows.add(new Object[] {CatalogOids.PUBLIC, "public", CatalogOids.PG_DATABASE_OWNER,
            List.of("pg_database_owner=UC/pg_database_owner", "=U/pg_database_owner")});
        rows.add(new Object[] {CatalogOids.INFORMATION_SCHEMA, "information_schema", su, null});
        ctx.snapshot().schemas(ctx.database()).values().stream()
                .sorted(java.util.Comparator.comparingInt(io.tessera.coordinator.catalog.SchemaDef::oid))
                .forEach(s -> rows.add(new Object[] {s.oid(), s.name(), s.owner(), s.acl() == null ? null
                        : s.acl().stream().map(a -> a.text(oid -> Roles.name(ctx, oid))).toList()}));
        return rows;
    }
}
