package io.tessera.coordinator.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ACL updates and text as PostgreSQL's aclupdate/aclitemout (expected strings are PostgreSQL 15's relacl). */
class AclItemTest {
    private static final Map<Integer, String> NAMES = Map.of(10, "owner", 20, "bob", 30, "Carol");

    private static List<String> text(List<AclItem> acl) {
        return acl.stream().map(a -> a.text(NAMES::get)).toList();
    }

    @Test
    void grantsAppendAndMergeInPrivilegeOrder() {
        List<AclItem> acl = AclItem.defaults(10, AclItem.TABLE_RIGHTS);
        acl = AclItem.grant(acl, 20, 10, "wr", false, AclItem.TABLE_RIGHTS);
        acl = AclItem.grant(acl, 20, 10, "a", true, AclItem.TABLE_RIGHTS);
        acl = AclItem.grant(acl, AclItem.PUBLIC, 10, "r", false, AclItem.TABLE_RIGHTS);
        acl = AclItem.grant(acl, 30, 10, "d", false, AclItem.TABLE_RIGHTS);
        assertEquals(List.of("owner=arwdDxt/owner", "bob=a*rw/owner", "=r/owner", "\"Carol\"=d/owner"), text(acl));
    }

    @Test
    void revokesRemoveEmptiedEntriesAndGrantOptions() {
        List<AclItem> acl = AclItem.grant(AclItem.defaults(10, AclItem.TABLE_RIGHTS), 20, 10, "ar", true,
                AclItem.TABLE_RIGHTS);
        assertEquals(List.of("owner=arwdDxt/owner", "bob=ar*/owner"),
                text(AclItem.revoke(acl, 20, 10, "a", true, AclItem.TABLE_RIGHTS)));
        assertEquals(List.of("owner=arwdDxt/owner", "bob=r*/owner"),
                text(AclItem.revoke(acl, 20, 10, "a", false, AclItem.TABLE_RIGHTS)));
        assertEquals(List.of("owner=arwdDxt/owner"),
                text(AclItem.revoke(acl, 20, 10, "ar", false, AclItem.TABLE_RIGHTS)));
    }
}
