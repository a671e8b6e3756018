/**
 * Parse trees of the role and privilege statements: {@link io.tessera.sql.parser.acl.SqlCreateRole},
 * {@link io.tessera.sql.parser.acl.SqlAlterRole}, {@link io.tessera.sql.parser.acl.SqlDropRole} and
 * {@link io.tessera.sql.parser.acl.SqlGrant} (GRANT and REVOKE on tables), as PostgreSQL 15 writes them
 * (https://www.postgresql.org/docs/15/sql-createrole.html, sql-grant.html, sql-revoke.html).
 *
 * <p>Role names are PostgreSQL's RoleSpec: any word, folded to lower case unless quoted, so {@code current_user} and
 * {@code public} arrive as words and the coordinator decides what they denote. The grammar refuses the parts of
 * PostgreSQL's syntax Tessera does not run (role membership, column, sequence and schema privileges, VALID UNTIL) with
 * 0A000 at the clause's position.
 */
package io.tessera.sql.parser.acl;
