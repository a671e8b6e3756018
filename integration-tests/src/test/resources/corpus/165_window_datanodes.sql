-- Window functions on the datanodes (issue 9): windows partitioned by numeric or float keys are redistributed by a
-- hash of the normalized value (1.0, 1.00 and 1 in one partition; float -0 with 0, NaN with NaN), and windows
-- without PARTITION BY over distributed rows are sorted on each datanode and merged into the executor's window on
-- the coordinator. The results must be PostgreSQL's, with pushdown on and off: ties, NULLs, empty tables, errors,
-- every distribution.

create table w165_hash (id int, g numeric, f float8, r real, x int, s text) distribute by hash(id);

create table w165_rr (id int, g numeric, f float8, r real, x int, s text) distribute by roundrobin;

create table w165_rep (id int, g numeric, f float8, r real, x int, s text) distribute by replication;

create table w165_empty (id int, g numeric, f float8, r real, x int, s text) distribute by hash(id);

-- sixteen rows, one INSERT each: equal numerics of different scales, float -0 and 0, NaN and infinities, NULL
-- keys, ties in x
insert into w165_hash values (1, 1.0, 0, 0, 10, 'a');
insert into w165_hash values (2, 1.00, -0.0, -0.0, 20, 'b');
insert into w165_hash values (3, 1, 1.5, 1.5, 20, null);
insert into w165_hash values (4, 2.5, 'NaN', 'NaN', 30, 'd');
insert into w165_hash values (5, 2.50, 'NaN', 'NaN', null, 'e');
insert into w165_hash values (6, -0.0, 'Infinity', 'Infinity', 5, 'f');
insert into w165_hash values (7, 0, '-Infinity', '-Infinity', 5, 'g');
insert into w165_hash values (8, null, null, null, 7, 'h');
insert into w165_hash values (9, null, 0, 0, 8, 'i');
insert into w165_hash values (10, 100, 1.5, 1.5, 100, 'j');
insert into w165_hash values (11, 100.000, -0.0, -0.0, -3, 'k');
insert into w165_hash values (12, 3.14159, 2, 2, -3, 'l');
insert into w165_hash values (13, 1e3, 1e300, 1e30, 2147483647, 'm');
insert into w165_hash values (14, 1000, 1e300, 1e30, 1, 'n');
insert into w165_hash values (15, -1.5, -2, -2, null, null);
insert into w165_hash values (16, -1.50, -2.0, -2.0, 0, 'p');
insert into w165_rr select * from w165_hash;
insert into w165_rep select * from w165_hash;

-- PARTITION BY a numeric: 1.0, 1.00 and 1 form one partition, each row keeping its own scale
select id, g, count(*) over (partition by g) as c, row_number() over (partition by g order by id) as rn,
  sum(x) over (partition by g order by id) as s, min(id) over (partition by g) as first_id from w165_hash order by id;

-- PARTITION BY a numeric over round-robin rows: -0.0 and 0 together, 1e3 and 1000 together, NULLs one partition
select id, rank() over (partition by g order by x nulls first) as r, max(s) over (partition by g) as mx,
  lag(id) over (partition by g order by id) as prev_id from w165_rr order by id;

-- PARTITION BY a float8: -0 with 0, every NaN in one partition, the infinities alone, NULL alone
select id, count(*) over (partition by f) as c, min(id) over (partition by f) as first_id,
  sum(x) over (partition by f order by id rows between 1 preceding and current row) as s2
from w165_hash order by id;

-- PARTITION BY a real (float4) and a text: the real's -0 and 0 still share partitions
select id, count(*) over (partition by r, s is null) as c, dense_rank() over (partition by r order by x) as dr
from w165_rr order by id;

-- PARTITION BY a numeric expression's column of a sub-query: its equal values meet too
select id, count(*) over (partition by h) as c from (select id, g * 2 as h from w165_hash) q order by id;

-- no PARTITION BY over a hash table: sorted on the datanodes, merged, the window on the coordinator
select id, x, row_number() over (order by x, id) as rn, rank() over (order by x) as r,
  dense_rank() over (order by x) as dr, sum(x) over (order by x) as running_with_peers,
  count(*) over (order by x) as cnt from w165_hash order by id;

-- no PARTITION BY: lag/lead with offsets and defaults, first/last/nth value over ROWS frames
select id, lag(s) over (order by id) as lg, lead(x, 2) over (order by id) as ld,
  lag(x, 3, -1) over (order by id) as lg3,
  first_value(s) over (order by id rows between 2 preceding and 1 following) as fv,
  last_value(id) over (order by id rows between 2 preceding and 1 following) as lv,
  nth_value(x, 2) over (order by id rows between unbounded preceding and unbounded following) as nv
from w165_hash order by id;

-- no PARTITION BY over round robin: DESC NULLS FIRST order merged as PostgreSQL sorts it, sliding sums and avg
select id, x, sum(x) over (order by x desc nulls first, id rows between 1 preceding and 1 following) as s3,
  avg(x) over (order by x desc nulls first, id rows between unbounded preceding and current row) as a,
  min(x) over (order by x desc nulls first, id) as mn from w165_rr order by id;

-- no PARTITION BY and no ORDER BY: every row a peer of every other, the whole table's aggregates
select id, count(*) over () as c, sum(x) over () as s, max(s) over () as mx, avg(g) over () as ag
from w165_hash order by id;

-- ntile over the whole table (sixteen rows in five buckets: the first one larger); compared as integer (ntile's
-- bigint type is corpus 158's known difference)
select id, (ntile(5) over (order by id))::int as nt from w165_rr order by id;

-- a numeric ORDER BY without PARTITION BY: peers are equal numerics whatever their scale
select id, rank() over (order by g nulls first) as r, sum(id) over (order by g) as s from w165_hash order by id;

-- a float ORDER BY: -0 and 0 are peers, NaN sorts above Infinity
select id, rank() over (order by f) as r, count(*) over (order by f) as c from w165_rr order by id;

-- the same descending, NULLs first
select id, rank() over (order by f desc) as r, sum(x) over (order by f desc) as s from w165_hash order by id;

-- no PARTITION BY over a filtered scan, the outer query filters on the window's result
select * from (select id, row_number() over (order by id desc) as rn, sum(x) over (order by id desc) as s
  from w165_hash where x is not null and id > 2) q where rn <= 5 order by id;

-- no PARTITION BY over a co-located join (both sides hashed by id)
select a.id, row_number() over (order by a.id) as rn, sum(b.x) over (order by a.id) as s
from w165_hash a join w165_hash b on a.id = b.id where a.id < 10 order by a.id;

-- a replicated table without PARTITION BY: read on one datanode, the same values
select id, row_number() over (order by id) as rn, sum(x) over (order by id) as s from w165_rep order by id;

-- an empty table: no rows, with and without PARTITION BY
select id, row_number() over (order by id) as rn, count(*) over () as c from w165_empty;

-- an empty table partitioned by a numeric and a float
select id, count(*) over (partition by g) as c, rank() over (partition by f order by id) as r from w165_empty;

-- every row filtered away before a window without PARTITION BY
select id, sum(x) over (order by id) from w165_hash where id > 100;

-- the window's sum of int is bigint: 2147483647 plus more does not overflow
select id, sum(x) over (order by id) as s from w165_hash where x > 0 order by id;

-- an integer overflow below a window without PARTITION BY: PostgreSQL's 22003
select id, sum(x * 2) over (order by id) from w165_hash;

-- an integer overflow below a window partitioned by a numeric: PostgreSQL's 22003
select id, count(*) over (partition by g) from w165_hash where x + 1 > 0;

-- a window without PARTITION BY over a sub-query's aggregate (grouped first, then merged)
select c, rank() over (order by c desc) as r from (select g, count(*) as c from w165_hash group by g) q order by c;
