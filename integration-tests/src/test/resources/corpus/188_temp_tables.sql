-- 188: temporary tables (CREATE TEMP TABLE, ON COMMIT, SELECT INTO TEMP, DISCARD TEMP) in one session, and
-- ALTER TABLE ... ALTER CONSTRAINT on foreign keys.

-- a permanent table a temporary one of the same name shadows
create table tt188 (id int primary key, v text) distribute by hash(id);

insert into tt188 values (1, 'perm');

-- CREATE TEMP TABLE succeeds beside a permanent table of the same name
create temp table tt188 (id int primary key, v text) distribute by hash(id);

-- writes go to the temporary table, which the search path finds first
insert into tt188 values (2, 'temp'), (3, 'temp'), (4, null);

-- the unqualified name reads the temporary table
select * from tt188 order by id;

-- public.tt188 is still the permanent one
select * from public.tt188 order by id;

-- pg_temp names the session's temporary schema
select count(*) from pg_temp.tt188;

-- pg_class shows both, with relpersistence t for the temporary one
select relname, relpersistence, relkind from pg_class where relname = 'tt188' order by relpersistence;

-- the temporary table's schema is a pg_temp_N schema
select n.nspname like 'pg_temp_%' from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.relname = 'tt188' and c.relpersistence = 't';

-- only the temporary one is visible by its bare name
select relpersistence, pg_table_is_visible(oid) from pg_class where relname = 'tt188' order by relpersistence;

-- UPDATE and DELETE on the temporary table leave the permanent one alone
update tt188 set v = 'changed' where id = 2;

-- a NULL-only DELETE
delete from tt188 where v is null;

-- what remains of the temporary table
select * from tt188 order by id;

-- aggregates over the temporary table
select count(*), sum(id), max(v) from tt188;

-- a duplicate key in the temporary table is 23505
insert into tt188 values (3, 'dup');

-- DROP TABLE drops the temporary one first
drop table tt188;

-- then the bare name finds the permanent table again
select * from tt188 order by id;

-- TEMPORARY, LOCAL TEMP, IF NOT EXISTS
create temporary table t188a (a int);

-- LOCAL TEMPORARY is the same
create local temporary table t188b (a int, b text) distribute by replication;

-- IF NOT EXISTS on an existing temporary table skips it
create temp table if not exists t188a (a int);

-- a second CREATE of the same temporary table is 42P07
create temp table t188a (a int);

-- an empty temporary table
select count(*), sum(a) from t188a;

-- a replicated temporary table
insert into t188b values (1, 'x'), (2, null);

-- its rows
select * from t188b order by a;

-- a round-robin temporary table
create temp table t188rr (a int) distribute by roundrobin;

-- rows spread over the datanodes
insert into t188rr select g from generate_series(1, 50) g;

-- all of them come back
select count(*), sum(a) from t188rr;

-- a temporary table in a named other schema is 42P16
create schema s188;

-- CREATE TEMP TABLE s.t
create temp table s188.t (a int);

-- an unknown schema is 3F000 first
create temp table nosuch188.t (a int);

-- ON COMMIT on a permanent table is 42P16
create table t188perm (a int) on commit delete rows;

-- ON COMMIT PRESERVE ROWS keeps rows
create temp table t188keep (a int) on commit preserve rows;

-- a row committed
insert into t188keep values (1);

-- still there
select * from t188keep;

-- ON COMMIT DELETE ROWS
create temp table t188del (a int) on commit delete rows;

-- an autocommitted INSERT
insert into t188del values (1);

-- the rows are gone at its commit
select count(*) from t188del;

-- inside a block the rows are there until COMMIT
begin;

-- a row in the block
insert into t188del values (2), (3);

-- the block sees them
select * from t188del order by a;

-- COMMIT removes them
commit;

-- empty again
select count(*) from t188del;

-- ON COMMIT DROP outside a block: the table is gone at once
create temp table t188drop (a int) on commit drop;

-- 42P01
select * from t188drop;

-- ON COMMIT DROP inside a block
begin;

-- created in the block
create temp table t188drop (a int) on commit drop;

-- written in the block
insert into t188drop values (5);

-- read in the block
select * from t188drop;

-- COMMIT drops it
commit;

-- 42P01
select * from t188drop;

-- a temporary table created in a rolled-back block
begin;

-- created
create temp table t188rb (a int);

-- written
insert into t188rb values (1);

-- rolled back
rollback;

-- gone: 42P01
select * from t188rb;

-- committed in a block
begin;

-- created
create temp table t188cm (a int);

-- written
insert into t188cm values (7);

-- committed
commit;

-- there
select * from t188cm;

-- CREATE TEMP TABLE AS
create temp table t188as as select g as id, g * 2 as d from generate_series(1, 5) g;

-- its rows
select * from t188as order by id;

-- CREATE TEMP TABLE AS ... WITH NO DATA
create temp table t188nd as select * from t188as with no data;

-- empty
select count(*) from t188nd;

-- CREATE TEMP TABLE AS with ON COMMIT DROP
create temp table t188asd on commit drop as select 1 as a;

-- dropped at its commit: 42P01
select * from t188asd;

-- SELECT INTO TEMP
select * into temp t188si from t188as where id <= 2;

-- its rows
select * from t188si order by id;

-- SELECT INTO TEMPORARY TABLE
select id into temporary table t188si2 from t188as where id > 3;

-- its rows
select * from t188si2 order by id;

-- a serial column and an index on a temporary table
create temp table t188ser (id serial primary key, v text);

-- the sequence works
insert into t188ser (v) values ('a'), ('b'), (null);

-- ids 1..3 (the id column's type as pgjdbc names it, serial, is not checked here: see docs/compatibility.md)
select id::int4 as id, v from t188ser order by id;

-- an index on a temporary table
create index t188ser_v on t188ser (v);

-- the index and sequence are temporary too
select relname, relkind, relpersistence from pg_class where relname in ('t188ser', 't188ser_v', 't188ser_pkey', 't188ser_id_seq') order by relname;

-- a lookup through the index
select id::int4 as id from t188ser where v = 'b';

-- foreign keys between temporary tables work
create temp table t188child (id int primary key, p int references t188ser (id)) distribute by replication;

-- a valid reference
insert into t188child values (1, 1);

-- a missing parent is 23503
insert into t188child values (2, 99);

-- a temporary table referencing a permanent one is 42P16
create table t188parent (id int primary key);

-- temporary referencing permanent
create temp table t188bad (p int references t188parent (id));

-- permanent referencing temporary is 42P16 too
create table t188bad2 (p int references t188ser (id));

-- DISCARD TEMP drops every temporary table
discard temp;

-- 42P01
select * from t188as;

-- 42P01 for another
select * from t188cm;

-- a new temporary table after DISCARD TEMP
create temp table t188after (a int);

-- works
insert into t188after values (1);

-- read back
select * from t188after;

-- DISCARD ALL is refused in a block (25001)
begin;

-- 25001
discard all;

-- ends the failed block
rollback;

-- DISCARD ALL drops temporary tables too
discard all;

-- 42P01
select * from t188after;

-- ALTER CONSTRAINT: a parent and a child with a named foreign key
create table ac188p (id int primary key, u int, c int check (c > 0)) distribute by replication;

-- the child
create table ac188c (id int primary key, p int constraint ac188c_fk references ac188p (id)) distribute by replication;

-- DEFERRABLE INITIALLY DEFERRED
alter table ac188c alter constraint ac188c_fk deferrable initially deferred;

-- pg_constraint shows it
select conname, condeferrable, condeferred from pg_constraint where conname = 'ac188c_fk';

-- checked at COMMIT: the parent may come later in the block
begin;

-- the child first
insert into ac188c values (1, 10);

-- then its parent
insert into ac188p values (10, 1, 1);

-- COMMIT passes
commit;

-- a missing parent fails at COMMIT
begin;

-- a dangling child
insert into ac188c values (2, 20);

-- 23503 at COMMIT
commit;

-- NOT DEFERRABLE again
alter table ac188c alter constraint ac188c_fk not deferrable;

-- pg_constraint shows it
select conname, condeferrable, condeferred from pg_constraint where conname = 'ac188c_fk';

-- checked at once now
begin;

-- 23503 at the INSERT
insert into ac188c values (3, 30);

-- ends the failed block
rollback;

-- INITIALLY DEFERRED alone implies DEFERRABLE
alter table ac188c alter constraint ac188c_fk initially deferred;

-- t, t
select condeferrable, condeferred from pg_constraint where conname = 'ac188c_fk';

-- no clause at all: NOT DEFERRABLE INITIALLY IMMEDIATE
alter table ac188c alter constraint ac188c_fk;

-- f, f
select condeferrable, condeferred from pg_constraint where conname = 'ac188c_fk';

-- DEFERRABLE INITIALLY IMMEDIATE, then SET CONSTRAINTS defers it
alter table ac188c alter constraint ac188c_fk deferrable initially immediate;

-- t, f
select condeferrable, condeferred from pg_constraint where conname = 'ac188c_fk';

-- SET CONSTRAINTS ... DEFERRED works on it
begin;

-- deferred
set constraints ac188c_fk deferred;

-- the child first
insert into ac188c values (4, 40);

-- its parent
insert into ac188p values (40, 4, 4);

-- COMMIT passes
commit;

-- NOT DEFERRABLE INITIALLY DEFERRED is 42601
alter table ac188c alter constraint ac188c_fk not deferrable initially deferred;

-- conflicting clauses are 42601
alter table ac188c alter constraint ac188c_fk deferrable not deferrable;

-- a primary key is no foreign key: 42809
alter table ac188p alter constraint ac188p_pkey deferrable;

-- a CHECK is no foreign key: 42809
alter table ac188p alter constraint ac188p_c_check deferrable;

-- an unknown constraint: 42704
alter table ac188p alter constraint nosuch deferrable;

-- an unknown table: 42P01
alter table nosuch188 alter constraint x deferrable;

-- IF EXISTS skips an unknown table
alter table if exists nosuch188 alter constraint x deferrable;

-- ALTER CONSTRAINT in a rolled-back block leaves it as it was
begin;

-- changed in the block
alter table ac188c alter constraint ac188c_fk not deferrable;

-- rolled back
rollback;

-- still t, f
select condeferrable, condeferred from pg_constraint where conname = 'ac188c_fk';

-- pg_get_constraintdef prints the timing
select pg_get_constraintdef(oid) from pg_constraint where conname = 'ac188c_fk';

-- the rows at the end
select * from ac188c order by id;
