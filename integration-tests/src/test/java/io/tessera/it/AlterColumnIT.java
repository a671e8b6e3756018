package io.tessera.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ALTER TABLE's column actions — ADD COLUMN (with DEFAULT, NOT NULL, CHECK, volatile defaults), DROP COLUMN and
 * ALTER COLUMN ... TYPE — on a two-coordinator, two-datanode cluster, each statement's rows or SQLSTATE compared with
 * a reference PostgreSQL 15 running the same script; plus what only Tessera does (the distribution column) and what
 * must survive a datanode restart (missing values live in the catalog, not in the rows).
 */
class AlterColumnIT {
    @RegisterExtension
    static final Differential DB = new Differential(2, 2);

    private static String tessera(int coordinator, String sql) throws SQLException {
        try (Connection t = DriverManager.getConnection(DB.cluster().jdbcUrl(coordinator)); Statement s = t.createStatement()) {
            return Differential.outcome(s, sql);
        }
    }

    private static void assertMessage(String sql, String message) throws SQLException {
        try (Connection t = DriverManager.getConnection(DB.cluster().jdbcUrl(1)); Statement s = t.createStatement()) {
            SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class, () -> s.execute(sql));
            assertTrue(e.getMessage().contains(message), e.getMessage());
        }
    }

    @Test
    void addColumnBehavesAsPostgres() throws SQLException {
        DB.sameOutcomes(
                "create table ac (a int, b text)",
                "insert into ac select g, 'v' || g from generate_series(1, 300) g",
                "alter table ac add column c int default 7",
                "alter table ac add column c int",
                "alter table ac add column if not exists c int",
                "alter table ac add d text",
                "select a, b, c, d from ac order by a limit 3",
                "insert into ac (a, b) values (1000, 'new')",
                "select count(*), sum(c), count(d), count(b) from ac",
                "alter table ac add column e int not null",
                "alter table ac add column e int not null default 1",
                "alter table ac add column f int default -1 check (f > 0)",
                "alter table ac add column f int check (f > 0)",
                "insert into ac (a, f) values (1001, 0)",
                "alter table ac add column g numeric(5,2) default 3.14159",
                "alter table ac add column h varchar(3) default 'toolong'",
                "alter table ac add column h varchar(3) default 'ok', add column i date default '2020-01-02'",
                "alter table ac add column j boolean default true, add column k bigint default 1 + 2 * 3",
                "select a, c, e, f, g, h, i, j, k from ac where a in (1, 2, 1000) order by a",
                "update ac set c = 8, g = 1.5 where a = 1",
                "select a, c, g from ac where a <= 2 order by a",
                "select count(*) from ac where c = 7 and e = 1 and g = 3.14 and h = 'ok' and k = 7",
                "alter table ac alter column c set default 9",
                "insert into ac (a) values (1002)",
                "select a, c, e from ac where a >= 1000 order by a",
                "select attname, attnum, attnotnull, atthasdef, atthasmissing, attisdropped from pg_attribute "
                        + "where attrelid = 'ac'::regclass and attnum > 0 order by attnum");
        assertMessage("alter table ac add column e int", "column \"e\" of relation \"ac\" already exists");
    }

    @Test
    void addColumnNotNullOnAnEmptyTableAndVolatileDefaults() throws SQLException {
        DB.sameOutcomes(
                "create table av (a int)",
                "alter table av add column b int not null",
                "insert into av values (1, 1)",
                "insert into av (a) values (2)",
                "insert into av select g, g from generate_series(2, 200) g",
                "alter table av add column r float8 default random()",
                "select count(*), count(distinct r), min(r) >= 0, max(r) < 1 from av",
                "create sequence av_seq",
                "alter table av add column s bigint default nextval('av_seq')",
                "select count(*), count(distinct s), min(s), max(s) from av",
                "insert into av (a, b) values (500, 500)",
                "select s from av where a = 500",
                "select count(*), sum(b) from av");
    }

    @Test
    void dropColumnBehavesAsPostgres() throws SQLException {
        DB.sameOutcomes(
                "create table dc (a int, b text, c int check (c > 0), d int, constraint bd check (b <> 'x' or d > 0))",
                "insert into dc select g, 'v' || g, g, g from generate_series(1, 100) g",
                "alter table dc drop column b",
                "alter table dc drop column b",
                "alter table dc drop column if exists b",
                "select * from dc order by a limit 3",
                "insert into dc values (101, 0, 1)",
                "insert into dc values (102, 5, 1)",
                "alter table dc add column b text default 'again'",
                "select a, b, c, d from dc order by a limit 2",
                "insert into dc (a, b) values (103, 'x')",
                "select count(*), count(b), count(c), sum(d) from dc",
                "alter table dc drop c, drop column d",
                "select * from dc order by a desc limit 2",
                "update dc set b = 'u' where a = 1",
                "select * from dc where a = 1",
                "create table dcs (v int, id serial)",
                "alter table dcs drop column id",
                "select nextval('dcs_id_seq')",
                "select attname, attnum, attisdropped, atttypid = 0 from pg_attribute "
                        + "where attrelid = 'dc'::regclass and attnum > 0 order by attnum",
                "select column_name, ordinal_position from information_schema.columns where table_name = 'dc' "
                        + "order by ordinal_position");
    }

    @Test
    void theDistributionAndKeyColumnsCannotBeDropped() throws SQLException {
        try (Connection t = DriverManager.getConnection(DB.cluster().jdbcUrl(1)); Statement s = t.createStatement()) {
            s.execute("create table dd (a int, b int, c int) distribute by hash (b)");
            s.execute("create table dk (k int primary key, v int) distribute by replication");
            assertEquals("ERROR 0A000", Differential.outcome(s, "alter table dd drop column b"));
            assertEquals("ERROR 0A000", Differential.outcome(s, "alter table dk drop column k"));
            assertEquals("ok 0", Differential.outcome(s, "alter table dd drop column a"));
            assertEquals("ok 0", Differential.outcome(s, "alter table dd drop column c"));
            assertEquals("ERROR 0A000", Differential.outcome(s, "alter table dd alter column b type text"));
            assertEquals("ok 1", Differential.outcome(s, "insert into dd values (5)"));
            assertEquals("ok 0", Differential.outcome(s, "alter table dd alter column b type bigint"));
            assertEquals("5\n", Differential.outcome(s, "select b from dd where b = 5"));
        }
        assertMessage("alter table dd drop column b", "Distribution column cannot be dropped");
    }

    @Test
    void alterColumnTypeBehavesAsPostgres() throws SQLException {
        DB.sameOutcomes(
                "create table ty (a int, b text, c varchar(10), d numeric(10,2), e int)",
                "insert into ty values (1, '10', 'abc', 1.25, 5), (2, '20', 'defgh', 2.50, 6)",
                "insert into ty select g, g::text, 'x' || g, g / 4.0, g from generate_series(3, 500) g",
                "alter table ty alter column b type int",
                "alter table ty alter column b type int using b::int",
                "select a, b + 1 from ty where a <= 3 order by a",
                "alter table ty alter column c type varchar(3)",
                "select a, c from ty where a <= 2 order by a",
                "alter table ty alter column c type varchar(20)",
                "alter table ty alter column c set data type text",
                "alter table ty alter column d type int",
                "select a, d from ty where a <= 3 order by a",
                "alter table ty alter column e type bigint, alter column a type bigint",
                "alter table ty alter column e type text",
                "select e || 'x' from ty where a <= 2 order by a",
                "alter table ty alter column e type int using e::int * 2",
                "alter table ty alter column b type boolean",
                "alter table ty alter column nosuch type int",
                "update ty set c = 'zz' where a = 1",
                "alter table ty alter column c type int using c::int",
                "select a, b, c, d, e from ty where a <= 2 order by a",
                "insert into ty values (1000, 30, 'new', 3, 3)",
                "select count(*), sum(a), sum(b), sum(d), sum(e), max(c) from ty",
                "select column_name, data_type, ordinal_position from information_schema.columns "
                        + "where table_name = 'ty' order by ordinal_position");
        assertMessage("alter table ty alter column b type boolean",
                "column \"b\" cannot be cast automatically to type boolean");
    }

    @Test
    void rewritesCarryIndexesAndForeignKeys() throws SQLException {
        DB.sameOutcomesAndMessages(
                "create table rp (id int primary key, code text)",
                "create table rc (id int primary key, pid int references rp, b int, note text)",
                "create unique index rc_id_b on rc (id, b)",
                "create index rc_pid on rc (pid)",
                "create index rc_note on rc (note) include (b)",
                "insert into rp select g, 'c' || g from generate_series(1, 50) g",
                "insert into rc select g, g % 50 + 1, g, 'n' || g from generate_series(1, 200) g",
                "comment on table rc is 'children'",
                "comment on index rc_pid is 'by parent'",
                "comment on index rc_pkey is 'the key'",
                "comment on index rc is 'not an index'",
                "comment on index nosuch is 'x'",
                "alter table rc alter column b type bigint",
                "alter table rc alter column pid type bigint",
                "select id, pid, b from rc where pid = 7 order by id",
                "select id, b from rc where note = 'n5'",
                "select id from rc where id = 10 and b = 10",
                "insert into rc values (500, 99, 1, 'x')",
                "delete from rp where id = 7",
                "alter table rp alter column code type varchar(20)",
                "alter table rp alter column id type bigint",
                "delete from rp where id = 7",
                "insert into rc values (501, 99, 1, 'x')",
                "insert into rp values (99, 'x')",
                "insert into rc values (501, 99, 1, 'x')");
        // a redistribution moves the table to a new id too: its foreign key and indexes follow (Tessera only)
        try (Connection t = DriverManager.getConnection(DB.cluster().jdbcUrl(1)); Statement s = t.createStatement()) {
            s.execute("alter table rc distribute by replication");
        }
        DB.sameOutcomesAndMessages(
                "insert into rc values (502, 98, 1, 'x')",
                "delete from rp where id = 7",
                "select id, pid, b from rc where pid = 7 order by id",
                "alter table rc alter column pid type text",
                "alter table rc add column r float8 default random()",
                "select count(*) from rc where r >= 0 and r < 1",
                "select id, pid from rc where pid = 99",
                "select conname, contype, pg_get_constraintdef(oid) from pg_constraint"
                        + " where conrelid in ('rc'::regclass, 'rp'::regclass) order by conname",
                "select indexname, indexdef from pg_indexes where tablename in ('rc', 'rp') order by indexname",
                "select obj_description('rc'::regclass, 'pg_class'), obj_description('rc_pid'::regclass,"
                        + " 'pg_class'), obj_description('rc_pkey'::regclass, 'pg_class')",
                "select count(*) from pg_description where description in ('children', 'by parent', 'the key')",
                "create table ru (a int, b int)",
                "create unique index ru_a_b on ru (a, b)",
                "insert into ru values (1, 10), (1, 11), (2, 20)",
                "alter table ru alter column b type int using b / 100",
                "select a, b from ru order by a, b",
                "alter table ru add primary key (a)",
                "delete from ru where b = 11",
                "alter table ru add primary key (a)",
                "select a, b from ru where a = 1 and b = 10",
                "insert into ru values (4, 40), (4, 41)",
                "select indexname from pg_indexes where tablename = 'ru' order by indexname",
                "drop table rc, rp, ru");
    }

    @Test
    void renameAndDropOfIndexedColumnsAsPostgres() throws SQLException {
        DB.sameOutcomesAndMessages(
                "create table ip (id int primary key, code int, v text)",
                "alter table ip add constraint ip_u unique (id, code)",
                "create table ic (id int primary key, pid int references ip, w text)",
                "create table ic3 (id int primary key, a int, c int, foreign key (a, c) references ip (id, code))",
                "create index ic_w on ic (w)",
                "create index ic_pid_w on ic (pid) include (w)",
                "insert into ip select g, g * 2, 'v' || g from generate_series(1, 20) g",
                "insert into ic select g, g, 'w' || g from generate_series(1, 20) g",
                "alter table ic rename column w to word",
                "select indexname, indexdef from pg_indexes where tablename = 'ic' order by indexname",
                "select id, word from ic where word = 'w3'",
                "alter table ip rename column id to ip_id",
                "select conname, pg_get_constraintdef(oid) from pg_constraint where conrelid = 'ic'::regclass"
                        + " order by conname",
                "insert into ic values (100, 77, 'x')",
                "alter table ic rename column pid to parent",
                "insert into ic values (100, 77, 'x')",
                "insert into ic values (100, 7, 'x')",
                "alter table ic drop column word",
                "select indexname from pg_indexes where tablename = 'ic' order by indexname",
                "select id, parent from ic where id = 3",
                "alter table ic drop column parent",
                "select conname from pg_constraint where conrelid = 'ic'::regclass order by conname",
                "insert into ic values (200)",
                "alter table ip drop column code",
                "select conname, pg_get_constraintdef(oid) from pg_constraint where conrelid = 'ic3'::regclass"
                        + " order by conname",
                "alter table ip drop column code cascade",
                "select indexname from pg_indexes where tablename = 'ip' order by indexname",
                "select conname from pg_constraint where conrelid = 'ic3'::regclass order by conname",
                "insert into ic3 values (1, 999, 999)",
                "create table ic2 (id int primary key, r int references ip (ip_id))",
                "alter table ip drop column v",
                "select ip_id from ip where ip_id = 4",
                "drop table ic, ic2, ic3, ip");
    }

    @Test
    void addedColumnsKeepTheirDefaultAcrossCoordinatorsAndADatanodeRestart() throws SQLException {
        try (Connection t = DriverManager.getConnection(DB.cluster().jdbcUrl(1)); Statement s = t.createStatement()) {
            s.execute("create table ar (a int, b text)");
            s.execute("insert into ar select g, 'v' || g from generate_series(1, 1000) g");
            s.execute("alter table ar add column c int default 42, add column d text default 'dflt'");
            s.execute("alter table ar drop column b");
        }
        String expected = "1000|42000|dflt|dflt\n";
        String query = "select count(*), sum(c), min(d), max(d) from ar";
        assertEquals(expected, tessera(2, query), "the other coordinator reads the missing values");
        DB.cluster().kill("dn1");
        DB.cluster().kill("dn2");
        DB.cluster().start();
        Awaits.until(Duration.ofSeconds(60), () -> {
            try {
                return tessera(1, query).equals(expected);
            } catch (SQLException e) {
                return false;
            }
        }, () -> "after the restart: " + uncheckedTessera(query));
        assertEquals("1|42|dflt\n", tessera(2, "select a, c, d from ar where a = 1"));
    }

    @Test
    void addAndDropColumnWhileFourSessionsInsert() throws Exception {
        try (Connection t = DriverManager.getConnection(DB.cluster().jdbcUrl(1)); Statement s = t.createStatement()) {
            s.execute("create table aw (a int, b text)");
        }
        int sessions = 4;
        int each = 150;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(sessions);
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(sessions);
        try {
            List<java.util.concurrent.Future<Integer>> writers = new java.util.ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                int coordinator = 1 + i % 2;
                int base = i * 100_000;
                writers.add(pool.submit(() -> {
                    try (Connection c = DriverManager.getConnection(DB.cluster().jdbcUrl(coordinator));
                            Statement s = c.createStatement()) {
                        for (int k = 0; k < each; k++) {
                            s.execute("insert into aw (a) values (" + (base + k) + ")");
                            if (k == 10) {
                                started.countDown();
                            }
                        }
                    }
                    return each;
                }));
            }
            assertTrue(started.await(120, java.util.concurrent.TimeUnit.SECONDS), "writers started");
            try (Connection t = DriverManager.getConnection(DB.cluster().jdbcUrl(1)); Statement s = t.createStatement()) {
                s.execute("alter table aw add column c int not null default 7");
                s.execute("alter table aw drop column b");
            }
            int total = 0;
            for (java.util.concurrent.Future<Integer> f : writers) {
                total += f.get(); // a writer's error (anything but a transparent 40T01 retry) fails the test
            }
            assertEquals(total + "|" + total + "|" + total + "\n", tessera(2,
                    "select count(*), count(distinct a), sum(case when c = 7 then 1 else 0 end) from aw"),
                    "no insert lost, every row reads the added column's default");
        } finally {
            pool.shutdownNow();
        }
    }

    private static String uncheckedTessera(String sql) {
        try {
            return tessera(1, sql);
        } catch (SQLException e) {
            return e.toString();
        }
    }
}
