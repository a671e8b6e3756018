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

    /**
     * Whether enum type {@code t} is found by its bare name through the session's search path (PostgreSQL's
     * {@code TypeIsVisible}): its schema is on the path and no type of that name comes earlier.
     */
    static boolean isVisible(CatalogContext ctx, EnumTypeDef t) {
        for (String schema : Relations.searchPath(ctx)) {
            EnumTypeDef first = ctx.snapshot().type(ctx.database(), schema, t.name());
            if (first != null) {
                return first.id() == t.id();
            }
        }
        return false;
    }

    /** The type's name as format_type and regtype output print it: qualified when not visible, quoted when needed. */
    static String formatName(CatalogContext ctx, EnumTypeDef t) {
        String name = Relations.quote(t.name());
        return isVisible(ctx, t) ? name : Relations.quote(t.schemaName()) + "." + name;
    }

    /**
     * The enum type a possibly schema-qualified name denotes ({@code regtype} input): in its schema, else the first
     * along the search path; null when there is none.
     */
    static EnumTypeDef byName(CatalogContext ctx, List<String> parts) {
        String name = parts.get(parts.size() - 1);
        if (parts.size() == 2) {
            return ctx.snapshot().type(ctx.database(), parts.get(0), name);
        }
        for (String schema : Relations.searchPath(ctx)) {
            EnumTypeDef t = ctx.snapshot().type(ctx.database(), schema, name);
            if (t != null) {
                return t;
            }
        }
        return null;
    }

    /** The connected database's enum types, ordered by OID. */
    static List<EnumTypeDef> enumTypes(CatalogContext ctx) {
        return ctx.snapshot().types(ctx.database()).values().stream()
                .sorted(Comparator.comparingInt(EnumTypeDef::oid)).toList();
    }
}
