-- RANGE frames with offsets and frame exclusion with offsets (issue 9/11), computed by the executor's WindowNode on
-- the coordinator with PostgreSQL's in_range rules: integer keys with exact bounds (no overflow near bigint's limits,
-- where in_range_int8_int8 takes every value), numeric keys with integer and fractional offsets, real and double
-- precision keys with NaN (above every number, a peer of NaN only) and infinities, NULL keys (peers of each other
-- only; an offset bound of a NULL row is its peer group's edge), either direction and NULLS FIRST/LAST, EXCLUDE
-- CURRENT ROW | GROUP | TIES with RANGE and GROUPS offsets, empty frames and tables, pushdown on and off; the errors
-- PostgreSQL gives for wrong offsets (0A000, 22013, 42P20).

-- hash distributed: ties, NULL keys, keys at bigint's limits, NaN and infinities
create table w180 (id int, g int, k int, b bigint, n numeric, f float8, r real, x int) distribute by hash(id);

insert into w180 values (1, 1, 1, 9223372036854775807, 1.5, 1.5, 1.5, 10), (2, 1, 1, 9223372036854775806, 2.25, 'NaN', 2.5, 20), (3, 1, 2, -9223372036854775808, 2.25, 2, 'NaN', 30), (4, 1, null, null, null, null, null, null), (5, 2, 3, 5, 3, 'Infinity', 3, 5), (6, 2, null, -9223372036854775807, 0.1, '-Infinity', '-Infinity', 6), (7, 2, 5, 0, -1.75, 'NaN', 7, 7), (8, 3, 8, 8, 8, 8, 8, null), (9, null, 2, 9, null, 9, null, 9), (10, null, null, null, 10, 'NaN', 10, 10);

-- the same rows replicated and round robin
create table w180_rep (id int, g int, k int, b bigint, n numeric, f float8, r real, x int) distribute by replication;

insert into w180_rep select * from w180;

create table w180_rr (id int, g int, k int, b bigint, n numeric, f float8, r real, x int) distribute by roundrobin;

insert into w180_rr select * from w180;

create table w180_empty (id int, g int, k int, b bigint, n numeric, f float8, r real, x int) distribute by hash(id);

-- a numeric key with integer and fractional offsets (0A000 before): ties and NULL keys as peers
select id, sum(x) over (order by n range between 1 preceding and 0.5 following), count(*) over (order by n range between 0.25 preceding and 0.25 following) from w180 order by id;

-- a numeric key descending, NULLS FIRST, in partitions (the NULL partition its own)
select id, sum(x) over (partition by g order by n desc nulls first range between 1.5 preceding and current row) from w180 order by id;

-- numeric offsets over the replicated and round-robin copies: the same frames
select id, sum(x) over (order by n range between current row and 2 following), min(id) over (order by n range between 2 preceding and 1 preceding) from w180_rep order by id;

select id, sum(x) over (order by n range between current row and 2 following), max(id) over (order by n range between 2 preceding and 1 preceding) from w180_rr order by id;

-- bigint keys at the type's limits: k + offset past 9223372036854775807 takes every larger value (wrong empty frames before)
select id, sum(x) over (order by b range between 10 preceding and 10 following) from w180 order by id;

-- offsets as large as bigint's range, descending, NULLS LAST
select id, sum(x) over (order by b desc nulls last range between 9223372036854775807 preceding and 9223372036854775807 following), count(*) over (order by b range between 1 following and 9223372036854775807 following) from w180 order by id;

-- an integer key near int's limits through a cast, and a smallint key
select id, count(*) over (order by k::smallint range between 32767 preceding and 32767 following), sum(x) over (order by k range between 2147483647 preceding and 1 preceding) from w180 order by id;

-- double precision keys holding NaN and infinities: NaN's frame is the NaN rows, infinities reach each other
select id, sum(x) over (order by f range between 1 preceding and 1 following), count(*) over (order by f desc range between 1000000000 preceding and current row) from w180 order by id;

-- a real key with NaN and a fractional offset
select id, sum(x) over (order by r range between 0.5 preceding and 1.5 following), min(id) over (order by r nulls first range between 1 preceding and 1 following) from w180 order by id;

-- first_value/last_value/nth_value over RANGE offset frames of a unique key, empty frames at the partition's edges
select id, first_value(x) over w, last_value(x) over w, nth_value(x, 2) over w from w180 window w as (partition by g order by id range between 1 following and 3 following) order by id;

-- the same over a key with ties, where every row of a frame has the same value
select id, first_value(g) over w, last_value(g) over w from w180 window w as (partition by g order by k range between 1 following and 3 following) order by id;

-- EXCLUDE CURRENT ROW with a RANGE offset (0A000 before)
select id, sum(x) over (order by k range between 1 preceding and 1 following exclude current row) from w180 order by id;

-- EXCLUDE GROUP and TIES with RANGE offsets over a numeric key with ties
select id, sum(x) over (order by n range between 1 preceding and 1 following exclude group), count(*) over (order by n range between 1 preceding and 1 following exclude ties) from w180 order by id;

-- EXCLUDE with GROUPS offsets (ties in k form a group, NULLs another)
select id, sum(x) over (order by k groups between 1 preceding and 1 following exclude current row), sum(x) over (order by k groups between 1 preceding and current row exclude group), avg(x) over (order by k groups between current row and 1 following exclude ties) from w180 order by id;

-- EXCLUDE with a RANGE offset over double precision NaN and infinities
select id, count(*) over (order by f range between 1 preceding and 1 following exclude group), max(id) over (order by f range between 1 preceding and 1 following exclude current row) from w180 order by id;

-- UNBOUNDED on the NULLs' side with an offset on the other: NULL rows join a non-NULL row's frame
select id, sum(x) over (order by n nulls first range between unbounded preceding and 1 preceding), sum(x) over (order by f range between 1 following and unbounded following) from w180 order by id;

-- over an empty table and an empty partition
select id, sum(x) over (order by n range between 1 preceding and 1 following exclude ties) from w180_empty;

select id, sum(x) over (partition by g order by n range between 1 preceding and 1 following) from w180 where g = 3 or g is null order by id;

-- pushdown off: the same frames on the coordinator
set tessera.enable_pushdown = off;

select id, sum(x) over (partition by g order by b range between 1 preceding and 9223372036854775807 following), count(*) over (order by n range between 1 preceding and 1 following exclude current row) from w180 order by id;

reset tessera.enable_pushdown;

-- a fractional offset over an integer key is 0A000, as in PostgreSQL
select id, sum(x) over (order by k range between 1.5 preceding and current row) from w180;

-- a negative offset over a numeric key is 22013
select id, sum(x) over (order by n range between -1 preceding and current row) from w180;

-- a RANGE offset needs exactly one ORDER BY column (42P20)
select id, sum(x) over (order by k, n range between 1 preceding and current row) from w180;
