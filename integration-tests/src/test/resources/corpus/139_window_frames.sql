-- Window functions as PostgreSQL computes them (WindowFunctionRewrites): nth_value is NULL while the frame holds
-- fewer than n rows; percent_rank and cume_dist (double precision) exist; every case over NULLs, peers (equal
-- ORDER BY values), partitions of one row and an empty table.

-- the default frame (RANGE UNBOUNDED PRECEDING to the current row's last peer): NULL until the 2nd row
select id, nth_value(v, 2) over (order by id) as n2 from t_hash order by id;

select id, nth_value(s, 3) over (partition by k order by id) as n3 from t_mod order by id;

-- explicit ROWS frames, ones that start after the partition's first row, and peers under RANGE
select id, nth_value(id, 2) over (order by id rows between 1 preceding and current row) as a,
nth_value(id, 2) over (order by id rows between current row and 2 following) as b,
nth_value(k, 2) over (order by k range between unbounded preceding and current row) as c
from t_hash order by id;

select id, nth_value(v, 1) over (order by id rows between unbounded preceding and unbounded following) as a
from t_rr order by id;

-- percent_rank: (rank - 1) / (rows - 1), 0 in a partition of one row; ties share a rank
select id, k, percent_rank() over (order by k) as pr from t_hash order by id;

select id, k, percent_rank() over (partition by k order by v) as pr from t_shard order by id;

select id, percent_rank() over (partition by id order by k) as pr from t_rep order by id;

-- cume_dist: rows up to the current row's last peer / rows, NULLs sorted last as PostgreSQL
select id, k, cume_dist() over (order by k) as cd from t_hash order by id;

select id, k, cume_dist() over (partition by k order by s desc nulls first) as cd from t_mod order by id;

select id, cume_dist() over (order by k), percent_rank() over (order by k), rank() over (order by k),
row_number() over (order by id) from t_rr order by id;

-- over no rows
select id, nth_value(id, 2) over (order by id), percent_rank() over (order by id), cume_dist() over (order by id)
from t_empty;

-- inside expressions and with other aggregates of the same window
select id, round((percent_rank() over (order by k))::numeric, 4) as pr, count(*) over (order by k) as c
from t_hash order by id;

-- lead/lag with a default of another type that the value's type holds exactly
select id, lead(v, 2, 0) over (order by id) as a, lag(v, 1, -1.5) over (order by id) as b,
lag(id::bigint, 3, 0) over (order by id) as c from t_hash order by id;

select id, lag(s, 1, 'none') over (partition by k order by id) as p from t_mod order by id;
