package io.tessera.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * UNIQUE and FOREIGN KEY constraints on a one-coordinator, two-datanode cluster, each statement's rows, or its
 * SQLSTATE, message and DETAIL, compared with a reference PostgreSQL 15 running the same script; the catalogs
 * (pg_constraint, pg_get_constraintdef, pgjdbc's getImportedKeys/getExportedKeys); and a race of a parent's DELETE
 * with a child's INSERT, of which exactly one must win with no orphan left.
 */
class ForeignKeyIT {
    @RegisterExtension
    static final Differential DB = new Differential(1, 2);

    /** Runs {@code tessera} on Tessera and {@code postgres} on PostgreSQL (Postgres-XL clauses PostgreSQL lacks). */
    private static void both(String tessera, String postgres) throws SQLException {
        try (Connection t = DriverManager.getConnection(DB.cluster().jdbcUrl(1));
                Connection p = DriverManager.getConnection(DB.reference().jdbcUrl());
                Statement ts = t.createStatement(); Statement ps = p.createStatement()) {
            ts.execute(tessera);
            ps.execute(postgres);
        }
    }

    @Test
    void uniqueConstraintsBehaveAsPostgres() throws SQLException {
        DB.sameOutcomesAndMessages(
                "create table u (a int unique, b int, c text, constraint u_ab unique (a, b))",
                "insert into u values (1, 1, 'x'), (2, 2, 'y')",
                "insert into u values (1, 3, 'z')",
                "insert into u values (null, 1, 'n'), (null, 1, 'n')",
                "select conname, contype, pg_get_constraintdef(oid) from pg_constraint"
                        + " where conrelid = 'u'::regclass order by conname",
                "select constraint_name, constraint_type from information_schema.table_constraints"
                        + " where table_name = 'u' and constraint_type in ('UNIQUE', 'PRIMARY KEY')"
                        + " order by constraint_name",
                "select c.relname, i.indisunique from pg_index i join pg_class c on c.oid = i.indexrelid"
                        + " where i.indrelid = 'u'::regclass order by 1",
                "drop index u_a_key",
                "alter table u drop constraint u_ab",
                "alter table u add unique (a, c)",
                "insert into u values (2, 9, 'y')",
                "alter table u drop constraint u_a_key",
                "insert into u values (1, 6, 'w')",
                "alter table u add constraint u_dup unique (a)",
                "select conname from pg_constraint where conrelid = 'u'::regclass order by conname",
                "drop table u");
    }

    @Test
    void foreignKeysBehaveAsPostgres() throws SQLException {
        DB.sameOutcomesAndMessages(
                "create table p (id int primary key, name text)",
                "create table c (id int primary key, p_id int references p, note text)",
                "insert into p values (1, 'one'), (2, 'two'), (3, 'three')",
                "insert into c values (10, 1, 'a'), (11, 2, 'b'), (12, null, 'null key')",
                "insert into c values (13, 5, 'missing')",
                "insert into c values (14, 1, 'ok'), (15, 7, 'missing'), (16, 8, 'missing too')",
                "select * from c order by id",
                "update c set p_id = 3 where id = 10",
                "update c set p_id = 9 where id = 11",
                "delete from p where id = 2",
                "delete from p where id = 1 or id = 3",
                "delete from c where id = 11",
                "delete from p where id = 2",
                "select * from p order by id",
                "select conname, contype, confupdtype, confdeltype, confmatchtype, convalidated,"
                        + " conrelid::regclass, confrelid::regclass, conkey, confkey"
                        + " from pg_constraint where contype = 'f' order by conname",
                "select pg_get_constraintdef(oid) from pg_constraint where conname = 'c_p_id_fkey'",
                "create table casc (id int primary key, p_id int, constraint casc_fk foreign key (p_id)"
                        + " references p (id) on delete cascade)",
                "create table nul (id int primary key, p_id int references p (id) on delete set null)",
                "insert into p values (20, 'twenty'), (21, 'twenty-one')",
                "insert into casc values (1, 20), (2, 20), (3, 21)",
                "insert into nul values (1, 20), (2, 21)",
                "delete from p where id = 20",
                "select * from casc order by id",
                "select * from nul order by id",
                "select pg_get_constraintdef(oid) from pg_constraint where conname in ('casc_fk', 'nul_p_id_fkey')"
                        + " order by conname",
                "create table bad1 (x int references nosuch)",
                "create table bad2 (x int references p (name))",
                "create table bad3 (x int references p (id, name))",
                "create table bad4 (x text references p)",
                "create table bad5 (x int references p (nosuch))",
                "drop table p",
                "drop table p cascade",
                "select count(*) from pg_constraint where contype = 'f'",
                "insert into c values (30, 99, 'unchecked now')",
                "drop table c, casc, nul");
    }

    @Test
    void alterTableAddsValidatesAndDropsForeignKeys() throws SQLException {
        // a UNIQUE key without the distribution column is enforced cluster-wide only on a replicated table
        both("create table ap (k int primary key, u int unique) distribute by replication",
                "create table ap (k int primary key, u int unique)");
        DB.sameOutcomesAndMessages(
                "create table ac (id int primary key, k int, u int)",
                "insert into ap values (1, 100), (2, 200)",
                "insert into ac values (1, 1, 100), (2, 5, 200)",
                "alter table ac add constraint ac_k foreign key (k) references ap",
                "alter table ac add constraint ac_k foreign key (k) references ap not valid",
                "select convalidated from pg_constraint where conname = 'ac_k'",
                "insert into ac values (3, 6, null)",
                "alter table ac validate constraint ac_k",
                "update ac set k = 2 where id = 2",
                "alter table ac validate constraint ac_k",
                "select convalidated, pg_get_constraintdef(oid) from pg_constraint where conname = 'ac_k'",
                "alter table ac add foreign key (u) references ap (u)",
                "insert into ac values (4, 1, 300)",
                "delete from ap where u = 200",
                "alter table ap drop constraint ap_u_key",
                "alter table ac drop constraint ac_u_fkey",
                "alter table ap drop constraint ap_u_key",
                "alter table ac drop constraint ac_k",
                "delete from ap where k = 2",
                "select * from ac order by id",
                "drop table ac, ap");
    }

    @Test
    void multiRowInsertsAndSelfReferencesAreCheckedTogether() throws SQLException {
        DB.sameOutcomesAndMessages(
                "create table tree (id int primary key, parent int references tree)",
                "insert into tree values (1, null), (2, 1), (3, 2), (4, 2)",
                "insert into tree values (5, 6), (6, 5)",
                "insert into tree values (7, 70)",
                "delete from tree where id = 3",
                "delete from tree where id = 2",
                "delete from tree where id in (2, 4)",
                "select * from tree order by id",
                "create table big_p (id int primary key)",
                "create table big_c (id int primary key, p int references big_p)",
                "insert into big_p select g from generate_series(1, 1500) g",
                "insert into big_c select g, (g % 1500) + 1 from generate_series(1, 3000) g",
                "insert into big_c select g + 3000, g from generate_series(1, 1501) g",
                "delete from big_c where p > 1200 and p <> 1234",
                "delete from big_p where id > 1200",
                "select count(*), count(distinct p) from big_c",
                "truncate big_p",
                "truncate big_p, big_c",
                "select count(*) from big_c",
                "insert into big_p values (1)",
                "insert into big_c values (1, 1)",
                "truncate big_p cascade",
                "select (select count(*) from big_p), (select count(*) from big_c)",
                "drop table big_c, big_p, tree");
    }

    @Test
    void psqlDescribesUniqueConstraintsAsPostgres() throws Exception {
        String ddl = "create table du (id int primary key, code text, n int, unique (id, code),"
                + " constraint du_n unique (id, n))";
        both(ddl, ddl);
        assertEquals(psql(DB.reference().port(), "postgres", "\\d du"), psql(DB.cluster().port(1), "tessera", "\\d du"));
    }

    /**
     * psql's {@code \\d} and {@code \\d+} of a referencing and a referenced table print the "Foreign-key constraints:"
     * and "Referenced by:" sections as PostgreSQL's (psql reads pg_class.relhastriggers, pg_trigger and
     * pg_partition_ancestors for them); pg_trigger holds PostgreSQL's four internal triggers per foreign key.
     */
    @Test
    void psqlDescribesForeignKeysAsPostgres() throws Exception {
        // a UNIQUE key without the distribution column is enforced cluster-wide only on a replicated table
        both("create table fp (id int primary key, a int, b int, unique (a, b)) distribute by replication",
                "create table fp (id int primary key, a int, b int, unique (a, b))");
        String[] ddl = {"create table fc (id int primary key, p_id int references fp on delete cascade, a int, b int,"
                    + " constraint fc_ab foreign key (a, b) references fp (a, b)"
                    + " on update restrict on delete set null)",
            "create table fn (id int primary key, note text)"};
        for (String sql : ddl) {
            both(sql, sql);
        }
        for (String command : new String[] {"\\d fc", "\\d fp", "\\d+ fc", "\\d+ fp", "\\d fn"}) {
            assertEquals(psql(DB.reference().port(), "postgres", command),
                    psql(DB.cluster().port(1), "tessera", command), command);
        }
        DB.sameOutcomesAndMessages(
                "select relname, relhastriggers from pg_class where relname in ('fp', 'fc', 'fn') order by 1",
                "select tgrelid::regclass::text, tgfoid, tgtype, tgenabled, tgisinternal,"
                        + " tgconstrrelid::regclass::text, tgdeferrable, tginitdeferred, tgnargs, tgparentid,"
                        + " replace(pg_get_triggerdef(oid), tgname, 'T'),"
                        + " replace(pg_get_triggerdef(oid, true), tgname, 'T'),"
                        + " (select conname from pg_constraint where oid = tgconstraint)"
                        + " from pg_trigger where tgrelid in ('fp'::regclass, 'fc'::regclass) order by 13, oid",
                "select count(*) from pg_partition_ancestors('fc'::regclass)",
                "drop table fc",
                "select count(*) from pg_trigger where tgrelid = 'fp'::regclass",
                "drop table fp, fn");
    }

    /**
     * DEFERRABLE foreign keys: INITIALLY DEFERRED ones are checked at COMMIT (which then fails with 23503 and rolls
     * the block back), SET CONSTRAINTS moves constraints between the modes (IMMEDIATE checks what is queued at once),
     * ROLLBACK TO SAVEPOINT restores the modes the savepoint saw,
     * a key written and then removed, or a parent deleted and inserted again, is no violation; RESTRICT is never
     * deferred; a DEFERRABLE PRIMARY KEY is refused (0A000); the catalogs and psql's \d print the timing as PostgreSQL.
     */
    @Test
    void deferrableForeignKeysAreCheckedAtCommit() throws Exception {
        DB.sameOutcomesAndMessages(
                "create table dp (id int primary key)",
                "create table dc (id int, pid int references dp deferrable initially deferred)",
                "create table dc2 (id int, pid int, constraint dc2_fk foreign key (pid) references dp (id) deferrable)",
                "create table dc3 (id int, pid int references dp on delete restrict deferrable initially deferred)",
                "create table dc4 (id int, pid int references dp)",
                "begin",
                "insert into dc values (1, 5)",
                "select count(*) from dc",
                "commit",
                "select count(*) from dc",
                "begin",
                "insert into dc values (1, 5)",
                "insert into dp values (5)",
                "commit",
                "begin",
                "delete from dp where id = 5",
                "commit",
                "begin",
                "delete from dp where id = 5",
                "insert into dp values (5)",
                "commit",
                "begin",
                "insert into dc values (2, 9)",
                "delete from dc where id = 2",
                "insert into dc values (3, 10)",
                "update dc set pid = 5 where id = 3",
                "commit",
                "select * from dc order by id",
                "begin",
                "insert into dc values (4, 11)",
                "savepoint s",
                "set constraints all immediate",
                "rollback to s",
                "commit",
                "begin", // ROLLBACK TO SAVEPOINT restores the timing modes the savepoint saw; RELEASE keeps them
                "savepoint a",
                "set constraints all deferred",
                "insert into dc2 values (1, 20)",
                "rollback to a",
                "insert into dc2 values (1, 21)",
                "rollback",
                "begin",
                "set constraints all deferred",
                "savepoint b",
                "set constraints dc2_fk immediate",
                "release b",
                "insert into dc2 values (1, 22)",
                "rollback",
                "begin",
                "set constraints dc2_fk deferred",
                "insert into dc2 values (1, 6)",
                "insert into dc2 values (1, 7)",
                "set constraints dc2_fk immediate",
                "rollback",
                "begin",
                "set constraints all deferred",
                "insert into dc2 values (1, 8)",
                "insert into dp values (8)",
                "set constraints dc2_fk immediate",
                "commit",
                "insert into dp values (13)",
                "insert into dc3 values (1, 13)",
                "begin",
                "delete from dp where id = 13",
                "rollback",
                "begin",
                "set constraints dc4_pid_fkey deferred",
                "rollback",
                "begin",
                "set constraints nosuch deferred",
                "rollback",
                "begin",
                "set constraints dp_pkey deferred",
                "rollback",
                "set constraints all deferred",
                "insert into dc values (5, 12)",
                "alter table dc4 add constraint dc4_fk2 foreign key (pid) references dp not deferrable initially deferred",
                "alter table dc4 add constraint dc4_fk3 foreign key (pid) references dp initially deferred",
                "select conname, condeferrable, condeferred, pg_get_constraintdef(oid) from pg_constraint"
                        + " where contype = 'f' and conrelid::regclass::text like 'dc%' order by conname",
                "select tgrelid::regclass::text, tgdeferrable, tginitdeferred, replace(pg_get_triggerdef(oid),"
                        + " tgname, 'T') from pg_trigger where tgconstraint in (select oid from pg_constraint"
                        + " where conname in ('dc_pid_fkey', 'dc2_fk')) order by 1, 4",
                "select constraint_name, is_deferrable, initially_deferred from information_schema.table_constraints"
                        + " where constraint_type = 'FOREIGN KEY' and table_name like 'dc%' order by 1");
        for (String command : new String[] {"\\d dc", "\\d dc2"}) {
            assertEquals(psql(DB.reference().port(), "postgres", command),
                    psql(DB.cluster().port(1), "tessera", command), command);
        }
        DB.sameOutcomes("drop table dc, dc2, dc3, dc4, dp");
        try (Connection t = DriverManager.getConnection(DB.cluster().jdbcUrl(1)); Statement s = t.createStatement()) {
            // a primary key is the row's storage key: two rows with one key cannot stand until COMMIT, so refused
            SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                    () -> s.execute("create table du (a int primary key deferrable)"));
            assertEquals("0A000", e.getSQLState(), e.getMessage());
        }
    }

    /**
     * UPDATE of a referenced key, a plain UNIQUE column and the primary key: NO ACTION, RESTRICT, CASCADE (through
     * a child whose primary key holds the foreign key, and a self-reference), SET NULL and SET DEFAULT, MATCH SIMPLE
     * and FULL, a deferred NO ACTION checked at COMMIT.
     */
    @Test
    void updatesOfReferencedKeysApplyTheActions() throws SQLException {
        // the UNIQUE column u without the distribution column: enforced cluster-wide on a replicated table
        both("create table up (id int primary key, u int unique, name text) distribute by replication",
                "create table up (id int primary key, u int unique, name text)");
        DB.sameOutcomesAndMessages(
                "create table uc (id int primary key, pid int references up on update cascade,"
                        + " pu int references up (u) on update set null)",
                "create table ud (id int primary key, pid int default 0 references up on delete set default"
                        + " on update set default)",
                "create table ur (id int primary key, pid int references up on update restrict)",
                "create table un (id int primary key, pu int references up (u))",
                "insert into up values (0, 0, 'zero'), (1, 10, 'one'), (2, 20, 'two'), (3, 30, 'three'),"
                        + " (4, 40, 'four'), (5, null, 'null')",
                "insert into uc values (1, 1, 10), (2, 2, 20)",
                "insert into ud values (1, 1), (2, 3)",
                "insert into ur values (1, 2)",
                "insert into un values (1, 40)",
                "update up set id = 11 where id = 1",
                "select * from uc order by id",
                "update up set u = 11 where u = 10",
                "select * from uc order by id",
                "update up set id = 22 where id = 2",
                "update up set id = id, name = 'two' where id = 2",
                "update up set id = 33 where id = 3",
                "select * from ud order by id",
                "update up set u = 41 where id = 4",
                "update up set u = 40, name = 'forty' where id = 4",
                "update up set u = 50 where id = 5",
                "delete from up where id = 0",
                "delete from un",
                "update up set u = 41 where id = 4",
                "select * from up order by id",
                "drop table uc, ud, ur, un, up");
        DB.sameOutcomesAndMessages(
                "create table op (id int primary key)",
                "create table ord (id int primary key, pid int references op on update cascade)",
                "create table line (oid int references ord on update cascade on delete cascade, n int,"
                        + " primary key (oid, n))",
                "insert into op values (1), (2)",
                "insert into ord values (10, 1), (11, 1), (12, 2)",
                "insert into line values (10, 1), (10, 2), (11, 1), (12, 1)",
                "update ord set id = 20 where id = 10",
                "select * from line order by oid, n",
                "update op set id = 3 where id = 1",
                "update ord set id = id + 100",
                "select * from ord order by id",
                "select * from line order by oid, n",
                "delete from ord where id = 111",
                "select * from line order by oid, n",
                "create table tree (id int primary key, parent int references tree on update cascade)",
                "insert into tree values (1, null), (2, 1), (3, 1), (4, 2)",
                "update tree set id = 10 where id = 1",
                "select * from tree order by id",
                "create table mf (a int, b int, primary key (a, b))",
                "create table mfc (id int primary key, a int, b int, foreign key (a, b) references mf match full"
                        + " on update set null)",
                "create table msc (id int primary key, a int, b int, foreign key (a, b) references mf"
                        + " on update cascade)",
                "insert into mf values (1, 1), (1, 2)",
                "insert into mfc values (1, 1, 1), (2, null, null)",
                "insert into msc values (1, 1, 2), (2, 1, null)",
                "update mf set b = 5 where b = 1",
                "update mf set a = 7 where b = 2",
                "select * from mfc order by id",
                "select * from msc order by id",
                "create table na (id int primary key, pid int references op deferrable initially deferred)",
                "insert into na values (1, 3)",
                "begin",
                "update op set id = 31 where id = 3",
                "select count(*) from na",
                "update op set id = 3 where id = 31",
                "commit",
                "begin",
                "update op set id = 31 where id = 3",
                "commit",
                "select * from op order by id",
                "drop table na, msc, mfc, mf, tree, line, ord, op");
    }

    /** ON DELETE / ON UPDATE SET DEFAULT: the column's DEFAULT, 23503 when no parent row has it. */
    @Test
    void setDefaultAssignsTheColumnsDefault() throws SQLException {
        DB.sameOutcomesAndMessages(
                "create table sp (id int primary key)",
                "create table sd (id int primary key, pid int default 99 references sp on delete set default"
                        + " on update set default)",
                "create table sn (id int primary key, pid int references sp on delete set default)",
                "insert into sp values (1), (2), (3)",
                "insert into sd values (1, 1), (2, 2)",
                "insert into sn values (1, 3)",
                "delete from sp where id = 1",
                "update sp set id = 5 where id = 2",
                "insert into sp values (99)",
                "delete from sp where id = 1",
                "update sp set id = 5 where id = 2",
                "select * from sd order by id",
                "delete from sp where id = 99",
                "delete from sp where id = 3",
                "select * from sn order by id",
                "select pg_get_constraintdef(oid), confupdtype, confdeltype from pg_constraint"
                        + " where conname = 'sd_pid_fkey'",
                "drop table sd, sn, sp");
    }

    /** The rows a CASCADE, SET NULL or SET DEFAULT action rewrites are tested against the child's CHECKs (23514). */
    @Test
    void referentialActionsTestTheChildsCheckConstraints() throws SQLException {
        DB.sameOutcomesAndMessages(
                "create table kp (id int primary key)",
                "create table kc (id int primary key, p int references kp on delete set null on update cascade,"
                        + " check (p is not null), check (p < 100))",
                "create table kd (id int primary key, p int default 0 references kp on delete set default,"
                        + " check (p > 0))",
                "insert into kp values (0), (1), (2)",
                "insert into kc values (1, 1)",
                "insert into kd values (1, 2)",
                "delete from kp where id = 1",
                "update kp set id = 200 where id = 1",
                "update kp set id = 50 where id = 1",
                "delete from kp where id = 2",
                "select * from kc order by id",
                "select * from kd order by id",
                "drop table kc, kd, kp");
    }

    /**
     * A rewriting ALTER COLUMN TYPE ... USING checks the new values as PostgreSQL re-adds the constraints over the
     * column: the table's foreign key (23503), a foreign key of another table referencing the column (23503) and a
     * CHECK (23514); the table is left unchanged.
     */
    @Test
    void rewritesRevalidateTheConstraintsOverTheChangedColumns() throws SQLException {
        DB.sameOutcomesAndMessages(
                "create table rp (id int primary key)",
                "create table rc (id int primary key, p int references rp, q int check (q > 0))",
                "create table rs (id int primary key, up int references rs)",
                "insert into rp values (1), (2)",
                // One referencing row: which of several violating rows a 23503 names is scan order on both.
                "insert into rc values (1, 1, 5), (2, null, 5)",
                "insert into rs values (1, null), (2, 1)",
                "alter table rc alter column p type bigint using p + 1000",
                "alter table rp alter column id type bigint using id + 1000",
                "alter table rc alter column q type bigint using q - 10",
                "alter table rs alter column up type bigint using up + 5",
                "alter table rs alter column up type bigint using up + 1",
                "alter table rs alter column id type bigint using id + 1",
                "alter table rc alter column p type bigint, alter column q type bigint using q + 1",
                "select * from rc order by id",
                "select * from rs order by id",
                "insert into rc values (3, 3, 1)",
                "drop table rc, rs, rp");
    }

    /** psql 15's output of one command (stdout, then stderr). */
    private static String psql(int port, String user, String command) throws Exception {
        ProcessBuilder b = new ProcessBuilder("psql", "-X", "-h", "127.0.0.1", "-p", Integer.toString(port), "-U",
                user, "-d", "postgres", "-c", command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        b.environment().put("PGCONNECT_TIMEOUT", "10");
        b.environment().put("COLUMNS", "200");
        Process p = b.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "psql ended");
        return out;
    }

    @Test
    void pgjdbcImportedAndExportedKeysMatchPostgres() throws SQLException {
        String[] ddl = {"create table mp (a int, b int, primary key (a, b))",
            "create table mc (id int primary key, x int, y int, constraint mc_xy foreign key (x, y)"
                    + " references mp (a, b) on delete cascade)"};
        try (Connection t = DriverManager.getConnection(DB.cluster().jdbcUrl(1));
                Connection p = DriverManager.getConnection(DB.reference().jdbcUrl())) {
            for (String sql : ddl) {
                try (Statement s = t.createStatement()) {
                    s.execute(sql);
                }
                try (Statement s = p.createStatement()) {
                    s.execute(sql);
                }
            }
            assertEquals(keys(p.getMetaData().getImportedKeys(null, "public", "mc")),
                    keys(t.getMetaData().getImportedKeys(null, "public", "mc")));
            assertEquals(keys(p.getMetaData().getExportedKeys(null, "public", "mp")),
                    keys(t.getMetaData().getExportedKeys(null, "public", "mp")));
            assertTrue(keys(t.getMetaData().getImportedKeys(null, "public", "mc")).contains("mc_xy"));
        }
    }

    private static String keys(ResultSet rs) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (rs) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    out.append(md.getColumnLabel(i)).append('=').append(rs.getString(i)).append(' ');
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    /**
     * One transaction deletes a parent (or updates its key) while another inserts a child of it, in both orders: the
     * second waits for the first's row lock, and exactly one commits; no child is left without its parent.
     */
    @Test
    void deleteOrKeyUpdateOfParentRacingInsertOfChildLeavesNoOrphan() throws Exception {
        try (Connection setup = DriverManager.getConnection(DB.cluster().jdbcUrl(1)); Statement s = setup.createStatement()) {
            s.execute("create table rp (id int primary key)");
            s.execute("create table rc (id int primary key, p int references rp)");
            s.execute("insert into rp values (1), (2)");
        }
        // the child's insert first: the delete waits for its FOR KEY SHARE lock, then finds the child (23503)
        race("insert into rc values (1, 1)", "delete from rp where id = 1", "23503");
        // the delete first: the insert waits for the delete's intent, then finds the parent gone (23503)
        race("delete from rp where id = 2", "insert into rc values (2, 2)", "23503");
        // the same with an UPDATE of the parent's key (DELETE + INSERT of the parent row)
        try (Connection setup = DriverManager.getConnection(DB.cluster().jdbcUrl(1)); Statement s = setup.createStatement()) {
            s.execute("insert into rp values (3), (4)");
        }
        race("insert into rc values (3, 3)", "update rp set id = 30 where id = 3", "23503");
        race("update rp set id = 40 where id = 4", "insert into rc values (4, 4)", "23503");
        try (Connection c = DriverManager.getConnection(DB.cluster().jdbcUrl(1)); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from rc left join rp on rc.p = rp.id"
                        + " where rp.id is null")) {
            rs.next();
            assertEquals(0, rs.getLong(1), "orphans");
        }
        try (Connection c = DriverManager.getConnection(DB.cluster().jdbcUrl(1)); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select (select count(*) from rp), (select count(*) from rc)")) {
            rs.next();
            assertEquals("3 2", rs.getLong(1) + " " + rs.getLong(2));
        }
        try (Connection c = DriverManager.getConnection(DB.cluster().jdbcUrl(1)); Statement s = c.createStatement()) {
            s.execute("drop table rc, rp"); // the other tests compare pg_constraint with PostgreSQL's
        }
    }

    /**
     * Runs {@code first} in an open transaction, then {@code second} in another (which must block on the first's
     * row lock), commits the first, and expects the second to fail with {@code sqlState}.
     */
    private static void race(String first, String second, String sqlState) throws Exception {
        try (Connection a = DriverManager.getConnection(DB.cluster().jdbcUrl(1));
                Connection b = DriverManager.getConnection(DB.cluster().jdbcUrl(1))) {
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            try (Statement s = a.createStatement()) {
                s.execute(first);
            }
            CompletableFuture<String> waiting = CompletableFuture.supplyAsync(() -> {
                try (Statement s = b.createStatement()) {
                    s.execute(second);
                    b.commit();
                    return "ok";
                } catch (SQLException e) {
                    try {
                        b.rollback();
                    } catch (SQLException ignored) {
                        // the connection reports the first error
                    }
                    return e.getSQLState();
                }
            });
            // Tessera's pg_stat_activity shows no lock waits: wait until the second statement is running (it then
            // either waits for the first's lock, or finished without waiting, which the orphan check catches)
            Awaits.until(java.time.Duration.ofSeconds(60), () -> waiting.isDone() || running(second),
                    () -> "the second statement started: " + second);
            a.commit();
            assertEquals(sqlState, waiting.get(2, TimeUnit.MINUTES), second);
        }
    }

    private static boolean running(String sql) {
        try (Connection c = DriverManager.getConnection(DB.cluster().jdbcUrl(1));
                java.sql.PreparedStatement s = c.prepareStatement(
                        "select count(*) from pg_stat_activity where state = 'active' and query = ?")) {
            s.setString(1, sql);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
