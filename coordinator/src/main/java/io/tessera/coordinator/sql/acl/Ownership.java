package io.tessera.coordinator.sql.acl;

import io.tessera.coordinator.catalog.AclItem;
import io.tessera.coordinator.catalog.Acls;
import io.tessera.coordinator.catalog.CatalogSnapshot;
import io.tessera.coordinator.catalog.TableDef;

/** ALTER TABLE ... OWNER TO: the new owner takes the old owner's place in the ACL too (PostgreSQL's aclnewowner). */
public final class Ownership {
    private Ownership() {
    }

    /** {@code t} owned by {@code newOwner}, its ACL entries of the old owner (as grantee or grantor) moved to it. */
    public static TableDef change(CatalogSnapshot s, TableDef t, int newOwner) {
        int old = Acls.owner(s, t);
        if (t.acl() == null || old == newOwner) {
            return t.withOwner(newOwner);
        }
        return t.withOwner(newOwner).withAcl(AclItem.newOwner(t.acl(), old, newOwner, AclItem.TABLE_RIGHTS));
    }
}
