package io.tessera.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DDL inside transaction blocks on a two-coordinator, two-datanode cluster: each script runs on Tessera and on a
 * reference PostgreSQL 15, step by step, with two sessions — on Tessera the first on coordinator 1 and the second on
 * coordinator 2 — and every step's rows or SQLSTATE must agree.
 */
class TransactionalDdlIT {
    @RegisterExtension
    static final Differential DB = new Differential(2, 2);

    /**
     * Runs the steps on both systems in order and asserts each outcome agrees. A step is {@code "1: sql"} (first
     * session) or {@code "2: sql"} (second session, on Tessera's other coordinator).
     */
    private static void sameAsPostgres(String... steps) throws SQLException {
        try (Connection t1 = DriverManager.getConnection(DB.cluster().jdbcUrl(1));
                Connection t2 = DriverManager.getConnection(DB.cluster().jdbcUrl(2));
                Connection p1 = DriverManager.getConnection(DB.reference().jdbcUrl());
                Connection p2 = DriverManager.getConnection(DB.reference().jdbcUrl());
                Statement ts1 = t1.createStatement(); Statement ts2 = t2.createStatement();
                Statement ps1 = p1.createStatement(); Statement ps2 = p2.createStatement()) {
            for (String step : steps) {
                boolean second = step.startsWith("2:");
                String sql = step.substring(2).trim();
                String expected = Differential.outcome(second ? ps2 : ps1, sql);
                String actual = Differential.outcome(second ? ts2 : ts1, sql);
                assertEquals(expected, actual, step);
            }
        }
    }

    @Test
    void createAndFillInABlockIsPublishedAtCommit() throws SQLException {
        sameAsPostgres(
                "1: begin",
                "1: create table c1 (id serial primary key, name text not null)",
                "1: insert into c1 (name) values ('a'), ('b'), ('c')",
                "1: select id, name from c1 order by id",
                "1: create view c1_names as select name from c1 where id > 1",
                "1: select * from c1_names order by name",
                "1: create sequence c1_seq start 10",
                "1: select nextval('c1_seq')",
                "1: comment on table c1 is 'made in a block'",
                "1: select obj_description('c1'::regclass, 'pg_class')",
                "2: select count(*) from c1",
                "2: select count(*) from c1_names",
                "2: select count(*) from pg_class where relname in ('c1', 'c1_names', 'c1_seq')",
                "1: commit",
                "2: select id, name from c1 order by id",
                "2: select * from c1_names order by name",
                "1: select nextval('c1_seq')",
                "2: select obj_description('c1'::regclass, 'pg_class')",
                "2: insert into c1 (name) values ('d')",
                "1: select count(*) from c1");
    }

    @Test
    void rollbackLeavesNothing() throws SQLException {
        sameAsPostgres(
                "1: begin",
                "1: create table r1 (k int primary key, v text)",
                "1: insert into r1 values (1, 'x'), (2, 'y')",
                "1: create sequence r1_seq",
                "1: create view r1_v as select k from r1",
                "1: select count(*) from r1_v",
                "1: rollback",
                "1: select count(*) from r1",
                "2: select count(*) from r1",
                "1: select count(*) from pg_class where relname in ('r1', 'r1_seq', 'r1_v')",
                "2: create table r1 (k int primary key, w int)",
                "2: select count(*) from r1",
                "1: insert into r1 values (1, 5)",
                "1: select * from r1",
                "1: drop table r1");
    }

    @Test
    void dropAndAlterInABlockThenRollbackKeepTheTable() throws SQLException {
        sameAsPostgres(
                "1: create table d1 (k int primary key, v text)",
                "1: insert into d1 values (1, 'one'), (2, 'two')",
                "1: begin",
                "1: drop table d1",
                "1: select count(*) from d1",
                "1: rollback",
                "2: select k, v from d1 order by k",
                "1: begin",
                "1: alter table d1 add column w int",
                "1: alter table d1 rename column v to name",
                "1: insert into d1 values (3, 'three', 33)",
                "1: select * from d1 order by k",
                "1: rollback",
                "2: select * from d1 order by k",
                "1: begin",
                "1: alter table d1 add column w int",
                "1: update d1 set w = k * 10",
                "1: commit",
                "2: select * from d1 order by k",
                "1: begin",
                "1: drop table d1",
                "1: commit",
                "2: select count(*) from d1");
    }

    @Test
    void savepointsUndoTheDdlAfterThem() throws SQLException {
        sameAsPostgres(
                "1: begin",
                "1: create table s1 (a int)",
                "1: insert into s1 values (1)",
                "1: savepoint sp",
                "1: create table s2 (b int)",
                "1: insert into s1 values (2)",
                "1: rollback to savepoint sp",
                "1: select count(*) from s2",
                "1: rollback to savepoint sp",
                "1: select * from s1",
                "1: commit",
                "2: select * from s1",
                "2: select count(*) from s2",
                "2: drop table s1");
    }

    @Test
    void statementsPostgresRefusesInABlockKeep25001() throws SQLException {
        sameAsPostgres(
                "1: create table x1 (a int, b int)",
                "1: begin",
                "1: create index concurrently x1_a on x1 (a)",
                "1: rollback",
                "1: begin",
                "1: drop index concurrently if exists x1_a",
                "1: rollback",
                "1: begin",
                "1: create database x1db",
                "1: rollback",
                "1: begin",
                "1: drop database if exists x1db",
                "1: rollback",
                "1: begin",
                "1: vacuum x1",
                "1: rollback",
                "1: drop table x1");
        try (Connection c = DriverManager.getConnection(DB.cluster().jdbcUrl(1)); Statement s = c.createStatement()) {
            s.execute("create table x2 (a int, b int) distribute by hash (a)");
            s.execute("begin");
            SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                    () -> s.execute("alter table x2 distribute by replication"));
            assertEquals("25001", e.getSQLState());
            assertTrue(e.getMessage().contains("cannot run inside a transaction block"), e.getMessage());
            s.execute("rollback");
            s.execute("drop table x2");
        }
    }

    @Test
    void aSessionThatEndsMidBlockLeavesNothing() throws SQLException {
        try (Connection c = DriverManager.getConnection(DB.cluster().jdbcUrl(1)); Statement s = c.createStatement()) {
            s.execute("begin");
            s.execute("create table k1 (id serial primary key, v int)");
            s.execute("insert into k1 (v) select g from generate_series(1, 50) g");
            s.execute("create view k1_v as select v from k1");
        }
        try (Connection c = DriverManager.getConnection(DB.cluster().jdbcUrl(2)); Statement s = c.createStatement()) {
            assertEquals("ERROR 42P01", Differential.outcome(s, "select count(*) from k1"));
            assertEquals("0\n", Differential.outcome(s,
                    "select count(*) from pg_class where relname in ('k1', 'k1_v', 'k1_id_seq')"));
            s.execute("create table k1 (id serial primary key, v int)");
            s.execute("insert into k1 (v) values (7)");
            assertEquals("1|7\n", Differential.outcome(s, "select id, v from k1"));
            s.execute("drop table k1");
        }
    }

    @Test
    void indexesMadeInABlockAreBuiltAtCommit() throws SQLException {
        sameAsPostgres(
                "1: begin",
                "1: create table u1 (a int, b int, c text)",
                "1: insert into u1 select g, g % 7, 'c' || g from generate_series(1, 200) g",
                "1: create index u1_b on u1 (b)",
                "1: create unique index u1_a on u1 (a)",
                "1: create index on u1 (c)",
                "1: create index u1_b on u1 (c)",
                "1: rollback",
                "1: begin",
                "1: create table u1 (a int, b int, c text)",
                "1: insert into u1 select g, g % 7, 'c' || g from generate_series(1, 200) g",
                "1: create index u1_b on u1 (b)",
                "1: create unique index u1_a on u1 (a)",
                "1: insert into u1 values (201, 3, 'late')",
                "1: select count(*) from u1 where b = 3",
                "1: commit",
                "2: select indexname, indexdef from pg_indexes where tablename = 'u1' order by 1",
                "2: select count(*) from u1 where b = 3",
                "2: select c from u1 where a = 150",
                "2: insert into u1 values (150, 0, 'dup')",
                "1: begin",
                "1: create table u2 (a int, b int)",
                "1: insert into u2 values (1, 1), (1, 2)",
                "1: create unique index u2_a on u2 (a)",
                "1: rollback",
                "1: select count(*) from u2",
                "1: drop table u1");
    }

    /**
     * DROP INDEX in a block: gone for the block at once, for others at COMMIT, back at ROLLBACK; an index created
     * and dropped in one block is never built.
     */
    @Test
    void dropIndexInABlockIsPublishedAtCommit() throws SQLException {
        sameAsPostgres(
                "1: create table di (a int, b int, c int)",
                "1: insert into di select g, g % 5, g from generate_series(1, 100) g",
                "1: create index di_b on di (b)",
                "1: begin",
                "1: drop index di_b",
                "1: select count(*) from pg_indexes where indexname = 'di_b'",
                "1: select count(*) from di where b = 3",
                "2: select count(*) from pg_indexes where indexname = 'di_b'",
                "1: rollback",
                "2: select indexname from pg_indexes where tablename = 'di'",
                "2: select count(*) from di where b = 3",
                "1: begin",
                "1: drop index di_b",
                "1: insert into di values (101, 3, 101)",
                "1: drop index if exists di_b",
                "1: commit",
                "2: select count(*) from pg_indexes where tablename = 'di'",
                "2: drop index di_b",
                "2: select count(*) from di where b = 3",
                "1: begin",
                "1: create index di_c on di (c)",
                "1: drop index di_c",
                "1: commit",
                "2: select count(*) from pg_indexes where tablename = 'di'",
                "2: create index di_b on di (b)",
                "2: insert into di values (102, 3, 102)",
                "2: select count(*) from di where b = 3",
                "2: drop table di");
    }

    /**
     * DROP INDEX in a block of a table that keeps another index made before the block: the block's writes go on
     * maintaining that index (queries through it, in the block and after COMMIT, find every row), and ROLLBACK brings
     * the dropped index back whole.
     */
    @Test
    void dropIndexInABlockKeepsTheTablesOtherIndexes() throws SQLException {
        sameAsPostgres(
                "1: create table dk (a int, b int, c int)",
                "1: insert into dk select g, g % 5, g % 7 from generate_series(1, 100) g",
                "1: create index dk_b on dk (b)",
                "1: create index dk_c on dk (c)",
                "1: begin",
                "1: drop index dk_c",
                "1: insert into dk values (101, 3, 3), (102, 3, 4)",
                "1: update dk set b = 3 where a = 1",
                "1: delete from dk where a = 3",
                "1: select count(*) from dk where b = 3",
                "1: select count(*) from dk where c = 3",
                "1: select indexname from pg_indexes where tablename = 'dk' order by 1",
                "2: select indexname from pg_indexes where tablename = 'dk' order by 1",
                "1: rollback",
                "2: select indexname from pg_indexes where tablename = 'dk' order by 1",
                "2: select count(*) from dk where c = 3",
                "2: select count(*) from dk where b = 3",
                "1: begin",
                "1: drop index dk_c",
                "1: insert into dk values (103, 3, 3)",
                "1: update dk set b = 3 where a = 2",
                "1: delete from dk where a = 8",
                "1: commit",
                "2: select indexname from pg_indexes where tablename = 'dk' order by 1",
                "2: select count(*) from dk where b = 3",
                "2: select a from dk where b = 3 order by a limit 5",
                "2: create index dk_c on dk (c)",
                "2: select count(*) from dk where c = 3",
                "2: drop table dk");
    }

    @Test
    void aMigrationRunsInOneTransaction() throws SQLException {
        sameAsPostgres(
                "1: begin",
                "1: create table accounts (id serial primary key, email varchar(100) not null, created date)",
                "1: create table orders (id bigserial primary key, account_id int not null, total numeric(10,2),"
                        + " note text)",
                "1: comment on table orders is 'customer orders'",
                "1: insert into accounts (email, created) values ('a@x', '2026-01-01'), ('b@x', '2026-02-01')",
                "1: insert into orders (account_id, total) values (1, 10.50), (1, 3.25), (2, 99.99)",
                "1: create index orders_account on orders (account_id)",
                "1: create unique index accounts_email on accounts (id, email)",
                "1: alter table orders add column status text",
                "1: update orders set status = 'open'",
                "1: create view order_totals as select account_id, sum(total) as total, count(*) as n from orders"
                        + " group by account_id",
                "1: create table flyway_history (installed_rank int primary key, version varchar(50),"
                        + " success boolean not null)",
                "1: insert into flyway_history values (1, '1', true)",
                "1: select * from order_totals order by account_id",
                "2: select count(*) from orders",
                "1: commit",
                "2: select id, account_id, total, note, status from orders order by id",
                "2: select * from order_totals order by account_id",
                "2: select * from flyway_history",
                "2: select indexname from pg_indexes where tablename in ('accounts', 'orders') order by 1",
                "2: select count(*), sum(total) from orders where account_id = 1",
                "2: insert into accounts (email) values ('c@x')",
                "2: select count(*) from accounts",
                "2: drop view order_totals",
                "2: drop table accounts, orders, flyway_history");
    }

    /**
     * ALTER TABLE (a rewrite too), ADD COLUMN with a DEFAULT on a filled table and CREATE INDEX in a block, on a table
     * with indexes made before it: the block's writes to the reshaped table maintain those indexes (requests carry
     * the block's definition), so queries through them find every row, in the block and after COMMIT; ROLLBACK
     * leaves the table and its indexes as they were.
     */
    @Test
    void alterTableInABlockMaintainsTheIndexesMadeBeforeIt() throws SQLException {
        sameAsPostgres(
                "1: create table ib (id int primary key, a int, b text)",
                "1: insert into ib select g, g % 10, 'v' || g from generate_series(1, 100) g",
                "1: create index ib_a on ib (a)",
                "1: begin",
                "1: alter table ib alter column b type varchar(20)",
                "1: insert into ib values (101, 3, 'new')",
                "1: update ib set a = 3 where id = 1",
                "1: delete from ib where id = 13",
                "1: select count(*) from ib where a = 3",
                "1: alter table ib add column c int default 7",
                "1: insert into ib values (102, 3, 'c', 8)",
                "1: create index ib_c on ib (c)",
                "1: select count(*), sum(c) from ib where a = 3",
                "1: commit",
                "2: select count(*) from ib where a = 3",
                "2: select id, b, c from ib where a = 3 order by id limit 4",
                "2: select indexname from pg_indexes where tablename = 'ib' order by 1",
                "2: select count(*) from ib where c = 7",
                "2: select id from ib where c = 8",
                "1: begin",
                "1: alter table ib alter column a type bigint using a + 100",
                "1: insert into ib values (103, 103, 'r', 1)",
                "1: select count(*) from ib where a = 103",
                "1: rollback",
                "1: select count(*) from ib where a = 3",
                "1: select count(*) from ib where a = 103",
                "1: drop table ib");
    }

    @Test
    void aRewritingAlterTableInABlockIsPublishedAtCommit() throws SQLException {
        sameAsPostgres(
                "1: create table rw1 (id int primary key, qty int, note text)",
                "1: create table rw1_child (id int primary key, rw1_id int references rw1)",
                "1: insert into rw1 select g, g * 10, 'n' || g from generate_series(1, 50) g",
                "1: insert into rw1_child values (1, 5), (2, 7)",
                "1: begin",
                "1: insert into rw1 values (51, 510, 'in block')",
                "1: alter table rw1 alter column qty type bigint",
                "1: alter table rw1 alter column note type varchar(20)",
                "1: select id, qty, note from rw1 where id in (1, 51) order by id",
                "1: select data_type from information_schema.columns where table_name = 'rw1' and column_name = 'qty'",
                "2: select data_type from information_schema.columns where table_name = 'rw1' and column_name = 'qty'",
                "1: commit",
                "2: select data_type from information_schema.columns where table_name = 'rw1' and column_name = 'qty'",
                "2: select count(*), sum(qty) from rw1",
                "2: insert into rw1_child values (3, 99)",
                "2: delete from rw1 where id = 5",
                "1: begin",
                "1: alter table rw1 alter column qty type int using (qty / 10)::int",
                "1: select sum(qty) from rw1",
                "1: rollback",
                "1: select sum(qty), count(*) from rw1",
                "1: begin",
                "1: create table rw2 (a int, b text)",
                "1: insert into rw2 values (1, 'x'), (2, 'y')",
                "1: alter table rw2 add primary key (a)",
                "1: alter table rw2 alter column b type varchar(5)",
                "1: insert into rw2 values (1, 'z')",
                "1: rollback",
                "1: begin",
                "1: create table rw2 (a int, b text)",
                "1: insert into rw2 values (1, 'x'), (2, 'y')",
                "1: alter table rw2 add primary key (a)",
                "1: commit",
                "2: insert into rw2 values (2, 'z')",
                "2: select a, b from rw2 order by a",
                "1: drop table rw1_child, rw1, rw2");
    }
}
