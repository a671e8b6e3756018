package io.tessera.coordinator.sql.acl;

import io.tessera.coordinator.catalog.AclItem;
import io.tessera.coordinator.catalog.Acls;
import io.tessera.coordinator.catalog.CatalogSnapshot;
import io.tessera.coordinator.catalog.TableDef;
import java.util.ArrayList;
import java.util.List;

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
        List<AclItem> out = new ArrayList<>();
        for (AclItem a : t.acl()) {
            int grantee = a.grantee() == old ? newOwner : a.grantee();
            int grantor = a.grantor() == old ? newOwner : a.grantor();
            List<AclItem> merged = AclItem.grant(out, grantee, grantor, a.privileges().replace("*", ""), false,
                    AclItem.TABLE_RIGHTS);
            // keep grant options exactly: re-add the starred letters with grant option
            String starred = starred(a.privileges());
            out = starred.isEmpty() ? merged
                    : AclItem.grant(merged, grantee, grantor, starred, true, AclItem.TABLE_RIGHTS);
        }
        return t.withOwner(newOwner).withAcl(out);
    }

    private static String starred(String privileges) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i + 1 < privileges.length(); i++) {
            if (privileges.charAt(i + 1) == '*') {
                b.append(privileges.charAt(i));
            }
        }
        return b.toString();
    }
}
