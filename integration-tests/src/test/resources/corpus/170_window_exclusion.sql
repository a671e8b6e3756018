-- Window frame exclusion and nested window calls (issue 11): EXCLUDE CURRENT ROW | GROUP | TIES | NO OTHERS in ROWS,
-- RANGE and GROUPS frames, computed by the executor's window (on the datanodes when the window is pushed, on the
-- coordinator's TesseraWindow otherwise: the same WindowNode either way), for aggregates and first_value,
-- last_value, nth_value; ranking functions and lag/lead ignore it. NULL ORDER BY keys are peers of each other.
-- Errors: nested window calls (42P20), a window call inside an aggregate (42803), a window call in a window
-- definition (42P20).

-- hash distributed: ties in k, NULL keys and NULL values, a partition of one row
create table w170 (id int, g int, k int, x int, n numeric, f float8, s text) distribute by hash(id);

insert into w170 values (1, 1, 1, 10, 1.5, 0.5, 'a'), (2, 1, 1, 20, 2.25, 1.5, 'b'), (3, 1, 2, 30, null, 2.5, 'c'), (4, 1, 3, null, 4, null, null), (5, 2, 1, 5, 0.1, 0.1, 'e'), (6, 2, null, 6, 0.2, 0.2, 'f'), (7, 2, null, 7, 0.3, 0.3, 'g'), (8, 3, 4, 8, 8, 8, 'h'), (9, null, 2, 9, 9, 9, 'i'), (10, null, 2, null, null, null, null);

-- the same rows replicated and round robin
create table w170_rep (id int, g int, k int, x int, n numeric, f float8, s text) distribute by replication;

insert into w170_rep select * from w170;

create table w170_rr (id int, g int, k int, x int, n numeric, f float8, s text) distribute by roundrobin;

insert into w170_rr select * from w170;

-- empty
create table w170_empty (id int, g int, k int, x int, n numeric, f float8, s text) distribute by hash(id);

-- EXCLUDE CURRENT ROW in a sliding ROWS frame over a unique order: the neighbours' sum without the row itself
select id, sum(x) over (order by id rows between 1 preceding and 1 following exclude current row) from w170 order by id;

-- the same with partitions (NULL partition its own), counts and averages, over every distribution
select id, count(x) over w, sum(n) over w, avg(x) over w from w170 window w as (partition by g order by id rows between 2 preceding and 1 following exclude current row) order by id;

select id, count(x) over w, sum(n) over w, avg(x) over w from w170_rep window w as (partition by g order by id rows between 2 preceding and 1 following exclude current row) order by id;

select id, count(x) over w, sum(n) over w, avg(x) over w from w170_rr window w as (partition by g order by id rows between 2 preceding and 1 following exclude current row) order by id;

-- EXCLUDE GROUP over the whole partition: the row's peers in k (NULL keys peers of each other) leave the frame
select id, sum(x) over (partition by g order by k rows between unbounded preceding and unbounded following exclude group) from w170 order by id;

select id, sum(x) over (partition by g order by k rows between unbounded preceding and unbounded following exclude group) from w170_rr order by id;

-- EXCLUDE TIES in the default RANGE frame: the row stays, its peers go
select id, sum(x) over (partition by g order by k range between unbounded preceding and current row exclude ties), count(*) over (partition by g order by k range between unbounded preceding and current row exclude ties) from w170 order by id;

-- EXCLUDE TIES and GROUP in RANGE frames reaching forward, descending with NULLs first
select id, sum(x) over (order by k desc nulls first range between current row and unbounded following exclude ties), max(x) over (order by k desc nulls first range between current row and unbounded following exclude group) from w170 order by id;

-- EXCLUDE in a GROUPS frame without offsets: the row's peer group leaves the frame
select id, min(x) over w, max(x) over w, avg(x) over w, count(x) over w from w170_rep window w as (partition by g order by k groups between unbounded preceding and unbounded following exclude group) order by id;

-- GROUPS with EXCLUDE TIES and CURRENT ROW
select id, sum(x) over (order by k groups between current row and unbounded following exclude ties), sum(x) over (order by k groups between unbounded preceding and current row exclude current row) from w170 order by id;

-- without ORDER BY every row of a partition is a peer: EXCLUDE GROUP leaves nothing (NULL sum, zero count), TIES the row
select id, sum(x) over (partition by g exclude group), count(*) over (partition by g exclude group), sum(x) over (partition by g exclude ties) from w170 order by id;

-- first_value, last_value and nth_value read the frame without the excluded rows
select id, first_value(x) over (order by id rows between current row and 2 following exclude current row), last_value(x) over (order by id rows between 2 preceding and current row exclude current row), nth_value(x, 2) over (order by id rows between unbounded preceding and unbounded following exclude current row) from w170 order by id;

-- last_value over the whole partition without the row's peer group (the last group's rows read the one before)
select id, last_value(k) over (partition by g order by k range between unbounded preceding and unbounded following exclude group) from w170 order by id;

-- nth_value past the frame's remaining rows is NULL
select id, nth_value(k, 3) over (partition by g order by k range between unbounded preceding and unbounded following exclude ties) from w170 where k is not null and g = 1 order by id;

-- a frame that holds only the current row: EXCLUDE CURRENT ROW empties it (NULL sum, count 0, NULL first_value)
select id, sum(x) over w, count(*) over w, first_value(x) over w from w170 window w as (order by id rows between current row and current row exclude current row) order by id;

-- EXCLUDE NO OTHERS is the default frame
select id, sum(x) over (order by k, id exclude no others), sum(x) over (order by k, id) from w170 order by id;

-- ranking functions and lag/lead ignore the exclusion
select id, row_number() over (order by id rows between current row and current row exclude current row), rank() over (order by k exclude group), lag(x) over (order by id rows between unbounded preceding and current row exclude ties) from w170 order by id;

-- numeric and float sums without the current row
select id, sum(n) over w, sum(f) over w, min(s) over w, max(s) over w from w170 window w as (order by id rows between 1 preceding and 1 following exclude current row) order by id;

-- two windows with different exclusions and partitions in one select
select id, sum(x) over (partition by g order by id rows between unbounded preceding and unbounded following exclude current row), count(*) over (order by k range between current row and current row exclude ties) from w170 order by id;

-- an empty table and a filter that keeps no row
select sum(x) over (rows between unbounded preceding and unbounded following exclude current row) from w170_empty;

select id, sum(x) over (order by id rows between 1 preceding and 1 following exclude current row) from w170 where id > 100;

-- over a sub-query, an aggregate and VALUES
select g, sum(t) over (order by g rows between unbounded preceding and unbounded following exclude current row) from (select g, sum(x) as t from w170 group by g) q order by g;

select v, sum(v) over (order by v rows between unbounded preceding and unbounded following exclude current row), sum(v) over (order by v range between unbounded preceding and unbounded following exclude group) from (values (1), (2), (2), (3)) t(v) order by v;

-- a window over a join
select a.id, sum(b.x) over (order by a.id rows between 1 preceding and 1 following exclude current row) from w170 a join w170_rep b on a.id = b.id order by a.id;

-- the same windows with pushdown off: the coordinator's executor window, the same answers
set tessera.enable_pushdown = off;

-- EXCLUDE CURRENT ROW, pushdown off
select id, count(x) over w, sum(n) over w, avg(x) over w from w170 window w as (partition by g order by id rows between 2 preceding and 1 following exclude current row) order by id;

-- EXCLUDE GROUP and TIES, pushdown off
select id, sum(x) over (partition by g order by k rows between unbounded preceding and unbounded following exclude group), sum(x) over (partition by g order by k range between unbounded preceding and current row exclude ties) from w170_rr order by id;

-- GROUPS frame with EXCLUDE GROUP, pushdown off
select id, min(x) over w, max(x) over w, avg(x) over w, count(x) over w from w170 window w as (partition by g order by k groups between current row and unbounded following exclude group) order by id;

-- value functions, pushdown off
select id, first_value(x) over (order by id rows between current row and 2 following exclude current row), last_value(k) over (partition by g order by k range between unbounded preceding and unbounded following exclude group) from w170 order by id;

set tessera.enable_pushdown = on;

-- a window function inside another's arguments: 42P20
select sum(row_number() over ()) over () from w170;

-- nested in an expression of the arguments too
select lag(case when x > 5 then rank() over (order by id) end) over (order by id) from w170;

-- a window function inside an aggregate: 42803
select sum(sum(x) over ()) from w170;

-- a window function in a window's ORDER BY or PARTITION BY: 42P20
select row_number() over (order by sum(x) over ()) from w170;

select count(*) over (partition by row_number() over ()) from w170;

-- an aggregate inside a window function is allowed
select g, sum(sum(x)) over (order by g) from w170 group by g order by g;

-- string_agg as a window function (Calcite could not implement it): running, sliding, per partition, NULL values
-- skipped, NULL when the frame holds no non-NULL value
select id, string_agg(s, ',') over (order by id) from w170 order by id;

select id, string_agg(s, ', ') over (partition by g order by id rows between 1 preceding and 1 following) from w170_rr order by id;

select id, string_agg(s, '-') over (partition by g order by k, id range between unbounded preceding and current row) from w170_rep order by id;

-- a frame of only NULL values, an empty frame, FILTER
select id, string_agg(s, ',') over (order by id rows between current row and current row), string_agg(s, ',') over (order by id rows between 1 following and 1 following), string_agg(s, ',') filter (where id > 5) over (order by id) from w170 order by id;

-- string_agg over varchar and an empty table, pushdown off
set tessera.enable_pushdown = off;

select id, string_agg(s::varchar(3), '/') over (order by id desc) from w170 order by id;

select string_agg(s, ',') over () from w170_empty;

set tessera.enable_pushdown = on;
