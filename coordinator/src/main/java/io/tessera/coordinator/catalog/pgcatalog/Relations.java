package io.tessera.coordinator.catalog.pgcatalog;

import io.tessera.coordinator.catalog.TableDef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The relations {@code pg_class} lists, in one place so that every view agrees on them: the connected database's
 * tables and their primary-key indexes, and the system catalogs with PostgreSQL's fixed OIDs (so that
 * {@code 'pg_class'::regclass} is 1259 as clients expect). New kinds of relation (sequences, views, other indexes)
 * are added here.
 */
public final class Relations {
    /**
     * One pg_class row's identity.
     *
     * @param oid the relation's OID
     * @param name relname
     * @param namespace relnamespace
     * @param kind relkind: 'r' table, 'i' index, 'v' view, 'S' sequence
     * @param table the table itself, or the table an index belongs to; null for system catalogs and sequences
     * @param index the secondary index this relation is; null for anything else (a primary key's index included)
     */
    public record Relation(int oid, String name, int namespace, char kind, TableDef table,
            io.tessera.coordinator.catalog.IndexDef index) {
        /** A relation that is not a secondary index. */
        public Relation(int oid, String name, int namespace, char kind, TableDef table) {
            this(oid, name, namespace, kind, table, null);
        }

        /** relnatts: columns of a table, key (and INCLUDE) columns of an index. */
        public int natts() {
            if (table == null) {
                return 0;
            }
            if (index != null) {
                return index.columns().size() + index.include().size();
            }
            return kind == 'i' ? table.primaryKey().size() : table.columns().size();
        }

        /** relam: heap for tables, btree for indexes, 0 otherwise. */
        public int am() {
            return kind == 'r' ? CatalogOids.HEAP_AM : kind == 'i' ? CatalogOids.BTREE_AM : 0;
        }
    }

    /** System catalogs with PostgreSQL 15's fixed OIDs (pg_class.dat and system_views' usual numbers). */
    static final Map<String, Integer> SYSTEM_CATALOGS = Map.ofEntries(
            Map.entry("pg_type", 1247), Map.entry("pg_attribute", 1249), Map.entry("pg_proc", 1255),
            Map.entry("pg_class", CatalogOids.PG_CLASS), Map.entry("pg_authid", 1260),
            Map.entry("pg_database", 1262), Map.entry("pg_tablespace", 1213), Map.entry("pg_am", 2601),
            Map.entry("pg_attrdef", 2604), Map.entry("pg_constraint", CatalogOids.PG_CONSTRAINT),
            Map.entry("pg_depend", 2608), Map.entry("pg_description", 2609), Map.entry("pg_index", 2610),
            Map.entry("pg_inherits", 2611), Map.entry("pg_namespace", CatalogOids.PG_NAMESPACE),
            Map.entry("pg_sequence", 2224), Map.entry("pg_collation", 3456), Map.entry("pg_auth_members", 1261),
            Map.entry("pg_rewrite", 2618), Map.entry("pg_trigger", 2620), Map.entry("pg_opclass", 2616),
            Map.entry("pg_extension", 3079), Map.entry("pg_cast", 2605), Map.entry("pg_amop", 2602),
            Map.entry("pg_amproc", 2603), Map.entry("pg_opfamily", 2753),
            Map.entry("pg_language", 2612), Map.entry("pg_operator", 2617), Map.entry("pg_event_trigger", 3466),
            Map.entry("pg_default_acl", 826), Map.entry("pg_init_privs", 3394), Map.entry("pg_policy", 3256),
            Map.entry("pg_publication", 6104), Map.entry("pg_statistic_ext", 3381));

    private Relations() {
    }

    /** Every relation, user relations first in OID order, then the system catalogs. */
    public static List<Relation> all(CatalogContext ctx) {
        List<Relation> out = new ArrayList<>();
        for (TableDef t : ctx.tables()) {
            out.add(new Relation(t.oid(), t.name(), ctx.schemaOid(t.schema()), 'r', t));
            if (!t.primaryKey().isEmpty()) {
                out.add(new Relation(CatalogOids.primaryKeyIndex(t), CatalogOids.primaryKeyName(t),
                        ctx.schemaOid(t.schema()), 'i', t));
            }
            for (io.tessera.coordinator.catalog.IndexDef i : t.indexes()) {
                if (i.state() == io.tessera.coordinator.catalog.IndexDef.State.PUBLIC) {
                    out.add(new Relation(i.oid(), i.name(), ctx.schemaOid(t.schema()), 'i', t, i));
                }
            }
        }
        for (io.tessera.coordinator.catalog.ViewDef v : ctx.views()) {
            out.add(new Relation(v.oid(), v.name(), ctx.schemaOid(v.schema()), 'v', CatalogContext.shape(v)));
        }
        for (io.tessera.coordinator.catalog.SequenceDef q : ctx.sequences()) {
            out.add(new Relation(q.oid(), q.name(), ctx.schemaOid(q.schemaName()), 'S', null));
        }
        SYSTEM_CATALOGS.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(e ->
                out.add(new Relation(e.getValue(), e.getKey(), CatalogOids.PG_CATALOG, 'r', null)));
        return out;
    }

    /** The relation with this OID, or null. */
    public static Relation byOid(CatalogContext ctx, int oid) {
        for (Relation r : all(ctx)) {
            if (r.oid() == oid) {
                return r;
            }
        }
        return null;
    }

    /**
     * The relation a possibly schema-qualified, possibly quoted name denotes ({@code regclass} input), looked up
     * through the search path when unqualified; null when there is none.
     */
    public static Relation byName(CatalogContext ctx, String text) {
        List<String> parts = NameParts.split(text);
        List<Relation> all = all(ctx);
        if (parts.size() == 2) {
            int ns = ctx.schemaOid(parts.get(0));
            return all.stream().filter(r -> r.namespace() == ns && r.name().equals(parts.get(1))).findFirst()
                    .orElse(null);
        }
        String name = parts.get(parts.size() - 1);
        for (String schema : searchPath(ctx)) {
            int ns = ctx.schemaOid(schema);
            for (Relation r : all) {
                if (r.namespace() == ns && r.name().equals(name)) {
                    return r;
                }
            }
        }
        return null;
    }

    /** The schemas unqualified names resolve in: pg_catalog first (implicitly), then search_path. */
    public static List<String> searchPath(CatalogContext ctx) {
        List<String> path = new ArrayList<>();
        String temp = io.tessera.coordinator.catalog.SearchPath.tempSchema();
        if (temp != null) { // the session's temporary tables come first, as in PostgreSQL
            path.add(temp);
        }
        path.add("pg_catalog");
        List<String> configured = ctx.session() == null ? List.of("public") : ctx.session().searchPath();
        for (String s : configured) {
            if (!path.contains(s)) {
                path.add(s);
            }
        }
        return path;
    }

    /**
     * PostgreSQL's {@code pg_table_is_visible}: whether the relation is found by its unqualified name, i.e. its
     * schema is on the search path and no relation of the same name comes earlier.
     */
    public static boolean isVisible(CatalogContext ctx, int oid) {
        Relation r = byOid(ctx, oid);
        if (r == null) {
            return false;
        }
        Relation found = byName(ctx, quote(r.name()));
        return found != null && found.oid() == oid;
    }

    /** The name as regclass output prints it: qualified when not visible, quoted when needed. */
    public static String regclassOut(CatalogContext ctx, int oid) {
        Relation r = byOid(ctx, oid);
        if (r == null) {
            return Integer.toString(oid);
        }
        String name = quote(r.name());
        return isVisible(ctx, oid) ? name : quote(ctx.schemaName(r.namespace())) + "." + name;
    }

    /** PostgreSQL's quote_ident: quotes unless the name is lower-case letters, digits and underscores. */
    public static String quote(String name) {
        if (name.matches("[a-z_][a-z0-9_$]*")) {
            return name;
        }
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
