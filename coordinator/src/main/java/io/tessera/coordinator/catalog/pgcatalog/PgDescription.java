package io.tessera.coordinator.catalog.pgcatalog;

import static io.tessera.coordinator.catalog.pgcatalog.CatalogTable.Type.*;

import io.tessera.coordinator.catalog.IndexDef;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.coordinator.catalog.ViewDef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code pg_description}: the comments COMMENT ON set on tables, views, their columns, indexes and sequences (kept in
 * their catalog records: {@link TableDef#comments}, {@link ViewDef#comments},
 * {@link io.tessera.coordinator.catalog.SequenceDef#comment}); classoid is pg_class's, objsubid the column's attnum
 * (0 for the relation itself).
 */
public final class PgDescription extends CatalogTable {
    private static final List<Col> COLUMNS = cols("objoid", OID, "classoid", OID, "objsubid", INT4,
            "description", TEXT);

    @Override
    public List<Col> columns() {
        return COLUMNS;
    }

    @Override
    protected List<Object[]> rows(CatalogContext ctx) {
        List<Object[]> rows = new ArrayList<>();
        // PostgreSQL's comment on the public schema (pg_dump writes COMMENT ON SCHEMA public IS '' without it)
        rows.add(new Object[] {CatalogOids.PUBLIC, CatalogOids.PG_NAMESPACE, 0, ofSchema(ctx, CatalogOids.PUBLIC)});
        for (io.tessera.coordinator.catalog.SchemaDef s : ctx.snapshot().schemas(ctx.database()).values()) {
            if (s.comment() != null) {
                rows.add(new Object[] {s.oid(), CatalogOids.PG_NAMESPACE, 0, s.comment()});
            }
        }
        for (TableDef t : ctx.tables()) {
            Map<String, String> own = new java.util.HashMap<>();
            t.comments().forEach((k, v) -> {
                if (k.isEmpty() || Character.isDigit(k.charAt(0))) {
                    own.put(k, v);
                }
            });
            add(rows, t.oid(), own);
            String pkey = t.primaryKey().isEmpty() ? null : t.comments().get(TableDef.PRIMARY_KEY_COMMENT);
            if (pkey != null) {
                rows.add(new Object[] {CatalogOids.primaryKeyIndex(t), CatalogOids.PG_CLASS, 0, pkey});
            }
            for (IndexDef i : t.indexes()) {
                String c = t.comments().get(TableDef.commentKey(i));
                if (c != null) {
                    rows.add(new Object[] {i.oid(), CatalogOids.PG_CLASS, 0, c});
                }
            }
        }
        for (ViewDef v : ctx.views()) {
            add(rows, v.oid(), v.comments());
        }
        for (io.tessera.coordinator.catalog.SequenceDef q : ctx.sequences()) {
            if (q.comment() != null) {
                rows.add(new Object[] {q.oid(), CatalogOids.PG_CLASS, 0, q.comment()});
            }
        }
        return rows;
    }

    private static void add(List<Object[]> rows, int oid, Map<String, String> comments) {
        comments.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
                rows.add(new Object[] {oid, CatalogOids.PG_CLASS, Integer.parseInt(e.getKey().isEmpty() ? "0"
                        : e.getKey()), e.getValue()}));
    }

    /** The comment on relation {@code oid} (attnum 0) or its column {@code attnum}, or null. */
    /** The comment on the schema with that OID ({@code obj_description(oid, 'pg_namespace')}), or null. */
    static String ofSchema(CatalogContext ctx, Integer oid) {
        if (oid != null && oid == CatalogOids.PUBLIC) {
            return "standard public schema";
        }
        for (io.tessera.coordinator.catalog.SchemaDef s : ctx.snapshot().schemas(ctx.database()).values()) {
            if (oid != null && s.oid() == oid) {
                return s.comment();
            }
        }
        return null;
    }

    static String of(CatalogContext ctx, Integer oid, int attnum) {
        if (oid == null) {
            return null;
        }
        String key = attnum == 0 ? "" : Integer.toString(attnum);
        for (TableDef t : ctx.tables()) {
            if (t.oid() == oid) {
                return t.comments().get(key);
            }
            if (attnum == 0 && !t.primaryKey().isEmpty() && CatalogOids.primaryKeyIndex(t) == oid) {
                return t.comments().get(TableDef.PRIMARY_KEY_COMMENT);
            }
            for (IndexDef i : t.indexes()) {
                if (attnum == 0 && i.oid() == oid) {
                    return t.comments().get(TableDef.commentKey(i));
                }
            }
        }
        for (ViewDef v : ctx.views()) {
            if (v.oid() == oid) {
                return v.comments().get(key);
            }
        }
        for (io.tessera.coordinator.catalog.SequenceDef q : ctx.sequences()) {
            if (attnum == 0 && q.oid() == oid) {
                return q.comment();
            }
        }
        return null;
    }
}
