-- Index names are per schema, as PostgreSQL 15 has them: two schemas may hold same-named indexes, CREATE INDEX
-- chooses a free name in the table's schema, and DROP INDEX resolves an unqualified name through the search path.

create schema si105;

create table public.t105 (a int, b int);

create table si105.t105 (a int, b int);

-- the same index name in two schemas is no conflict; in one schema it is 42P07
create index i105 on public.t105 (a);

create index i105 on si105.t105 (a);

create index i105 on si105.t105 (b);

-- an unnamed index takes table_column_idx in its own schema
create index on public.t105 (b);

create index on si105.t105 (b);

select n.nspname, c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
where c.relkind = 'i' and c.relname in ('i105', 't105_b_idx') order by 1, 2;

-- DROP INDEX of an unqualified name drops the one the search path finds first
set search_path = si105, public;

drop index i105;

select n.nspname, c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
where c.relkind = 'i' and c.relname = 'i105' order by 1;

drop index i105;

select count(*) from pg_class where relkind = 'i' and relname = 'i105';

drop index i105;

drop index if exists i105;

reset search_path;

-- a qualified DROP INDEX drops that schema's index only
drop index si105.t105_b_idx;

select n.nspname, c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
where c.relkind = 'i' and c.relname = 't105_b_idx' order by 1;

drop index si105.t105_b_idx;

drop index public.t105_b_idx;

drop schema si105 cascade;

drop table public.t105;
