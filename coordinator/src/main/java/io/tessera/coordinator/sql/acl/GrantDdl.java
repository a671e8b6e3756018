package io.tessera.coordinator.sql.acl;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.catalog.AclItem;
import io.tessera.coordinator.catalog.Acls;
import io.tessera.coordinator.catalog.CatalogSnapshot;
import io.tessera.coordinator.catalog.CatalogStore;
import io.tessera.coordinator.catalog.RoleDef;
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
            List<Integer> grantees = new ArrayList<>();
            for (String name : g.grantees()) {
                grantees.add(name == null ? AclItem.PUBLIC : RoleDdl.existing(s, name, sessionUser).oid());
            }
            List<CuratorOp> out = new ArrayList<>();
            for (TableDef t : tables) {
                String letters = g.privileges();
                int grantor;
                if (Acls.isOwner(s, me, t)) {
                    grantor = Acls.owner(s, t);
                } else {
                    StringBuilder mine = new StringBuilder();
                    for (char c : letters.toCharArray()) {
                        if (Acls.has(s, me, t, c, true)) {
                            mine.append(c);
                        }
                    }
                    if (mine.isEmpty()) {
                        boolean any = false;
                        for (char c : AclItem.TABLE_RIGHTS.toCharArray()) {
                            any |= Acls.has(s, me, t, c, false);
                        }
                        if (!any) {
                            throw Privileges.denied(t.name());
                        }
                    }
                    boolean all = letters.equals(AclItem.TABLE_RIGHTS);
                    if (mine.isEmpty()) {
                        warnings.add(g.grant()
                                ? new TesseraException(SqlState.PRIVILEGE_NOT_GRANTED, "no privileges were granted for \""
                                        + t.name() + "\"")
                                : new TesseraException(SqlState.PRIVILEGE_NOT_REVOKED, "no privileges could be revoked"
                                        + " for \"" + t.name() + "\""));
                        continue;
                    }
                    if (mine.length() < letters.length() && !all) {
                        warnings.add(g.grant()
                                ? new TesseraException(SqlState.PRIVILEGE_NOT_GRANTED, "not all privileges were"
                                        + " granted for \"" + t.name() + "\"")
                                : new TesseraException(SqlState.PRIVILEGE_NOT_REVOKED, "not all privileges could be"
                                        + " revoked for \"" + t.name() + "\""));
                    }
                    letters = mine.toString();
                    grantor = me.oid();
                }
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
