-- Schemas as PostgreSQL 15 has them: CREATE/ALTER/DROP SCHEMA with their SQLSTATEs, schema-qualified tables, and a
-- search_path that really changes which table an unqualified name denotes and where CREATE creates.

create schema sch80;

-- a second CREATE of the same name is 42P06
create schema sch80;

-- IF NOT EXISTS skips it
create schema if not exists sch80;

-- the built-in schemas exist too
create schema public;

-- the pg_ prefix is reserved (42939)
create schema pg_sch80;

-- an unknown owner is 42704
create schema sch80_x authorization no_such_role80;

-- a schema shows in pg_namespace and information_schema.schemata
select nspname from pg_namespace where nspname like 'sch80%' order by 1;

select schema_name from information_schema.schemata where schema_name like 'sch80%' order by 1;

-- a table in the schema, and one of the same name in public: two tables
create table sch80.t (id int primary key, v text) distribute by hash(id);

create table t80 (id int primary key, v text) distribute by hash(id);

create table sch80.t80 (id int primary key, v text) distribute by hash(id);

insert into sch80.t values (1, 'one'), (2, 'two'), (3, 'three');

insert into t80 values (1, 'public');

insert into sch80.t80 values (1, 'sch80'), (2, 'sch80');

select id, v from sch80.t order by id;

select v from t80 order by 1;

select v from sch80.t80 order by 1;

-- pg_class places each table in its schema
select c.relname, n.nspname from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.relname in ('t', 't80') and n.nspname in ('public', 'sch80') order by 2, 1;

-- a missing schema in a qualified name
select * from nosuch80.t;

-- CREATE TABLE in a missing schema is 3F000
create table nosuch80.t (id int);

-- the unqualified name t does not resolve while sch80 is not on the path
select * from t;

-- search_path: sch80 first, so t80 is now sch80's
set search_path to sch80, public;

select v from t80 order by 1;

select id, v from t order by id;

-- DML through the path
update t set v = 'TWO' where id = 2;

delete from t where id = 3;

insert into t80 values (3, 'sch80 again');

select id, v from t order by id;

select id, v from sch80.t80 order by id;

-- the public table is still there, qualified
select v from public.t80 order by 1;

-- CREATE without a schema creates in the first schema of the path
create table t80b (id int primary key) distribute by hash(id);

select n.nspname from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.relname = 't80b';

-- current_schema() is the first existing schema of the path
select current_schema();

-- a path of missing schemas only: nothing to create in (3F000)
set search_path to nosuch80;

create table t80c (id int);

set search_path to public;

-- ALTER TABLE's checks of existing rows read the schema's table, not public's table of the same name
alter table sch80.t80 add constraint t80_not_public check (v <> 'public');

alter table sch80.t80 add constraint t80_starts_p check (v like 'p%');

alter table t80 add constraint t80_starts_p check (v like 'p%');

create index t80_v_idx on sch80.t80 (v);

select id, v from sch80.t80 where v = 'sch80' order by id;

-- a view in the schema
create view sch80.v80 as select id, v from sch80.t where id < 10;

select id, v from sch80.v80 order by id;

-- DROP SCHEMA of a schema with objects, without CASCADE, is 2BP01
drop schema sch80;

drop schema sch80 restrict;

-- a missing schema is 3F000; IF EXISTS skips it
drop schema nosuch80;

drop schema if exists nosuch80;

-- ALTER SCHEMA ... RENAME TO moves the tables with it
alter schema sch80 rename to sch80r;

select id, v from sch80r.t order by id;

select * from sch80.t;

-- renaming to an existing schema is 42P06
alter schema sch80r rename to public;

-- ALTER SCHEMA ... OWNER TO and COMMENT ON SCHEMA
alter schema sch80r owner to current_user;

comment on schema sch80r is 'the renamed schema';

select obj_description(oid, 'pg_namespace') from pg_namespace where nspname = 'sch80r';

-- altering a missing schema is 3F000
alter schema nosuch80 rename to x80;

-- an empty schema drops without CASCADE
create schema sch80e;

drop schema sch80e;

-- CASCADE drops the schema's tables and views
drop schema sch80r cascade;

select nspname from pg_namespace where nspname like 'sch80%';

select * from sch80r.t;

-- the public table of the same name is untouched
select v from t80 order by 1;

drop table t80;
