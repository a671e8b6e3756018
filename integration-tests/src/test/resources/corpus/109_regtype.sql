-- pg_typeof returns a regtype, the type Tessera shares with ::regtype (issue 11): below the client a regtype value
-- is its OID, so it compares with ::regtype constants and casts to oid; a result column of it prints the name.

-- pg_typeof compares with a regtype constant, casts to its name (text) and to its OID (shown as an integer:
-- Tessera's oid casts are integers)
select pg_typeof(1) = 'integer'::regtype as eq, pg_typeof(1)::text as name, pg_typeof(1)::oid::int as oid;

select pg_typeof(1.5) = 'numeric'::regtype as num, pg_typeof(1) <> 'bigint'::regtype as ne,
    pg_typeof(3000000000)::oid::int as int8_oid;

-- a regtype constant prints as its name, whatever name it was given
select 'integer'::regtype as t, 'pg_catalog.int8'::regtype as t8, 'character varying'::regtype as vc,
    'int4'::regtype as int4;

select 'integer'::regtype::oid::int as oid, 'text'::regtype::text as name;

-- a bare string literal and NULL are of type unknown, as in PostgreSQL
select pg_typeof(null) as null_type, pg_typeof('a') as literal, pg_typeof('a'::text) as text_type;

create table t109 (id int primary key, b bigint, s text, d date);

insert into t109 values (1, 10, 'a', '2020-01-01'), (2, 20, 'b', null), (3, 30, 'c', '2021-06-30');

-- grouped by a regtype, selected from a table
select pg_typeof(b) as t from t109 group by 1;

select pg_typeof(id) as t, count(*) as n from t109 group by pg_typeof(id);

select pg_typeof(s) as t, pg_typeof(d) as d, id from t109 order by id;

-- in WHERE and CASE
select id from t109 where pg_typeof(s) = 'text'::regtype order by id;

select id from t109 where pg_typeof(s) = 'integer'::regtype order by id;

select id, case when pg_typeof(d) = 'date'::regtype then 'date' else 'other' end as kind from t109 order by id;

select id, case when pg_typeof(b) = 'integer'::regtype then b * 2 else b end as v from t109 order by id;

-- the name through text functions
select upper(pg_typeof(d)::text) as u, length(pg_typeof(b)::text) as len from t109 where id = 1;

-- an enum's type is its name
create type mood109 as enum ('sad', 'ok');

select pg_typeof('ok'::mood109) as t, pg_typeof('ok'::mood109) = 'mood109'::regtype as eq,
    pg_typeof('ok'::mood109)::text as name;

drop table t109;

drop type mood109;
