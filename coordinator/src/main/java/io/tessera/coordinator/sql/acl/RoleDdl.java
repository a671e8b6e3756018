package io.tessera.coordinator.sql.acl;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.catalog.CatalogSnapshot;
import io.tessera.coordinator.catalog.CatalogStore;
import io.tessera.coordinator.catalog.DatabaseDef;
import io.tessera.coordinator.catalog.RoleDef;
import io.tessera.coordinator.catalog.TableDef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.curator.framework.api.transaction.CuratorOp;

/**
 * CREATE ROLE / CREATE USER, ALTER ROLE and DROP ROLE, each one versioned catalog change
 * ({@link CatalogStore#apply}). Rules and messages as PostgreSQL 15's {@code commands/user.c}:
 * <ul>
 *   <li>creating, altering or dropping a role needs SUPERUSER or CREATEROLE, and a superuser when the role is (or
 *       becomes) a superuser or has REPLICATION/BYPASSRLS (42501);</li>
 *   <li>42710 for a name in use, 42704 for an unknown role, 42939 for {@code public}, {@code none} and {@code pg_*};
 *   </li>
 *   <li>DROP ROLE refuses (2BP01, the objects in DETAIL) while the role owns a table or database or appears in a
 *       table's ACL, and refuses the current and the session user (55006).</li>
 * </ul>
 * Role DDL changes cluster-wide objects outside any database, so, as other such DDL in Tessera, it cannot run
 * inside a transaction block (25001).
 */
public final class RoleDdl {
    private RoleDdl() {
    }

    /**
     * Runs one role statement as {@code sessionUser}.
     *
     * @return the notices it raises (DROP ROLE IF EXISTS of an unknown role)
     */
    public static List<TesseraException> run(AclStatement stmt, CatalogStore catalog, String sessionUser,
            String database) {
        List<TesseraException> notices = new ArrayList<>();
        if (stmt instanceof AclStatement.CreateRole c) {
            catalog.apply((s, root, ops) -> {
                RoleDef me = current(s, sessionUser);
                checkReserved(c.name());
                if (s.roles().containsKey(c.name())) {
                    throw new TesseraException(SqlState.DUPLICATE_OBJECT, "role \"" + c.name() + "\" already exists");
                }
                Map<String, Object> o = c.options();
                if (!me.superuser() && !me.createRole()) {
                    throw new TesseraException(SqlState.INSUFFICIENT_PRIVILEGE, "permission denied to create role");
                }
                if (!me.superuser() && (flag(o, "superuser", false) || flag(o, "replication", false)
                        || flag(o, "bypassrls", false))) {
                    throw new TesseraException(SqlState.INSUFFICIENT_PRIVILEGE, "must be superuser to create "
                            + (flag(o, "superuser", false) ? "superusers" : flag(o, "replication", false)
                            ? "replication users" : "bypassrls users"));
                }
                RoleDef r = new RoleDef(c.name(), ops.allocateOid(), flag(o, "superuser", false),
                        flag(o, "login", c.user()), flag(o, "inherit", true), flag(o, "createrole", false),
                        flag(o, "createdb", false), flag(o, "replication", false), flag(o, "bypassrls", false),
                        (Integer) o.getOrDefault("connection limit", -1), verifier(c.name(), (String) o.get("password")));
                return List.of(ops.createRole(r));
            });
        } else if (stmt instanceof AclStatement.AlterRole a) {
            catalog.apply((s, root, ops) -> {
                RoleDef me = current(s, sessionUser);
                RoleDef r = existing(s, a.name(), sessionUser);
                if (a.renameTo() != null) {
                    if (r.name().equals(sessionUser)) {
                        throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "session user cannot be renamed");
                    }
                    checkReserved(a.renameTo());
                    if (s.roles().containsKey(a.renameTo())) {
                        throw new TesseraException(SqlState.DUPLICATE_OBJECT, "role \"" + a.renameTo()
                                + "\" already exists");
                    }
                    if (!me.superuser() && !(me.createRole() && !r.superuser())) {
                        throw new TesseraException(SqlState.INSUFFICIENT_PRIVILEGE, "permission denied to rename role");
                    }
                    return List.of(ops.deleteRole(r), ops.createRole(r.renamed(a.renameTo())));
                }
                Map<String, Object> o = a.options();
                boolean onlyOwnPassword = r.oid() == me.oid() && o.keySet().stream().allMatch("password"::equals);
                if (!me.superuser() && !onlyOwnPassword) {
                    if (r.superuser() || o.containsKey("superuser") || o.containsKey("replication")
                            || o.containsKey("bypassrls")) {
                        throw new TesseraException(SqlState.INSUFFICIENT_PRIVILEGE, "must be superuser to alter"
                                + " superuser roles or change superuser attribute");
                    }
                    if (!me.createRole()) {
                        throw new TesseraException(SqlState.INSUFFICIENT_PRIVILEGE, "permission denied");
                    }
                }
                RoleDef next = new RoleDef(r.name(), r.oid(), flag(o, "superuser", r.superuser()),
                        flag(o, "login", r.canLogin()), flag(o, "inherit", r.inherit()),
                        flag(o, "createrole", r.createRole()), flag(o, "createdb", r.createDb()),
                        flag(o, "replication", r.replication()), flag(o, "bypassrls", r.bypassRls()),
                        (Integer) o.getOrDefault("connection limit", r.connectionLimit()),
                        o.containsKey("password") ? verifier(r.name(), (String) o.get("password")) : r.password());
                return List.of(ops.updateRole(next));
            });
        } else if (stmt instanceof AclStatement.DropRole d) {
            catalog.apply((s, root, ops) -> {
                RoleDef me = current(s, sessionUser);
                notices.clear();
                List<CuratorOp> out = new ArrayList<>();
                for (String name : d.names()) {
                    RoleDef r = s.roles().get(name);
                    if (r == null) {
                        if (d.ifExists()) {
                            notices.add(new TesseraException(SqlState.SUCCESSFUL_COMPLETION, "role \"" + name
                                    + "\" does not exist, skipping"));
                            continue;
                        }
                        throw new TesseraException(SqlState.UNDEFINED_OBJECT, "role \"" + name + "\" does not exist");
                    }
                    if (!me.superuser() && !me.createRole()) {
                        throw new TesseraException(SqlState.INSUFFICIENT_PRIVILEGE, "permission denied to drop role");
                    }
                    if (r.name().equals(sessionUser)) {
                        throw new TesseraException(SqlState.OBJECT_IN_USE, "current user cannot be dropped");
                    }
                    if (r.superuser() && !me.superuser()) {
                        throw new TesseraException(SqlState.INSUFFICIENT_PRIVILEGE, "must be superuser to drop"
                                + " superusers");
                    }
                    String detail = dependents(s, r, database);
                    if (detail != null) {
                        throw new TesseraException(SqlState.DEPENDENT_OBJECTS_STILL_EXIST, "role \"" + name
                                + "\" cannot be dropped because some objects depend on it", detail, null, 0, null);
                    }
                    out.add(ops.deleteRole(r));
                }
                return out;
            });
        } else {
            throw new IllegalArgumentException("not a role statement: " + stmt);
        }
        return notices;
    }

    /**
     * What depends on {@code r}, as PostgreSQL's DETAIL lists it ({@code checkSharedDependencies}): the objects of
     * the connected database one per line, those of other databases counted; null when nothing does.
     */
    static String dependents(CatalogSnapshot s, RoleDef r, String database) {
        List<String> lines = new ArrayList<>();
        for (DatabaseDef db : s.databases().values()) {
            if (db.owner().equals(r.name())) {
                lines.add("owner of database " + db.name());
            }
        }
        Map<String, Integer> elsewhere = new TreeMap<>();
        for (Map.Entry<String, Map<String, TableDef>> db : new TreeMap<>(s.tables()).entrySet()) {
            for (TableDef t : db.getValue().values().stream()
                    .sorted(java.util.Comparator.comparingInt(TableDef::id)).toList()) {
                List<String> found = new ArrayList<>();
                int owner = io.tessera.coordinator.catalog.Acls.owner(s, t);
                if (owner == r.oid() && t.owner() != null) {
                    found.add("owner of table " + t.name());
                }
                if (owner != r.oid() && t.acl() != null && t.acl().stream().anyMatch(a -> a.grantee() == r.oid()
                        || a.grantor() == r.oid())) {
                    found.add("privileges for table " + t.name());
                }
                if (db.getKey().equals(database)) {
                    lines.addAll(found);
                } else if (!found.isEmpty()) {
                    elsewhere.merge(db.getKey(), found.size(), Integer::sum);
                }
            }
        }
        elsewhere.forEach((db, n) -> lines.add(n + " object" + (n == 1 ? "" : "s") + " in database " + db));
        return lines.isEmpty() ? null : String.join("\n", lines);
    }

    /** The session's role; 42704 when it was dropped or renamed under the session. */
    static RoleDef current(CatalogSnapshot s, String sessionUser) {
        RoleDef me = s.roles().get(sessionUser);
        if (me == null) {
            throw new TesseraException(SqlState.UNDEFINED_OBJECT, "role \"" + sessionUser + "\" does not exist");
        }
        return me;
    }

    /** The named role (CURRENT_USER and SESSION_USER name the session's); 42704 when there is none. */
    static RoleDef existing(CatalogSnapshot s, String name, String sessionUser) {
        String n = name.equals("current_user") || name.equals("session_user") || name.equals("current_role")
                ? sessionUser : name;
        RoleDef r = s.roles().get(n);
        if (r == null) {
            throw new TesseraException(SqlState.UNDEFINED_OBJECT, "role \"" + n + "\" does not exist");
        }
        return r;
    }

    private static void checkReserved(String name) {
        if (name.equals("public") || name.equals("none")) {
            throw new TesseraException(SqlState.RESERVED_NAME, "role name \"" + name + "\" is reserved");
        }
        if (name.startsWith("pg_")) {
            throw new TesseraException(SqlState.RESERVED_NAME, "role name \"" + name + "\" is reserved", "Role names"
                    + " starting with \"pg_\" are reserved.", null, 0, null);
        }
    }

    private static boolean flag(Map<String, Object> o, String key, boolean otherwise) {
        Object v = o.get(key);
        return v instanceof Boolean b ? b : otherwise;
    }

    /**
     * The password as PostgreSQL's md5 verifier, {@code "md5" + hex(md5(password || role name))}; a text already in
     * that form (or a SCRAM verifier) is kept as given, as PostgreSQL does; null stays null.
     */
    static String verifier(String role, String password) {
        if (password == null || password.isEmpty()) {
            return null;
        }
        if ((password.startsWith("md5") && password.length() == 35) || password.startsWith("SCRAM-SHA-256$")) {
            return password;
        }
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            return "md5" + HexFormat.of().formatHex(md5.digest((password + role).getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
