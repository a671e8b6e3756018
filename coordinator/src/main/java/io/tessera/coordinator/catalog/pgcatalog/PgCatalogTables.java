package io.tessera.coordinator.catalog.pgcatalog;

import static io.tessera.coordinator.catalog.pgcatalog.CatalogTable.Type.*;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.calcite.schema.Table;

/**
 * The PostgreSQL system catalogs and views of {@code pg_catalog}, by name. Catalogs of objects Tessera does not
 * have are {@link EmptyCatalogTable}s with PostgreSQL 15's columns, so that clients' queries over them plan and
 * return nothing, as they would on a PostgreSQL without such objects.
 */
public final class PgCatalogTables {
    private PgCatalogTables() {
    }

    /** Every catalog table by name; a fresh map (tables are stateless). */
    public static Map<String, Table> all() {
        Map<String, Table> m = new LinkedHashMap<>();
        m.put("pg_class", new PgClass());
        m.put("pg_namespace", new PgNamespace());
        m.put("pg_attribute", new PgAttribute());
        m.put("pg_type", new PgType());
        m.put("pg_enum", new PgEnum());
        m.put("pg_index", new PgIndex());
        m.put("pg_constraint", new PgConstraint());
        m.put("pg_trigger", new PgTrigger());
        m.put("pg_am", new PgAm());
        m.put("pg_database", new PgDatabase());
        m.put("pg_authid", new PgAuthid(PgAuthid.Shape.AUTHID));
        m.put("pg_roles", new PgAuthid(PgAuthid.Shape.ROLES));
        m.put("pg_user", new PgAuthid(PgAuthid.Shape.USER));
        m.put("pg_settings", new PgSettings());
        m.put("pg_collation", new PgCollation());
        m.put("pg_tablespace", new PgTablespace());
        m.put("pg_depend", new PgDepend());
        m.put("pg_tables", new PgTables());
        m.put("pg_indexes", new PgIndexes());
        m.put("pg_stat_activity", new PgStatActivity());
        m.put("pg_stats", new PgStats());
        m.put("pg_attrdef", EmptyCatalogTable.of("oid", OID, "adrelid", OID, "adnum", INT2, "adbin", TEXT));
        m.put("pg_description", new PgDescription());
        m.put("pg_inherits", EmptyCatalogTable.of("inhrelid", OID, "inhparent", OID, "inhseqno", INT4,
                "inhdetachpending", BOOL));
        m.put("pg_auth_members", EmptyCatalogTable.of("roleid", OID, "member", OID, "grantor", OID,
                "admin_option", BOOL));
        m.put("pg_sequence", EmptyCatalogTable.of("seqrelid", OID, "seqtypid", OID, "seqstart", INT8,
                "seqincrement", INT8, "seqmax", INT8, "seqmin", INT8, "seqcache", INT8, "seqcycle", BOOL));
        m.put("pg_views", new PgViews());
        m.put("pg_locks", new PgLocks());
        m.put("pg_proc", new PgProc());
        m.put("pg_language", new PgLanguage());
        m.put("pg_policy", EmptyCatalogTable.of("oid", OID, "polname", NAME, "polrelid", OID, "polcmd", CHAR,
                "polpermissive", BOOL, "polroles", OID_ARRAY, "polqual", TEXT, "polwithcheck", TEXT));
        m.put("pg_statistic_ext", EmptyCatalogTable.of("oid", OID, "stxrelid", OID, "stxname", NAME,
                "stxnamespace", OID, "stxowner", OID, "stxstattarget", INT4, "stxkeys", INT2_ARRAY,
                "stxkind", CHAR_ARRAY, "stxexprs", TEXT));
        m.put("pg_publication", EmptyCatalogTable.of("oid", OID, "pubname", NAME, "pubowner", OID,
                "puballtables", BOOL, "pubinsert", BOOL, "pubupdate", BOOL, "pubdelete", BOOL, "pubtruncate", BOOL,
                "pubviaroot", BOOL));
        m.put("pg_publication_namespace", EmptyCatalogTable.of("oid", OID, "pnpubid", OID, "pnnspid", OID));
        m.put("pg_publication_rel", EmptyCatalogTable.of("oid", OID, "prpubid", OID, "prrelid", OID,
                "prqual", TEXT, "prattrs", INT2_ARRAY));
        m.put("pg_partitioned_table", EmptyCatalogTable.of("partrelid", OID, "partstrat", CHAR, "partnatts", INT2,
                "partdefid", OID, "partattrs", INT2_ARRAY, "partclass", OID_ARRAY, "partcollation", OID_ARRAY,
                "partexprs", TEXT));
        return m;
    }
}
