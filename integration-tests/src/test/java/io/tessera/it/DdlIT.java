package io.tessera.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Schema statements — sequences, serial and identity columns, DEFAULT, CHECK, ALTER TABLE — on a two-coordinator,
 * two-datanode cluster, each statement's rows or SQLSTATE compared with a reference PostgreSQL 15 running the same
 * script.
 */
class DdlIT {
    @RegisterExtension
    static final Differential DB = new Differential(2, 2);

    @Test
    void sequencesBehaveAsPostgres() throws SQLException {
        DB.sameOutcomes(
                "create sequence s1",
                "create sequence s1",
                "create sequence if not exists s1",
                "select currval('s1')",
                "select lastval()",
                "select nextval('s1'), nextval('s1')",
                "select currval('s1'), lastval()",
                "select nextval('S1')",
                "select nextval('nosuch')",
                "create sequence s2 increment by -2 minvalue -5 maxvalue 10 start with 1",
                "select nextval('s2'), nextval('s2'), nextval('s2'), nextval('s2')",
                "select nextval('s2')",
                "create sequence s3 minvalue 1 maxvalue 3 cycle",
                "select nextval('s3'), nextval('s3'), nextval('s3'), nextval('s3')",
                "create sequence s4 as smallint start 32766",
                "select nextval('s4'), nextval('s4')",
                "select nextval('s4')",
                "create sequence bad1 increment 0",
                "create sequence bad2 minvalue 5 maxvalue 3",
                "create sequence bad3 start 0",
                "create sequence bad4 as text",
                "create sequence bad5 cache 0",
                "create sequence bad6 as integer maxvalue 9999999999",
                "select setval('s1', 100)",
                "select nextval('s1')",
                "select setval('s1', 200, false)",
                "select nextval('s1'), currval('s1')",
                "select setval('s1', 0)",
                "alter sequence s1 restart with 50",
                "select nextval('s1')",
                "alter sequence s1 increment by 10",
                "select nextval('s1')",
                "alter sequence s1 restart",
                "select nextval('s1')",
                "alter sequence nosuch restart",
                "alter sequence if exists nosuch restart",
                "create table s1 (a int)",
                "drop table s1",
                "drop sequence s1, s2",
                "drop sequence s1",
                "drop sequence if exists s1",
                "select nextval('s3')");
    }

    @Test
    void ifExistsAndIfNotExistsNoticesCarryPostgresCodes() throws Exception {
        // PostgreSQL sends "does not exist, skipping" with SQLSTATE 00000 and "already exists, skipping" with the
        // code the statement would have failed with (42P07, 42701)
        String[] statements = {"create table nt_a (x int)", "create table if not exists nt_a (x int)",
            "drop table if exists nt_nope", "drop index if exists nt_nope", "drop view if exists nt_nope",
            "drop sequence if exists nt_nope", "create sequence if not exists nt_s", "create sequence if not exists nt_s",
            "drop type if exists nt_nope", "create index if not exists nt_i on nt_a (x)",
            "create index if not exists nt_i on nt_a (x)", "alter table if exists nt_nope add column y int",
            "alter table nt_a add column if not exists x int", "alter table nt_a drop column if exists nt_nope",
            "drop role if exists nt_nope", "alter table nt_a drop constraint if exists nt_nope",
            "drop table nt_a", "drop sequence nt_s"};
        DB.same(c -> {
            StringBuilder out = new StringBuilder();
            try (java.sql.Statement s = c.createStatement()) {
                for (String sql : statements) {
                    s.execute(sql);
                    for (java.sql.SQLWarning w = s.getWarnings(); w != null; w = w.getNextWarning()) {
                        out.append(sql).append(" -> ").append(w.getSQLState()).append(' ').append(w.getMessage())
                                .append('\n');
                    }
                    s.clearWarnings();
                }
            }
            return out.toString();
        });
    }

    @Test
    void serialIdentityAndDefaultsBehaveAsPostgres() throws SQLException {
        DB.sameOutcomes(
                "create table ser (id serial primary key, big bigserial, small smallserial, note text default 'none')",
                "insert into ser (note) values ('a'), ('b')",
                "insert into ser (id, note) values (100, default)",
                "insert into ser default values",
                "insert into ser (note) select 'from select'",
                "select id, big, small, note from ser order by id",
                "select currval('ser_id_seq'), currval('ser_big_seq')",
                "drop sequence ser_id_seq",
                "create table idt (id int generated always as identity, v int)",
                "insert into idt (v) values (1), (2)",
                "insert into idt (id, v) values (10, 3)",
                "insert into idt (id, v) values (default, 4)",
                "select id, v from idt order by id",
                "update idt set id = 5 where v = 1",
                "update idt set v = 10 where v = 1",
                "create table idd (id bigint generated by default as identity (start with 7 increment by 3), v int)",
                "insert into idd (v) values (1)",
                "insert into idd (id, v) values (1000, 2)",
                "insert into idd (v) values (3)",
                "select id, v from idd order by v",
                "create table dflt (a int, b int default 42, c text default 'x' || 'y', d int not null default 1 + 2)",
                "insert into dflt (a) values (1)",
                "insert into dflt values (2, default, default, default)",
                "insert into dflt (a, d) values (3, null)",
                "select a, b, c, d from dflt order by a",
                "drop table ser",
                "select nextval('ser_id_seq')");
    }

    @Test
    void checkConstraintsBehaveAsPostgres() throws SQLException {
        DB.sameOutcomes(
                "create table chk (a int check (a > 0), b int, constraint b_small check (b < 10), check (a <> b))",
                "insert into chk values (1, 2)",
                "insert into chk values (0, 2)",
                "insert into chk values (1, 20)",
                "insert into chk values (-1, 20)",
                "insert into chk values (3, 3)",
                "insert into chk values (null, 3)",
                "insert into chk (b) select 4",
                "select a, b from chk order by a nulls first, b");
        assertMessage("insert into chk values (0, 2)",
                "new row for relation \"chk\" violates check constraint \"chk_a_check\"");
        assertMessage("insert into chk values (5, 5)",
                "new row for relation \"chk\" violates check constraint \"chk_check\"");
        assertMessage("insert into chk values (5, 5)", "Failing row contains (5, 5).");
        // each updated row (the new one) is tested against every CHECK constraint, NULL passing: on the datanodes,
        // or on the coordinator when the update moves the row (a is chk's distribution column)
        DB.sameOutcomes(
                "update chk set a = -1",
                "update chk set a = a + 1 where a = 1",
                "update chk set b = b + 10 where a = 1",
                "update chk set a = b where b = 4",
                "update chk set a = null, b = 9 where b = 4",
                "update chk set b = 9 where a is not null and b < 9 returning a, b",
                "select a, b from chk order by a nulls first, b",
                "create table chk2 (k int primary key, lo int, hi int, check (lo between 0 and hi))",
                "insert into chk2 values (1, 0, 5), (2, 3, 4)",
                "update chk2 set hi = lo - 1 where k = 1",
                "update chk2 set lo = 4 where k = 2",
                "insert into chk2 values (2, 0, 0) on conflict (k) do update set lo = excluded.hi + 9",
                "insert into chk2 values (2, 0, 0) on conflict (k) do update set hi = excluded.hi + 9",
                "select k, lo, hi from chk2 order by k");
        assertMessage("update chk set a = -1 where a = 1",
                "new row for relation \"chk\" violates check constraint \"chk_a_check\"");
        assertMessage("update chk set b = 10 where a = 1", "Failing row contains (1, 10)."); // on a datanode
    }

    @Test
    void copyFromTestsCheckAndForeignKeyConstraints() throws Exception {
        try (Connection t = DriverManager.getConnection(DB.cluster().jdbcUrl(1)); Statement s = t.createStatement()) {
            s.execute("create table chkcopy (a int check (a > 0), b text)");
            org.postgresql.copy.CopyManager copy = t.unwrap(org.postgresql.PGConnection.class).getCopyAPI();
            assertEquals(2, copy.copyIn("copy chkcopy from stdin", new java.io.StringReader("1\tx\n2\t\\N\n")));
            SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                    () -> copy.copyIn("copy chkcopy from stdin", new java.io.StringReader("3\ty\n0\tz\n")));
            assertEquals("23514", e.getSQLState());
            assertTrue(e.getMessage().contains("new row for relation \"chkcopy\" violates check constraint "
                    + "\"chkcopy_a_check\"") && e.getMessage().contains("Failing row contains (0, z)."),
                    e.getMessage());
            try (ResultSet rs = s.executeQuery("select string_agg(a || ':' || coalesce(b, '-'), ',' order by a) "
                    + "from chkcopy")) {
                rs.next();
                assertEquals("1:x,2:-", rs.getString(1), "the failed COPY loaded nothing");
            }
            // foreign keys are checked when the rows are in, as PostgreSQL's RI triggers at the statement's end
            s.execute("create table fkparent (id int primary key)");
            s.execute("insert into fkparent values (1), (2)");
            s.execute("create table fkchild (id int, p int references fkparent)");
            assertEquals(4, copy.copyIn("copy fkchild from stdin", new java.io.StringReader("1\t1\n2\t2\n3\t1\n4\t\\N\n")));
            e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                    () -> copy.copyIn("copy fkchild from stdin", new java.io.StringReader("5\t2\n6\t3\n")));
            assertEquals("23503", e.getSQLState());
            assertTrue(e.getMessage().contains("insert or update on table \"fkchild\" violates foreign key constraint"
                    + " \"fkchild_p_fkey\"") && e.getMessage().contains("Key (p)=(3) is not present in table "
                    + "\"fkparent\"."), e.getMessage());
            try (ResultSet rs = s.executeQuery("select count(*) from fkchild")) {
                rs.next();
                assertEquals(4, rs.getLong(1), "the failed COPY loaded nothing");
            }
        }
    }

    @Test
    void alterTableBehavesAsPostgres() throws SQLException {
        DB.sameOutcomes(
                "create table alt (a int, b text)",
                "insert into alt values (1, 'x'), (2, null)",
                "alter table alt rename column b to c",
                "select a, c from alt order by a",
                "alter table alt rename column nosuch to d",
                "alter table alt rename column a to c",
                "alter table alt alter column c set default 'dflt'",
                "insert into alt (a) values (3)",
                "alter table alt alter column c drop default",
                "insert into alt (a) values (4)",
                "select a, c from alt order by a",
                "alter table alt alter column c set not null",
                "delete from alt where c is null",
                "alter table alt alter column c set not null",
                "insert into alt (a) values (5)",
                "alter table alt alter column c drop not null",
                "insert into alt (a) values (5)",
                "alter table alt add constraint a_pos check (a > 0)",
                "insert into alt values (-1, 'neg')",
                "alter table alt add check (a < 3)",
                "alter table alt add constraint a_lt3 check (a < 3) not valid",
                "insert into alt values (7, 'big')",
                "alter table alt validate constraint a_lt3",
                "alter table alt drop constraint a_lt3",
                "alter table alt drop constraint a_lt3",
                "alter table alt drop constraint if exists a_lt3",
                "insert into alt values (7, 'big')",
                "alter table alt rename to alt2",
                "select a, c from alt2 order by a",
                "select a from alt",
                "alter table alt2 owner to postgres, set (fillfactor = 90)",
                "alter table if exists nosuch rename to other",
                "alter table nosuch rename to other",
                "alter table alt2 alter column c set default 'm', alter column a set not null",
                "insert into alt2 (a) values (8)",
                "select a, c from alt2 order by a");
    }

    @Test
    void addPrimaryKeyOnAFilledTableBehavesAsPostgres() throws SQLException {
        DB.sameOutcomes(
                "create table pk1 (a int, b text)",
                "insert into pk1 select g, 'v' || g from generate_series(1, 2000) g",
                "insert into pk1 values (7, 'again')",
                "alter table pk1 add primary key (a)",
                "delete from pk1 where b = 'again'",
                "insert into pk1 values (null, 'null key')",
                "alter table pk1 add primary key (a)",
                "delete from pk1 where a is null",
                "alter table pk1 add constraint pk1_pkey primary key (nosuch)",
                "alter table pk1 add primary key (a)",
                "select count(*), sum(a), min(b), max(b) from pk1",
                "insert into pk1 values (5, 'dup')",
                "alter table pk1 add primary key (a)",
                "alter table pk1 alter column a drop not null",
                "select b from pk1 where a = 1500");
        assertMessage("insert into pk1 values (5, 'dup')", "duplicate key value violates unique constraint \"pk1_pkey\"");
    }

    @Test
    void redistributionFormsRun() throws SQLException {
        try (Connection t = DriverManager.getConnection(DB.cluster().jdbcUrl(1)); Statement s = t.createStatement()) {
            s.execute("create table rd (a int, b int)");
            s.execute("insert into rd select g, g from generate_series(1, 100) g");
            // the moves themselves are RedistributeIT's: here, each form runs and the rows stay
            for (String sql : List.of("alter table rd distribute by hash(b)", "alter table rd distribute by replication",
                    "alter table rd to node (dn1)", "alter table rd add node (dn2)", "alter table rd delete node (dn1)")) {
                assertEquals("ok 0", Differential.outcome(s, sql), sql);
                assertEquals("100|5050\n", Differential.outcome(s, "select count(*), sum(a) from rd"), sql);
            }
            assertEquals("ERROR 42710", Differential.outcome(s, "alter table rd add node (dn2)"));
        }
    }

    private static void assertMessage(String sql, String message) throws SQLException {
        try (Connection t = DriverManager.getConnection(DB.cluster().jdbcUrl(1)); Statement s = t.createStatement()) {
            SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class, () -> s.execute(sql));
            assertTrue(e.getMessage().contains(message), e.getMessage());
        }
    }

    @Test
    void sequenceValuesAreUniqueAcrossCoordinators() throws Exception {
        try (Connection c = DriverManager.getConnection(DB.cluster().jdbcUrl(1)); Statement s = c.createStatement()) {
            s.execute("create sequence shared_seq");
            s.execute("create table shared_t (id bigserial, who int)");
        }
        int sessions = 4;
        int each = 500;
        ExecutorService pool = Executors.newFixedThreadPool(sessions);
        try {
            List<Future<List<Long>>> futures = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                int coordinator = 1 + i % 2;
                int who = i;
                futures.add(pool.submit(() -> {
                    List<Long> got = new ArrayList<>();
                    try (Connection c = DriverManager.getConnection(DB.cluster().jdbcUrl(coordinator));
                            Statement s = c.createStatement()) {
                        for (int k = 0; k < each; k++) {
                            try (ResultSet rs = s.executeQuery("select nextval('shared_seq')")) {
                                rs.next();
                                got.add(rs.getLong(1));
                            }
                        }
                        s.execute("insert into shared_t (who) select " + who + " from generate_series(1, 100)");
                    }
                    return got;
                }));
            }
            Set<Long> all = new HashSet<>();
            for (Future<List<Long>> f : futures) {
                List<Long> got = f.get();
                for (int k = 1; k < got.size(); k++) {
                    assertTrue(got.get(k) > got.get(k - 1), "one session's values increase");
                }
                all.addAll(got);
            }
            assertEquals(sessions * each, all.size(), "every value handed out once");
        } finally {
            pool.shutdownNow();
        }
        try (Connection c = DriverManager.getConnection(DB.cluster().jdbcUrl(2)); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*), count(distinct id) from shared_t")) {
            rs.next();
            assertEquals(sessions * 100, rs.getLong(1));
            assertEquals(sessions * 100, rs.getLong(2), "serial values are unique across coordinators");
        }
        // setval on one coordinator is seen by the next nextval on the other
        try (Connection c1 = DriverManager.getConnection(DB.cluster().jdbcUrl(1));
                Connection c2 = DriverManager.getConnection(DB.cluster().jdbcUrl(2));
                Statement s1 = c1.createStatement(); Statement s2 = c2.createStatement()) {
            Differential.outcome(s2, "select nextval('shared_seq')");
            assertEquals("1000000\n", Differential.outcome(s1, "select setval('shared_seq', 1000000)"));
            assertEquals("1000001\n", Differential.outcome(s2, "select nextval('shared_seq')"));
        }
    }

    @Test
    void schemaMadeOnOneCoordinatorResolvesOnTheOtherAndInPsql() throws Exception {
        try (Connection c1 = DriverManager.getConnection(DB.cluster().jdbcUrl(1)); Statement s1 = c1.createStatement()) {
            s1.execute("create schema it_sch");
            s1.execute("create table it_sch.items (id int primary key, v text)");
            s1.execute("create table items (id int primary key, v text)");
            s1.execute("insert into it_sch.items values (1, 'in it_sch'), (2, 'in it_sch')");
            s1.execute("insert into items values (1, 'in public')");
        }
        try (Connection c2 = DriverManager.getConnection(DB.cluster().jdbcUrl(2)); Statement s2 = c2.createStatement()) {
            assertEquals(List.of("in public"), Differential.rows(c2, "select v from items", false),
                    "unqualified names resolve in public under the default search_path");
            s2.execute("set search_path to it_sch, public");
            assertEquals(List.of("in it_sch", "in it_sch"), Differential.rows(c2, "select v from items order by id",
                    false), "search_path puts it_sch's items first, on the coordinator that did not create it");
            s2.execute("create table made_on_two (id int)");
            assertEquals(List.of("it_sch"), Differential.rows(c2, "select n.nspname from pg_class c join pg_namespace n"
                    + " on n.oid = c.relnamespace where c.relname = 'made_on_two'", false),
                    "CREATE without a schema creates in the first schema of the path");
        }
        Psql.Result dn = Psql.command(DB.cluster().port(1), "postgres", "\\dn");
        assertTrue(dn.exitCode() == 0 && dn.out().contains(" it_sch "), dn.toString());
        Psql.Result dt = Psql.command(DB.cluster().port(1), "postgres", "\\dt it_sch.*");
        assertTrue(dt.exitCode() == 0 && dt.out().contains(" items ") && dt.out().contains(" made_on_two "),
                dt.toString());
        try (Connection c1 = DriverManager.getConnection(DB.cluster().jdbcUrl(1)); Statement s1 = c1.createStatement()) {
            assertEquals("ERROR 2BP01", Differential.outcome(s1, "drop schema it_sch"), "a schema with tables needs CASCADE");
            s1.execute("drop schema it_sch cascade");
        }
        try (Connection c2 = DriverManager.getConnection(DB.cluster().jdbcUrl(2)); Statement s2 = c2.createStatement()) {
            assertEquals("ERROR 42P01", Differential.outcome(s2, "select * from it_sch.items"), "the schema's tables went");
            assertEquals(List.of("in public"), Differential.rows(c2, "select v from items", false),
                    "public's table of the same name stays");
        }
    }

    /**
     * ALTER TABLE ... SET SCHEMA changes the catalog only: the rows stay on the datanodes they were on, the serial's
     * sequence moves with the table and keeps its values (both coordinators had reserved blocks of it), the primary
     * key still refuses duplicates, and psql's {@code \d} on the other coordinator shows the table, its default and
     * its index in the new schema. A view reading the table keeps reading it, on the other coordinator too, as
     * PostgreSQL's views follow their relations by OID.
     */
    @Test
    void setSchemaMovesTheCatalogNotTheRows() throws Exception {
        List<String> placement;
        try (Connection c1 = DriverManager.getConnection(DB.cluster().jdbcUrl(1));
                Connection c2 = DriverManager.getConnection(DB.cluster().jdbcUrl(2));
                Statement s1 = c1.createStatement(); Statement s2 = c2.createStatement()) {
            s1.execute("create schema it_mv");
            s1.execute("create table mv (id serial primary key, v text) distribute by hash(id)");
            s1.execute("insert into mv (v) select 'one' from generate_series(1, 20)");
            s2.execute("insert into mv (v) select 'two' from generate_series(1, 20)");
            placement = Differential.rows(c1, "select id, xc_node_id from mv order by id", false);
            s1.execute("create view mv_reader as select v from mv");
            s1.execute("alter table mv set schema it_mv");
            assertEquals("ERROR 42P01", Differential.outcome(s2, "select * from mv"), "the old name is gone");
            assertEquals(List.of("40"), Differential.rows(c2, "select count(*) from mv_reader", false),
                    "the view reads the moved table, on the coordinator that did not move it");
            s1.execute("drop view mv_reader");
            assertEquals(placement, Differential.rows(c2, "select id, xc_node_id from it_mv.mv order by id", false),
                    "every row is where it was, on the same datanode");
            s2.execute("insert into it_mv.mv (v) select 'three' from generate_series(1, 10)");
            s1.execute("insert into it_mv.mv (v) values ('four')");
            assertEquals(List.of("51|51"), Differential.rows(c1,
                    "select count(*), count(distinct id) from it_mv.mv", false),
                    "both coordinators go on taking distinct values from the moved sequence");
            assertEquals("ERROR 23505", Differential.outcome(s1, "insert into it_mv.mv values (1, 'dup')"),
                    "the primary key moved with the table");
            assertEquals(List.of("it_mv"), Differential.rows(c2, "select relnamespace::regnamespace::text"
                    + " from pg_class where relname = 'mv_id_seq'", false));
        }
        Psql.Result d = Psql.command(DB.cluster().port(2), "postgres", "\\d it_mv.mv");
        assertTrue(d.exitCode() == 0 && d.out().contains("Table \"it_mv.mv\"")
                && d.out().contains("nextval('it_mv.mv_id_seq'::regclass)")
                && d.out().contains("\"mv_pkey\" PRIMARY KEY, btree (id)"), d.toString());
        try (Connection c1 = DriverManager.getConnection(DB.cluster().jdbcUrl(1)); Statement s1 = c1.createStatement()) {
            s1.execute("drop schema it_mv cascade");
            assertEquals(List.of("0"), Differential.rows(c1, "select count(*) from pg_class where relname = 'mv_id_seq'",
                    false), "the sequence went with its table");
        }
    }

    /**
     * A renamed table keeps its constraints' names, as in PostgreSQL: the primary key's stored name reaches the
     * datanodes' 23505 and the other coordinator's catalog and \\d; RENAME CONSTRAINT renames the key.
     */
    @Test
    void renamedTableKeepsItsConstraintNames() throws Exception {
        DB.both("create table kn (a int primary key, b int unique, c int check (c > 0))", " distribute by replication");
        DB.both("create table kh (a int primary key)", " distribute by hash (a)");
        DB.sameOutcomesAndMessages(
                "alter table kn rename to kn2",
                "alter table kh rename to kh2",
                "insert into kn2 values (1, 1, 1)",
                "insert into kh2 values (1)",
                "insert into kn2 values (1, 2, 1)",
                "insert into kn2 values (2, 1, 1)",
                "insert into kn2 values (3, 3, 0)",
                "insert into kh2 values (1)",
                "select conname, contype from pg_constraint where conrelid = 'kn2'::regclass order by 1",
                "alter table kn2 rename constraint kn_pkey to kn2_pk",
                "insert into kn2 values (1, 5, 5)",
                "alter table kn2 rename constraint kn_pkey to x",
                "alter table kn2 rename constraint kn_c_check to kn2_pk");
        try (Connection c2 = DriverManager.getConnection(DB.cluster().jdbcUrl(2));
                Statement s2 = c2.createStatement()) {
            assertEquals("ERROR 23505 duplicate key value violates unique constraint \"kh_pkey\" / Key (a)=(1) already"
                    + " exists.", Differential.outcomeWithMessage(s2, "insert into kh2 values (1)"),
                    "the other coordinator's insert: the datanode names the key by its stored name");
        }
        Psql.Result d = Psql.command(DB.cluster().port(2), "postgres", "\\d kn2");
        assertTrue(d.exitCode() == 0 && d.out().contains("\"kn2_pk\" PRIMARY KEY, btree (a)")
                && d.out().contains("\"kn_b_key\" UNIQUE CONSTRAINT, btree (b)"), d.toString());
    }

    /**
     * ALTER TYPE ... ADD VALUE runs in a transaction block, but its new value is 55P04 until COMMIT, as in
     * PostgreSQL; after COMMIT both coordinators take it.
     */
    @Test
    void enumValueAddedInABlockWaitsForCommit() throws SQLException {
        DB.sameOutcomesAndMessages(
                "create type feel as enum ('sad', 'ok')",
                "begin",
                "alter type feel add value 'glad'",
                "select 'ok'::feel",
                "select 'glad'::feel",
                "rollback",
                "begin",
                "alter type feel add value 'glad'",
                "select enum_range(null::feel)",
                "rollback",
                "begin",
                "alter type feel add value 'glad'",
                "commit",
                "select 'glad'::feel");
        try (Connection c2 = DriverManager.getConnection(DB.cluster().jdbcUrl(2))) {
            assertEquals(List.of("glad"), Differential.rows(c2, "select 'glad'::feel", false),
                    "the other coordinator has the value");
        }
    }

    /**
     * An enum type made in a schema on one coordinator is a column type and a cast on the other, found qualified and
     * through search_path; ALTER TYPE ... SET SCHEMA there moves it under the column, which keeps its values.
     */
    @Test
    void enumTypeInASchemaOnTwoCoordinators() throws Exception {
        try (Connection c1 = DriverManager.getConnection(DB.cluster().jdbcUrl(1));
                Connection c2 = DriverManager.getConnection(DB.cluster().jdbcUrl(2));
                Statement s1 = c1.createStatement(); Statement s2 = c2.createStatement()) {
            s1.execute("create schema it_en");
            s1.execute("create schema it_en2");
            s1.execute("create type it_en.mood as enum ('sad', 'ok', 'happy')");
            s2.execute("create table en_t (id int primary key, m it_en.mood) distribute by hash(id)");
            s2.execute("insert into en_t values (1, 'happy'), (2, 'sad'), (3, 'ok')");
            assertEquals(List.of("2|sad", "3|ok", "1|happy"), Differential.rows(c1,
                    "select id, m from en_t order by m", false), "the enum's order, on the other coordinator");
            assertEquals("ERROR 22P02", Differential.outcome(s1, "select 'meh'::it_en.mood"));
            s1.execute("set search_path to it_en, public");
            assertEquals(List.of("t"), Differential.rows(c1, "select 'happy'::mood > 'ok'::mood", false),
                    "an unqualified name through search_path");
            s2.execute("alter type it_en.mood set schema it_en2");
            assertEquals("ERROR 42704", Differential.outcome(s1, "select 'ok'::mood"), "gone from it_en");
            assertEquals(List.of("it_en2.mood"), Differential.rows(c1, "select format_type(atttypid, atttypmod)"
                    + " from pg_attribute where attrelid = 'en_t'::regclass and attname = 'm'", false),
                    "the column follows the type, named qualified off the path");
            assertEquals(List.of("1|happy", "2|sad", "3|ok"), Differential.rows(c1,
                    "select id, m from en_t order by id", false), "the values stay");
            s1.execute("drop table en_t");
            s1.execute("drop schema it_en2 cascade");
            s1.execute("drop schema it_en");
        }
    }

    /**
     * A view binds the relations its query names under its creator's search_path, as PostgreSQL binds them at
     * CREATE VIEW: a session on another coordinator with another path reads the same table, and psql's {@code \d+}
     * there prints the relation qualified because that session's path does not find it under its bare name.
     */
    @Test
    void viewBindsItsRelationsWhenCreatedNotWhenRead() throws Exception {
        try (Connection c1 = DriverManager.getConnection(DB.cluster().jdbcUrl(1)); Statement s1 = c1.createStatement()) {
            s1.execute("create schema it_v");
            s1.execute("create table it_v.vt (id int primary key, v text)");
            s1.execute("create table vt (id int primary key, v text)");
            s1.execute("insert into it_v.vt values (1, 'in it_v')");
            s1.execute("insert into vt values (1, 'in public')");
            s1.execute("set search_path to it_v, public");
            s1.execute("create view public.bound_v as select v from vt");
        }
        try (Connection c2 = DriverManager.getConnection(DB.cluster().jdbcUrl(2)); Statement s2 = c2.createStatement()) {
            assertEquals(List.of("in it_v"), Differential.rows(c2, "select v from bound_v", false),
                    "the default path finds public.vt first, but the view reads it_v.vt");
            s2.execute("set search_path to public, it_v");
            assertEquals(List.of("in it_v"), Differential.rows(c2, "select v from bound_v", false));
        }
        Psql.Result d = Psql.command(DB.cluster().port(2), "postgres", "\\d+ bound_v");
        assertTrue(d.exitCode() == 0 && d.out().contains("View definition:") && d.out().contains("from it_v.vt"),
                d.toString());
        try (Connection c1 = DriverManager.getConnection(DB.cluster().jdbcUrl(1)); Statement s1 = c1.createStatement()) {
            assertEquals("ERROR 2BP01", Differential.outcome(s1, "drop table it_v.vt"), "the view depends on it_v.vt");
            s1.execute("drop table vt"); // public.vt is not the view's: no CASCADE needed
            assertEquals(List.of("in it_v"), Differential.rows(c1, "select v from bound_v", false));
            s1.execute("drop schema it_v cascade");
            assertEquals("ERROR 42P01", Differential.outcome(s1, "select * from bound_v"), "CASCADE dropped the view");
        }
    }
}
