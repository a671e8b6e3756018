package io.tessera.coordinator.sql.acl;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.catalog.AclItem;
import io.tessera.coordinator.catalog.Acls;
import io.tessera.coordinator.catalog.CatalogSnapshot;
import io.tessera.coordinator.catalog.CatalogStore;
import io.tessera.coordinator.catalog.RoleDef;
import io.tessera.coordinator.catalog.SchemaDef;
import io.tessera.coordinator.catalog.SearchPath;
import io.tessera.coordinator.catalog.TableDef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.curator.framework.api.transaction.CuratorOp;

/**
 * GRANT and REVOKE of table privileges: one versioned catalog change that rewrites the tables' ACLs
 * ({@link TableDef#acl}), as PostgreSQL 15's {@code ExecGrant_Relation} and {@code aclupdate} do:
 * <ul>
 *   <li>a superuser or the owner grants and revokes as the owner (the owner is the grantor);</li>
 *   <li>another role may grant or revoke only what it holds WITH GRANT OPTION (it is then the grantor); holding
 *       none of the named rights but some others, it gets a WARNING ({@code 01007 no privileges were granted},
 *       {@code 01006 no privileges could be revoked}), holding nothing at all, 42501;</li>
 *   <li>the first GRANT or REVOKE starts from the default ACL, in which the owner holds every right.</li>
 * </ul>
 * Not supported: dependent grants (REVOKE ... CASCADE), column privileges, GRANTED BY.
 */
public final class GrantDdl {
    private GrantDdl() {
    }

    /**
     * Runs a GRANT or REVOKE as {@code sessionUser} in {@code database}.
     *
     * @return the warnings it raises
     * @throws TesseraException 42P01 unknown table, 42704 unknown role, 42501, 3F000 unknown schema, 0A000 a view or
     *     sequence
     */
    public static List<TesseraException> run(AclStatement.GrantTables g, CatalogStore catalog, String sessionUser,
            String database) {
        List<TesseraException> warnings = new ArrayList<>();
        catalog.apply((s, root, ops) -> {
            warnings.clear();
            RoleDef me = RoleDdl.current(s, sessionUser);
            List<TableDef> tables = tables(s, g, database);
            List<Integer> grantees = grantees(s, g.grantees(), sessionUser);
            List<CuratorOp> out = new ArrayList<>();
            for (TableDef t : tables) {
                Grantor by = grantor(g.grant(), g.privileges(), AclItem.TABLE_RIGHTS, Acls.isOwner(s, me, t),
                        Acls.owner(s, t), me, (c, option) -> Acls.has(s, me, t, c, option), t.name(),
                        Privileges.denied(t.name()), warnings);
                if (by == null) {
                    continue;
                }
                String letters = by.letters();
                int grantor = by.grantor();
                List<AclItem> acl = Acls.effective(s, t);
                for (int grantee : grantees) {
                    acl = g.grant()
                            ? AclItem.grant(acl, grantee, grantor, letters, g.grantOption(), AclItem.TABLE_RIGHTS)
                            : AclItem.revoke(acl, grantee, grantor, letters, g.grantOption(), AclItem.TABLE_RIGHTS);
                }
                out.add(ops.updateTable(t.withAcl(acl)));
            }
            return out;
        });
        return warnings;
    }

    /**
     * Runs a GRANT or REVOKE ... ON SCHEMA as {@code sessionUser} in {@code database}, with the rules of table
     * privileges. {@code GRANT ... ON SCHEMA public} changes nothing: every role may use and create in {@code public}
     * in Tessera already; nor does a REVOKE there, but one of USAGE from PUBLIC (0A000).
     *
     * @return the warnings it raises
     * @throws TesseraException 3F000 unknown schema, 42704 unknown role, 42501, 0A000 REVOKE USAGE ... FROM PUBLIC
     *     on {@code public} or privileges on {@code pg_catalog} and {@code information_schema}
     */
    public static List<TesseraException> run(AclStatement.GrantSchemas g, CatalogStore catalog, String sessionUser,
            String database) {
        List<TesseraException> warnings = new ArrayList<>();
        catalog.apply((s, root, ops) -> {
            warnings.clear();
            RoleDef me = RoleDdl.current(s, sessionUser);
            List<SchemaDef> schemas = new ArrayList<>();
            for (String name : g.schemas()) {
                SchemaDef d = s.schemas(database).get(name);
                if (d == null && name.equals(CatalogSnapshot.PUBLIC)
                        && (g.grant() || !g.grantees().contains(null) || g.privileges().indexOf('U') < 0)) {
                    continue; // as PostgreSQL 15's ACL of public would be afterwards, less CREATE to everyone
                }
                if (d == null && CatalogSnapshot.BUILT_IN_SCHEMAS.contains(name)) {
                    throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "privileges on schema \"" + name
                            + "\" cannot be changed: every role may use " + (name.equals(CatalogSnapshot.PUBLIC)
                            ? "and create in it" : "it") + " in Tessera");
                }
                if (d == null) {
                    throw new TesseraException(SqlState.INVALID_SCHEMA_NAME, "schema \"" + name + "\" does not exist");
                }
                if (!schemas.contains(d)) {
                    schemas.add(d);
                }
            }
            List<Integer> grantees = grantees(s, g.grantees(), sessionUser);
            List<CuratorOp> out = new ArrayList<>();
            for (SchemaDef d : schemas) {
                boolean owner = me != null && (me.superuser() || me.oid() == d.owner());
                Grantor by = grantor(g.grant(), g.privileges(), SchemaDef.RIGHTS, owner, d.owner(), me,
                        (c, option) -> Acls.has(me, d, c, option), d.name(), Privileges.deniedSchema(d.name()),
                        warnings);
                if (by == null) {
                    continue;
                }
                List<AclItem> acl = d.effectiveAcl();
                for (int grantee : grantees) {
                    acl = g.grant()
                            ? AclItem.grant(acl, grantee, by.grantor(), by.letters(), g.grantOption(), SchemaDef.RIGHTS)
                            : AclItem.revoke(acl, grantee, by.grantor(), by.letters(), g.grantOption(),
                                    SchemaDef.RIGHTS);
                }
                out.add(ops.updateSchema(d.withAcl(acl)));
            }
            return out;
        });
        return warnings;
    }

    /** The grantees' OIDs ({@link AclItem#PUBLIC} for a null name); 42704 for an unknown role. */
    private static List<Integer> grantees(CatalogSnapshot s, List<String> names, String sessionUser) {
        List<Integer> out = new ArrayList<>();
        for (String name : names) {
            out.add(name == null ? AclItem.PUBLIC : RoleDdl.existing(s, name, sessionUser).oid());
        }
        return out;
    }

    /** The rights one GRANT or REVOKE changes on one object, and the role it changes them as. */
    private record Grantor(String letters, int grantor) {
    }

    /**
     * Who grants or revokes {@code letters} (of all {@code rights}) on one object, as PostgreSQL's
     * {@code restrict_and_check_grant}: its owner (or a superuser) as the owner; another role only the letters it
     * holds WITH GRANT OPTION, as itself.
     *
     * @param holds whether the session's role holds a letter (with grant option when the flag is set)
     * @return null when the role holds none of the letters with grant option (a 01007 / 01006 warning is added)
     * @throws TesseraException {@code denied} when the role holds no right on the object at all
     */
    private static Grantor grantor(boolean grant, String letters, String rights, boolean owner, int ownerOid,
            RoleDef me, java.util.function.BiPredicate<Character, Boolean> holds, String object,
            TesseraException denied, List<TesseraException> warnings) {
        if (owner) {
            return new Grantor(letters, ownerOid);
        }
        StringBuilder mine = new StringBuilder();
        for (char c : letters.toCharArray()) {
            if (holds.test(c, true)) {
                mine.append(c);
            }
        }
        if (mine.isEmpty()) {
            boolean any = false;
            for (char c : rights.toCharArray()) {
                any |= holds.test(c, false);
            }
            if (!any) {
                throw denied;
            }
            warnings.add(grant
                    ? new TesseraException(SqlState.PRIVILEGE_NOT_GRANTED, "no privileges were granted for \""
                            + object + "\"")
                    : new TesseraException(SqlState.PRIVILEGE_NOT_REVOKED, "no privileges could be revoked"
                            + " for \"" + object + "\""));
            return null;
        }
        if (mine.length() < letters.length() && !letters.equals(rights)) {
            warnings.add(grant
                    ? new TesseraException(SqlState.PRIVILEGE_NOT_GRANTED, "not all privileges were"
                            + " granted for \"" + object + "\"")
                    : new TesseraException(SqlState.PRIVILEGE_NOT_REVOKED, "not all privileges could be"
                            + " revoked for \"" + object + "\""));
        }
        return new Grantor(mine.toString(), me.oid());
    }

    private static List<TableDef> tables(CatalogSnapshot s, AclStatement.GrantTables g, String database) {
        if (g.allInSchema() != null) {
            String schema = g.allInSchema();
            if (!s.schemaExists(database, schema)) {
                throw new TesseraException(SqlState.INVALID_SCHEMA_NAME, "schema \"" + schema + "\" does not exist");
            }
            return s.tables(database).values().stream()
                    .filter(t -> CatalogSnapshot.schemaOf(t.schema()).equals(schema))
                    .sorted(Comparator.comparingInt(TableDef::id)).toList();
        }
        List<TableDef> out = new ArrayList<>();
        for (List<String> name : g.tables()) {
            String shown = String.join(".", name);
            String key = SearchPath.resolve(name); // 3F000 for a missing schema, as PostgreSQL
            TableDef t = s.tables(database).get(key);
            if (t != null && name.size() == 2 && !CatalogSnapshot.schemaOf(t.schema()).equals(name.get(0))) {
                t = null; // a public table whose name holds a dot
            }
            if (t == null) {
                String table = name.get(name.size() - 1);
                if (s.views(database).containsKey(key) || s.sequences(database).containsKey(key)) {
                    throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "privileges on views and sequences"
                            + " are not supported: \"" + table + "\" is not a table");
                }
                throw new TesseraException(SqlState.UNDEFINED_TABLE, "relation \"" + shown + "\" does not exist");
            }
            if (!out.contains(t)) {
                out.add(t);
            }
        }
        return out;
    }
}
