-- Findings of the sqllogictest sweeps (sqlite's sqllogictest files run over pgjdbc on Tessera and on PostgreSQL,
-- bench/slt/): one case per fix, in the corpus' shared tables.

-- x IN (a subquery the planner proves empty) OR another condition keeps the rows the other condition admits: the
-- subquery's count(*) join is not a semi-join with the empty subquery (index/between, index/orderby)
select id from t_hash where k in (select k from t_hash where k between 5 and 3) or id >= 10;
select id from t_rr where (k in (select id from t_mod where id > 5 and id < 3)) or id >= 10 or s in ('c', 'd');
select id, k from t_hash where k >= 2 and (id in (select k from t_rep where f between 9 and 1) or f > 1);
-- and NOT IN of an empty subquery admits every row, NULL keys included
select id from t_mod where k not in (select k from t_hash where k > 5 and k < 3) or id = 1;
-- an aggregate without GROUP BY over an empty input is still one row when joined
select t.id, c.n from t_hash t join (select count(*) as n from t_hash where k between 5 and 3) c on true;
