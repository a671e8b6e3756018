-- Sequences live in schemas, as PostgreSQL 15 has them: CREATE SEQUENCE s.q creates in s, the sequence functions
-- resolve a qualified name in its schema and an unqualified one through the search path at call time, a serial or
-- identity column of s.t gets its sequence in s, and the catalogs show the schema.

create schema sq104;

create schema sr104;

-- a qualified CREATE SEQUENCE creates in that schema, beside a same-named one of public
create sequence sq104.q;

create sequence public.q104 start 100;

create sequence sq104.q104 start 500;

-- nextval of a qualified name takes that schema's sequence
select nextval('sq104.q104');

select nextval('public.q104');

select nextval('sq104.q104'), currval('sq104.q104'), currval('public.q104');

-- an unqualified name resolves through the search path at call time
set search_path = sq104, public;

select nextval('q104');

set search_path = public;

select nextval('q104');

reset search_path;

-- setval of a qualified name sets that schema's sequence only
select setval('sq104.q104', 900);

select nextval('sq104.q104'), nextval('public.q104');

-- a missing sequence of a schema is 42P01, a missing schema 3F000
select nextval('sq104.nosuch');

select nextval('nosuch104.q');

-- an unqualified CREATE SEQUENCE creates in the first schema of the path
set search_path = sr104, public;

create sequence r104 increment 5;

select nextval('r104'), nextval('sr104.r104');

reset search_path;

select nextval('r104');

-- the same name in another schema is no conflict; in the same schema it is 42P07
create sequence sr104.q104;

create sequence sq104.q104;

create sequence if not exists sq104.q104;

-- the catalogs show each sequence's schema
select sequence_schema, sequence_name, start_value, increment from information_schema.sequences
where sequence_name in ('q', 'q104', 'r104') order by 1, 2;

select schemaname, sequencename, start_value from pg_sequences where sequencename in ('q', 'q104', 'r104')
order by 1, 2;

select n.nspname, c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
where c.relname in ('q', 'q104', 'r104') and c.relkind = 'S' order by 1, 2;

-- a serial column of s.t gets its sequence s.t_id_seq, in the table's schema, even when public has one of that name
create table public.t104 (id serial primary key, v text);

create table sq104.t104 (id serial primary key, v text);

insert into sq104.t104 (v) values ('a'), ('b');

insert into public.t104 (v) values ('x');

select id + 0 as id, v from sq104.t104 order by id;

select id + 0 as id, v from public.t104 order by id;

select nextval('sq104.t104_id_seq');

select sequence_schema, sequence_name from information_schema.sequences where sequence_name = 't104_id_seq'
order by 1;

-- the default names the sequence qualified when the reader's path does not find it
select table_schema, column_default from information_schema.columns where table_name = 't104' and column_name = 'id'
order by 1;

set search_path = sq104, public;

select table_schema, column_default from information_schema.columns where table_name = 't104' and column_name = 'id'
order by 1;

-- the default keeps its sequence whatever the search path (the sequence's identity, not its name)
insert into sq104.t104 (v) values ('c');

insert into public.t104 (v) values ('y');

reset search_path;

select id + 0 as id, v from sq104.t104 order by id;

select id + 0 as id, v from public.t104 order by id;

-- an identity column of s.t: its sequence in s too
create table sq104.i104 (id int generated always as identity, v text);

insert into sq104.i104 (v) values ('a'), ('b');

select id + 0 as id, v from sq104.i104 order by id;

select n.nspname, c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
where c.relname = 'i104_id_seq';

-- OWNED BY a table of another schema is 55000
create sequence sr104.o104 owned by sq104.t104.id;

create sequence sq104.o104 owned by sq104.t104.v;

-- DROP TABLE s.t drops the sequence its serial column owns
drop table sq104.t104;

select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace
where n.nspname = 'sq104' and c.relname = 't104_id_seq';

-- ALTER SEQUENCE and DROP SEQUENCE take qualified names
alter sequence sq104.q104 restart with 7;

select nextval('sq104.q104');

alter sequence sq104.q104 rename to q104b;

select nextval('sq104.q104b');

drop sequence sq104.q104b;

select nextval('public.q104');

-- ALTER SCHEMA ... RENAME TO moves the sequences; a table's default follows its sequence
create table sr104.t104 (id serial, v text);

insert into sr104.t104 (v) values ('a');

alter schema sr104 rename to sr104b;

insert into sr104b.t104 (v) values ('b');

select id + 0 as id, v from sr104b.t104 order by id;

select nextval('sr104b.r104');

select nextval('sr104.r104');

-- DROP SCHEMA without CASCADE counts a sequence as a dependent; with CASCADE the sequences go too
create schema sd104;

create sequence sd104.q;

drop schema sd104;

drop schema sd104 cascade;

select count(*) from pg_class where relname = 'q' and relkind = 'S';

drop schema sq104 cascade;

drop schema sr104b cascade;

drop table public.t104;

drop sequence public.q104;
