-- Constraint names are stored when a constraint is made and kept, as PostgreSQL keeps them: renaming the table does
-- not rename its primary key, unique, check or foreign key constraints (nor their indexes), and every place that
-- names one (pg_constraint, pg_indexes, 23505, ON CONFLICT ON CONSTRAINT) uses the stored name. ALTER TABLE ...
-- RENAME CONSTRAINT renames any of them.

create table c132 (a int primary key, b int unique, c int check (c > 0)) distribute by replication;

create table c132r (x int primary key, a int references c132 (a)) distribute by replication;

alter table c132 rename to c132b;

-- the constraints keep the names made from the old table name
select conname, contype from pg_constraint where conrelid = 'c132b'::regclass order by conname;

-- so do their indexes
select indexname, indexdef from pg_indexes where tablename = 'c132b' order by indexname;

insert into c132b values (1, 1, 1);

-- a duplicate key names the primary key by its stored name
insert into c132b values (1, 2, 1);

-- and the unique constraint by its own
insert into c132b values (2, 1, 1);

-- the check constraint keeps its name
insert into c132b values (3, 3, 0);

-- ON CONFLICT ON CONSTRAINT finds the primary key by its stored name
insert into c132b values (1, 5, 1) on conflict on constraint c132_pkey do nothing;

-- the old table's name is free again, and its new primary key is c132_pkey1, as c132_pkey is taken
create table c132 (a int primary key) distribute by replication;

select conname from pg_constraint where conrelid = 'c132'::regclass;

-- RENAME CONSTRAINT renames the primary key and its index
alter table c132b rename constraint c132_pkey to c132b_pk;

select conname from pg_constraint where conrelid = 'c132b'::regclass and contype = 'p';

select indexname from pg_indexes where tablename = 'c132b' order by indexname;

insert into c132b values (1, 6, 1);

insert into c132b values (1, 6, 1) on conflict on constraint c132b_pk do nothing;

-- the old name no longer names it
insert into c132b values (1, 6, 1) on conflict on constraint c132_pkey do nothing;

-- a unique constraint and its index
alter table c132b rename constraint c132_b_key to c132b_b;

insert into c132b values (7, 1, 1);

select indexname from pg_indexes where tablename = 'c132b' order by indexname;

-- a check constraint
alter table c132b rename constraint c132_c_check to c132b_c;

insert into c132b values (8, 8, -1);

-- a foreign key
alter table c132r rename constraint c132r_a_fkey to c132r_a_ref;

insert into c132r values (1, 99);

select conname, contype from pg_constraint where conrelid in ('c132b'::regclass, 'c132r'::regclass)
order by conname;

-- no such constraint: 42704, naming the table
alter table c132b rename constraint nosuch to other;

-- the new name is another constraint's: 42710
alter table c132b rename constraint c132b_c to c132b_pk;

-- a primary key's new name is the unique constraint's index: 42P07, as the index is renamed first
alter table c132b rename constraint c132b_pk to c132b_b;

-- a primary key's new name is taken by a relation in the schema: 42P07
alter table c132b rename constraint c132b_pk to c132r;

-- a table renamed twice keeps the first names
alter table c132b rename to c132c;

insert into c132c values (1, 9, 9);

-- a primary key added later is named after the table it was added to, and keeps that name too
create table c132d (a int not null, b int) distribute by replication;

alter table c132d add primary key (a);

alter table c132d rename to c132e;

insert into c132e values (1, 1), (1, 2);

select conname from pg_constraint where conrelid = 'c132e'::regclass;

-- a named primary key added later keeps the given name
create table c132f (a int not null) distribute by replication;

alter table c132f add constraint c132f_named primary key (a);

alter table c132f rename to c132g;

insert into c132g values (1), (1);

-- the primary key's name follows a rewrite of the table (ALTER COLUMN TYPE)
alter table c132c alter column c type bigint;

insert into c132c values (1, 10, 10);

-- hash-distributed tables: the datanodes' 23505 names the stored key too
create table c132h (a int primary key, b text) distribute by hash (a);

insert into c132h values (1, 'x');

alter table c132h rename to c132i;

insert into c132i values (1, 'y');

update c132i set a = a;

-- A view that names a column through its relation's qualified name (s.t.col, s.t.*) keeps reading it after the
-- table moves to another schema or is renamed: PostgreSQL's views bind by OID.
create schema s132;

create schema s132b;

create table s132.t (a int, b int) distribute by hash (a);

insert into s132.t values (1, 2);

create view v132 as select s132.t.a, s132.t.b + 1 as c from s132.t where s132.t.a > 0;

create view v132s as select s132.t.* from s132.t;

create table p132 (a int) distribute by replication;

insert into p132 values (5);

create view v132p as select public.p132.a from p132;

alter table s132.t set schema s132b;

select * from v132;

select * from v132s;

alter table p132 set schema s132b;

select * from v132p;

alter table s132b.t rename to t2;

select * from v132;

select * from v132s;

-- a star qualified by schema and table lists the user columns only, as a table's own star does
select s132b.t2.* from s132b.t2;

select s132b.p132.* from s132b.p132, s132b.p132 as p;
