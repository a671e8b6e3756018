-- ORDER BY ... LIMIT/OFFSET and bare LIMIT over one table: a top-N on each datanode (LIMIT + OFFSET rows each),
-- merged on the coordinator; a bare LIMIT stops the datanodes' scans early. Ties are broken by a unique key so the
-- expected rows are determined.

-- ascending puts NULLs last, descending first (PostgreSQL's default), on every distribution
select id, k from t_hash order by k, id limit 5;
select id, k from t_mod order by k desc, id limit 5;
select id, k from t_rr order by k desc, id desc limit 4 offset 1;
select id, k from t_rep order by k, id limit 3 offset 8;
select id, s from t_shard order by s, id limit 6;
select id, k from t_empty order by k limit 3;

-- explicit NULLS FIRST / NULLS LAST override the direction's default
select id, k from t_hash order by k nulls first, id limit 4;
select id, s from t_mod order by s desc nulls last, id limit 5;
select id, f from t_rr order by f asc nulls first, id desc limit 5;
select id, v from t_shard order by v desc nulls first, id limit 4 offset 2;

-- every sortable type as a key: numeric, float8 (with 1e10 and negatives), date, boolean, text
select id, v from t_hash order by v, id limit 5;
select id, f from t_hash order by f desc, id limit 5;
select id, d from t_mod order by d, id limit 5;
select id, b from t_rr order by b, id limit 7;
select id, s from t_hash order by s desc, id limit 7;

-- several keys, mixed directions
select k, s, id from t_hash order by k desc, s, id limit 6;
select s, v, id from t_rep order by s nulls first, v desc, id limit 6;

-- with a filter the datanodes evaluate
select id, k from t_hash where k > 1 order by k desc, id limit 3;
select id, s from t_shard where s <> 'a' order by s, id limit 3 offset 1;
select id from t_mod where b order by id desc limit 2;

-- OFFSET past the end, LIMIT 0, LIMIT larger than the table, LIMIT ALL
select id from t_hash order by id limit 5 offset 20;
select id from t_hash order by id limit 0;
select id from t_rr order by id limit 100;
select id from t_hash order by id limit all;
select id from t_hash order by id offset 10;

-- the ORDER BY column need not be in the select list
select id from t_hash order by s desc nulls last, id limit 4;

-- a bare LIMIT: the count is exact even though which rows come back is not (compared as a count)
select count(*) from (select id from t_hash limit 5) x;
select count(*) from (select id from t_rr where k is not null limit 3 offset 2) x;
select count(*) from (select * from t_empty limit 3) x;

-- negative LIMIT and OFFSET fail as in PostgreSQL
select id from t_hash order by id limit -1;
select id from t_hash order by id offset -1;

-- more rows than one batch per datanode: the merge interleaves the datanodes' sorted streams
create table order_limit_big (id int, k int, s text) distribute by hash(id);
insert into order_limit_big select g, g % 97, md5(g::text) from generate_series(1, 5000) g;
select id, k from order_limit_big order by k desc, id limit 20 offset 1500;
select id, s from order_limit_big order by s limit 10;
select k, id from order_limit_big where id % 3 = 0 order by k, id desc limit 15 offset 100;
select id from order_limit_big order by id desc limit 2000;
select count(*) from (select id from order_limit_big limit 1234) x;
drop table order_limit_big;
