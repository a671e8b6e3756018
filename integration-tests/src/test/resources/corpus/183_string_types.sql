-- The string type a client sees (RowDescription, pg_typeof, CREATE TABLE AS) as PostgreSQL 15 resolves it: an
-- untyped literal is text, char(n)/varchar(n) columns and casts keep their types and typmods, CASE, COALESCE,
-- VALUES and set operations take the common type (the first typed input's, CASE's ELSE first; a typmod only when all inputs
-- share it), string functions and operators return text, catalog columns are name, information_schema's are
-- varchar. The corpus compares pgjdbc's column type names, so text, varchar, bpchar and name differ here.

create table s183 (id int, c char(5), v varchar(10), t text, n numeric(10,2), j jsonb) distribute by hash(id);
create table s183_rep (id int, c char(5), v varchar(10)) distribute by replication;
create table s183_rr (id int, c char(5), v varchar(10)) distribute by roundrobin;
create table s183_empty (id int, c char(5), v varchar(10)) distribute by hash(id);
insert into s183 values (1, 'ab', 'xy', 'tt', 1.5, '{"a": 1}'), (2, null, null, null, null, null),
  (3, 'abcde', 'x', '', 0, '[]');
insert into s183_rep values (1, 'ab', 'xy'), (2, null, null);
insert into s183_rr values (1, 'ab', 'xy'), (2, null, null);

-- untyped literals are text; a cast keeps its type and typmod
select 'lit' as a, 'a' || 'b' as b, 'x'::varchar(4) as c, 'x'::char(3) as d, 'x'::varchar as e, 'x'::bpchar as f,
  null::text as g;

-- columns keep their types and typmods, on every distribution
select c, v, t from s183 order by id;
select c, v from s183_rep order by id;
select c, v from s183_rr order by id;
select c, v from s183_empty;

-- pg_typeof of columns, literals and scalar sub-queries of them
select pg_typeof(c)::text, pg_typeof(v)::text, pg_typeof(t)::text, pg_typeof('x')::text from s183 where id = 1;
select pg_typeof((select v from s183 where id = 1))::text as a, pg_typeof((select 'x'))::text as b,
  pg_typeof((select c from s183 where id = 3))::text as c;

-- a scalar sub-query has its column's type
select (select c from s183 where id = 1) as sc, (select v from s183 where id = 1) as sv, (select 'a') as sl;

-- CASE of char(n) and varchar is varchar; of char(n) and a literal bpchar without typmod; NULLs stay NULL
select id, case when id = 1 then c else v end as cv from s183 order by id;
select id, case when id = 2 then null else v end as vn from s183 order by id;
select id, case when id = 1 then v else 'zz' end as vl from s183 order by id;

-- COALESCE of one column keeps its typmod; of a column and a literal drops it; greatest/least alike
select id, coalesce(v, v) as a, coalesce(v, 'none') as b, coalesce(t, v) as c, greatest(v, v) as d
  from s183 order by id;

-- nullif: varchar compares as text (text), char(n) keeps its type and typmod, text stays text
select id, nullif(v, 'xy') as a, nullif(c, 'ab') as b, nullif(t, 'tt') as c from s183 order by id;

-- string operators and functions return text, also over char(n) and varchar
select c || v as a, c || 'x' as b, v || 'x' as c, t || c as d, upper(c) as e, lower(v) as f, substr(c, 1) as g,
  trim(c) as h, lpad(v, 3) as i, replace(v, 'x', 'y') as j, left(c, 1) as k, initcap(v) as l, reverse(c) as m,
  md5(v) as n, split_part(v, 'x', 1) as o from s183 order by id;

-- min/max of varchar are text; of char(n) bpchar without typmod; string_agg text
select min(v) as a, max(c) as b, string_agg(v, ',' order by id) as c from s183;
select id, min(v) as a, max(c) as b from s183 group by id order by id;

-- VALUES and UNION take the common type; a typmod survives only when every input has it
select * from (values ('a'::varchar(3)), ('bb'::varchar(3))) v(x) order by 1;
select * from (values ('a'::varchar(3)), ('bb')) v(x) order by 1;
select * from (values ('a'), ('bb')) v(x) order by 1;
select v from s183 union all select v from s183 order by 1;
select v from s183 union select 'q' order by 1;
select c from s183 union select c from s183_rep order by 1;
select v from s183 union all select t from s183 order by 1;

-- duplicate alias names: both columns keep their own names and types
select 'a' as x, 'b' as x;
select v as x, c as x from s183 order by id;

-- arrays of literals are text[], unnest of them text
select array['a', 'b'] as a, array[null, 'c'] as b;
select * from unnest(array['a', 'b', null]) as u(x) order by 1;

-- WITH keeps the column types, jsonb included
with w as (select c, v, j from s183) select * from w order by v;
with w as (select 'lit' as l, v from s183) select l, v from w order by v;

-- the catalog's name columns are name, also through outer joins; information_schema's are varchar
select c.relname, n.nspname from pg_class c left join pg_namespace n on n.oid = c.relnamespace
  where c.relname = 's183';
select table_name, column_name, data_type, is_nullable from information_schema.columns
  where table_name = 's183' order by ordinal_position;

-- RETURNING types: a string expression is text, a jsonb column jsonb
create table s183_w (id int primary key, c char(4), v varchar(8), j jsonb) distribute by hash(id);
insert into s183_w values (1, 'a', 'b', '{"x": 1}') returning id, c, v, '[' || c || ']' as e, j;
update s183_w set v = v || 'z' where id = 1 returning v, c || v as cv, j;
delete from s183_w where id = 1 returning *;

-- CREATE TABLE AS keeps typmods through UNION ALL and coalesce of columns; literals become text
create table s183_ctas as select v, n, c from s183 union all select v, n, c from s183;
select column_name, data_type, character_maximum_length, numeric_precision, numeric_scale
  from information_schema.columns where table_name = 's183_ctas' order by ordinal_position;
create table s183_ctas2 as select coalesce(v, v) as v, coalesce(n, n) as n, 'lit' as l, case when id = 1
  then c else v end as cv from s183;
select column_name, data_type, character_maximum_length, numeric_precision, numeric_scale
  from information_schema.columns where table_name = 's183_ctas2' order by ordinal_position;
select format_type(atttypid, atttypmod) from pg_attribute where attrelid = 's183_ctas2'::regclass and attnum > 0
  order by attnum;
