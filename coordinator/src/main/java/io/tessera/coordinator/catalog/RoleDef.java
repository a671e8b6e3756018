package io.tessera.coordinator.catalog;

/**
 * A role (CREATE ROLE / CREATE USER), as {@code pg_authid} holds it. Authentication is trust: the password is kept
 * (as PostgreSQL's {@code md5} verifier) and shown in {@code pg_authid.rolpassword}, never checked.
 *
 * @param name role name
 * @param oid its OID
 * @param superuser whether it is a superuser (bypasses every privilege check)
 * @param login whether it may connect (LOGIN); null in catalogs written before roles had attributes: true
 * @param inherit INHERIT; null: true (PostgreSQL's default)
 * @param createRole CREATEROLE
 * @param createDb CREATEDB
 * @param replication REPLICATION
 * @param bypassRls BYPASSRLS
 * @param connectionLimit CONNECTION LIMIT; null: -1 (no limit)
 * @param password the md5 verifier ({@code "md5" + md5(password || name)}), or null
 */
public record RoleDef(String name, int oid, boolean superuser, Boolean login, Boolean inherit, boolean createRole,
        boolean createDb, boolean replication, boolean bypassRls, Integer connectionLimit, String password) {

    public RoleDef {
        login = login == null || login;
        inherit = inherit == null || inherit;
        connectionLimit = connectionLimit == null ? -1 : connectionLimit;
    }

    /** A bootstrap role: a superuser has every attribute, as PostgreSQL's initdb superuser. */
    public RoleDef(String name, int oid, boolean superuser) {
        this(name, oid, superuser, true, true, superuser, superuser, superuser, superuser, -1, null);
    }

    /** Whether it may connect. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean canLogin() {
        return login;
    }

    /** This role under another name (ALTER ROLE ... RENAME TO); PostgreSQL clears an md5 password, salted by name. */
    public RoleDef renamed(String newName) {
        return new RoleDef(newName, oid, superuser, login, inherit, createRole, createDb, replication, bypassRls,
                connectionLimit, password != null && password.startsWith("md5") ? null : password);
    }
}
