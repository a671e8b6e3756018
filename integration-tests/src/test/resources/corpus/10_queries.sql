-- Query shapes over every distribution: the answer must not depend on where the rows live.

-- a full scan returns every row once
select * from t_hash;
select * from t_mod;
select * from t_rr;
select * from t_rep;
select * from t_shard;
select * from t_empty;

-- filters on the distribution key and on other columns, with NULLs
select id, k from t_hash where id = 3;
select id, k from t_mod where id = 7;
select id, s from t_shard where s = 'a';
select id from t_rr where k is null;
select id from t_rep where k <> 1;
select id from t_hash where k in (1, 3, null);
select id from t_mod where k not in (1, 3);
select id from t_shard where b is not true;

-- aggregates with duplicates and NULLs
select count(*), count(k), count(distinct k), sum(k), min(k), max(k) from t_hash;
select count(*), count(k), count(distinct k), sum(k), min(k), max(k) from t_rr;
select count(*), count(k), sum(k), min(s), max(s), bool_and(b), bool_or(b) from t_empty;
select k, count(*), sum(v), min(s) from t_mod group by k;
select s, count(*) from t_shard group by s having count(*) > 1;
select b, count(*) from t_rep group by b order by b nulls first;
select string_agg(s, ',' order by s) from t_hash;

-- ORDER BY with NULLs last ascending and first descending, LIMIT/OFFSET
select id, k from t_hash order by k, id;
select id, k from t_mod order by k desc, id;
select id, s from t_rr order by s nulls first, id limit 4;
select id from t_shard order by id limit 3 offset 2;
select id, f from t_rep order by f desc nulls last, id limit 5;

-- DISTINCT and set operations
select distinct k from t_hash;
select distinct s, b from t_rr;
select k from t_hash union select k from t_mod;
select k from t_hash union all select k from t_empty;
select k from t_rr intersect select k from t_rep;
select k from t_shard except select k from t_mod where k > 2;

-- joins between every pair of distributions, including on NULL keys and empty sides
select a.id, b.id from t_hash a join t_mod b on a.k = b.k;
select a.id, b.id from t_hash a join t_rep b on a.id = b.id;
select a.id, b.s from t_rr a left join t_shard b on a.k = b.id;
select a.id, b.id from t_shard a right join t_empty b on a.id = b.id;
select a.id, b.id from t_mod a full join t_rr b on a.id = b.k + 10;
select a.id, b.id from t_hash a left join t_empty b on a.id = b.id;
select count(*) from t_hash a cross join t_rep b;
select a.s, count(*) from t_hash a join t_mod b on a.s = b.s group by a.s;

-- subqueries: IN, EXISTS, NOT IN with NULLs, scalar
select id from t_hash where k in (select k from t_rr where s = 'a');
select id from t_mod m where exists (select 1 from t_rep r where r.id = m.k);
select id from t_rr where k not in (select k from t_mod where id < 4);
select id from t_rr where k not in (select k from t_mod);
select id, (select max(v) from t_rep r where r.k = h.k) from t_hash h;

-- expressions in the select list and CASE
select id, case when k > 2 then 'big' when k is null then 'none' else 'small' end from t_hash;
select id, coalesce(s, '?'), nullif(k, 1) from t_mod;

-- window functions
select id, k, row_number() over (partition by k order by id) from t_hash;
select id, sum(id) over (order by id rows between 1 preceding and current row) from t_rr;
