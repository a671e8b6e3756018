-- array_agg as PostgreSQL's (issue 11): it keeps NULL inputs (it is not strict, unlike Calcite's ARRAY_AGG), it is
-- NULL over no rows (not an empty array), ORDER BY in its arguments orders the array, DISTINCT keeps one NULL and
-- sorts the array, FILTER drops rows before they reach it. Every array is ordered inside the aggregate: without
-- ORDER BY, the order of a distributed table's rows is the order the datanodes answer in. The cases run on every
-- distribution method and, as the whole corpus, with pushdown on and off (PushdownCorpusIT).

-- NULL inputs stay, on constants
select array_agg(x) as a from (values (1), (null), (3)) v(x);

select array_agg(x) as a from (values (null::int), (null)) v(x);

-- integer, numeric, text, float8, date and boolean elements with their NULLs, in id order
select array_agg(k order by id) as k, array_agg(v order by id) as v, array_agg(s order by id) as s
from t_hash;

select array_agg(f order by id) as f, array_agg(d order by id) as d, array_agg(b order by id) as b
from t_mod;

select array_agg(k order by id) as k, array_agg(s order by id desc) as s from t_rr;

select array_agg(v order by id) as v, array_agg(b order by id) as b from t_rep;

select array_agg(s order by id) as s, array_agg(k order by id) as k from t_shard;

-- ordered by another column, NULL keys last ascending and first descending, as in PostgreSQL
select array_agg(id order by k, id) as by_k, array_agg(id order by k desc, id) as by_k_desc,
    array_agg(k order by s nulls first, id) as by_s
from t_hash;

-- one array per group; the NULL group gets its own, and a group of NULL values is {NULL,...}
select k, array_agg(s order by id) as s, array_agg(v order by id) as v from t_hash group by k order by k;

select s, array_agg(k order by id) as k from t_shard group by s order by s;

-- DISTINCT keeps one NULL and sorts the elements, NULL last
select array_agg(distinct k) as k, array_agg(distinct s) as s, array_agg(distinct b) as b from t_hash;

select array_agg(distinct v) as v from t_rr;

select array_agg(distinct k order by k desc) as k_desc, array_agg(distinct s order by s nulls first) as s
from t_mod;

select k, array_agg(distinct s) as s from t_rep group by k order by k;

-- DISTINCT beside a plain aggregate
select array_agg(distinct k) as k, count(*) as n, array_agg(id order by id) as ids from t_hash;

-- FILTER decides which rows reach the array; NULLs that pass stay
select array_agg(k order by id) filter (where id > 4) as k, array_agg(s order by id) filter (where b) as s,
    array_agg(s order by id) filter (where b is null) as s_unknown
from t_hash;

-- a FILTER nothing passes gives NULL, per group too
select array_agg(k) filter (where id > 100) as no_rows from t_hash;

select k, array_agg(id order by id) filter (where s = 'a') as a_ids from t_mod group by k order by k;

-- no rows: NULL, not an empty array; with GROUP BY, no groups
select array_agg(k) as k, array_agg(s) as s, array_agg(distinct v) as v from t_empty;

select array_agg(k) as k from t_hash where id > 100;

select k, array_agg(s) as s from t_empty group by k;

-- cardinality and subscripts of an aggregated array count and reach its NULLs
select cardinality(array_agg(k)) as n, (array_agg(k order by id))[6] as sixth,
    array_length(array_agg(s), 1) as len
from t_hash;

-- over a join and over a subquery
select array_agg(a.s order by a.id) as s from t_hash a join t_mod b on a.id = b.id where b.k is null or b.k > 3;

select array_agg(x order by x nulls first) as x from (select k * 2 as x from t_rr) q;

-- timestamp, timestamptz and float4 elements print as their types do
select array_agg(x order by x) as ts, array_agg(x::timestamptz order by x) as tstz, array_agg(y order by y) as r
from (values (timestamp '2024-01-01 10:00:00', 1.5::real), (null, null), (timestamp '2023-05-06 00:00:00.25', 2::real)) v(x, y);
