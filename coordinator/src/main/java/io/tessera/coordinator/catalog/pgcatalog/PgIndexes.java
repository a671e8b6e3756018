package io.tessera.coordinator.catalog.pgcatalog;

import static io.tessera.coordinator.catalog.pgcatalog.CatalogTable.Type.*;

import io.tessera.coordinator.catalog.TableDef;
import java.util.ArrayList;
import java.util.List;

/** The view {@code pg_indexes}: the primary-key indexes with their {@code CREATE INDEX} text. */
public final class PgIndexes extends CatalogTable {
    private static final List<Col> COLUMNS = cols("schemaname", NAME, "tablename", NAME, "indexname", NAME,
            "tablespace", NAME, "indexdef", TEXT);

    @Override
    public List<Col> columns() {
        return COLUMNS;
    }

    @Override
    protected List<Object[]> rows(CatalogContext ctx) {
        List<Object[]> rows = new ArrayList<>();
        for (TableDef t : ctx.tables()) {
            if (!t.primaryKey().isEmpty()) {
                rows.add(new Object[] {t.schema(), t.name(), CatalogOids.primaryKeyName(t), null,
                    indexDefinition(t)});
            }
        }
        return rows;
    }

    /**
     * PostgreSQL's pg_get_indexdef of a primary-key index:
     * {@code CREATE UNIQUE INDEX t_pkey ON public.t USING btree (a, b)}.
     */
    static String indexDefinition(TableDef t) {
        return "CREATE UNIQUE INDEX " + Relations.quote(CatalogOids.primaryKeyName(t)) + " ON "
                + Relations.quote(t.schema()) + "." + Relations.quote(t.name()) + " USING btree ("
                + String.join(", ", t.primaryKey().stream().map(Relations::quote).toList()) + ")";
    }

    /** pg_get_indexdef(oid) for an index OID, or null when it is not an index. */
    public static String indexDefinition(CatalogContext ctx, int oid) {
        for (TableDef t : ctx.tables()) {
            if (!t.primaryKey().isEmpty() && CatalogOids.primaryKeyIndex(t) == oid) {
                return indexDefinition(t);
            }
        }
        return null;
    }
}
