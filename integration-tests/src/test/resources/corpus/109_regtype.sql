-- regtype is a type of its own through planning (issue 11): pg_typeof(x) and x::regtype are a type's OID that
-- prints as the type's name at every level of a query — a sub-query's column, a CTE, a UNION branch, COALESCE,
-- CASE, GROUP BY and ORDER BY — and compares and casts as PostgreSQL's regtype (as oid).

-- pg_typeof compares with a regtype constant, casts to its name (text) and to its OID
select pg_typeof(1) = 'integer'::regtype as eq, pg_typeof(1)::text as name, pg_typeof(1)::oid as oid;

select pg_typeof(1.5) = 'numeric'::regtype as num, pg_typeof(1) <> 'bigint'::regtype as ne,
    pg_typeof(3000000000)::oid as int8_oid, pg_typeof(1)::bigint as big;

-- a regtype constant prints as its name, whatever name it was given
select 'integer'::regtype as t, 'pg_catalog.int8'::regtype as t8, 'character varying'::regtype as vc,
    'int4'::regtype as int4, 'bool'::pg_catalog.regtype as b;

select 'integer'::regtype::oid as oid, 'text'::regtype::text as name, 23::regtype as from_int,
    25::oid::regtype as from_oid;

-- min and max of a regtype are those of its OID (PostgreSQL takes min(oid)/max(oid)): numbers, not names
select max(t) as max_oid, min(t) as min_oid, count(distinct t) as n
from (select pg_typeof(1) as t union all select pg_typeof('a'::text) union all select pg_typeof(1.5)) s;

select max(pg_typeof(x)) as m from (values (1), (2)) v(x);

-- a regtype column casts to oid, int4 and int8 (the OID); not to smallint or numeric (42846)
select t::bigint as b, t::int as i, t::oid as o
from (select pg_typeof(1) as t union all select pg_typeof('a'::text)) s order by 1;

select pg_typeof(1)::smallint;

select t::numeric from (select pg_typeof(1) as t) s;

-- a bare string literal and NULL are of type unknown; pg_typeof of a regtype is regtype
select pg_typeof(null) as null_type, pg_typeof('a') as literal, pg_typeof('a'::text) as text_type,
    pg_typeof(pg_typeof(1)) as reg;

-- through a sub-query, a CTE, a UNION and COALESCE the value stays a regtype and prints its name
select t from (select pg_typeof(1) as t) s;

with c as (select pg_typeof(2.5) as t, pg_typeof(true) as u) select t, u, t = 'numeric'::regtype as eq from c;

select pg_typeof(1) as t union all select pg_typeof('x'::text) union all select 'date'::regtype order by 1;

select pg_typeof(1) as t union select 'text' order by t;

select coalesce(null, pg_typeof(1)) as c, coalesce(pg_typeof(1), 'text') as d;

-- compared with a number and with a string literal, a regtype is an oid; a type's name needs ::regtype
select pg_typeof(1) = 23 as eq_int, pg_typeof(1) = '23' as eq_str, 23 = pg_typeof(1) as eq_rev;

select pg_typeof(1) = 'integer' as eq;

select pg_typeof(1) < 'text' as lt;

-- a regtype has no text operators of its own; ::text has the name
select upper(pg_typeof(1)) as u;

select 'type: ' || pg_typeof(1) as s, pg_typeof(1.5) || '!' as t;

select upper(pg_typeof(1)::text) as u, length(pg_typeof(1)::text) as len;

-- a name no type has
select 'nosuchtype'::regtype;

create table t109 (id int primary key, b bigint, s text, d date, n numeric(5, 2));

insert into t109 values (1, 10, 'a', '2020-01-01', 1.5), (2, 20, 'b', null, null), (3, 30, 'c', '2021-06-30', 2);

-- grouped and ordered by a regtype, selected from a table
select pg_typeof(b) as t from t109 group by 1;

select pg_typeof(id) as t, count(*) as n from t109 group by pg_typeof(id);

select pg_typeof(s) as t, pg_typeof(d) as d, pg_typeof(n) as n, id from t109 order by id;

select t, count(*) as n from (select pg_typeof(id) as t from t109 union all select pg_typeof(b) from t109) u
    group by t order by t;

select distinct t from (select case when id > 1 then pg_typeof(b) else pg_typeof(s) end as t from t109) x
    order by t;

-- in WHERE and CASE
select id from t109 where pg_typeof(s) = 'text'::regtype order by id;

select id from t109 where pg_typeof(s) = 'integer'::regtype order by id;

select id, case when pg_typeof(d) = 'date'::regtype then 'date' else 'other' end as kind from t109 order by id;

select id, case when pg_typeof(b) = 'integer'::regtype then b * 2 else b end as v from t109 order by id;

select id, case when id = 1 then pg_typeof(b) else pg_typeof(d) end as t from t109 order by id;

-- a text column read as regtype, and a regtype compared with a text column
select s::regtype from t109 where id = 1;

select id from t109 where pg_typeof(id) = s;

-- INSERT ... SELECT of a regtype into a text column stores the name
create table t109_names (id int primary key, name text);

insert into t109_names select id, pg_typeof(d) from t109;

insert into t109_names select id + 10, 'numeric'::regtype from t109 where id = 1;

select id, name from t109_names order by id;

-- an enum's type is its name
create type mood109 as enum ('sad', 'ok');

select pg_typeof('ok'::mood109) as t, pg_typeof('ok'::mood109) = 'mood109'::regtype as eq,
    pg_typeof('ok'::mood109)::text as name, 'mood109'::regtype as named;

-- pg_type's oid column compares with a regtype
select typname from pg_type where oid = 'int8'::regtype;

select format_type('numeric'::regtype, null) as f;

drop table t109_names;

drop table t109;

drop type mood109;
