package io.tessera.coordinator.catalog.pgcatalog;

import static io.tessera.coordinator.catalog.pgcatalog.CatalogTable.Type.*;

import io.tessera.coordinator.catalog.ColumnDef;
import io.tessera.coordinator.catalog.SequenceDef;
import io.tessera.coordinator.catalog.TableDef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;

/**
 * The SQL-standard {@code information_schema} views PostgreSQL 15 has (src/backend/catalog/information_schema.sql),
 * for the connected database: schemata, tables, columns, views, table_constraints, key_column_usage,
 * referential_constraints, sequences and routines. PostgreSQL's domains ({@code sql_identifier},
 * {@code cardinal_number}, {@code yes_or_no}, {@code character_data}) appear as their base types (name, int4,
 * varchar), as RowDescription names them.
 */
public final class InformationSchema extends AbstractSchema {
    @Override
    protected Map<String, Table> getTableMap() {
        Map<String, Table> m = new LinkedHashMap<>();
        m.put("schemata", view(InformationSchema::schemata, "catalog_name", NAME, "schema_name", NAME,
                "schema_owner", NAME, "default_character_set_catalog", NAME, "default_character_set_schema", NAME,
                "default_character_set_name", NAME, "sql_path", VARCHAR));
        m.put("tables", view(InformationSchema::tables, "table_catalog", NAME, "table_schema", NAME,
                "table_name", NAME, "table_type", VARCHAR, "self_referencing_column_name", NAME,
                "reference_generation", VARCHAR, "user_defined_type_catalog", NAME, "user_defined_type_schema", NAME,
                "user_defined_type_name", NAME, "is_insertable_into", VARCHAR, "is_typed", VARCHAR, "commit_action", VARCHAR));
        m.put("columns", view(InformationSchema::columns, "table_catalog", NAME, "table_schema", NAME,
                "table_name", NAME, "column_name", NAME, "ordinal_position", INT4, "column_default", VARCHAR,
                "is_nullable", VARCHAR, "data_type", VARCHAR, "character_maximum_length", INT4,
                "character_octet_length", INT4, "numeric_precision", INT4, "numeric_precision_radix", INT4,
                "numeric_scale", INT4, "datetime_precision", INT4, "interval_type", VARCHAR,
                "interval_precision", INT4, "character_set_catalog", NAME, "character_set_schema", NAME,
                "character_set_name", NAME, "collation_catalog", NAME, "collation_schema", NAME,
                "collation_name", NAME, "domain_catalog", NAME, "domain_schema", NAME, "domain_name", NAME,
                "udt_catalog", NAME, "udt_schema", NAME, "udt_name", NAME, "scope_catalog", NAME,
                "scope_schema", NAME, "scope_name", NAME, "maximum_cardinality", INT4, "dtd_identifier", NAME,
                "is_self_referencing", VARCHAR, "is_identity", VARCHAR, "identity_generation", VARCHAR,
                "identity_start", VARCHAR, "identity_increment", VARCHAR, "identity_maximum", VARCHAR,
                "identity_minimum", VARCHAR, "identity_cycle", VARCHAR, "is_generated", VARCHAR, "generation_expression",
                VARCHAR, "is_updatable", VARCHAR));
        m.put("table_constraints", view(InformationSchema::tableConstraints, "constraint_catalog", NAME,
                "constraint_schema", NAME, "constraint_name", NAME, "table_catalog", NAME, "table_schema", NAME,
                "table_name", NAME, "constraint_type", VARCHAR, "is_deferrable", VARCHAR, "initially_deferred", VARCHAR,
                "enforced", VARCHAR, "nulls_distinct", VARCHAR));
        m.put("check_constraints", view(InformationSchema::checkConstraints, "constraint_catalog", NAME,
                "constraint_schema", NAME, "constraint_name", NAME, "check_clause", VARCHAR));
        m.put("key_column_usage", view(InformationSchema::keyColumnUsage, "constraint_catalog", NAME,
                "constraint_schema", NAME, "constraint_name", NAME, "table_catalog", NAME, "table_schema", NAME,
                "table_name", NAME, "column_name", NAME, "ordinal_position", INT4,
                "position_in_unique_constraint", INT4));
        m.put("referential_constraints", view(InformationSchema::referentialConstraints, "constraint_catalog", NAME, "constraint_schema",
                NAME, "constraint_name", NAME, "unique_constraint_catalog", NAME, "unique_constraint_schema", NAME,
                "unique_constraint_name", NAME, "match_option", VARCHAR, "update_rule", VARCHAR, "delete_rule", VARCHAR));
        m.put("views", view(InformationSchema::views, "table_catalog", NAME, "table_schema", NAME, "table_name", NAME,
                "view_definition", VARCHAR, "check_option", VARCHAR, "is_updatable", VARCHAR, "is_insertable_into", VARCHAR,
                "is_trigger_updatable", VARCHAR, "is_trigger_deletable", VARCHAR, "is_trigger_insertable_into", VARCHAR));
        m.put("table_privileges", view(ctx -> tablePrivileges(ctx, false), "grantor", NAME, "grantee", NAME,
                "table_catalog", NAME, "table_schema", NAME, "table_name", NAME, "privilege_type", VARCHAR,
                "is_grantable", VARCHAR, "with_hierarchy", VARCHAR));
        m.put("role_table_grants", view(ctx -> tablePrivileges(ctx, true), "grantor", NAME, "grantee", NAME,
                "table_catalog", NAME, "table_schema", NAME, "table_name", NAME, "privilege_type", VARCHAR,
                "is_grantable", VARCHAR, "with_hierarchy", VARCHAR));
        m.put("sequences", view(InformationSchema::sequences, "sequence_catalog", NAME, "sequence_schema", NAME,
                "sequence_name", NAME, "data_type", VARCHAR, "numeric_precision", INT4, "numeric_precision_radix",
                INT4, "numeric_scale", INT4, "start_value", VARCHAR, "minimum_value", VARCHAR, "maximum_value", VARCHAR,
                "increment", VARCHAR, "cycle_option", VARCHAR));
        m.put("routines", EmptyCatalogTable.of("specific_catalog", NAME, "specific_schema", NAME,
                "specific_name", NAME, "routine_catalog", NAME, "routine_schema", NAME, "routine_name", NAME,
                "routine_type", VARCHAR, "data_type", VARCHAR, "type_udt_name", NAME, "routine_body", VARCHAR,
                "routine_definition", VARCHAR, "external_language", VARCHAR, "is_deterministic", VARCHAR,
                "security_type", VARCHAR));
        return m;
    }

    /** The sequence owned by column {@code c} of {@code t} (an identity's), or null. */
    private static SequenceDef ownedSequence(CatalogContext ctx, TableDef t, ColumnDef c) {
        return ctx.sequences().stream().filter(q -> t.key().equals(q.ownedByTable())
                && c.name().equals(q.ownedByColumn())).findFirst().orElse(null);
    }

    /** The sequences, those of identity columns excepted (PostgreSQL lists those under columns). */
    private static List<Object[]> sequences(CatalogContext ctx) {
        List<Object[]> rows = new ArrayList<>();
        for (SequenceDef q : ctx.sequences()) {
            TableDef t = q.ownedByTable() == null ? null : ctx.tablesByName().get(q.ownedByTable());
            int i = t == null ? -1 : t.columnIndex(q.ownedByColumn());
            if (i >= 0 && t.columns().get(i).identity() != null) {
                continue;
            }
            int precision = q.type() == io.tessera.common.types.PgType.INT2 ? 16
                    : q.type() == io.tessera.common.types.PgType.INT4 ? 32 : 64;
            rows.add(new Object[] {ctx.database(), q.schemaName(), q.name(), q.type().sqlName(), precision, 2, 0,
                Long.toString(q.start()), Long.toString(q.min()), Long.toString(q.max()),
                Long.toString(q.increment()), q.cycle() ? "YES" : "NO"});
        }
        return rows;
    }

    private static Table view(Function<CatalogContext, List<Object[]>> rows, Object... columns) {
        List<CatalogTable.Col> cols = CatalogTable.cols(columns);
        return new CatalogTable() {
            @Override
            public List<Col> columns() {
                return cols;
            }

            @Override
            protected List<Object[]> rows(CatalogContext ctx) {
                return rows.apply(ctx);
            }
        };
    }

    /**
     * table_privileges (and, with {@code ownRoles}, role_table_grants): one row per privilege of each ACL entry of
     * the database's tables and views (the default ACL when they never had GRANT/REVOKE), as PostgreSQL's views
     * explode {@code relacl}: table_privileges shows the entries whose grantor or grantee is the current user (a
     * superuser: all) or whose grantee is PUBLIC; role_table_grants those whose grantor or grantee is the current user.
     */
    private static List<Object[]> tablePrivileges(CatalogContext ctx, boolean ownRoles) {
        String user = ctx.session() == null ? Roles.name(ctx, ctx.bootstrapSuperuser()) : ctx.session().user();
        io.tessera.coordinator.catalog.RoleDef me = ctx.snapshot().roles().get(user);
        int myOid = me == null ? -1 : me.oid();
        boolean all = !ownRoles && me != null && me.superuser();
        List<String> names = List.of("INSERT", "SELECT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER");
        List<Object[]> rows = new ArrayList<>();
        List<Object[]> objects = new ArrayList<>();
        for (TableDef t : ctx.tables()) {
            objects.add(new Object[] {t.name(), io.tessera.coordinator.catalog.Acls.effective(ctx.snapshot(), t),
                io.tessera.coordinator.catalog.Acls.owner(ctx.snapshot(), t)});
        }
        for (io.tessera.coordinator.catalog.ViewDef v : ctx.views()) {
            objects.add(new Object[] {v.name(), io.tessera.coordinator.catalog.AclItem.defaults(ctx.tableOwner(),
                io.tessera.coordinator.catalog.AclItem.TABLE_RIGHTS), ctx.tableOwner()});
        }
        for (Object[] o : objects) {
            @SuppressWarnings("unchecked")
            List<io.tessera.coordinator.catalog.AclItem> acl = (List<io.tessera.coordinator.catalog.AclItem>) o[1];
            int owner = (Integer) o[2];
            for (io.tessera.coordinator.catalog.AclItem a : acl) {
                boolean visible = all || a.grantor() == myOid || a.grantee() == myOid
                        || (!ownRoles && a.grantee() == io.tessera.coordinator.catalog.AclItem.PUBLIC);
                if (!visible) {
                    continue;
                }
                String grantee = a.grantee() == io.tessera.coordinator.catalog.AclItem.PUBLIC ? "PUBLIC"
                        : Roles.name(ctx, a.grantee());
                for (int i = 0; i < names.size(); i++) {
                    char letter = io.tessera.coordinator.catalog.AclItem.TABLE_RIGHTS.charAt(i);
                    if (a.has(letter)) {
                        boolean grantable = a.hasGrantOption(letter) || a.grantee() == owner;
                        rows.add(new Object[] {Roles.name(ctx, a.grantor()), grantee, ctx.database(), "public",
                            o[0], names.get(i), grantable ? "YES" : "NO", letter == 'r' ? "YES" : "NO"});
                    }
                }
            }
        }
        return rows;
    }

    private static List<Object[]> schemata(CatalogContext ctx) {
        String db = ctx.database();
        String su = Roles.name(ctx, ctx.bootstrapSuperuser());
        List<Object[]> rows = new ArrayList<>();
        for (String s : List.of("pg_toast", "pg_catalog", "public", "information_schema")) {
            rows.add(new Object[] {db, s, s.equals("public") ? "pg_database_owner" : su, null, null, null, null});
        }
        ctx.snapshot().schemas(db).values().stream()
                .sorted(java.util.Comparator.comparingInt(io.tessera.coordinator.catalog.SchemaDef::oid))
                .forEach(s -> rows.add(new Object[] {db, s.name(), Roles.name(ctx, s.owner()), null, null, null, null}));
        return rows;
    }

    private static List<Object[]> tables(CatalogContext ctx) {
        List<Object[]> rows = new ArrayList<>();
        for (TableDef t : ctx.tables()) {
            rows.add(new Object[] {ctx.database(), t.schema(), t.name(), "BASE TABLE", null, null, null, null, null,
                "YES", "NO", null});
        }
        for (io.tessera.coordinator.catalog.ViewDef v : ctx.views()) {
            rows.add(new Object[] {ctx.database(), v.schema(), v.name(), "VIEW", null, null, null, null, null,
                "NO", "NO", null});
        }
        return rows;
    }

    /** information_schema.views: the view's query as stored; Tessera's views are not updatable. */
    private static List<Object[]> views(CatalogContext ctx) {
        List<Object[]> rows = new ArrayList<>();
        for (io.tessera.coordinator.catalog.ViewDef v : ctx.views()) {
            rows.add(new Object[] {ctx.database(), v.schema(), v.name(), PgCatalogFunctions.viewDefinition(ctx, v),
                "NONE", "NO", "NO", "NO", "NO", "NO"});
        }
        return rows;
    }

    private static List<Object[]> columns(CatalogContext ctx) {
        List<Object[]> rows = new ArrayList<>();
        List<TableDef> relations = new ArrayList<>(ctx.tables());
        ctx.views().forEach(v -> relations.add(CatalogContext.shape(v)));
        for (TableDef t : relations) {
            for (int i = 0; i < t.columns().size(); i++) {
                ColumnDef c = t.columns().get(i);
                PgTypeCatalog.TypeRow type = PgTypeCatalog.byOid(c.type().oid());
                Integer charLen = c.length() >= 0 ? c.length() : null;
                Integer octets = null; // PostgreSQL: 4 bytes per character of UTF8, 1 GB when unbounded
                if (charLen != null) {
                    octets = charLen * 4;
                } else if (type.collatable() && type.len() < 0) {
                    octets = 1073741824;
                }
                Integer precision = switch (type.name()) {
                    case "int2" -> 16;
                    case "int4" -> 32;
                    case "int8" -> 64;
                    case "float4" -> 24;
                    case "float8" -> 53;
                    case "numeric" -> c.precision() >= 0 ? c.precision() : null;
                    default -> null;
                };
                Integer radix = precision == null ? null : type.name().equals("numeric") ? 10 : 2;
                Integer scale = null;
                if (type.name().startsWith("int")) {
                    scale = 0;
                } else if (type.name().equals("numeric") && c.scale() >= 0) {
                    scale = c.scale();
                }
                Integer dtPrecision = switch (type.name()) {
                    case "date" -> 0;
                    case "timestamp", "timestamptz" -> 6;
                    default -> null;
                };
                SequenceDef identity = c.identity() == null ? null : ownedSequence(ctx, t, c);
                // an enum column: USER-DEFINED, its type named in udt_schema/udt_name (stored as text, none of
                // text's lengths)
                io.tessera.coordinator.catalog.EnumTypeDef enumType = c.enumTypeOid() == 0 ? null
                        : ctx.snapshot().enumType(ctx.database(), c.enumTypeOid());
                if (enumType != null) {
                    octets = null;
                }
                rows.add(new Object[] {ctx.database(), t.schema(), t.name(), c.name(), c.id(),
                    PgAttrdef.hasDefault(c) ? PgCatalogFunctions.qualifySequences(ctx, DefaultDeparser.deparse(c)) : null,
                    c.notNull() || t.primaryKey().contains(c.name()) ? "NO" : "YES",
                    enumType != null ? "USER-DEFINED" : type.category() == 'A' ? "ARRAY" : type.formatName(), charLen,
                    octets, precision, radix, scale, dtPrecision, null, null, null, null, null, null, null, null,
                    null, null, null, ctx.database(), enumType != null ? enumType.schemaName() : "pg_catalog",
                    enumType != null ? enumType.name() : type.name(), null, null, null, null,
                    String.valueOf(c.id()), "NO", identity != null ? "YES" : "NO",
                    identity == null ? null : c.identity().equals("a") ? "ALWAYS" : "BY DEFAULT",
                    identity == null ? null : Long.toString(identity.start()),
                    identity == null ? null : Long.toString(identity.increment()),
                    identity == null ? null : Long.toString(identity.max()),
                    identity == null ? null : Long.toString(identity.min()),
                    identity != null && identity.cycle() ? "YES" : "NO", "NEVER", null, "YES"});
            }
        }
        return rows;
    }

    private static List<Object[]> tableConstraints(CatalogContext ctx) {
        List<Object[]> rows = new ArrayList<>();
        for (TableDef t : ctx.tables()) {
            if (!t.primaryKey().isEmpty()) {
                rows.add(new Object[] {ctx.database(), t.schema(), CatalogOids.primaryKeyName(t), ctx.database(),
                    t.schema(), t.name(), "PRIMARY KEY", "NO", "NO", "YES", null});
            }
            for (io.tessera.coordinator.catalog.IndexDef i : t.indexes()) {
                if (i.constraint()) {
                    rows.add(new Object[] {ctx.database(), t.schema(), i.name(), ctx.database(), t.schema(), t.name(),
                        "UNIQUE", i.deferrable() ? "YES" : "NO", i.initiallyDeferred() ? "YES" : "NO", "YES", "YES"});
                }
            }
            for (TableDef.CheckDef c : t.checks()) {
                rows.add(new Object[] {ctx.database(), t.schema(), c.name(), ctx.database(), t.schema(), t.name(),
                    "CHECK", "NO", "NO", "YES", null});
            }
            for (io.tessera.coordinator.catalog.ForeignKeyDef fk : t.foreignKeys()) {
                rows.add(new Object[] {ctx.database(), t.schema(), fk.name(), ctx.database(), t.schema(), t.name(),
                    "FOREIGN KEY", fk.deferrable() ? "YES" : "NO", fk.initiallyDeferred() ? "YES" : "NO", "YES", null});
            }
        }
        return rows;
    }

    /**
     * One row per CHECK constraint: its clause as pg_get_constraintdef prints it after {@code CHECK }
     * ({@code ((a > 0))}, {@code ((a <> 7)) NOT VALID}), as PostgreSQL's view computes it.
     */
    private static List<Object[]> checkConstraints(CatalogContext ctx) {
        List<Object[]> rows = new ArrayList<>();
        for (TableDef t : ctx.tables()) {
            for (int k = 0; k < t.checks().size(); k++) {
                String def = PgConstraint.definition(ctx, PgConstraint.checkOid(t, k));
                rows.add(new Object[] {ctx.database(), t.schema(), t.checks().get(k).name(),
                    def.substring("CHECK ".length())});
            }
        }
        return rows;
    }

    /** One row per foreign key: the unique constraint it references, MATCH and the referential actions. */
    private static List<Object[]> referentialConstraints(CatalogContext ctx) {
        List<Object[]> rows = new ArrayList<>();
        for (TableDef t : ctx.tables()) {
            for (io.tessera.coordinator.catalog.ForeignKeyDef fk : t.foreignKeys()) {
                TableDef parent = parent(ctx, fk);
                if (parent == null) {
                    continue;
                }
                rows.add(new Object[] {ctx.database(), t.schema(), fk.name(), ctx.database(), parent.schema(),
                    uniqueName(parent, fk), fk.matchType() == 'f' ? "FULL" : "NONE",
                    io.tessera.coordinator.catalog.ForeignKeyDef.actionWords(fk.onUpdate()),
                    io.tessera.coordinator.catalog.ForeignKeyDef.actionWords(fk.onDelete())});
            }
        }
        return rows;
    }

    private static TableDef parent(CatalogContext ctx, io.tessera.coordinator.catalog.ForeignKeyDef fk) {
        for (TableDef p : ctx.tables()) {
            if (p.id() == fk.refTableId()) {
                return p;
            }
        }
        return null;
    }

    /** The name of the primary key or UNIQUE constraint (or unique index) whose columns a foreign key references. */
    private static String uniqueName(TableDef parent, io.tessera.coordinator.catalog.ForeignKeyDef fk) {
        java.util.Set<String> cols = java.util.Set.copyOf(fk.refColumns());
        if (!parent.primaryKey().isEmpty() && java.util.Set.copyOf(parent.primaryKey()).equals(cols)) {
            return CatalogOids.primaryKeyName(parent);
        }
        for (io.tessera.coordinator.catalog.IndexDef i : parent.indexes()) {
            if (i.unique() && java.util.Set.copyOf(i.columnNames()).equals(cols)) {
                return i.name();
            }
        }
        return null;
    }

    private static List<Object[]> keyColumnUsage(CatalogContext ctx) {
        List<Object[]> rows = new ArrayList<>();
        for (TableDef t : ctx.tables()) {
            for (int k = 0; k < t.primaryKey().size(); k++) {
                rows.add(new Object[] {ctx.database(), t.schema(), CatalogOids.primaryKeyName(t), ctx.database(),
                    t.schema(), t.name(), t.primaryKey().get(k), k + 1, null});
            }
            for (io.tessera.coordinator.catalog.IndexDef i : t.indexes()) {
                for (int k = 0; i.constraint() && k < i.columns().size(); k++) {
                    rows.add(new Object[] {ctx.database(), t.schema(), i.name(), ctx.database(), t.schema(),
                        t.name(), i.columnNames().get(k), k + 1, null});
                }
            }
            for (io.tessera.coordinator.catalog.ForeignKeyDef fk : t.foreignKeys()) {
                TableDef parent = parent(ctx, fk);
                List<String> key = parent == null ? List.of() : parent.primaryKey().isEmpty()
                        || !java.util.Set.copyOf(parent.primaryKey()).equals(java.util.Set.copyOf(fk.refColumns()))
                        ? fk.refColumns() : parent.primaryKey();
                for (int k = 0; k < fk.columns().size(); k++) {
                    rows.add(new Object[] {ctx.database(), t.schema(), fk.name(), ctx.database(), t.schema(),
                        t.name(), fk.columns().get(k), k + 1, key.indexOf(fk.refColumns().get(k)) + 1});
                }
            }
        }
        return rows;
    }
}
