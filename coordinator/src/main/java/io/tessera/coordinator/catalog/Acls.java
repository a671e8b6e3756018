package io.tessera.coordinator.catalog;

import java.util.List;

/**
 * Who owns a table and what its ACL grants whom: the one place the coordinators' checks ({@code sql.acl}) and the
 * catalog functions ({@code has_table_privilege}) read privileges from, so the two never disagree.
 *
 * <p>As PostgreSQL ({@code pg_class_aclmask}): a superuser holds every privilege; anyone else holds what the ACL's
 * entries for that role or for PUBLIC grant. The owner is not special here: it holds its rights through the ACL
 * (every right by default), and may revoke them from itself. Role membership (GRANT role TO role) is not supported,
 * so no rights are inherited.
 */
public final class Acls {
    private Acls() {
    }

    /** The OID of the table's owner: its recorded owner, else (older catalogs) its database's owner. */
    public static int owner(CatalogSnapshot s, TableDef t) {
        if (t.owner() != null) {
            return t.owner();
        }
        DatabaseDef db = s.databases().get(t.database());
        RoleDef r = db == null ? null : s.roles().get(db.owner());
        return r != null ? r.oid() : s.roles().values().stream().filter(RoleDef::superuser).mapToInt(RoleDef::oid)
                .min().orElse(10);
    }

    /** The table's ACL in effect: its own, or the owner-holds-everything default when it never had GRANT/REVOKE. */
    public static List<AclItem> effective(CatalogSnapshot s, TableDef t) {
        return t.acl() != null ? t.acl() : AclItem.defaults(owner(s, t), AclItem.TABLE_RIGHTS);
    }

    /** The role with this OID, or null. */
    public static RoleDef role(CatalogSnapshot s, int oid) {
        for (RoleDef r : s.roles().values()) {
            if (r.oid() == oid) {
                return r;
            }
        }
        return null;
    }

    /**
     * Whether {@code role} holds table privilege {@code letter} (one of {@link AclItem#TABLE_RIGHTS}) on {@code t},
     * with grant option when {@code grantOption}.
     */
    public static boolean has(CatalogSnapshot s, RoleDef role, TableDef t, char letter, boolean grantOption) {
        if (role == null) {
            return false;
        }
        return role.superuser() || holds(effective(s, t), role, letter, grantOption);
    }

    /**
     * Whether {@code role} holds schema privilege {@code letter} ({@code U} USAGE, {@code C} CREATE) on {@code schema},
     * with grant option when {@code grantOption}: superusers always; others through the schema's ACL
     * ({@link SchemaDef#effectiveAcl}).
     */
    public static boolean has(RoleDef role, SchemaDef schema, char letter, boolean grantOption) {
        return role != null && (role.superuser() || holds(schema.effectiveAcl(), role, letter, grantOption));
    }

    /**
     * Whether {@code role} may use ({@code U}) or create in ({@code C}) the schema named {@code schema} of
     * {@code database}. The built-in schemas are not in the catalog and pass: Tessera lets every role use and create
     * in {@code public} (PostgreSQL 15 grants CREATE there to the database owner only); a schema that does not exist
     * passes too (name resolution reports it).
     */
    public static boolean mayUse(CatalogSnapshot s, RoleDef role, String database, String schema, char letter) {
        SchemaDef d = s.schemas(database).get(schema);
        return d == null || has(role, d, letter, false);
    }

    private static boolean holds(List<AclItem> acl, RoleDef role, char letter, boolean grantOption) {
        for (AclItem a : acl) {
            if (a.grantee() == role.oid() || (a.grantee() == AclItem.PUBLIC && !grantOption)) {
                if (grantOption ? a.hasGrantOption(letter) : a.has(letter)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether {@code role} may ALTER, DROP or GRANT on the table as its owner (superusers may). */
    public static boolean isOwner(CatalogSnapshot s, RoleDef role, TableDef t) {
        return role != null && (role.superuser() || owner(s, t) == role.oid());
    }
}
