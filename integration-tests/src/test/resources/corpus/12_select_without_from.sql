-- SELECT without FROM may still have WHERE, GROUP BY and HAVING (one row, kept or filtered), and any SELECT may have
-- an empty target list: rows of no columns, one per row of its FROM clause.

-- WHERE without FROM keeps or drops the single row
select 1 where false;
select 1 as x, 'a' as y where true;
select 1 where 1 > 2 or null;

-- aggregates over the single row or none
select count(*) where false;
select count(*), max(2) where true;
select 1 group by 1 having false;
select count(*) having count(*) > 0;

-- aggregates over a table with a false filter: count 0, the rest NULL
select count(*), sum(id), avg(v), min(s), max(d), bool_and(b) from t_hash where false;
select k, count(*) from t_hash where false group by k;

-- an empty target list: no columns, as many rows as the FROM clause has
select;
select where true;
select where false;
select from t_hash;
select from t_hash where k = 1;
select from t_empty;

-- a subquery with an empty target list
select exists (select from t_hash where k = 2), exists (select from t_empty);
select count(*) from (select from t_hash) s;
