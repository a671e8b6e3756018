-- Window functions the coordinator computes (Calcite's EnumerableWindow and Tessera's rewrites): with pushdown off,
-- over VALUES, and over distributed rows without PARTITION BY. Issue 11/9.
-- ntile is cast to integer where its rows are compared: it is still bigint (PostgreSQL: integer), a known difference.

-- rows with NULLs in the value and in the partition key, hash distributed
create table w158 (id int, g int, x int) distribute by hash(id);

insert into w158 values (1, 1, 10), (2, 1, 20), (3, 1, null), (4, 1, 40), (5, 2, 50), (6, 2, null), (7, null, 70);

-- round robin copy: no partition key lines up with the distribution
create table w158_rr (id int, g int, x int) distribute by roundrobin;

insert into w158_rr select * from w158;

-- empty, hash distributed
create table w158_empty (id int, g int, x int) distribute by hash(id);

-- the window regroups rows by x: the ORDER BY g, x over sorted VALUES must still sort the output
select g, x, count(*) over (partition by x) from (values (1, 1), (1, 2), (2, 1), (2, 2)) v(g, x) order by g, x;

-- the same over a sorted sub-query
select g, x, sum(g) over (partition by x) from (select * from (values (1, 1), (1, 2), (2, 1), (2, 2)) v(g, x) order by g, x) s order by g, x;

-- ntile(n) with n above the row count: buckets 1, 2, 3, ... (one row each)
select g, x, ntile(10) over (partition by g order by x)::int from (values (1, 1), (1, 2), (1, 3), (1, 4), (2, 1)) v(g, x) order by g, x;

-- ntile over distributed rows, no PARTITION BY: 7 rows in 3 buckets of 3, 2, 2
select id, ntile(3) over (order by id)::int from w158 order by id;

-- ntile by partition, NULL partition its own
select id, ntile(2) over (partition by g order by id)::int from w158_rr order by id;

-- ntile(0) is 22014
select id, ntile(0) over (order by id) from w158 order by id;

-- ntile over an empty table: no rows, no error even with 0
select ntile(0) over (order by id)::int from w158_empty;

-- nth_value(x, 0) is 22016
select id, nth_value(x, 0) over (order by id) from w158 order by id;

-- nth_value(x, -2) is 22016
select nth_value(x, -2) over () from (values (1), (2)) v(x);

-- nth_value(x, 2) still the frame's second row, NULL before the frame has two
select id, nth_value(x, 2) over (order by id) from w158 order by id;

-- a window over no input columns: count(*) over () on an empty table
select count(*) over () from w158_empty;

-- count(*) over () over distributed rows
select count(*) over () from w158;

-- row_number() over () over no input columns
select count(*) from (select row_number() over () from w158_rr) s;

-- over VALUES, no columns read
select count(*) over () from (values (1), (2), (3)) v(x);

-- array_agg over ORDER BY: a running array (RANGE UNBOUNDED PRECEDING .. CURRENT ROW), not the partition's
select id, array_agg(id) over (order by id) from w158 order by id;

-- array_agg keeps NULLs, running by partition
select id, array_agg(x) over (partition by g order by id) from w158_rr order by id;

-- array_agg over a sliding ROWS frame
select id, array_agg(x) over (order by id rows between 1 preceding and current row) from w158 order by id;

-- array_agg with peers: rows of equal g share the array up to their last peer
select id, array_agg(g) over (order by g) from w158 order by id;

-- array_agg over VALUES with a running frame
select x, array_agg(x) over (order by x) from (values (3), (1), (2)) v(x) order by x;

-- array_agg over an empty table
select array_agg(x) over (order by id) from w158_empty;
