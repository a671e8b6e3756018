-- Window functions run on the datanodes (WindowPushdownRule, executor WindowNode) when every partition's rows are
-- on one datanode: PARTITION BY the distribution column, a replicated table (read on one datanode), or after a
-- redistribution by a partition key (NULL keys together). The results must be PostgreSQL's whichever runs them:
-- ties, NULL keys and values, frames, partitions of one row, empty tables, every distribution.

create table w114_hash (id int, g int, x int, y numeric(8,2), s text) distribute by hash(id);

create table w114_g (id int, g int, x int, y numeric(8,2), s text) distribute by hash(g);

create table w114_mod (id int, g int, x int, y numeric(8,2), s text) distribute by modulo(g);

create table w114_rr (id int, g int, x int, y numeric(8,2), s text) distribute by roundrobin;

create table w114_rep (id int, g int, x int, y numeric(8,2), s text) distribute by replication;

create table w114_empty (id int, g int, x int, y numeric(8,2), s text) distribute by hash(g);

-- twenty rows: groups of several rows with ties in x, NULL groups, NULL x and y, a group of one row
insert into w114_hash values
  (1, 1, 10, 1.50, 'a'), (2, 1, 20, null, 'b'), (3, 1, 20, 2.00, 'c'), (4, 1, 30, 1.00, 'd'),
  (5, 2, null, 4.00, 'e'), (6, 2, 5, 3.00, null), (7, 2, 5, -1.25, 'g'), (8, null, 7, null, 'h'),
  (9, null, 8, 1.00, 'i'), (10, 3, 100, 99.99, 'j'), (11, 4, 1, 0.00, 'k'), (12, 4, 2, 0.01, 'l'),
  (13, 4, 3, 0.02, 'm'), (14, 4, 4, 0.03, 'n'), (15, 4, 5, 0.04, 'o'), (16, 5, -3, 5.50, 'p'),
  (17, 5, -3, 5.50, 'q'), (18, 5, null, null, null), (19, 6, 2147483647, 1.00, 'r'), (20, 6, 1, 1.00, 's');
insert into w114_g select * from w114_hash;
insert into w114_mod select * from w114_hash;
insert into w114_rr select * from w114_hash;
insert into w114_rep select * from w114_hash;

-- partitioned by the distribution column: ranking with ties in the ORDER BY (rank has gaps, dense_rank none)
select id, g, x, row_number() over (partition by g order by x, id) as rn, rank() over (partition by g order by x) as r,
  dense_rank() over (partition by g order by x) as dr from w114_g order by id;

-- the same on a MODULO table, its distribution column among several partition keys
select id, rank() over (partition by g, s order by x desc) as r, dense_rank() over (partition by s, g order by x) as dr
from w114_mod order by id;

-- PARTITION BY another column than the distribution column: rows are redistributed by g first
select id, g, x, row_number() over (partition by g order by x nulls first, id) as rn,
  rank() over (partition by g order by x desc nulls last) as r from w114_hash order by id;

-- round robin rows: redistributed by the partition key
select id, count(*) over (partition by g) as c, sum(x) over (partition by g order by id) as s,
  min(y) over (partition by g) as mn, max(s) over (partition by g) as mx from w114_rr order by id;

-- a replicated table: any window, even one without PARTITION BY, runs on one datanode
select id, row_number() over (order by id) as rn, sum(y) over (order by g nulls first, id) as s,
  rank() over (order by g) as r from w114_rep order by id;

-- without PARTITION BY over distributed rows: on the coordinator, the same answer
select id, row_number() over (order by id desc) as rn, count(x) over () as c from w114_hash order by id;

-- the default frame includes the current row's peers: sums over ties, NULLs skipped, NULL when none yet
select id, sum(y) over (partition by g order by x) as s, count(y) over (partition by g order by x) as c,
  avg(y) over (partition by g order by x) as a from w114_g order by id;

-- ROWS frames with offsets, before and after the current row
select id, sum(x) over (partition by g order by id rows between 1 preceding and 1 following) as s3,
  count(*) over (partition by g order by id rows between current row and 2 following) as c,
  max(y) over (partition by g order by id rows between 2 preceding and 1 preceding) as m
from w114_hash order by id;

-- RANGE frames: whole partition, current row's peers to the end
select id, sum(x) over (partition by g order by x range between unbounded preceding and unbounded following) as a,
  count(*) over (partition by g order by x range between current row and unbounded following) as b
from w114_g order by id;

-- first_value, last_value (default frame: the last peer) and nth_value (NULL while the frame is short)
select id, first_value(s) over (partition by g order by x, id) as f, last_value(s) over (partition by g order by x) as l,
  nth_value(id, 2) over (partition by g order by id) as n2,
  nth_value(id, 2) over (partition by g order by id rows between unbounded preceding and unbounded following) as n2w
from w114_g order by id;

-- percent_rank and cume_dist over ties and partitions of one row
select id, percent_rank() over (partition by g order by x) as pr, cume_dist() over (partition by g order by x) as cd
from w114_rr order by id;

-- sum of integers is bigint: no overflow at 2147483647 + 1
select id, sum(x) over (partition by g) as s, sum(x::int8) over (partition by g order by id) as s8 from w114_g
order by id;

-- a text partition key: redistributed by s, NULL s one partition
select id, count(*) over (partition by s) as c, row_number() over (partition by s order by id) as rn from w114_hash
order by id;

-- windows over a filter, and a filter over a window's result (the window sees rows the WHERE kept)
select * from (select id, g, row_number() over (partition by g order by id) as rn from w114_hash where x > 1) w
where rn <= 2 order by id;

-- the top rows per partition, aggregated over the window's output
select g, count(*), sum(rn) from (select g, row_number() over (partition by g order by x desc nulls last, id) as rn
from w114_g) w where rn <= 2 group by g order by g nulls first;

-- ORDER BY ... LIMIT over a window's output
select id, rank() over (partition by g order by x) as r from w114_g order by r desc, id limit 5;

-- empty tables: no rows, partitioned, redistributed or not partitioned
select id, row_number() over (partition by g order by id) from w114_empty;

select id, sum(x) over (partition by id order by x) from w114_empty;

-- a window partitioned by the join key over a co-located join
select a.id, a.g, rank() over (partition by a.g order by b.x, a.id) as r from w114_g a join w114_mod b on a.id = b.id
order by a.id;

-- a window over a window's output keeps both right
select id, rn, sum(rn) over (partition by g order by id) as s from (select id, g, row_number() over (partition by g
order by id) as rn from w114_hash) w order by id;
