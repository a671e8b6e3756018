-- ALTER TABLE | VIEW | SEQUENCE ... SET SCHEMA, as PostgreSQL 15 has it: only the catalog changes (the rows stay),
-- a table's indexes, constraints and owned (serial) sequences move with it, and the defaults that use a moved
-- sequence keep taking values from it. Serial values are read as id + 0 (as in 104): pgjdbc reports a column with a
-- nextval default as type "serial" on PostgreSQL and as int4 on Tessera, a difference outside this file's scope.

create schema sc111a;

create schema sc111b;

create table t111 (id serial primary key, k int unique, c int check (c > 0)) distribute by replication;

create index t111_c on t111 (c);

insert into t111 (k, c) values (10, 1), (20, 2), (30, 3);

alter table t111 set schema sc111a;

-- the rows are where they were, now under the new schema's name
select id + 0 as id, k, c from sc111a.t111 order by id;

-- the old name is gone
select * from t111;

-- the serial's sequence moved with the table: inserts go on from where it was
insert into sc111a.t111 (k, c) values (40, 4) returning id + 0 as id;

-- every relation of the table is in the new schema: the table, its indexes (primary key, unique, plain), its sequence
select c.relname, c.relkind, n.nspname from pg_class c join pg_namespace n on n.oid = c.relnamespace
where c.relname like 't111%' order by c.relname;

-- the constraints too
select conname, contype, connamespace::regnamespace::text from pg_constraint where conname like 't111%'
order by conname;

-- the default names the sequence where it is now
select pg_get_expr(d.adbin, d.adrelid) from pg_attrdef d where d.adrelid = 'sc111a.t111'::regclass;

-- the constraints still hold: unique, check, primary key
insert into sc111a.t111 (k, c) values (10, 5);

insert into sc111a.t111 (k, c) values (50, -1);

-- an index lookup finds the rows
select k from sc111a.t111 where c = 3;

-- into the schema it is in: nothing to do
alter table sc111a.t111 set schema sc111a;

-- 3F000: no such schema
alter table sc111a.t111 set schema nosuch111;

-- 42P07: the name is taken in the target schema
create table sc111b.t111 (x int);

alter table sc111a.t111 set schema sc111b;

drop table sc111b.t111;

-- 42P07 also for one of its indexes' names
create table sc111b.t111_c (x int);

alter table sc111a.t111 set schema sc111b;

drop table sc111b.t111_c;

-- IF EXISTS: a NOTICE for a missing table
alter table if exists nosuch111 set schema sc111b;

-- SET SCHEMA is a statement of its own: no other action beside it (42601)
alter table sc111a.t111 set schema sc111b, add column z int;

-- 0A000: an owned sequence moves only with its table
alter sequence sc111a.t111_id_seq set schema sc111b;

-- back to public, the rows still there
alter table sc111a.t111 set schema public;

select count(*), max(id) from t111;

-- a free sequence moves; a default that uses it follows it
create sequence q111 start 100;

create table u111 (id int default nextval('q111'), v text) distribute by hash(id);

insert into u111 (v) values ('a');

alter sequence q111 set schema sc111b;

insert into u111 (v) values ('b');

select id + 0 as id, v from u111 order by id;

select pg_get_expr(d.adbin, d.adrelid) from pg_attrdef d where d.adrelid = 'u111'::regclass;

select nextval('sc111b.q111');

-- the old name no longer names it
select nextval('q111');

-- and renamed there, the default still follows it
alter sequence sc111b.q111 rename to q111r;

insert into u111 (v) values ('c');

select id + 0 as id, v from u111 order by id;

-- DROP SEQUENCE of a sequence a default uses is 2BP01
drop sequence sc111b.q111r;

-- ALTER TABLE moves a sequence too
alter table sc111b.q111r set schema sc111a;

insert into u111 (v) values ('d');

select id + 0 as id, v from u111 order by id;

-- 3F000 and 42P01 for ALTER SEQUENCE
alter sequence sc111a.q111r set schema nosuch111;

alter sequence nosuch111 set schema sc111a;

alter sequence if exists nosuch111 set schema sc111a;

-- a view moves; its query reads what it read before
create view v111 as select id, v from u111;

alter view v111 set schema sc111a;

select id + 0 as id, v from sc111a.v111 order by id;

select relname, relnamespace::regnamespace::text from pg_class where relname = 'v111';

-- 3F000, 42809 (a table is not a view), 42P07
alter view sc111a.v111 set schema nosuch111;

alter view u111 set schema sc111a;

create view sc111b.v111 as select 1 as x;

alter view sc111a.v111 set schema sc111b;

drop view sc111b.v111;

-- DROP SCHEMA CASCADE takes the moved objects with it
drop schema sc111a cascade;

select count(*) from pg_class where relname in ('v111', 'q111r');

drop table t111, u111;

drop schema sc111b;
