-- Enum types in any schema, as PostgreSQL 15 has them: CREATE TYPE s.name AS ENUM, columns and casts naming the
-- type qualified or through search_path, ALTER TYPE (ADD VALUE, RENAME VALUE, RENAME TO, SET SCHEMA) and DROP TYPE
-- of a qualified name, pg_type.typnamespace and format_type, DROP SCHEMA counting a schema's types.

create schema sc122a;

create schema sc122b;

create type sc122a.mood as enum ('sad', 'ok', 'happy');

-- the name is taken in that schema
create type sc122a.mood as enum ('x');

-- another schema may have a type of the same name
create type sc122b.mood as enum ('x', 'y');

-- a missing schema is 3F000
create type nosuch122.mood as enum ('x');

create table t122 (id int primary key, m sc122a.mood) distribute by hash (id);

insert into t122 values (1, 'ok'), (2, 'happy'), (3, 'sad');

-- the values sort in the enum's order
select id, m from t122 order by m;

-- a qualified cast reads the label by that type, and is named after the type
select 'happy'::sc122a.mood > 'sad'::sc122a.mood as gt, 'y'::sc122b.mood;

-- a label of the other type of the same name is not one of this type's; the message names the type qualified
select 'y'::sc122a.mood;

select m::text from t122 where m > 'sad' order by id;

-- each type is in its schema
select t.typname, n.nspname from pg_type t join pg_namespace n on n.oid = t.typnamespace
where t.typname = 'mood' order by n.nspname;

-- not on the search path: format_type qualifies, pg_type_is_visible is false
select n.nspname, format_type(t.oid, null), pg_type_is_visible(t.oid) from pg_type t
join pg_namespace n on n.oid = t.typnamespace where t.typname = 'mood' order by n.nspname;

select 'sc122a.mood'::regtype::text;

set search_path = sc122b, sc122a, public;

-- the first schema of the path that has the name wins
select n.nspname, format_type(t.oid, null), pg_type_is_visible(t.oid) from pg_type t
join pg_namespace n on n.oid = t.typnamespace where t.typname = 'mood' order by n.nspname;

select 'x'::mood;

select 'ok'::mood;

create table t122b (m mood);

insert into t122b values ('y');

select m from t122b;

reset search_path;

alter type sc122a.mood add value 'meh' before 'ok';

alter type sc122a.mood add value 'great' after 'happy';

select array_to_string(enum_range(null::sc122a.mood), ',');

alter type sc122a.mood rename value 'meh' to 'fine';

-- SET SCHEMA into a schema that has the name is 42710; into a missing one 3F000
alter type sc122a.mood set schema sc122b;

alter type sc122a.mood set schema nosuch122;

-- the same schema: nothing to do
alter type sc122a.mood set schema sc122a;

alter type sc122a.mood rename to feeling;

alter type sc122a.feeling set schema sc122b;

-- the column follows the type: same rows, the type now in its new schema
select id, m from t122 order by m;

select 'fine'::sc122b.feeling;

select 'fine'::sc122a.feeling;

select format_type(a.atttypid, a.atttypmod) from pg_attribute a
where a.attrelid = 't122'::regclass and a.attname = 'm';

-- DROP TYPE of a type a column uses is 2BP01, naming the columns
drop type sc122b.feeling;

drop type if exists sc122b.nothing;

drop type if exists nosuch122.nothing;

create table t122c (m nosuch122.mood);

create table t122c (m sc122a.nomood);

drop table t122;

drop table sc122b.t122b;

alter schema sc122b rename to sc122c;

select t.typname, n.nspname from pg_type t join pg_namespace n on n.oid = t.typnamespace
where t.typname in ('mood', 'feeling') order by t.typname, n.nspname;

select 'fine'::sc122c.feeling;

-- a schema's types are its dependents
drop schema sc122c;

drop schema sc122c cascade;

select count(*) from pg_type where typname in ('mood', 'feeling');

drop schema sc122a;

-- schema and type DDL inside a transaction block: the block sees its own changes, ROLLBACK forgets them
begin;

create schema sc122d;

create type sc122d.tone as enum ('lo', 'hi');

create table sc122d.t122d (id int primary key, t sc122d.tone);

insert into sc122d.t122d values (1, 'hi'), (2, 'lo');

select id, t from sc122d.t122d order by t;

select n.nspname from pg_type t join pg_namespace n on n.oid = t.typnamespace where t.typname = 'tone';

rollback;

select count(*) from pg_namespace where nspname = 'sc122d';

select count(*) from pg_type where typname = 'tone';

-- COMMIT publishes them together
begin;

create schema sc122e;

create type sc122e.tone as enum ('lo', 'hi');

alter type sc122e.tone add value 'mid' after 'lo';

create table sc122e.t122e (id int primary key, t sc122e.tone);

insert into sc122e.t122e values (1, 'hi'), (2, 'lo');

commit;

-- a value added in the block is usable once it committed (PostgreSQL refuses it before: 55P04)
insert into sc122e.t122e values (3, 'mid');

select id, t from sc122e.t122e order by t;

begin;

alter schema sc122e rename to sc122f;

alter type sc122f.tone rename to pitch;

select id, t::text from sc122f.t122e order by t;

commit;

select format_type(a.atttypid, a.atttypmod) from pg_attribute a
where a.attrelid = 'sc122f.t122e'::regclass and a.attname = 't';

begin;

drop schema sc122f cascade;

select count(*) from pg_type where typname = 'pitch';

rollback;

select id, t from sc122f.t122e order by t;

drop schema sc122f cascade;

select count(*) from pg_namespace where nspname like 'sc122%';
