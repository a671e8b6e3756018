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
        if (role.superuser()) {
            return true;
        }
        for (AclItem a : effective(s, t)) {
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
