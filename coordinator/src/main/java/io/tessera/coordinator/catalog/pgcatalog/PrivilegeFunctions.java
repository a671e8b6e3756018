package io.tessera.coordinator.catalog.pgcatalog;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.catalog.AclItem;
import io.tessera.coordinator.catalog.Acls;
import io.tessera.coordinator.catalog.DatabaseDef;
import io.tessera.coordinator.catalog.RoleDef;
import io.tessera.coordinator.catalog.TableDef;
import java.util.Locale;
import org.apache.calcite.DataContext;

/**
 * The access privilege inquiry functions ({@code has_table_privilege} and its siblings), answered from the catalog's
 * ACLs as PostgreSQL 15 answers them (https://www.postgresql.org/docs/15/functions-info.html#FUNCTIONS-INFO-ACCESS):
 * the role is a name or an OID (the current user when omitted); the object a name (a table as {@code regclass}
 * text) or an OID; the privilege a comma-separated list, each maybe {@code WITH GRANT OPTION}, true when any is held.
 * A superuser holds everything.
 *
 * <p>Tables answer from their ACL ({@link Acls}); columns from their table's (Tessera has no column privileges).
 * Objects without ACLs in Tessera answer from PostgreSQL 15's defaults: schema {@code public} grants USAGE to PUBLIC
 * and CREATE to the database owner only; a database grants CONNECT and TEMPORARY to PUBLIC; a sequence's rights are
 * its owner's (the database owner's); functions and the rest grant their usage to PUBLIC.
 *
 * <p>Errors: 42704 unknown role, 42P01 unknown table name (an unknown OID gives NULL), 22023 unknown privilege type.
 */
public final class PrivilegeFunctions {
    private PrivilegeFunctions() {
    }

    public static Boolean table2(DataContext root, Object table, Object privilege) {
        return table(root, null, table, privilege);
    }

    public static Boolean table3(DataContext root, Object user, Object table, Object privilege) {
        return table(root, user, table, privilege);
    }

    /** has_column_privilege(table, column, privilege): its table's privilege (no column ACLs). */
    public static Boolean column3(DataContext root, Object table, Object column, Object privilege) {
        return table(root, null, table, privilege);
    }

    public static Boolean column4(DataContext root, Object user, Object table, Object column, Object privilege) {
        return table(root, user, table, privilege);
    }

    public static Boolean schema2(DataContext root, Object schema, Object privilege) {
        return schema(root, null, schema, privilege);
    }

    public static Boolean schema3(DataContext root, Object user, Object schema, Object privilege) {
        return schema(root, user, schema, privilege);
    }

    public static Boolean sequence2(DataContext root, Object sequence, Object privilege) {
        return ownerOnly(root, null, privilege, "USAGE", "SELECT", "UPDATE");
    }

    public static Boolean sequence3(DataContext root, Object user, Object sequence, Object privilege) {
        return ownerOnly(root, user, privilege, "USAGE", "SELECT", "UPDATE");
    }

    public static Boolean database2(DataContext root, Object database, Object privilege) {
        return database(root, null, privilege);
    }

    public static Boolean database3(DataContext root, Object user, Object database, Object privilege) {
        return database(root, user, privilege);
    }

    /** Objects whose usage PostgreSQL grants to PUBLIC by default (functions, types, languages ...). */
    public static Boolean public2(DataContext root, Object object, Object privilege) {
        return true;
    }

    public static Boolean public3(DataContext root, Object user, Object object, Object privilege) {
        role(PgCatalogFunctions.context(root), user);
        return true;
    }

    /** pg_has_role(role, privilege): Tessera has no role membership, so a role is only itself (superusers: all). */
    public static Boolean role2(DataContext root, Object role, Object privilege) {
        return role(root, null, role, privilege);
    }

    public static Boolean role3(DataContext root, Object user, Object role, Object privilege) {
        return role(root, user, role, privilege);
    }

    private static Boolean role(DataContext root, Object user, Object role, Object privilege) {
        CatalogContext ctx = PgCatalogFunctions.context(root);
        RoleDef me = role(ctx, user);
        RoleDef other = role(ctx, role);
        privileges(privilege, "MEMBER", "USAGE", "SET");
        return me.superuser() || me.oid() == other.oid();
    }

    private static Boolean table(DataContext root, Object user, Object table, Object privilege) {
        CatalogContext ctx = PgCatalogFunctions.context(root);
        RoleDef role = role(ctx, user);
        Relations.Relation r;
        if (table instanceof Number n) {
            int oid = n.intValue();
            r = Relations.all(ctx).stream().filter(x -> x.oid() == oid).findFirst().orElse(null);
            if (r == null) {
                return null;
            }
        } else {
            r = Relations.byName(ctx, String.valueOf(table));
            if (r == null) {
                throw new TesseraException(SqlState.UNDEFINED_TABLE, "relation \"" + table + "\" does not exist");
            }
        }
        TableDef t = r.kind() == 'r' ? r.table() : null;
        for (String p : privileges(privilege, "SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES",
                "TRIGGER")) {
            boolean grantOption = p.endsWith(" WITH GRANT OPTION");
            String name = grantOption ? p.substring(0, p.length() - " WITH GRANT OPTION".length()) : p;
            if (role.superuser()) {
                return true;
            }
            if (t == null) {
                // catalog tables and views: SELECT to PUBLIC; Tessera's views have no ACL of their own
                if (name.equals("SELECT") && !grantOption) {
                    return true;
                }
                continue;
            }
            char letter = AclItem.TABLE_RIGHTS.charAt(java.util.List.of("INSERT", "SELECT", "UPDATE", "DELETE",
                    "TRUNCATE", "REFERENCES", "TRIGGER").indexOf(name));
            if (Acls.has(ctx.snapshot(), role, t, letter, grantOption)) {
                return true;
            }
        }
        return false;
    }

    private static Boolean schema(DataContext root, Object user, Object schema, Object privilege) {
        CatalogContext ctx = PgCatalogFunctions.context(root);
        RoleDef role = role(ctx, user);
        String name = schema instanceof Number n ? ctx.schemaName(n.intValue()) : String.valueOf(schema);
        io.tessera.coordinator.catalog.SchemaDef made = ctx.snapshot().schemas(ctx.database()).get(name);
        for (String p : privileges(privilege, "USAGE", "CREATE")) {
            if (made != null) { // a schema of CREATE SCHEMA: its ACL (GRANT ... ON SCHEMA)
                if (Acls.has(role, made, p.startsWith("USAGE") ? 'U' : 'C', p.endsWith("GRANT OPTION"))) {
                    return true;
                }
            } else if (role.superuser() || (p.equals("USAGE")) || (p.startsWith("CREATE") && ownsDatabase(ctx, role)
                    && "public".equals(name))) {
                return true;
            }
        }
        return false;
    }

    private static Boolean database(DataContext root, Object user, Object privilege) {
        CatalogContext ctx = PgCatalogFunctions.context(root);
        RoleDef role = role(ctx, user);
        for (String p : privileges(privilege, "CREATE", "CONNECT", "TEMPORARY", "TEMP")) {
            if (role.superuser() || ownsDatabase(ctx, role) || p.equals("CONNECT") || p.startsWith("TEMP")) {
                return true;
            }
        }
        return false;
    }

    private static Boolean ownerOnly(DataContext root, Object user, Object privilege, String... known) {
        CatalogContext ctx = PgCatalogFunctions.context(root);
        RoleDef role = role(ctx, user);
        privileges(privilege, known);
        return role.superuser() || ownsDatabase(ctx, role);
    }

    private static boolean ownsDatabase(CatalogContext ctx, RoleDef role) {
        DatabaseDef db = ctx.snapshot().databases().get(ctx.database());
        return db != null && db.owner().equals(role.name());
    }

    /** The role named (text) or numbered (OID), or the current user. */
    private static RoleDef role(CatalogContext ctx, Object user) {
        if (user == null && ctx.session() == null) { // outside a session (tests): the bootstrap superuser
            RoleDef su = Acls.role(ctx.snapshot(), ctx.bootstrapSuperuser());
            return su != null ? su : new RoleDef("postgres", 10, true);
        }
        if (user == null) {
            String name = ctx.session().user();
            RoleDef r = name == null ? null : ctx.snapshot().roles().get(name);
            return r != null ? r : new RoleDef(String.valueOf(name), -1, false, false, true, false, false, false,
                    false, -1, null);
        }
        if (user instanceof Number n) {
            RoleDef r = Acls.role(ctx.snapshot(), n.intValue());
            if (r == null) {
                throw new TesseraException(SqlState.UNDEFINED_OBJECT, "role with OID " + n + " does not exist");
            }
            return r;
        }
        String name = String.valueOf(user);
        RoleDef r = name.equals("public") ? new RoleDef("public", AclItem.PUBLIC, false, false, true, false, false,
                false, false, -1, null) : ctx.snapshot().roles().get(name);
        if (r == null) {
            throw new TesseraException(SqlState.UNDEFINED_OBJECT, "role \"" + name + "\" does not exist");
        }
        return r;
    }

    /** The privilege list, upper-cased and trimmed; 22023 for a type not among {@code known}. */
    private static java.util.List<String> privileges(Object privilege, String... known) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (String p : String.valueOf(privilege).split(",")) {
            String t = p.trim().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
            String base = t.endsWith(" WITH GRANT OPTION") ? t.substring(0, t.length() - 18) : t;
            if (!java.util.List.of(known).contains(base)) {
                throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, "unrecognized privilege type: \""
                        + p.trim() + "\"");
            }
            out.add(t);
        }
        return out;
    }
}
