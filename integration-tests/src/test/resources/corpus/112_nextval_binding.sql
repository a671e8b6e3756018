-- A DEFAULT nextval('q') binds its sequence when it is made, as PostgreSQL's regclass constant does: a later
-- search_path, a same-named sequence in another schema, RENAME and SET SCHEMA of the sequence do not change which
-- sequence it takes values from, and the sequence cannot be dropped while the default uses it.

create schema sc112;

create schema sc112b;

create sequence sc112.q112 start 10;

set search_path = sc112, public;

-- made under a path that finds sc112.q112
create table public.t112 (id int default nextval('q112'), v text) distribute by hash(id);

reset search_path;

-- the default path does not find q112, but the default still names sc112.q112
insert into t112 (v) values ('a');

select id + 0 as id, v from t112 order by id;

select pg_get_expr(adbin, adrelid) from pg_attrdef where adrelid = 't112'::regclass;

-- a public sequence of the same name does not capture the default
create sequence q112 start 100;

insert into t112 (v) values ('b');

select id + 0 as id, v from t112 order by id;

-- RENAME and SET SCHEMA of the sequence: the default follows it
alter sequence sc112.q112 rename to q112r;

insert into t112 (v) values ('c');

alter sequence sc112.q112r set schema sc112b;

insert into t112 (v) values ('d');

select id + 0 as id, v from t112 order by id;

select pg_get_expr(adbin, adrelid) from pg_attrdef where adrelid = 't112'::regclass;

-- SET DEFAULT binds through the path in force: here public.q112
alter table t112 alter column id set default nextval('q112');

set search_path = sc112b, public;

insert into t112 (v) values ('e');

reset search_path;

select id + 0 as id, v from t112 order by id;

-- 2BP01: the default uses it
drop sequence q112;

-- the other one is free now
drop sequence sc112b.q112r;

-- 42P01 at CREATE for a default naming no relation, 3F000 for a missing schema
create table t112b (id int default nextval('nosuch112'));

create table t112b (id int default nextval('nosuch112.q'));

alter table t112 alter column id set default nextval('nosuch112');

-- a DEFAULT added with a column binds too: each existing row gets a value of public.q112
alter table t112 add column w bigint default nextval('q112');

select count(*), count(distinct w), min(w) >= 100 from t112;

-- DROP SCHEMA CASCADE of a sequence's schema drops the default that uses it
create sequence sc112b.q112s;

alter table t112 alter column id set default nextval('sc112b.q112s');

drop schema sc112b;

drop schema sc112b cascade;

insert into t112 (v) values ('f');

select count(*) from t112 where id is null;

drop table t112;

drop sequence q112;

drop schema sc112;
