package io.tessera.coordinator.sql.acl;

import java.util.List;
import java.util.Map;

/**
 * The role and privilege statements, parsed by the SQL grammar and built from its trees by {@link AclParser}:
 * CREATE/ALTER/DROP ROLE (and USER), GRANT and REVOKE on tables. Syntax as PostgreSQL 15's (https://www.postgresql.org/docs/15/sql-createrole.html,
 * sql-grant.html, sql-revoke.html).
 */
public sealed interface AclStatement {
    /** The command tag PostgreSQL reports. */
    String tag();

    /**
     * Runs {@code stmt} as role {@code user} connected to {@code database}.
     *
     * @return the notices and warnings it raises
     */
    static List<io.tessera.common.error.TesseraException> run(AclStatement stmt,
            io.tessera.coordinator.catalog.CatalogStore catalog, String user, String database) {
        boolean toPublicWithOption = stmt instanceof GrantTables t ? t.grant() && t.grantOption()
                && t.grantees().contains(null) : stmt instanceof GrantSchemas g && g.grant() && g.grantOption()
                && g.grantees().contains(null);
        if (toPublicWithOption) {
            throw new io.tessera.common.error.TesseraException(io.tessera.common.error.SqlState.INVALID_GRANT_OPERATION,
                    "grant options can only be granted to roles");
        }
        return stmt instanceof GrantTables g ? GrantDdl.run(g, catalog, user, database)
                : stmt instanceof GrantSchemas g ? GrantDdl.run(g, catalog, user, database)
                : RoleDdl.run(stmt, catalog, user, database);
    }

    /**
     * CREATE ROLE / CREATE USER.
     *
     * @param options the given options by keyword ({@code superuser}, {@code login}, {@code password}, {@code
     *     connection limit} ...): Boolean for the flags, a String (or null) for PASSWORD, an Integer for CONNECTION
     *     LIMIT
     * @param user CREATE USER (LOGIN unless NOLOGIN is given)
     */
    record CreateRole(String name, Map<String, Object> options, boolean user) implements AclStatement {
        @Override
        public String tag() {
            return "CREATE ROLE";
        }
    }

    /** ALTER ROLE name [WITH] options, or ALTER ROLE name RENAME TO newName (then options is empty). */
    record AlterRole(String name, Map<String, Object> options, String renameTo) implements AclStatement {
        @Override
        public String tag() {
            return "ALTER ROLE";
        }
    }

    /** DROP ROLE [IF EXISTS] name [, ...]. */
    record DropRole(List<String> names, boolean ifExists) implements AclStatement {
        @Override
        public String tag() {
            return "DROP ROLE";
        }
    }

    /**
     * GRANT or REVOKE of table privileges.
     *
     * @param grant GRANT (else REVOKE)
     * @param privileges the privilege letters ({@link io.tessera.coordinator.catalog.AclItem#TABLE_RIGHTS})
     * @param tables the tables named (empty with {@code allInSchema})
     * @param allInSchema the schema of ON ALL TABLES IN SCHEMA, or null
     * @param grantees role names; {@code null} entries stand for PUBLIC
     * @param grantOption WITH GRANT OPTION (GRANT), GRANT OPTION FOR (REVOKE)
     */
    record GrantTables(boolean grant, String privileges, List<List<String>> tables, String allInSchema,
            List<String> grantees, boolean grantOption) implements AclStatement {
        @Override
        public String tag() {
            return grant ? "GRANT" : "REVOKE";
        }
    }

    /**
     * GRANT or REVOKE of schema privileges ({@code ON SCHEMA s [, ...]}).
     *
     * @param privileges the privilege letters ({@link io.tessera.coordinator.catalog.SchemaDef#RIGHTS})
     * @param schemas the schemas named
     */
    record GrantSchemas(boolean grant, String privileges, List<String> schemas, List<String> grantees,
            boolean grantOption) implements AclStatement {
        @Override
        public String tag() {
            return grant ? "GRANT" : "REVOKE";
        }
    }
}
