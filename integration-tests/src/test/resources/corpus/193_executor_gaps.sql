-- Issue 9 gaps of the distributed executor: a LIMIT, OFFSET or ORDER BY inside a FROM sub-query over a
-- one-column set-returning function (whose rows the pass-through operators above it once took for scalars),
-- LIMIT / OFFSET counts that read the statement's WITH queries, and parameters after such a count.

create table a193 (id int, g int, s text) distribute by hash(id);
insert into a193 select i, i % 3, case when i % 4 = 0 then null else 's' || (i % 5) end from generate_series(1, 20) i;
create table r193 (id int, g int, s text) distribute by roundrobin;
insert into r193 select * from a193;
create table p193 (id int, g int, s text) distribute by replication;
insert into p193 select * from a193;
create table e193 (id int, g int, s text) distribute by hash(id);

-- a LIMIT inside a FROM sub-query over a function scan: the rows are the function's values, not arrays
select * from (select * from generate_series(1, 5) g limit 2) v;
-- OFFSET and ORDER BY inside, and a computed column beside the function's
select * from (select * from generate_series(1, 5) g order by g desc limit 2 offset 1) v;
select * from (select g, g * 2 as h from generate_series(1, 5) g order by g limit 2) v;
-- OFFSET only, and ORDER BY only (the sort over the function scan passes its rows through too)
select * from (select * from generate_series(1, 5) g offset 3) v;
select * from (select * from generate_series(1, 5) g order by g desc) v order by 1;
-- LIMIT 0 and LIMIT NULL: no row, every row
select * from (select * from generate_series(1, 5) g limit 0) v;
select * from (select * from generate_series(1, 5) g limit null) v;
-- a function scan of no rows
select * from (select * from generate_series(1, 0) g limit 2) v;
-- unnest of an array with NULLs
select * from (select * from unnest(array[3, null, 1]) u order by u nulls first limit 2) v;
-- over VALUES of one column
select * from (select * from (values (3), (1), (2)) x(a) order by a limit 2) v;
-- over distributed tables of each kind (one column and several), and an empty one
select * from (select id from a193 order by id limit 3) v order by id;
select * from (select id from r193 order by id desc limit 3 offset 2) v order by id;
select * from (select id, s from p193 order by id limit 3) v order by id;
select * from (select id from e193 order by id limit 3) v;
-- nested twice
select * from (select * from (select * from generate_series(1, 5) g limit 3) v limit 2) w;
select * from (select * from (select * from generate_series(1, 5) g order by g desc limit 4) v order by g limit 2) w;
-- a join outside the limited sub-query: with a distributed table, with another function scan
select * from (select * from generate_series(1, 5) g limit 2) v join a193 on a193.id = v.g order by 1;
select v.g, count(*) from (select * from generate_series(1, 5) g offset 3) v, a193 group by v.g order by 1;
select * from (select * from generate_series(1, 3) g limit 2) v, (select * from generate_series(10, 12) h limit 1) w
  order by 1, 2;
-- an aggregate and IN over the limited sub-query
select sum(g), count(*) from (select * from generate_series(1, 10) g order by g limit 4) v;
select id from a193 where id in (select * from generate_series(1, 10) g order by g desc limit 2) order by id;

-- a LIMIT count reading a WITH query of the statement, evaluated once as the query starts
with c as (select 2 n) select * from a193 order by id limit (select n from c);
-- the OFFSET too, and both
with c as (select 17 n) select id from a193 order by id offset (select n from c);
with c as (select 2 n), d as (select 5 m) select id from r193 order by id limit (select n from c) offset (select m from d);
-- a WITH query that reads a table, and one that reads another WITH query
with c as (select count(*) / 5 n from a193) select id from p193 order by id limit (select n from c);
with c as (select 2 n), d as (select n + 1 m from c) select id from a193 order by id limit (select m from d);
-- a count of a sub-query's LIMIT reading the outer statement's WITH query
with c as (select 3 n) select * from (select id from a193 order by id limit (select n from c)) s order by id desc;
-- a NULL count: no limit
with c as (select null::int n) select count(*) from (select id from a193 order by id limit (select n from c)) s;
-- a negative count: 2201W, as PostgreSQL's Limit checks it when it starts
with c as (select -1 n) select * from a193 order by id limit (select n from c);
-- a count of more than one row: 21000
with c as (select 1 n union all select 2) select * from a193 order by id limit (select n from c);
-- over an empty table
with c as (select 2 n) select * from e193 order by id limit (select n from c);

-- a parameter after such a count in a PREPARE: bound by its number
prepare p193(int) as with c as (select 2 n) select id from a193 where id > $1 order by id limit (select n from c);
execute p193(5);
prepare q193(int, int) as with c as (select $2 n) select id from a193 order by id limit (select n from c) offset $1;
execute q193(3, 2);
execute q193(0, null);
deallocate p193;
deallocate q193;
-- a bare LIMIT marker is bigint: a count past the int range takes every row
prepare l193 as select id from a193 order by id limit $1;
execute l193(3);
execute l193(3000000000);
execute l193(-1);
deallocate l193;
