-- Leftovers of the array and window work (issue 11): array_agg, string_agg and json_agg as window functions over
-- RANGE offset frames (bigint keys at the type's limits), frame exclusion and FILTER, computed by the executor's
-- WindowNode on the coordinator; string_agg windows with a NULL or per-row delimiter; RANGE frames with interval
-- offsets over date, timestamp and timestamptz keys (and PostgreSQL's errors for wrong offsets); NULLs, empty
-- partitions and tables, peers, frames at both ends, hash, replicated and round-robin tables. Within a frame the
-- values come in the window's order, so the keys here are unique but for NULLs (whose rows agree).

create table a186 (id int, g int, k bigint, v int, s text, d text, dt date, ts timestamp, tz timestamptz) distribute by hash(id);

insert into a186 values (1, 1, 9223372036854775807, 1, 'a', ',', '2024-01-01', '2024-01-01 10:00', '2024-01-01 10:00+00'), (2, 1, 9223372036854775800, null, 'b', null, '2024-01-02', '2024-01-02 09:00', '2024-01-02 09:00+00'), (3, 1, -9223372036854775808, 3, null, '-', '2024-01-05', '2024-01-02 10:00:00.5', '2024-01-02 10:00:00.5+00'), (4, 1, -9223372036854775799, 4, 'd', '+', null, null, null), (5, 1, null, 5, 'e', ';', '2024-01-03', '2024-01-04 10:00', '2024-01-04 10:00+00'), (6, 2, 0, 6, 'f', ',', '2023-12-31', '2023-12-31 23:59:59.999999', '2023-12-31 23:59:59.999999+00'), (7, 2, 5, null, 'g', '|', '2024-02-29', '2024-02-28 10:00', '2024-02-28 10:00+00'), (8, 2, 11, 8, 'h', null, '2024-03-01', '2024-03-01 00:00', '2024-03-01 00:00+00'), (9, null, 1, 9, null, ',', '2024-01-04', '2024-01-01 10:00:00.000001', '2024-01-01 10:00:00.000001+00');

create table a186_rep (id int, g int, k bigint, v int, s text, d text, dt date, ts timestamp, tz timestamptz) distribute by replication;

insert into a186_rep select * from a186;

create table a186_rr (id int, g int, k bigint, v int, s text, d text, dt date, ts timestamp, tz timestamptz) distribute by roundrobin;

insert into a186_rr select * from a186;

create table a186_empty (id int, g int, k bigint, v int, s text, d text, dt date, ts timestamp, tz timestamptz) distribute by hash(id);

-- array_agg over a RANGE offset frame of bigint keys at the type's limits: k + 10 past 9223372036854775807 takes
-- every larger value (Calcite's window gave empty arrays); NULL elements kept, the NULL key a peer of itself only
select id, array_agg(v) over (order by k range between 10 preceding and 10 following) from a186 order by id;

-- string_agg over the same frames: NULL values skipped with their delimiter
select id, string_agg(s, ',') over (order by k range between 10 preceding and 10 following) from a186 order by id;

-- descending keys, partitions (the NULL partition its own), frames at both ends
select id, array_agg(v) over (partition by g order by k desc range between 6 preceding and 9223372036854775807 following), array_agg(id) over (partition by g order by k range between unbounded preceding and 5 following) from a186 order by id;

-- NULLS FIRST, a frame that ends before the current row (empty frames are NULL)
select id, array_agg(id) over (order by k nulls first range between 20 preceding and 1 preceding), string_agg(s, '') over (order by k nulls first range between 1 following and unbounded following) from a186 order by id;

-- replicated and round-robin copies: the same frames
select id, array_agg(v) over (order by k range between 10 preceding and 10 following) from a186_rep order by id;

select id, array_agg(s) over (order by k range between current row and 10 following) from a186_rr order by id;

-- an empty table
select id, array_agg(v) over (order by k range between 10 preceding and 10 following) from a186_empty;

-- EXCLUDE CURRENT ROW | GROUP | TIES with array_agg and string_agg (0A000 before)
select id, array_agg(v) over (order by id rows between 1 preceding and 1 following exclude current row), string_agg(s, ',') over (order by id rows between 2 preceding and current row exclude current row) from a186 order by id;

select id, array_agg(id) over (partition by g order by k range between unbounded preceding and unbounded following exclude group), array_agg(id) over (partition by g order by k groups between 1 preceding and 1 following exclude ties) from a186 order by id;

select id, array_agg(id) over (order by k range between 10 preceding and 10 following exclude current row) from a186_rep order by id;

-- EXCLUDE over a partition that holds only the current row: NULL
select id, array_agg(v) over (partition by id exclude current row), string_agg(s, ',') over (partition by id exclude current row) from a186 order by id;

-- FILTER with array_agg as a window (Calcite's "OVER must be applied to aggregate function" before): the rows the
-- condition rejects are skipped, NULL values of accepted rows kept, NULL when no row of the frame passes
select id, array_agg(v) filter (where id > 2) over (order by id) from a186 order by id;

select id, array_agg(v) filter (where s is not null) over (partition by g order by id rows between 1 preceding and 1 following) from a186 order by id;

-- a condition that is NULL rejects the row
select id, array_agg(id) filter (where v > 3) over (order by k range between 10 preceding and 10 following) from a186 order by id;

-- json_agg and jsonb_agg as windows (0A000 before), with FILTER and EXCLUDE
select id, json_agg(v) over (order by id) from a186 order by id;

select id, jsonb_agg(s) over (partition by g order by id rows between 1 preceding and 1 following exclude current row) from a186 order by id;

select id, json_agg(v) filter (where v > 2) over (order by id rows between 2 preceding and current row) from a186 order by id;

-- an aggregate with ORDER BY in its arguments as a window is PostgreSQL's 0A000
select json_agg(v order by id) over () from a186;

select array_agg(v order by id) over () from a186;

select string_agg(s, ',' order by s) filter (where v > 1) over () from a186;

-- string_agg as a window with a NULL delimiter (XX000 "Unable to implement" before): the values run together
select id, string_agg(s, null) over (order by id) from a186 order by id;

-- string_agg with a per-row delimiter: each value after its own row's delimiter, the first one's dropped, a NULL
-- delimiter adds nothing
select id, string_agg(s, d) over (order by id), string_agg(s, d) over (order by id rows between 1 preceding and 1 following) from a186 order by id;

select id, string_agg(s, d) over (order by k range between 10 preceding and 10 following) from a186 order by id;

-- RANGE with interval offsets over a date key (Calcite's 42000 "Data Type mismatch between ORDER BY and RANGE
-- clause" before): a date is its midnight, NULL keys peers of each other only
select id, count(*) over (order by dt range between interval '1 day' preceding and current row), array_agg(id) over (order by dt range between interval '2 days' preceding and interval '12 hours' following) from a186 order by id;

-- descending, NULLS FIRST, in partitions
select id, sum(v) over (partition by g order by dt desc nulls first range between interval '3 days' preceding and interval '1 day' following) from a186 order by id;

-- a timestamp key with intervals of hours, microseconds and days
select id, count(*) over (order by ts range between interval '1 day' preceding and interval '1 hour' following), array_agg(id) over (order by ts range between interval '0.000001 seconds' preceding and current row) from a186 order by id;

select id, min(id) over (order by ts range between interval '23 hours 59 minutes' preceding and interval '1 day 2 hours' following) from a186_rr order by id;

-- a timestamptz key
select id, count(*) over (order by tz range between interval '1 day' preceding and current row), max(id) over (order by tz desc range between current row and interval '30 days' following) from a186 order by id;

-- interval offsets over an empty table
select id, count(*) over (order by dt range between interval '1 day' preceding and current row) from a186_empty;

-- a negative interval offset is 22013, as PostgreSQL's
select id, count(*) over (order by dt range between interval '-1 day' preceding and current row) from a186;

-- a real and a double precision key with float offsets
select id, count(*) over (order by v::float8 range between 1.5 preceding and 1.5 following), count(*) over (order by v::real range between 2.5 preceding and 0.5 following) from a186 order by id;
