package io.tessera.coordinator.catalog.pgcatalog;

import static io.tessera.coordinator.catalog.pgcatalog.CatalogTable.Type.*;

import io.tessera.coordinator.catalog.IndexDef;
import io.tessera.coordinator.catalog.TableDef;
import java.util.ArrayList;
import java.util.List;

/** The view {@code pg_indexes}: the primary-key indexes, then the secondary ones, with their {@code CREATE INDEX} text. */
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
        for (Relations.Relation r : Relations.all(ctx)) {
            if (r.index() != null) {
                rows.add(new Object[] {r.table().schema(), r.table().name(), r.name(), null,
                    indexDefinition(r.table(), r.index())});
            }
        }
        return rows;
    }

    /**
     * PostgreSQL's pg_get_indexdef of a secondary index, e.g.
     * {@code CREATE UNIQUE INDEX t_a_b_idx ON public.t USING btree (a DESC, b NULLS FIRST) INCLUDE (c)}: DESC and
     * NULLS FIRST/LAST only where they differ from the defaults (ASC NULLS LAST, DESC NULLS FIRST).
     */
    static String indexDefinition(TableDef t, IndexDef i) {
        List<String> keys = new ArrayList<>();
        for (IndexDef.Column c : i.columns()) {
            keys.add(withOptions(c));
        }
        String def = "CREATE " + (i.unique() ? "UNIQUE " : "") + "INDEX " + Relations.quote(i.name()) + " ON "
                + Relations.quote(t.schema()) + "." + Relations.quote(t.name()) + " USING btree ("
                + String.join(", ", keys) + ")";
        if (!i.include().isEmpty()) {
            def += " INCLUDE (" + String.join(", ", i.include().stream().map(Relations::quote).toList()) + ")";
        }
        return def;
    }

    /**
     * pg_get_indexdef(oid, k, pretty) of column k (1-based) of a secondary index: the key or INCLUDE column's name
     * only (PostgreSQL prints no ASC/DESC there), empty past the last column.
     */
    static String keyColumn(IndexDef i, int k) {
        if (k > i.columns().size()) {
            return k <= i.columns().size() + i.include().size()
                    ? Relations.quote(i.include().get(k - i.columns().size() - 1)) : "";
        }
        return Relations.quote(i.columns().get(k - 1).name());
    }

    /** A key column as the whole definition prints it: DESC and NULLS FIRST/LAST where not the default. */
    private static String withOptions(IndexDef.Column c) {
        String s = Relations.quote(c.name());
        if (c.descending()) {
            s += " DESC";
            if (!c.nullsFirst()) {
                s += " NULLS LAST";
            }
        } else if (c.nullsFirst()) {
            s += " NULLS FIRST";
        }
        return s;
    }

    /** pg_get_indexdef(oid, column, pretty) for a secondary index's OID, or null when it is not one. */
    public static String columnDefinition(CatalogContext ctx, int oid, int column) {
        Relations.Relation r = Relations.byOid(ctx, oid);
        if (r == null || r.index() == null) {
            return null;
        }
        return column == 0 ? indexDefinition(r.table(), r.index()) : keyColumn(r.index(), column);
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
        return columnDefinition(ctx, oid, 0);
    }
}
