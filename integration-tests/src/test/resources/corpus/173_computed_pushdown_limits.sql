-- Distributed execution (issue 9): projections that compute ship to the datanodes under top-N, windows and
-- aggregates with the same rows as on the coordinator; LIMIT and OFFSET counts as PostgreSQL reads them (negative:
-- 2201W / 2201X even over no rows, NULL: no limit, fractions rounded half away from zero).

create table cp173_h (id int primary key, a int, b int, s text, f float8, n numeric(8,2)) distribute by hash(id);

create table cp173_r (id int, a int, b int, s text, f float8, n numeric(8,2)) distribute by roundrobin;

create table cp173_rep (id int, a int, b int, s text, f float8, n numeric(8,2)) distribute by replication;

create table cp173_empty (id int, a int, b int, s text, f float8, n numeric(8,2)) distribute by hash(id);

-- 300 rows with NULLs every 17th row, float keys with NaN and infinity, a large a near int4's top
insert into cp173_h select g, case when g % 17 = 0 then null else g % 7 end, g % 5, 'S' || (g % 4),
  case when g % 50 = 0 then 'NaN'::float8 when g % 61 = 0 then 'Infinity'::float8 else (g % 9) * 0.5 end,
  case when g % 23 = 0 then null else g * 0.25 end from generate_series(1, 300) g;

insert into cp173_r select * from cp173_h;

insert into cp173_rep select * from cp173_h where id % 2 = 0;

-- ORDER BY a computed key with LIMIT: the same first rows (NULL keys last) on every distribution
select a + b as k, id from cp173_h order by a + b, id limit 7;

-- descending computed key, NULLs first, with OFFSET
select a * b as k, id from cp173_r order by a * b desc, id offset 5 limit 6;

-- computed key over a replicated table
select n * 2 as d, id from cp173_rep order by n * 2 desc nulls last, id limit 4;

-- top-N over an empty table's computed column
select a + 1 from cp173_empty order by 1 limit 3;

-- computed text key (concatenation) in "C" order
select s || '-' || b as k, id from cp173_h order by 1, id limit 5 offset 3;

-- a sub-query's computed column under a window without PARTITION BY
select v, id, rank() over (order by v, id) from (select a + b as v, id from cp173_h) q order by 3 limit 8;

-- a window partitioned by a computed key: redistributed by it
select id, sum(a * b) over (partition by id % 3 order by id rows between 2 preceding and current row) as w
from cp173_r order by id limit 12;

-- a window over a computed numeric argument, partitioned by the distribution column
select id, sum(n * 2) over (partition by id) from cp173_h where id < 20 order by id;

-- aggregates of computed arguments, grouped by a computed key
select b % 2 as g, sum(a * b), count(a + b), min(n - 1), max(f * 2) from cp173_h group by b % 2 order by 1;

-- aggregates over an empty table's computed arguments
select sum(a * b), count(a + 1) from cp173_empty;

-- overflow of a computed column on the datanodes: 22003 as PostgreSQL's
select a * 1000000000 as x from cp173_h order by x limit 3;

-- division by zero in a computed sort key: 22012
select id from cp173_h order by 10 / (b - b), id limit 1;

-- LIMIT -1: 2201W
select id from cp173_h order by id limit -1;

-- OFFSET -2: 2201X
select id from cp173_h order by id offset -2;

-- a negative OFFSET without ORDER BY: 2201X
select id from cp173_r offset -1;

-- a negative LIMIT fails even when no row reaches it
select id from cp173_h where false limit -1;

-- a negative LIMIT over no table
select 1 limit -1;

-- OFFSET is checked before LIMIT
select id from cp173_h limit -1 offset -1;

-- a negative LIMIT in a sub-query
select count(*) from (select id from cp173_h order by id limit -3) q;

-- LIMIT NULL is no limit
select count(*) from (select id from cp173_h order by id limit null) q;

-- LIMIT ALL after OFFSET sorts every row
select id from cp173_h order by id desc limit all offset 295;

-- OFFSET NULL is no offset
select id from cp173_h order by id offset null limit 2;

-- OFFSET past the rows: none
select id from cp173_r order by id offset 300;

-- ORDER BY ... OFFSET without LIMIT: every row sorted on the coordinator, then skipped
select id, s from cp173_h order by s desc, id offset 290;

-- a fractional LIMIT rounds half away from zero (1.5 is 2)
select id from cp173_h order by id limit 1.5;

-- a LIMIT of -0.4 rounds to 0: no rows, no error
select id from cp173_h order by id limit -0.4;

-- a fractional OFFSET rounds too
select id from cp173_h order by id limit 2 offset 2.5;

-- FETCH FIRST with OFFSET ... ROWS
select id from cp173_h order by id offset 2 rows fetch next 2 rows only;

-- negative parameters: 2201X for OFFSET $1, 2201W for LIMIT $1
prepare cp173_off(int) as select id from cp173_h order by id offset $1;

execute cp173_off(-1);

prepare cp173_lim(bigint) as select id from cp173_r order by a + b, id limit $1;

execute cp173_lim(-5);

-- a top-N over a computed key with a parameter LIMIT
execute cp173_lim(3);

deallocate all;
