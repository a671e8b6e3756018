-- A lateral sub-query that always yields one row (an aggregate without GROUP BY) keeps every outer row in an inner
-- lateral join, as in PostgreSQL: rows whose key is NULL or has no match get the aggregates of nothing (NULL for
-- max/sum, 0 for count). Calcite's decorrelator had made the inner join drop them (OneRowLateralRule).

-- k is NULL for ids 6 and 12: both rows stay, m NULL
select a.id, x.m from t_hash a, lateral (select max(b.id) as m from t_hash b where b.k = a.k) x order by a.id;

select a.id, x.m from t_hash a join lateral (select max(b.id) as m from t_hash b where b.k = a.k) x on true
order by a.id;

select a.id, x.m from t_hash a cross join lateral (select sum(b.v) as m from t_rep b where b.k = a.k + 3) x
order by a.id;

-- a non-null expression over the aggregate keeps its type; coalesce fills the unmatched rows
select a.id, x.m from t_mod a, lateral (select coalesce(max(b.id), -1) as m from t_rr b where b.k = a.k) x
order by a.id;

-- count and another aggregate together
select a.id, x.c, x.s from t_hash a, lateral (select count(*) as c, string_agg(b.s, ',' order by b.id) as s
from t_shard b where b.k = a.k) x order by a.id;

-- an ON condition still filters the inner join
select a.id, x.m from t_hash a join lateral (select max(b.id) as m from t_hash b where b.k = a.k) x
on x.m > 5 order by a.id;

-- HAVING can yield no row: the inner join drops those outer rows (no rewrite)
select a.id, x.m from t_hash a, lateral (select max(b.id) as m from t_hash b where b.k = a.k
having count(*) > 1) x order by a.id;

-- an empty outer or inner table
select a.id, x.m from t_empty a, lateral (select max(b.id) as m from t_hash b where b.k = a.k) x;

select a.id, x.m from t_hash a, lateral (select max(b.id) as m from t_empty b where b.k = a.k) x order by a.id;

-- the aggregate in a WHERE-less lateral sub-query over a grouped outer query
select a.k, x.n from (select k from t_hash group by k) a, lateral (select count(b.id) + 0 as n from t_hash b
where b.k > a.k) x order by a.k;

-- an ordered aggregate in a correlated sub-query keeps its ORDER BY after decorrelation (OrderedAggregates): the
-- sort keys used to stay at their field numbers while the decorrelator added the correlation's columns in front
select a.id, (select string_agg(b.s, ',' order by b.id desc) from t_hash b where b.k = a.k) as s from t_mod a
order by a.id;

select a.id, (select string_agg(b.s, '|' order by b.v desc nulls last, b.id) from t_rr b where b.k = a.k) as s
from t_hash a order by a.id;

select a.id, (select array_agg(b.f order by b.d nulls first, b.id) from t_rep b where b.k = a.k) as f
from t_shard a order by a.id;

select a.id, x.s, x.n from t_hash a, lateral (select string_agg(b.s, ',' order by b.f desc, b.id) as s,
count(b.s) as n from t_hash b where b.k >= a.k) x order by a.id;

-- the ordered call beside an unordered one, a DISTINCT one and a filtered one
select a.k, (select string_agg(distinct b.s, ',' order by b.s) from t_hash b where b.k = a.k) as d,
(select string_agg(b.s, ',' order by b.id) filter (where b.id > 2) from t_hash b where b.k = a.k) as f
from (select distinct k from t_hash) a order by a.k;
