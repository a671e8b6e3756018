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
        m.put("pg_attrdef", new PgAttrdef());
        m.put("pg_description", new PgDescription());
        m.put("pg_inherits", EmptyCatalogTable.of("inhrelid", OID, "inhparent", OID, "inhseqno", INT4,
                "inhdetachpending", BOOL));
        m.put("pg_auth_members", EmptyCatalogTable.of("roleid", OID, "member", OID, "grantor", OID,
                "admin_option", BOOL));
        m.put("pg_sequence", new PgSequence());
        m.put("pg_sequences", new PgSequences());
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
        absentObjects(m);
        for (Map.Entry<String, Table> e : m.entrySet()) {
            if (e.getValue() instanceof CatalogTable c) {
                c.tableOid = Relations.SYSTEM_CATALOGS.getOrDefault(e.getKey(), 0);
            }
        }
        return m;
    }

    /**
     * Catalogs of objects Tessera does not have (extensions, operator classes, casts, text search, foreign data,
     * rules, event triggers, subscriptions, large objects, security labels, initial privileges), with PostgreSQL
     * 15's columns and no rows: pg_dump reads every one of them. regproc columns are OIDs, aclitem[] text[].
     */
    private static void absentObjects(Map<String, Table> m) {
        m.put("pg_extension", EmptyCatalogTable.of("oid", OID, "extname", NAME, "extowner", OID, "extnamespace",
                OID, "extrelocatable", BOOL, "extversion", TEXT, "extconfig", OID_ARRAY, "extcondition", TEXT_ARRAY));
        m.put("pg_init_privs", EmptyCatalogTable.of("objoid", OID, "classoid", OID, "objsubid", INT4,
                "privtype", CHAR, "initprivs", TEXT_ARRAY));
        m.putIfAbsent("pg_operator", EmptyCatalogTable.of("oid", OID, "oprname", NAME, "oprnamespace", OID,
                "oprowner", OID, "oprkind", CHAR, "oprcanmerge", BOOL, "oprcanhash", BOOL, "oprleft", OID,
                "oprright", OID, "oprresult", OID, "oprcom", OID, "oprnegate", OID, "oprcode", OID, "oprrest", OID,
                "oprjoin", OID));
        m.put("pg_opclass", EmptyCatalogTable.of("oid", OID, "opcmethod", OID, "opcname", NAME, "opcnamespace",
                OID, "opcowner", OID, "opcfamily", OID, "opcintype", OID, "opcdefault", BOOL, "opckeytype", OID));
        m.put("pg_opfamily", EmptyCatalogTable.of("oid", OID, "opfmethod", OID, "opfname", NAME,
                "opfnamespace", OID, "opfowner", OID));
        m.put("pg_amop", EmptyCatalogTable.of("oid", OID, "amopfamily", OID, "amoplefttype", OID,
                "amoprighttype", OID, "amopstrategy", INT2, "amoppurpose", CHAR, "amopopr", OID, "amopmethod", OID,
                "amopsortfamily", OID));
        m.put("pg_amproc", EmptyCatalogTable.of("oid", OID, "amprocfamily", OID, "amproclefttype", OID,
                "amprocrighttype", OID, "amprocnum", INT2, "amproc", OID));
        m.put("pg_cast", EmptyCatalogTable.of("oid", OID, "castsource", OID, "casttarget", OID, "castfunc", OID,
                "castcontext", CHAR, "castmethod", CHAR));
        m.put("pg_range", EmptyCatalogTable.of("rngtypid", OID, "rngsubtype", OID, "rngmultitypid", OID,
                "rngcollation", OID, "rngsubopc", OID, "rngcanonical", OID, "rngsubdiff", OID));
        m.put("pg_transform", EmptyCatalogTable.of("oid", OID, "trftype", OID, "trflang", OID, "trffromsql", OID,
                "trftosql", OID));
        m.put("pg_conversion", EmptyCatalogTable.of("oid", OID, "conname", NAME, "connamespace", OID,
                "conowner", OID, "conforencoding", INT4, "contoencoding", INT4, "conproc", OID, "condefault", BOOL));
        m.put("pg_ts_parser", EmptyCatalogTable.of("oid", OID, "prsname", NAME, "prsnamespace", OID,
                "prsstart", OID, "prstoken", OID, "prsend", OID, "prsheadline", OID, "prslextype", OID));
        m.put("pg_ts_template", EmptyCatalogTable.of("oid", OID, "tmplname", NAME, "tmplnamespace", OID,
                "tmplinit", OID, "tmpllexize", OID));
        m.put("pg_ts_dict", EmptyCatalogTable.of("oid", OID, "dictname", NAME, "dictnamespace", OID,
                "dictowner", OID, "dicttemplate", OID, "dictinitoption", TEXT));
        m.put("pg_ts_config", EmptyCatalogTable.of("oid", OID, "cfgname", NAME, "cfgnamespace", OID,
                "cfgowner", OID, "cfgparser", OID));
        m.put("pg_foreign_data_wrapper", EmptyCatalogTable.of("oid", OID, "fdwname", NAME, "fdwowner", OID,
                "fdwhandler", OID, "fdwvalidator", OID, "fdwacl", TEXT_ARRAY, "fdwoptions", TEXT_ARRAY));
        m.put("pg_foreign_server", EmptyCatalogTable.of("oid", OID, "srvname", NAME, "srvowner", OID,
                "srvfdw", OID, "srvtype", TEXT, "srvversion", TEXT, "srvacl", TEXT_ARRAY, "srvoptions", TEXT_ARRAY));
        m.put("pg_foreign_table", EmptyCatalogTable.of("ftrelid", OID, "ftserver", OID, "ftoptions", TEXT_ARRAY));
        m.put("pg_default_acl", EmptyCatalogTable.of("oid", OID, "defaclrole", OID, "defaclnamespace", OID,
                "defaclobjtype", CHAR, "defaclacl", TEXT_ARRAY));
        m.put("pg_event_trigger", EmptyCatalogTable.of("oid", OID, "evtname", NAME, "evtevent", NAME,
                "evtowner", OID, "evtfoid", OID, "evtenabled", CHAR, "evttags", TEXT_ARRAY));
        m.put("pg_rewrite", EmptyCatalogTable.of("oid", OID, "rulename", NAME, "ev_class", OID, "ev_type", CHAR,
                "ev_enabled", CHAR, "is_instead", BOOL, "ev_qual", TEXT, "ev_action", TEXT));
        m.put("pg_subscription", EmptyCatalogTable.of("oid", OID, "subdbid", OID, "subskiplsn", TEXT,
                "subname", NAME, "subowner", OID, "subenabled", BOOL, "subbinary", BOOL, "substream", BOOL,
                "subtwophasestate", CHAR, "subdisableonerr", BOOL, "subconninfo", TEXT, "subslotname", NAME,
                "subsynccommit", TEXT, "subpublications", TEXT_ARRAY));
        m.put("pg_largeobject_metadata", EmptyCatalogTable.of("oid", OID, "lomowner", OID, "lomacl", TEXT_ARRAY));
        m.put("pg_seclabel", EmptyCatalogTable.of("objoid", OID, "classoid", OID, "objsubid", INT4,
                "provider", TEXT, "label", TEXT));
        m.put("pg_seclabels", EmptyCatalogTable.of("objoid", OID, "classoid", OID, "objsubid", INT4,
                "objtype", TEXT, "objnamespace", OID, "objname", TEXT, "provider", TEXT, "label", TEXT));
    }
}
