package io.tessera.coordinator.catalog;

import java.util.ArrayList;
import java.util.List;

/**
 * One entry of an access control list, PostgreSQL's {@code aclitem}: the privileges {@code grantor} gave
 * {@code grantee}. Its text form is PostgreSQL's ({@code grantee=privileges/grantor}, the grantee empty for PUBLIC,
 * a {@code *} after each privilege held WITH GRANT OPTION), from {@code aclitemout} in {@code utils/adt/acl.c};
 * privilege letters as https://www.postgresql.org/docs/15/ddl-priv.html#PRIVILEGE-ABBREVS-TABLE lists them.
 *
 * <p>A list of items is kept in PostgreSQL's order: {@link #grant} updates the grantee's entry from the same grantor
 * in place or appends a new one; {@link #revoke} removes an entry left with no privileges ({@code aclupdate}).
 *
 * @param grantee the role's OID; {@link #PUBLIC} for every role
 * @param grantor the granting role's OID
 * @param privileges the privilege letters in {@link #TABLE_RIGHTS} order, each followed by {@code *} when held with
 *     grant option (e.g. {@code "r*w"})
 */
public record AclItem(int grantee, int grantor, String privileges) {
    /** The grantee OID that stands for PUBLIC (PostgreSQL's ACL_ID_PUBLIC). */
    public static final int PUBLIC = 0;
    /** A table's privileges in PostgreSQL's bit order: INSERT, SELECT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER. */
    public static final String TABLE_RIGHTS = "arwdDxt";
    /** A sequence's privileges: USAGE, SELECT, UPDATE. */
    public static final String SEQUENCE_RIGHTS = "rwU";

    /** The default ACL of an object that never had GRANT or REVOKE: its owner holds every right (acldefault). */
    public static List<AclItem> defaults(int owner, String rights) {
        return List.of(new AclItem(owner, owner, rights));
    }

    /** Whether this entry holds privilege {@code letter}. */
    public boolean has(char letter) {
        return privileges.indexOf(letter) >= 0;
    }

    /** Whether this entry holds privilege {@code letter} WITH GRANT OPTION. */
    public boolean hasGrantOption(char letter) {
        int i = privileges.indexOf(letter);
        return i >= 0 && i + 1 < privileges.length() && privileges.charAt(i + 1) == '*';
    }

    /**
     * {@code acl} after granting {@code letters} (each with grant option when {@code grantOption}) to
     * {@code grantee} by {@code grantor}.
     */
    public static List<AclItem> grant(List<AclItem> acl, int grantee, int grantor, String letters, boolean grantOption,
            String rights) {
        List<AclItem> out = new ArrayList<>(acl);
        for (int i = 0; i < out.size(); i++) {
            AclItem a = out.get(i);
            if (a.grantee == grantee && a.grantor == grantor) {
                out.set(i, new AclItem(grantee, grantor, merge(a.privileges, letters, grantOption, true, rights)));
                return out;
            }
        }
        out.add(new AclItem(grantee, grantor, merge("", letters, grantOption, true, rights)));
        return out;
    }

    /**
     * {@code acl} with the entries of {@code old} (as grantee or grantor) moved to {@code newOwner}, grant options
     * kept, as PostgreSQL's aclnewowner does for ALTER ... OWNER TO.
     */
    public static List<AclItem> newOwner(List<AclItem> acl, int old, int newOwner, String rights) {
        List<AclItem> out = new ArrayList<>();
        for (AclItem a : acl) {
            int grantee = a.grantee() == old ? newOwner : a.grantee();
            int grantor = a.grantor() == old ? newOwner : a.grantor();
            List<AclItem> merged = grant(out, grantee, grantor, a.privileges().replace("*", ""), false, rights);
            // keep grant options exactly: re-add the starred letters with grant option
            StringBuilder starred = new StringBuilder();
            for (int i = 0; i + 1 < a.privileges().length(); i++) {
                if (a.privileges().charAt(i + 1) == '*') {
                    starred.append(a.privileges().charAt(i));
                }
            }
            out = starred.isEmpty() ? merged : grant(merged, grantee, grantor, starred.toString(), true, rights);
        }
        return out;
    }

    /**
     * {@code acl} after revoking {@code letters} from {@code grantee} as granted by {@code grantor}; with
     * {@code grantOptionOnly} (REVOKE GRANT OPTION FOR) only the grant options go. Entries left empty are removed.
     */
    public static List<AclItem> revoke(List<AclItem> acl, int grantee, int grantor, String letters,
            boolean grantOptionOnly, String rights) {
        List<AclItem> out = new ArrayList<>();
        for (AclItem a : acl) {
            if (a.grantee == grantee && a.grantor == grantor) {
                String left = grantOptionOnly ? withoutOptions(a.privileges, letters, rights)
                        : merge(a.privileges, letters, false, false, rights);
                if (!left.isEmpty()) {
                    out.add(new AclItem(grantee, grantor, left));
                }
            } else {
                out.add(a);
            }
        }
        return out;
    }

    private static String withoutOptions(String held, String letters, String rights) {
        StringBuilder b = new StringBuilder();
        for (char c : rights.toCharArray()) {
            if (held.indexOf(c) < 0) {
                continue;
            }
            b.append(c);
            int i = held.indexOf(c);
            boolean option = i + 1 < held.length() && held.charAt(i + 1) == '*';
            if (option && letters.indexOf(c) < 0) {
                b.append('*');
            }
        }
        return b.toString();
    }

    /** {@code held} with {@code letters} added (add) or removed, in {@code rights} order. */
    private static String merge(String held, String letters, boolean grantOption, boolean add, String rights) {
        StringBuilder b = new StringBuilder();
        for (char c : rights.toCharArray()) {
            int i = held.indexOf(c);
            boolean had = i >= 0;
            boolean hadOption = had && i + 1 < held.length() && held.charAt(i + 1) == '*';
            boolean named = letters.indexOf(c) >= 0;
            if (add) {
                if (had || named) {
                    b.append(c);
                    if (hadOption || (named && grantOption)) {
                        b.append('*');
                    }
                }
            } else if (had && !named) {
                b.append(c);
                if (hadOption) {
                    b.append('*');
                }
            }
        }
        return b.toString();
    }

    /**
     * The text form, {@code grantee=privileges/grantor}, with role OIDs turned into names by {@code names} (PUBLIC's
     * grantee is empty). A name that needs quoting is double-quoted, as {@code putid} does.
     */
    public String text(java.util.function.IntFunction<String> names) {
        return (grantee == PUBLIC ? "" : quote(names.apply(grantee))) + "=" + privileges + "/"
                + quote(names.apply(grantor));
    }

    private static String quote(String name) {
        if (name == null) {
            return "";
        }
        boolean safe = !name.isEmpty();
        for (char c : name.toCharArray()) {
            if (!(Character.isLowerCase(c) || Character.isDigit(c) || c == '_')) {
                safe = false;
            }
        }
        return safe ? name : "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
