package io.tessera.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Roles, table owners and table privileges, compared with PostgreSQL 15: CREATE/ALTER/DROP ROLE and what
 * {@code pg_roles} and psql's {@code \du} show, GRANT/REVOKE and what {@code relacl}, psql's {@code \dp},
 * {@code has_table_privilege} and {@code information_schema.table_privileges} show, the 42501 errors a second login
 * role gets, a REVOKE reaching a statement another session prepared before it, and grants surviving ALTER TABLE ...
 * DISTRIBUTE BY. On both systems the statements run as a superuser named {@code tessera} (created on the reference),
 * so owners and grantors print alike. Each test uses its own tables and roles.
 */
class PrivilegeIT {
    @RegisterExtension
    static final Differential DB = new Differential(1, 2);

    @BeforeAll
    static void superuserOnTheReference() throws SQLException {
        try (Connection c = DriverManager.getConnection(DB.reference().jdbcUrl()); Statement s = c.createStatement()) {
            s.execute("create role tessera superuser login");
        }
    }

    private static String url(boolean tessera, String user) {
        int port = tessera ? DB.cluster().port(1) : DB.reference().port();
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=" + user;
    }

    /** Runs {@code statements} as {@code tessera} on both systems; each must succeed. */
    private static void onBoth(String... statements) throws SQLException {
        for (boolean tessera : new boolean[] {false, true}) {
            try (Connection c = DriverManager.getConnection(url(tessera, "tessera"));
                    Statement s = c.createStatement()) {
                for (String sql : statements) {
                    s.execute(sql);
                }
            }
        }
    }

    /** The outcomes (rows, or SQLSTATE, message and DETAIL) of {@code statements} run as {@code user}, per system. */
    private static void sameAs(String user, String... statements) throws SQLException {
        List<String> expected = outcomes(false, user, statements);
        List<String> actual = outcomes(true, user, statements);
        for (int i = 0; i < statements.length; i++) {
            assertEquals(expected.get(i), actual.get(i), user + ": " + statements[i]);
        }
    }

    private static List<String> outcomes(boolean tessera, String user, String... statements) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url(tessera, user)); Statement s = c.createStatement()) {
            for (String sql : statements) {
                out.add(Differential.outcomeWithMessage(s, sql));
            }
        }
        return out;
    }

    /** psql's output of {@code command} (unaligned) as {@code tessera} on one system. */
    private static String psql(boolean tessera, String command) throws Exception {
        int port = tessera ? DB.cluster().port(1) : DB.reference().port();
        ProcessBuilder b = new ProcessBuilder("psql", "-X", "-A", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p",
                Integer.toString(port), "-U", "tessera", "-d", "postgres", "-c", command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true);
        b.environment().put("PGCONNECT_TIMEOUT", "10");
        Process p = b.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), command);
        assertEquals(0, p.exitValue(), () -> command + ": " + out);
        return out;
    }

    private static void samePsql(String command, String... keepPrefixes) throws Exception {
        assertEquals(Psql.linesStartingWith(psql(false, command), keepPrefixes),
                Psql.linesStartingWith(psql(true, command), keepPrefixes), command);
    }

    @Test
    void rolesShowAsInPostgres() throws Exception {
        DB.sameOutcomesAndMessages(
                "create user r_bob password 'secret'",
                "create role r_carol createdb createrole noinherit connection limit 3",
                "create role r_dave superuser",
                "create role r_bob",
                "create role pg_mine",
                "create role public",
                "alter role r_carol nocreatedb login",
                "alter role r_dave rename to r_erin",
                "alter role r_nobody login",
                "select rolname, rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin, rolreplication,"
                        + " rolconnlimit, rolpassword, rolbypassrls from pg_roles where rolname in ('r_bob', 'r_carol', 'r_erin') order by 1",
                "select usename, usecreatedb, usesuper from pg_user where usename in ('r_bob', 'r_carol') order by 1",
                "drop role r_nobody",
                "drop role if exists r_nobody");
        samePsql("\\du", "Role name|", "r_");
        DB.sameOutcomesAndMessages("drop role r_bob, r_carol, r_erin", "select count(*) from pg_roles where rolname in ('r_bob', 'r_carol', 'r_erin')");
    }

    @Test
    void grantsShowInCatalogsAndPsql() throws Exception {
        onBoth("create role g_bob login", "create role g_carol",
                "create table g_acc (id int primary key, v int)", "create table g_other (id int primary key)",
                "create table g_untouched (id int)",
                "grant select on g_acc to g_bob",
                "grant insert, update on table g_acc to g_bob with grant option",
                "grant all on g_other to g_carol", "grant select on g_other to public",
                "revoke update on g_other from g_carol", "revoke grant option for update on g_acc from g_bob");
        sameAs("tessera",
                "select relname, relacl from pg_class where relname in ('g_acc', 'g_other', 'g_untouched') order by 1",
                "select has_table_privilege('g_bob', 'g_acc', 'select'), has_table_privilege('g_bob', 'g_acc',"
                        + " 'delete'), has_table_privilege('g_bob', 'g_other', 'SELECT'),"
                        + " has_table_privilege('g_bob', 'g_acc', 'insert with grant option'),"
                        + " has_table_privilege('g_bob', 'g_acc', 'update with grant option'),"
                        + " has_table_privilege('g_carol', 'g_other', 'update, truncate'),"
                        + " has_table_privilege('g_acc', 'delete'), has_table_privilege('g_bob', 'g_untouched', 'select')",
                "select has_table_privilege('g_bob', 'g_acc', 'fly')",
                "select has_table_privilege('g_nobody', 'g_acc', 'select')",
                "select grantor, grantee, table_name, privilege_type, is_grantable, with_hierarchy from"
                        + " information_schema.table_privileges where table_name in ('g_acc', 'g_other', 'g_untouched')"
                        + " order by table_name, grantee, privilege_type",
                "grant select on g_missing to g_bob", "grant select on g_acc to g_nobody",
                "drop role g_bob");
        samePsql("\\dp g_*");
        samePsql("\\z g_acc");
        samePsql("\\dt g_*");
    }

    @Test
    void aSecondRoleIsRefusedWhatItWasNotGranted() throws Exception {
        onBoth("create role e_bob login",
                "create table e_open (id int primary key, v int)", "create table e_secret (id int primary key, v int)",
                "insert into e_open values (1, 10), (2, 20)", "insert into e_secret values (1, 100)",
                "create view e_view as select o.id, s.v from e_open o join e_secret s on o.id = s.id",
                "grant select, insert on e_open to e_bob");
        sameAs("e_bob",
                "select id, v from e_open order by id",
                "insert into e_open values (3, 30)",
                "select * from e_secret",
                "select o.id from e_open o join e_secret s on o.id = s.id",
                "select id from e_open where id in (select id from e_secret)",
                "update e_open set v = 0",
                "delete from e_open",
                "insert into e_secret values (9, 9)",
                "truncate e_open",
                "alter table e_open add column w int",
                "drop table e_open",
                "create index e_idx on e_open (v)",
                "grant select on e_open to e_bob",
                "grant select on e_secret to e_bob",
                "select has_table_privilege('e_open', 'select'), has_table_privilege('e_secret', 'select')",
                "delete from e_open where id = 3");
        // Tessera's views have no privileges of their own: the session's role needs SELECT on what a view reads
        // (PostgreSQL asks the view's owner, and the view itself needs SELECT)
        assertEquals(List.of("ERROR 42501 permission denied for table e_secret / null"),
                outcomes(true, "e_bob", "select * from e_view"));
        onBoth("alter table e_open owner to e_bob");
        sameAs("e_bob",
                "select relname, pg_get_userbyid(relowner), relacl from pg_class where relname in ('e_open',"
                        + " 'e_secret') order by 1",
                "alter table e_open add column w int",
                "grant select on e_open to public",
                "select relacl from pg_class where relname = 'e_open'");
        sameAs("tessera", "drop role e_bob");
    }

    /**
     * Table privileges hold for tables of every schema, resolved as the statement resolves its names (through the
     * search path), and GRANT takes schema-qualified names. The schema is the role's own, so PostgreSQL's schema USAGE
     * (which Tessera does not have yet) plays no part.
     */
    @Test
    void privilegesHoldForTablesOfEverySchema() throws Exception {
        onBoth("create role sc_bob login", "create schema sc_s authorization sc_bob",
                "create table sc_s.st (id int primary key, v int)", "create table st (id int primary key, v int)",
                "insert into sc_s.st values (1, 10)", "insert into st values (2, 20)", "grant select on st to sc_bob");
        sameAs("sc_bob",
                "select v from sc_s.st",
                "select v from st",
                "set search_path to sc_s, public",
                "select v from st",
                "insert into st values (3, 30)",
                "alter table st add column w int",
                "select v from public.st");
        onBoth("grant select, insert on sc_s.st to sc_bob");
        sameAs("sc_bob",
                "insert into sc_s.st values (3, 30)",
                "select v from sc_s.st order by v",
                "delete from sc_s.st");
        onBoth("drop schema sc_s cascade", "drop table st");
        sameAs("tessera", "drop role sc_bob");
    }

    @Test
    void aRevokeReachesAStatementPreparedBeforeIt() throws Exception {
        onBoth("create role p_bob login", "create table p_t (id int primary key, v int)",
                "insert into p_t values (1, 10)", "grant select on p_t to p_bob");
        for (boolean tessera : new boolean[] {false, true}) {
            try (Connection bob = DriverManager.getConnection(url(tessera, "p_bob") + "&prepareThreshold=1");
                    Connection admin = DriverManager.getConnection(url(tessera, "tessera"));
                    PreparedStatement read = bob.prepareStatement("select v from p_t where id = ?")) {
                read.setInt(1, 1);
                for (int i = 0; i < 3; i++) { // server-side prepared from the first execution on
                    try (ResultSet rs = read.executeQuery()) {
                        assertTrue(rs.next());
                        assertEquals(10, rs.getInt(1));
                    }
                }
                try (Statement s = admin.createStatement()) {
                    s.execute("revoke select on p_t from p_bob");
                }
                SQLException denied = null;
                try (ResultSet rs = read.executeQuery()) {
                    rs.next();
                } catch (SQLException e) {
                    denied = e;
                }
                String system = tessera ? "Tessera" : "PostgreSQL";
                assertTrue(denied != null, system + ": a revoked SELECT still ran");
                assertEquals("42501", denied.getSQLState(), system);
                assertTrue(denied.getMessage().contains("permission denied for table p_t"), denied.getMessage());
                try (Statement s = admin.createStatement()) {
                    s.execute("grant select on p_t to p_bob");
                }
                try (ResultSet rs = read.executeQuery()) {
                    assertTrue(rs.next(), system);
                }
            }
        }
    }

    @Test
    void grantsSurviveARedistribution() throws Exception {
        onBoth("create role d_bob login", "create table d_t (id int primary key, v int)",
                "insert into d_t values (1, 10), (2, 20)", "grant select, update on d_t to d_bob",
                "alter table d_t owner to d_bob", "grant select on d_t to public");
        String acl = "select relacl, pg_get_userbyid(relowner) from pg_class where relname = 'd_t'";
        sameAs("tessera", acl);
        try (Connection c = DriverManager.getConnection(url(true, "tessera")); Statement s = c.createStatement()) {
            s.execute("alter table d_t distribute by replication");
            s.execute("alter table d_t distribute by hash(id)");
            s.execute("alter table d_t rename to d_t2");
            s.execute("alter table d_t2 rename to d_t");
        }
        sameAs("tessera", acl);
        sameAs("d_bob", "select id, v from d_t order by id", "update d_t set v = v + 1 where id = 1",
                "select has_table_privilege('d_t', 'update')");
        onBoth("drop table d_t");
        sameAs("tessera", "drop role d_bob");
    }

    /**
     * Schema privileges as PostgreSQL 15: a role reaches the tables of a schema it does not own only with USAGE on it
     * (42501 {@code permission denied for schema s}, before any table privilege is looked at), and creates tables,
     * views, sequences and indexes there only with CREATE; GRANT and REVOKE ... ON SCHEMA change that for the next
     * statement, and psql's {@code \dn+} shows the ACL.
     */
    @Test
    void schemaUsageAndCreateAreEnforced() throws Exception {
        onBoth("create role sp_bob login", "create role sp_carol login", "create schema sp_s",
                "create table sp_s.t (id int primary key, v int)", "insert into sp_s.t values (1, 10)",
                "grant select on sp_s.t to sp_bob");
        sameAs("sp_bob",
                "select v from sp_s.t",
                "create table sp_s.u (a int)",
                "create view sp_s.w as select 1 as c",
                "create sequence sp_s.q",
                "select has_schema_privilege('sp_s', 'USAGE'), has_schema_privilege('sp_s', 'CREATE')",
                "grant usage on schema sp_s to sp_carol");
        onBoth("grant usage on schema sp_s to sp_bob");
        sameAs("sp_bob",
                "select v from sp_s.t",
                "insert into sp_s.t values (2, 20)",
                "create table sp_s.u (a int)",
                "set search_path to sp_s",
                "select v from t",
                "select has_schema_privilege('sp_s', 'USAGE'), has_schema_privilege('sp_s', 'CREATE')");
        onBoth("grant create on schema sp_s to sp_bob", "grant usage on schema sp_s to sp_carol");
        sameAs("sp_bob",
                "create table sp_s.u (id int primary key)",
                "create index sp_u_id on sp_s.u (id)",
                "create sequence sp_s.q",
                "drop sequence sp_s.q",
                "drop table sp_s.u");
        sameAs("sp_carol",
                "grant create on schema sp_s to sp_bob",
                "select v from sp_s.t");
        samePsql("\\dn+ sp_s", "sp_");
        onBoth("revoke all on schema sp_s from sp_bob");
        sameAs("sp_bob",
                "select v from sp_s.t",
                "insert into sp_s.t values (3, 30)",
                "create table sp_s.u (a int)");
        onBoth("drop schema sp_s cascade", "drop role sp_bob", "drop role sp_carol");
    }
}
