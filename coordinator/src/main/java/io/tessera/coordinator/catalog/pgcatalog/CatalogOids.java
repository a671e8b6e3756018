package io.tessera.coordinator.catalog.pgcatalog;

import io.tessera.coordinator.catalog.TableDef;

/**
 * How Tessera numbers the objects its catalog views show. Every OID is stable for the object's life and derived from
 * the catalog, never from the order rows happen to be listed in:
 * <pre>
 *   schemas      PostgreSQL's fixed OIDs: pg_catalog 11, pg_toast 99, public 2200; information_schema 13000
 *                (PostgreSQL assigns it at initdb, in the 12000-16383 range)
 *   databases    DatabaseDef.oid (postgres is 5, as in PostgreSQL; others from the catalog's OID counter)
 *   roles        RoleDef.oid (the bootstrap superusers are 10, 11, ...), pg_database_owner 6171 as in PostgreSQL
 *   tables       TableDef.oid() = 16384 + the table id (ids come from the catalog's never-reused counter)
 *   primary key  index: table OID + 2^30; constraint: table OID + 2^29 (both ≥ 2^29, above any table OID
 *                the counter will reach)
 *   catalogs     PostgreSQL's fixed OIDs (pg_class 1259, pg_type 1247, ...), types too (int4 23, ...)
 * </pre>
 */
public final class CatalogOids {
    public static final int PG_CATALOG = 11;
    public static final int PG_TOAST = 99;
    public static final int PUBLIC = 2200;
    public static final int INFORMATION_SCHEMA = 13000;
    /** PostgreSQL's predefined role that owns the public schema. */
    public static final int PG_DATABASE_OWNER = 6171;

    /** Access methods (pg_am). */
    public static final int HEAP_AM = 2;
    public static final int BTREE_AM = 403;
    public static final int HASH_AM = 405;

    /** pg_class's own OID, the classoid of relations in pg_description and pg_depend. */
    public static final int PG_CLASS = 1259;
    public static final int PG_CONSTRAINT = 2606;
    public static final int PG_NAMESPACE = 2615;
    /** The default collation (pg_collation "default"). */
    public static final int DEFAULT_COLLATION = 100;
    public static final int PG_DEFAULT_TABLESPACE = 1663;

    private static final int PKEY_INDEX_OFFSET = 1 << 30;
    private static final int PKEY_CONSTRAINT_OFFSET = 1 << 29;

    private CatalogOids() {
    }

    /** The OID of the table's primary-key index. */
    public static int primaryKeyIndex(TableDef t) {
        return t.oid() + PKEY_INDEX_OFFSET;
    }

    /** The OID of the table's primary-key constraint. */
    public static int primaryKeyConstraint(TableDef t) {
        return t.oid() + PKEY_CONSTRAINT_OFFSET;
    }

    /** The OID of the UNIQUE constraint that owns {@code index} ({@link io.tessera.coordinator.catalog.IndexDef#constraint}). */
    public static int uniqueConstraint(io.tessera.coordinator.catalog.IndexDef index) {
        return index.oid() + PKEY_CONSTRAINT_OFFSET;
    }

    /** The name of a table's primary key constraint and index: {@link TableDef#primaryKeyConstraint}. */
    public static String primaryKeyName(TableDef t) {
        return t.primaryKeyConstraint();
    }

    /** The OID of a schema, or 0 when there is no such schema. */
    public static int schemaOid(String name) {
        return switch (name) {
            case "pg_catalog" -> PG_CATALOG;
            case "pg_toast" -> PG_TOAST;
            case "public" -> PUBLIC;
            case "information_schema" -> INFORMATION_SCHEMA;
            default -> 0;
        };
    }

    /** The name of a schema OID, or null. */
    public static String schemaName(int oid) {
        return switch (oid) {
            case PG_CATALOG -> "pg_catalog";
            case PG_TOAST -> "pg_toast";
            case PUBLIC -> "public";
            case INFORMATION_SCHEMA -> "information_schema";
            default -> null;
        };
    }

    /** Whether a schema of that name exists (every database has the same four). */
    public static boolean isSchema(String name) {
        return schemaOid(name) != 0;
    }
}
