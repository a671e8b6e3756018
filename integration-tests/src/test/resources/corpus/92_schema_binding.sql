-- What depends on schema-qualified names, as PostgreSQL 15 has it: DROP/ALTER ... IF EXISTS with a missing schema
-- is a NOTICE, a view binds its relations at CREATE VIEW (not through the reader's search_path), and the queries
-- that validate a FOREIGN KEY read the constraint's own tables, whatever the session's search_path.

-- IF EXISTS skips a name whose schema does not exist, for every kind of relation and for types
drop table if exists nosuch92.t;

drop table if exists nosuch92.t, public.nosuch92_t;

drop view if exists nosuch92.v;

drop sequence if exists nosuch92.s;

drop index if exists nosuch92.i;

drop type if exists nosuch92.e;

alter table if exists nosuch92.t add column x int;

alter view if exists nosuch92.v rename to w;

alter sequence if exists nosuch92.s restart;

-- without IF EXISTS the missing schema is 3F000
drop table nosuch92.t;

drop view nosuch92.v;

create schema sch92;

create table t92 (id int primary key, v text) distribute by hash(id);

create table sch92.t92 (id int primary key, v text) distribute by hash(id);

insert into t92 values (1, 'public');

insert into sch92.t92 values (1, 'sch92'), (2, 'sch92');

-- a view made under the default path reads public.t92 ...
create view v92 as select v from t92;

-- ... also for a session whose path finds sch92.t92 first
set search_path to sch92, public;

select v from v92 order by 1;

select v from public.v92 order by 1;

-- a view made under this path reads sch92.t92, for any reader
create view public.w92 as select id, v from t92;

reset search_path;

select id, v from w92 order by id;

-- a join of both, and a view on a view, keep their bindings
create view sch92.j92 as select a.v as pv, b.v as sv from public.t92 a join sch92.t92 b on a.id = b.id;

select pv, sv from sch92.j92 order by 2;

set search_path to sch92, public;

create view vv92 as select v from v92 union all select v from t92;

reset search_path;

select v from sch92.vv92 order by 1;

-- a WITH query's name is not bound to a table of the same name
set search_path to sch92, public;

create view c92 as with t92 as (select 42 as v) select v from t92;

reset search_path;

select v from sch92.c92;

-- pg_get_viewdef qualifies a relation where the reader's path would not find it under its bare name
select pg_get_viewdef('w92'::regclass) like '%sch92.t92%';

select pg_get_viewdef('v92'::regclass) like '%public.t92%';

set search_path to sch92, public;

select pg_get_viewdef('public.v92'::regclass) like '%public.t92%';

select pg_get_viewdef('public.w92'::regclass) like '%sch92.t92%';

reset search_path;

-- ALTER TABLE ... ADD FOREIGN KEY checks the rows against the referenced table it names, not a same-named one that
-- the session's path finds first
create table p92 (id int primary key) distribute by replication;

create table sch92.p92 (id int primary key) distribute by replication;

insert into p92 values (1), (2), (3);

insert into sch92.p92 values (1);

create table sch92.c92t (id int primary key, pid int) distribute by hash(id);

insert into sch92.c92t values (1, 1), (2, 3);

set search_path to sch92, public;

alter table sch92.c92t add constraint c92t_fk foreign key (pid) references public.p92 (id);

reset search_path;

create table c92p (id int primary key, pid int) distribute by hash(id);

insert into c92p values (1, 1), (2, 3);

set search_path to sch92, public;

-- 23503: key 3 is not in sch92.p92
alter table public.c92p add constraint c92p_fk foreign key (pid) references sch92.p92 (id);

-- public.p92 has it
alter table public.c92p add constraint c92p_fk foreign key (pid) references public.p92 (id);

-- the checks of later writes read the same tables
insert into public.c92p values (3, 2);

insert into public.c92p values (4, 4);

insert into public.p92 values (5);

insert into sch92.c92t values (3, 5);

-- 23503: sch92.c92t still references public.p92's key 5
delete from public.p92 where id = 5;

reset search_path;

drop schema sch92 cascade;

drop view v92;

drop table c92p, p92, t92;
