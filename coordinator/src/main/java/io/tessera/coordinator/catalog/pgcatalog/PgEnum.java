package io.tessera.coordinator.catalog.pgcatalog;

import static io.tessera.coordinator.catalog.pgcatalog.CatalogTable.Type.*;

import io.tessera.coordinator.catalog.EnumTypeDef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code pg_enum}: one row per label of the connected database's enum types ({@link EnumTypeDef}), with
 * PostgreSQL's float4 {@code enumsortorder} (https://www.postgresql.org/docs/15/catalog-pg-enum.html).
 */
public final class PgEnum extends CatalogTable {
    private static final List<Col> COLUMNS = cols("oid", OID, "enumtypid", OID, "enumsortorder", FLOAT4,
            "enumlabel", NAME);

    @Override
    public List<Col> columns() {
        return COLUMNS;
    }

    @Override
    protected List<Object[]> rows(CatalogContext ctx) {
        List<Object[]> rows = new ArrayList<>();
        for (EnumTypeDef t : enumTypes(ctx)) {
            for (EnumTypeDef.Label l : t.labels()) {
                rows.add(new Object[] {l.oid(), t.oid(), l.sortOrder(), l.label()});
            }
        }
        return rows;
    }

    /** The connected database's enum types, ordered by OID. */
    static List<EnumTypeDef> enumTypes(CatalogContext ctx) {
        return ctx.snapshot().types(ctx.database()).values().stream()
                .sorted(Comparator.comparingInt(EnumTypeDef::oid)).toList();
    }
}
