-- Constant sub-expressions in filters and projections the datanodes evaluate: a call that reads no column
-- (date '2023-12-31' - interval '90' day, 1 + 2, 'a' || '%') is computed once per fragment when the datanode
-- compiles the expression, not for each row; volatile functions keep their per-row or per-statement values.
-- PushdownCorpusIT runs this file with pushdown off too.

-- Q1's bound, a timestamp compared with a date column, over every distribution method
select id, d from t_hash where d <= date '2023-12-31' - interval '90' day order by id;
select count(*) from t_mod where d > date '2023-01-01' - interval '1' day;
select count(*) from t_rr where d <= date '2024-03-31' - interval '1' month;
select count(*) from t_rep where d >= date '2000-01-01' + interval '23' year;
select count(*) from t_shard where d < date '2023-01-01' + interval '12' hour;

-- integer and numeric arithmetic of literals, in the filter and the projection
select id, k + (1 + 2), v * (3 - 1) from t_hash where k > 1 + 1 order by id;
select id, f / (2 * 2) from t_mod where v >= 10 - 2.5 order by id;
select id, -(2 + 3) + k from t_shard where k between 1 + 1 and 2 * 2 order by id;

-- text: a pattern and an IN list built from literals
select id, s || ('-' || 'x') from t_rr where s like 'a' || '%' order by id;
select id from t_hash where s in ('a' || '', 'b', 'c' || 'x') order by id;

-- NULL arithmetic folds to NULL: no row passes
select count(*) from t_hash where k > cast(null as int) + 1;
select id, coalesce(k, 2 * 3) from t_mod order by id;

-- a constant inside a date projection, and date arithmetic of a column (not constant) beside it
select id, d - interval '1' day, date '2024-01-31' + interval '1' month from t_rep where id < 4 + 1 order by id;

-- volatile functions are not folded: random() per row, now() once per transaction
select count(distinct random()) from t_hash;
select count(distinct now()) from t_hash;
select count(*) from t_hash where f < random() + 4;
