-- Aggregates over computed arguments, pushed to the datanodes as a partial aggregation over a fragment that
-- computes them (TPC-H Q1's sum(l_extendedprice * (1 - l_discount))): the expressions must mean on the datanodes
-- what they mean in PostgreSQL — numeric scale, integer division and overflow, NULL propagation, CASE, COALESCE —
-- over every distribution method, with filters, group keys that are expressions, joins, and an empty table.
-- PushdownCorpusIT runs this file with pushdown off too.

-- numeric products and differences keep PostgreSQL's exact scale; avg of an expression divides as numeric
select sum(v * (1 - v / 100)), avg(v * 2), min(v - 1), max(v + 0.005), count(v * 0) from t_hash;

-- the same over a modulo, a round-robin, a replicated and a shard table
select sum(v * (1 - v / 100)), avg(v * 2), count(v + 1) from t_mod;
select sum(v * (1 - v / 100)), avg(v * 2), count(v + 1) from t_rr;
select sum(v * (1 - v / 100)), avg(v * 2), count(v + 1) from t_rep;
select sum(v * (1 - v / 100)), avg(v * 2), count(v + 1) from t_shard;

-- integer arithmetic: division truncates, sum of int products widens to bigint
select sum(id * k), sum(id / 2), avg(id % 3), min(k * -1), max(id - k) from t_hash;

-- float arithmetic and NULL propagation
select sum(f * 2), avg(f + 1), max(f / 4), count(f - f) from t_hash;

-- CASE and COALESCE as arguments (Q8's and Q12's shapes)
select sum(case when b then v else 0 end), sum(case when k = 1 then 1 else 0 end), sum(coalesce(v, 0) * 2)
  from t_hash;

-- a filter below the computed projection, with the group key a plain column
select k, sum(v * (1 + 0.5)), count(*) from t_hash where id > 2 group by k;

-- group keys that are expressions themselves
select k % 2, sum(id * 10), avg(v - 1) from t_hash group by k % 2;
select extract(year from d), sum(v * 3) from t_hash group by extract(year from d);

-- a range filter on a date and a computed sum (Q6's shape)
select sum(v * f) from t_hash where d >= date '2000-01-01' and d < date '2024-01-01' and v between -5 and 20;

-- over a co-located join (both hashed by id) and a join with a replicated table
select sum(a.v * (1 - b.v / 1000)), count(a.k + b.k) from t_hash a join t_hash b on a.id = b.id;
select a.k, sum(a.v * r.f) from t_hash a join t_rep r on a.id = r.id group by a.k;

-- over a join that is not co-located (on k): the rows are redistributed, the sum stays exact
select sum(a.id * b.id), avg(a.v + b.v) from t_hash a join t_mod b on a.k = b.k;

-- an empty table: sum and avg NULL, count 0
select sum(v * 2), avg(id + 1), count(id * 2) from t_empty;

-- an error on some row is raised wherever it is computed: division by zero, integer overflow
select sum(id / (k - k)) from t_hash where k is not null;
select sum(id * 2147483647) from t_hash;
