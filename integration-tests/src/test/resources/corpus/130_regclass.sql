-- regclass is a type of its own, as regtype (issue 11): 'name'::regclass and oid::regclass are a relation's OID
-- that prints as its name (qualified when the search path does not find it) at every level of a query, compares as
-- oid, and casts to its name (text) and to its number (oid, int4, int8). User tables' OIDs differ between the two
-- systems, so only the system catalogs' numbers are printed.

create table t130 (id int primary key, v text) distribute by hash (id);

create schema s130;

create table s130.u130 (id int primary key) distribute by replication;

-- a regclass constant prints as the relation's name, qualified where the search path does not find it
select 't130'::regclass as t, 's130.u130'::regclass as u, 'public.t130'::regclass as q, '"t130"'::regclass as quoted;

-- its type is regclass (RowDescription 2205), and pg_typeof says so
select 'pg_class'::regclass as c, pg_typeof('pg_class'::regclass) as type;

-- casts to its number and to its name
select 'pg_class'::regclass::oid as oid, 'pg_class'::regclass::int as int4, 'pg_class'::regclass::int8 as int8,
    'pg_type'::regclass::text as name, 1259::regclass::text || '!' as concat_name;

-- an OID that names no relation prints as the number; 0 prints as -, and - reads back as 0
select 99999999::regclass as no_rel, 0::regclass as zero, '-'::regclass as dash, '1259'::regclass as digits;

-- a name that names no relation is 42P01
select 'nosuch130'::regclass;

-- regclass compares as oid: with integers, with another regclass, with a string read as an OID
select 'pg_class'::regclass = 1259 as eq_int, 'pg_class'::regclass <> 'pg_type'::regclass as ne,
    'pg_class'::regclass = '1259' as eq_string, 'pg_type'::regclass < 'pg_class'::regclass as lt;

-- a string that is no OID is 22P02, as in PostgreSQL (write 'pg_class'::regclass)
select 'pg_class'::regclass = 'pg_class';

-- other functions of a regclass are 42883
select upper('pg_class'::regclass);

-- psql's and pgjdbc's forms: a catalog's oid compared with a regclass constant
select relname, relkind from pg_class where oid = 't130'::regclass;

select c.relname from pg_class c where c.oid = 's130.u130'::regclass;

select attname, atttypid::regtype as type from pg_attribute where attrelid = 't130'::regclass and attnum > 0
order by attnum;

-- oid::regclass of catalog columns prints names, ordered by OID as PostgreSQL's regclass orders
select c.oid::regclass as rel from pg_class c where relname in ('t130', 'u130') order by 1;

select attrelid::regclass as rel, count(*) as n from pg_attribute
where attrelid in ('t130'::regclass, 's130.u130'::regclass) and attnum > 0 group by 1 order by 2;

-- through a sub-query and a CTE it stays regclass
select x, pg_typeof(x) as type from (select 'pg_class'::regclass as x) s;

with w as (select 'pg_type'::regclass as x) select x, x::oid as oid from w;

-- functions that take a relation's OID take a regclass
select obj_description('t130'::regclass, 'pg_class') as d, pg_relation_size('pg_class'::regclass) >= 0 as size;

-- || prints the name
select 'rel: ' || 't130'::regclass as label;
