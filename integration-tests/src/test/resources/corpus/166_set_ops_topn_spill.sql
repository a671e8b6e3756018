-- Set operations and ORDER BY ... LIMIT on the coordinator past work_mem (issue 9): UNION, INTERSECT [ALL] and
-- EXCEPT [ALL] count and compare rows as PostgreSQL does (NULLs equal, 1.0 = 1.00, -0 = 0) whether they fit in
-- work_mem or spill to temporary files, and a top-N returns PostgreSQL's rows whatever its LIMIT + OFFSET.

create table so166_h (id int, k int, n numeric(8,2), s text) distribute by hash(id);

create table so166_r (id int, k int, n numeric(8,2), s text) distribute by roundrobin;

create table so166_rep (id int, k int, n numeric, s text) distribute by replication;

create table so166_empty (id int, k int, n numeric(8,2), s text) distribute by hash(id);

-- 6000 rows: k repeats every 500 rows (duplicates for the ALL counts), NULL k and n every 97th row
insert into so166_h select g, case when g % 97 = 0 then null else g % 500 end,
  case when g % 97 = 0 then null else (g % 250)::numeric / 4 end, 'row-' || (g % 700) from generate_series(1, 6000) g;

-- 4000 rows overlapping the first, another NULL pattern (the same scale: which of 1.50 and 1.500 a hashed or
-- sorted PostgreSQL prints depends on its plan)
insert into so166_r select g, case when g % 89 = 0 then null else g % 400 end,
  case when g % 89 = 0 then null else (g % 200)::numeric / 4 end, 'row-' || (g % 300) from generate_series(1, 4000) g;

-- a replicated copy of part of the first
insert into so166_rep select * from so166_h where id % 3 = 0;

-- work_mem at its least: every set operation over these tables spills on the coordinator
set work_mem = '64kB';

-- INTERSECT ALL: each (k, n) min(left count, right count) times; NULL rows meet NULL rows
select k, n from so166_h intersect all select k, n from so166_r;

-- INTERSECT (distinct): one row per (k, n) on both sides
select k, n from so166_h intersect select k, n from so166_r;

-- EXCEPT ALL: max(left count - right count, 0) copies
select k, n from so166_h except all select k, n from so166_r;

-- EXCEPT (distinct): the left's rows with no equal on the right, once
select k, n from so166_h except select k, n from so166_r;

-- UNION: every distinct row of both, NULL rows once
select k, n from so166_h union select k, n from so166_r;

-- UNION over three inputs, one replicated
select k, s from so166_h union select k, s from so166_r union select k, s from so166_rep;

-- wide rows with text: EXCEPT ALL in both directions, counted
select count(*), count(distinct s) from (select k, s from so166_r except all select k, s from so166_h) x;

-- the counts of each set operation at once
select (select count(*) from (select k, n, s from so166_h intersect all select k, n, s from so166_rep) a) as ia,
  (select count(*) from (select k, n, s from so166_h except all select k, n, s from so166_rep) b) as ea,
  (select count(*) from (select k, n, s from so166_h union select k, n, s from so166_rep) c) as u;

-- a chain: (a EXCEPT ALL b) EXCEPT ALL c
select k from so166_h except all select k from so166_r except all select k from so166_rep;

-- a chain: (a INTERSECT ALL b) INTERSECT ALL c
select k from so166_h intersect all select k from so166_rep intersect all select k from so166_h;

-- set operations with an empty input: INTERSECT is empty, EXCEPT is the left, UNION the other side's distinct rows
select k, n from so166_h intersect all select k, n from so166_empty;

-- EXCEPT ALL of an empty right keeps every left row
select count(*) from (select k, n from so166_h except all select k, n from so166_empty) x;

-- an empty left: EXCEPT is empty
select k, n from so166_empty except select k, n from so166_h;

-- UNION with an empty side: the other side's distinct rows
select count(*) from (select k, n from so166_empty union select k, n from so166_r) x;

-- both empty
select k from so166_empty union select k from so166_empty;

-- numeric scales: 1.0 and 1.00 are one row (INTERSECT prints the left's value)
select n from (values (1.0), (2.50), (null::numeric)) l(n) intersect select n from (values (1.00), (2.5), (null)) r(n);

-- EXCEPT ALL with equal numerics of different scales counted together
select n from (values (1.0), (1.00), (1), (3)) l(n) except all select n from (values (1.000)) r(n);

-- float -0 equals 0 in INTERSECT (PostgreSQL hashes the input of fewer rows, here the left, and prints its -0)
select f from (values (-0.0::float8)) l(f) intersect select f from (values (0.0::float8), (-1.5::float8)) r(f);

-- a set operation inside a sub-query, ordered outside
select k, count(*) from (select k from so166_h intersect all select k from so166_r) x group by k order by k nulls first limit 20;

-- ORDER BY over a set operation with LIMIT and OFFSET
select k, n from so166_h except select k, n from so166_r order by k nulls first, n nulls first limit 15 offset 30;

-- top-N over one table (pushed to the datanodes): the first rows in order, NULLs last
select id, k, s from so166_h order by k, id limit 10;

-- top-N with a large OFFSET, past work_mem on the coordinator
select id, k, n from so166_h order by n desc nulls last, id limit 5 offset 5500;

-- top-N over a join (kept on the coordinator): LIMIT + OFFSET rows in a heap
select a.id, b.id, a.s from so166_h a join so166_r b on a.id = b.id order by a.s desc, a.id limit 12 offset 100;

-- top-N over an aggregate, ordered by the count then the key
select k, count(*) from so166_h group by k order by count(*) desc, k nulls first limit 7;

-- top-N whose LIMIT covers more rows than the input holds
select id from so166_h where id % 1000 = 0 order by id desc limit 100;

-- LIMIT 0 returns no rows
select id from so166_h order by id limit 0;

-- LIMIT ALL sorts every row, after OFFSET
select count(*) from (select id from so166_h order by s, id limit all offset 5990) x;

-- top-N over an empty table
select id from so166_empty order by id limit 3;

-- top-N over a UNION ALL of tables (on the coordinator)
select id, s from (select id, s from so166_h union all select id, s from so166_r) u order by s, id desc limit 9 offset 2;

reset work_mem;

-- at the default work_mem the same INTERSECT ALL, in memory
select k, n from so166_h intersect all select k, n from so166_r;
