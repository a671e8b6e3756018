-- Window functions on the coordinator against PostgreSQL (issue 11): lag/lead defaults over NULLs, ntile's type and
-- arguments, nth_value(x, NULL), RANGE offsets over float keys, avg(real), FILTER, every window function over NULLs,
-- ties, empty tables and named windows. Frame exclusion (EXCLUDE) is in 170. Most statements run with pushdown off, so that
-- Calcite's windows on the coordinator compute them; a few repeat with pushdown on at the end.

-- hash distributed, NULLs in every column, ties in g and x
create table w164 (id int, g int, x int, f4 real, f8 float8, n numeric, s text) distribute by hash(id);

insert into w164 values (1, 1, 10, 1.5, 1.5, 1.5, 'a'), (2, 1, null, 2.25, 2.25, 2.25, 'b'), (3, 1, 30, null, null, null, null), (4, 2, 40, 0.1, 0.1, 0.1, 'd'), (5, 2, 40, 0.2, 0.2, 0.2, 'e'), (6, null, null, 0.3, 0.3, 3.333, 'f'), (7, 2, 70, 0.7, 0.7, 0.7, 'g');

-- the same rows replicated and round robin
create table w164_rep (id int, g int, x int, f4 real, f8 float8, n numeric, s text) distribute by replication;

insert into w164_rep select * from w164;

create table w164_rr (id int, g int, x int, f4 real, f8 float8, n numeric, s text) distribute by roundrobin;

insert into w164_rr select * from w164;

-- empty
create table w164_empty (id int, g int, x int, f4 real, f8 float8, n numeric, s text) distribute by hash(id);

-- the coordinator computes every window below
set tessera.enable_pushdown = off;

-- lag with a non-NULL default over a nullable column: NULL where the row holds NULL, the default before the first row
select id, lag(x, 2, -1) over (order by id) from w164 order by id;

-- lead with a default, partitioned (the NULL partition its own)
select id, lead(x, 1, -1) over (partition by g order by id) from w164 order by id;

-- lag/lead with a default over round robin rows, the default a column
select id, lag(x, 1, id) over (order by id), lead(s, 1, 'none') over (order by id) from w164_rr order by id;

-- lag of a NOT NULL expression with a default stays the value or the default
select id, lag(id * 10, 1, 0) over (order by id) from w164 order by id;

-- lag/lead without a default, offsets 0 and past the partition
select id, lag(x) over (order by id), lead(x, 0) over (order by id), lag(x, 10) over (order by id) from w164 order by id;

-- ntile is integer
select id, ntile(3) over (order by id), pg_typeof(ntile(3) over (order by id)) from w164 order by id;

-- ntile of a column: read at the partition's first row
select id, ntile(g) over (order by id), ntile(g + 1) over (order by id desc), ntile(x / 10) over (partition by g order by id) from w164 where g is not null and x is not null order by id;

-- ntile(-1) is 22014 with PostgreSQL's message
select id, ntile(-1) over (order by id) from w164 order by id;

-- ntile(NULL) is NULL on every row
select id, ntile(null) over (order by id) from w164 order by id;

-- nth_value(x, NULL) is NULL on every row
select id, nth_value(x, null) over (order by id) from w164 order by id;

-- nth_value(x, -1) is 22016
select id, nth_value(x, -1) over (order by id) from w164 order by id;

-- avg(real) accumulates in double precision; sum(real) stays real
select id, avg(f4) over (order by id), sum(f4) over (order by id) from w164 order by id;

-- the types of sum and avg as windows
select pg_typeof(avg(f4) over ()), pg_typeof(sum(f4) over ()), pg_typeof(avg(x) over ()), pg_typeof(sum(x) over ()), pg_typeof(avg(f8) over ()), pg_typeof(sum(n) over ()), pg_typeof(count(x) over ()) from w164 limit 1;

-- sum and avg of numeric, float8 and int as running windows
select id, sum(n) over w, avg(n) over w, sum(f8) over w, avg(f8) over w, avg(x) over w from w164 window w as (order by id) order by id;

-- avg(real) over a partition and over an empty frame (NULL)
select id, avg(f4) over (partition by g), avg(f4) over (order by id rows between 10 following and 11 following) from w164 order by id;

-- RANGE offsets over a double precision key (NULL keys are their own peers)
select id, sum(x) over (order by f8 range between 0.2 preceding and 0.1 following) from w164 order by id;

-- RANGE offsets over a real key, descending
select id, count(*) over (order by f4 desc range between 0.15 preceding and 0.5 following) from w164 order by id;

-- RANGE offsets over a float key, an integer offset
select id, sum(x) over (order by f8 range between 1 preceding and current row) from w164 order by id;

-- a numeric offset over an integer key is 0A000, as in PostgreSQL
select id, sum(x) over (order by x range between 1.5 preceding and current row) from w164 order by id;

-- RANGE offsets over an integer key, NULLs peers of each other only
select id, sum(x) over (order by x range between 10 preceding and 10 following) from w164 order by id;

-- RANGE offsets as large as an integer: k + offset does not overflow (every non-NULL row in every frame)
select id, sum(x) over (order by x range between 2147483647 preceding and 2147483647 following), count(*) over (order by x desc range between current row and 2147483647 following) from w164 order by id;

-- RANGE offsets with UNBOUNDED on the NULLs' side of a nullable integer key: NULL rows inside a non-NULL row's frame
select id, sum(x) over (order by x nulls first range between unbounded preceding and 1 following), sum(x) over (order by x nulls first range between unbounded preceding and 10 preceding) from w164 order by id;

-- the same descending (NULLS FIRST by default) and with NULLS LAST and UNBOUNDED FOLLOWING
select id, count(*) over (order by x desc range between unbounded preceding and 10 following), count(*) over (order by x desc nulls last range between 5 following and unbounded following), count(*) over (order by x range between 10 preceding and unbounded following) from w164 order by id;

-- the same per partition, a zero offset
select id, count(*) over (partition by g order by x nulls first range between unbounded preceding and current row), sum(id) over (partition by g order by x nulls first range between unbounded preceding and 0 following) from w164 order by id;

-- a RANGE offset needs exactly one ORDER BY column (42P20)
select id, sum(x) over (order by id, g range between 1 preceding and current row) from w164 order by id;

-- a RANGE offset without ORDER BY (42P20)
select id, sum(x) over (range between 1 preceding and current row) from w164 order by id;

-- a negative ROWS offset is 22013
select id, sum(x) over (order by id rows between -1 preceding and current row) from w164 order by id;

-- a NULL ROWS offset is 22004
select id, sum(x) over (order by id rows between null preceding and current row) from w164 order by id;

-- frame bounds in the wrong order are 42P20
select id, sum(x) over (order by id rows between current row and 1 preceding) from w164 order by id;

-- a frame starting at UNBOUNDED FOLLOWING is 42P20
select id, sum(x) over (order by id rows between unbounded following and current row) from w164 order by id;

-- a frame ending at UNBOUNDED PRECEDING is 42P20
select id, sum(x) over (order by id rows between current row and unbounded preceding) from w164 order by id;

-- a frame starting after the current row cannot end before it (42P20)
select id, sum(x) over (order by id rows between 1 following and current row) from w164 order by id;

-- window functions in WHERE are 42P20
select id from w164 where row_number() over () > 1;

-- window functions in GROUP BY are 42P20
select 1 from w164 group by row_number() over ();

-- window functions in HAVING are 42P20
select 1 from w164 group by g having sum(x) over () > 1;

-- DISTINCT in a window aggregate is 0A000
select count(distinct x) over () from w164;

-- rank, dense_rank, percent_rank and cume_dist without ORDER BY: every row a peer (names and types kept)
select id, rank() over (partition by g), dense_rank() over (), percent_rank() over (partition by g), cume_dist() over (), pg_typeof(rank() over ()), pg_typeof(cume_dist() over ()) from w164 order by id;

-- ranking functions, ntile and lag ignore a frame
select id, row_number() over (order by id rows between 1 preceding and current row), rank() over (order by g range between 1 preceding and current row), lag(x) over (order by id rows 2 preceding), ntile(2) over (order by id groups between 1 preceding and current row) from w164 order by id;

-- lag/lead with a NULL offset are NULL, a column offset NULL where it is
select id, lag(x, null) over (order by id), lag(x, g) over (order by id), lead(x, g, -1) over (order by id) from w164 order by id;

-- lag/lead with a negative offset look the other way
select id, lag(x, -1) over (order by id), lead(x, -2, 0) over (order by id) from w164 order by id;

-- a default of a wider type widens the result: bigint, float8, numeric, text
select id, lag(x, 1, 2::bigint) over (order by id), lead(f8, 1, 0) over (order by id), lag(n, 1, 0) over (order by id), lag(s, 1, 'x') over (order by id), lag(x, 1, 1.5) over (order by id) from w164 order by id;

-- count(*) FILTER as a window
select id, count(*) filter (where x > 10) over (order by id) from w164 order by id;

-- sum/min/max/avg FILTER, a NULL condition rejecting the row
select id, sum(x) filter (where g = 1) over w, min(x) filter (where f8 > 0.15) over w, max(s) filter (where id <> 7) over w, avg(x) filter (where g is not null) over w from w164 window w as (partition by g order by id) order by id;

-- count(x) FILTER over a sliding frame
select id, count(x) filter (where id % 2 = 1) over (order by id rows between 1 preceding and 1 following) from w164 order by id;

-- FILTER over an empty table
select count(*) filter (where x > 0) over () from w164_empty;

-- EXCLUDE NO OTHERS is the default frame
select id, sum(x) over (order by id rows between 1 preceding and 1 following exclude no others) from w164 order by id;

-- ranking functions over ties and NULL keys
select id, row_number() over w, rank() over w, dense_rank() over w, percent_rank() over w, cume_dist() over w from w164 window w as (order by g, x, id) order by id;

-- ranking functions partitioned, descending, NULLS FIRST
select id, rank() over w, dense_rank() over w, percent_rank() over w, cume_dist() over w from w164 window w as (partition by g order by x desc nulls first) order by id;

-- first_value/last_value/nth_value over ROWS frames of unique keys
select id, first_value(x) over w, last_value(x) over w, nth_value(x, 2) over w from w164 window w as (order by id rows between 1 preceding and 1 following) order by id;

-- the default RANGE frame with ties reaches the current row's last peer
select id, first_value(g) over w, last_value(g) over w, count(*) over w, max(id) over w, sum(x) over w from w164 window w as (order by g) order by id;

-- a window naming another and adding a frame keeps its frame, also through a chain of named windows
select id, count(*) over (w order by id rows between unbounded preceding and unbounded following), sum(x) over (w2 rows between 1 preceding and current row) from w164 window w as (partition by g), w2 as (w order by id) order by id;

-- a named window with ORDER BY refined by a frame only
select id, count(*) over (w rows between unbounded preceding and unbounded following), sum(x) over (w range between current row and unbounded following) from w164 window w as (partition by g order by id) order by id;

-- a GROUPS frame over a named window's ORDER BY
select id, sum(x) over (w groups between 1 preceding and current row) from w164 window w as (order by g) order by id;

-- a named window refined by ORDER BY and a frame
select id, sum(x) over (w order by id), count(*) over (w order by id rows between unbounded preceding and unbounded following) from w164 window w as (partition by g) order by id;

-- aggregates as windows: bool_and/bool_or, min/max of text, count of a column
select id, bool_and(x > 10) over w, bool_or(x > 35) over w, min(s) over w, max(s) over w, count(x) over w from w164 window w as (order by id) order by id;

-- GROUPS frames over ties
select id, sum(x) over (order by g groups between 1 preceding and current row) from w164 order by id;

-- every ranking and value function over an empty table
select row_number() over w, rank() over w, dense_rank() over w, percent_rank() over w, cume_dist() over w, ntile(2) over w, lag(x) over w, lead(x, 1, 0) over w, first_value(x) over w, last_value(x) over w, nth_value(x, 1) over w from w164_empty window w as (order by id);

-- sum of int overflows into bigint without error
select id, sum(v) over (order by id) from (values (1, 2147483647), (2, 2147483647)) t(id, v) order by id;

-- windows over replicated rows with pushdown off
select id, lag(x, 1, -1) over (order by id), ntile(2) over (order by id), avg(f4) over (order by id) from w164_rep order by id;

-- the same windows with pushdown on: they must give the same answers
reset tessera.enable_pushdown;

-- lag/lead defaults over a nullable column, on the datanodes where they are pushed
select id, lag(x, 1, -1) over (partition by id order by id), lead(x, 1, -1) over (partition by g order by id) from w164 order by id;

-- ntile is integer with pushdown on
select id, ntile(2) over (partition by g order by id), pg_typeof(ntile(2) over (partition by g order by id)) from w164 order by id;

-- avg(real) with pushdown on
select id, avg(f4) over (partition by g order by id) from w164 order by id;

-- rank() without ORDER BY with pushdown on
select id, rank() over (partition by g), percent_rank() over (partition by id) from w164 order by id;

-- FILTER with pushdown on
select id, count(*) filter (where x > 10) over (partition by g order by id) from w164 order by id;
