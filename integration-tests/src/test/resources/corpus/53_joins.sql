-- Joins run on the datanodes when their tables are co-located (hashed on the join keys over the same shard map, or
-- one side replicated where the join allows it), on the coordinator otherwise: the rows must be PostgreSQL's
-- either way. Tables of every distribution with NULL join keys, duplicates, a skewed key and an empty table.

create table j53_a (id int, k int, s text) distribute by hash(id);
create table j53_b (id int, k int, s text) distribute by hash(id);
create table j53_bk (id int, k int, s text) distribute by hash(k);
create table j53_m1 (id int, k int, s text) distribute by modulo(id);
create table j53_m2 (id int, k int, s text) distribute by modulo(id);
create table j53_rr (id int, k int, s text) distribute by roundrobin;
create table j53_rep (id int, k int, s text) distribute by replication;
create table j53_sh (id int, k int, s text) distribute by shard(id);
create table j53_ts (id int, k int, s text) distribute by shard(s);
create table j53_empty (id int, k int, s text) distribute by hash(id);
insert into j53_a values (1, 1, 'a'), (2, 1, 'b'), (3, 2, 'a'), (4, null, 'c'), (5, 3, null), (6, 3, 'd'),
  (7, 10, 'e'), (null, 2, 'n1'), (null, null, 'n2'), (8, 4, 'f'), (9, 5, 'a'), (10, 5, 'g');
insert into j53_b values (1, 1, 'x'), (1, 2, 'y'), (2, 5, 'x'), (3, null, 'z'), (6, 3, 'x'), (11, 1, 'w'),
  (null, 1, 'nb'), (12, null, null), (9, 9, 'a'), (9, 4, 'b');
insert into j53_b select 3, g, 'skew' from generate_series(1, 40) g;
insert into j53_bk select id, k, s from j53_b;
insert into j53_m1 select * from j53_a;
insert into j53_m2 select * from j53_b;
insert into j53_rr select * from j53_b;
insert into j53_rep select * from j53_b;
insert into j53_sh select * from j53_b;
insert into j53_ts select * from j53_a;

-- inner / left / right / full on the distribution key of two hash tables (co-located)
select a.id, a.k, a.s, b.k, b.s from j53_a a join j53_b b on a.id = b.id;
select a.id, a.s, b.id, b.s from j53_a a left join j53_b b on a.id = b.id;
select a.id, a.s, b.id, b.s from j53_a a right join j53_b b on a.id = b.id;
select a.id, a.s, b.id, b.s from j53_a a full join j53_b b on a.id = b.id;

-- a residual condition beside the key, in every join type: it decides matches, never drops outer rows
select a.id, a.k, b.k from j53_a a join j53_b b on a.id = b.id and a.k < b.k;
select a.id, a.k, b.k from j53_a a left join j53_b b on a.id = b.id and a.k < b.k;
select a.id, a.k, b.k from j53_a a right join j53_b b on a.id = b.id and a.k < b.k;
select a.id, a.k, b.k from j53_a a full join j53_b b on a.id = b.id and a.k < b.k;
select a.id, b.s from j53_a a join j53_b b on a.id = b.id and (a.s = b.s or b.s is null);

-- two keys, one of them the distribution key
select a.id, a.k, b.s from j53_a a join j53_b b on a.id = b.id and a.k = b.k;
select a.id, a.k, b.s from j53_a a full join j53_b b on a.id = b.id and a.k = b.k;

-- WHERE filters on either side and on the joined row; IS NULL after an outer join finds the unmatched rows
select a.id, b.k from j53_a a join j53_b b on a.id = b.id where b.k > 2 and a.s <> 'z';
select a.id, a.s from j53_a a left join j53_b b on a.id = b.id where b.id is null;
select b.id, b.s from j53_a a right join j53_b b on a.id = b.id where a.id is null;
select a.id, b.id from j53_a a full join j53_b b on a.id = b.id where a.k = 3 or b.k = 9;

-- semi and anti joins: EXISTS, NOT EXISTS, IN, NOT IN (with PostgreSQL's NULL rule for NOT IN)
select a.id, a.s from j53_a a where exists (select 1 from j53_b b where b.id = a.id);
select a.id, a.s from j53_a a where not exists (select 1 from j53_b b where b.id = a.id);
select a.id, a.s from j53_a a where exists (select 1 from j53_b b where b.id = a.id and b.k > a.k);
select a.id from j53_a a where a.id in (select id from j53_b);
select a.id from j53_a a where a.id not in (select id from j53_b where id is not null);
select a.id from j53_a a where a.id not in (select id from j53_b);

-- modulo with modulo, shard with hash (one placement function), hash on k joined on k
select a.id, b.k from j53_m1 a join j53_m2 b on a.id = b.id;
select a.id, b.s from j53_m1 a left join j53_m2 b on a.id = b.id;
select a.id, b.k from j53_a a join j53_sh b on a.id = b.id;
select a.id, b.k from j53_a a full join j53_sh b on a.id = b.id;
select a.id, b.id, b.k from j53_a a join j53_bk b on a.id = b.k;
select a.id, b.id, b.k from j53_a a left join j53_bk b on a.id = b.k;

-- a replicated side: pushed where its unmatched rows are not returned, on the coordinator where they are
select a.id, r.s from j53_a a join j53_rep r on a.k = r.k;
select a.id, r.s from j53_a a left join j53_rep r on a.k = r.k;
select a.id, r.s from j53_rep r right join j53_a a on a.k = r.k;
select r.id, r.s, a.id from j53_rep r left join j53_a a on a.k = r.k;
select a.id, r.id from j53_a a full join j53_rep r on a.k = r.k;
select a.id from j53_a a where exists (select 1 from j53_rep r where r.k = a.k);
select a.id from j53_a a where not exists (select 1 from j53_rep r where r.k = a.k);
select x.id, r.s from j53_rr x join j53_rep r on x.id = r.id;
select r1.id, r2.k from j53_rep r1 join j53_rep r2 on r1.id = r2.id and r1.k = r2.k;

-- not co-located: another column, mixed distributions, round robin, text shard key
select a.id, b.id from j53_a a join j53_b b on a.k = b.k;
select a.id, b.id from j53_a a left join j53_b b on a.k = b.k;
select a.id, m.id from j53_a a join j53_m2 m on a.id = m.id;
select a.id, x.s from j53_a a join j53_rr x on a.id = x.id;
select a.id, t.id from j53_a a join j53_ts t on a.s = t.s;
select a.id, t.k from j53_ts a join j53_ts t on a.s = t.s;

-- an empty side
select a.id, e.id from j53_a a join j53_empty e on a.id = e.id;
select a.id, e.id from j53_a a left join j53_empty e on a.id = e.id;
select a.id, e.id from j53_empty e right join j53_a a on a.id = e.id;
select a.id, e.id from j53_a a full join j53_empty e on a.id = e.id;
select count(*) from j53_empty e join j53_a a on a.id = e.id;

-- not co-located, shapes chosen by ANALYZE's row counts: a small side broadcast to every datanode of the big side,
-- or only the side not hashed on its join key moved (by the other's shard map); NULL keys and an empty side
create table j53_big (id int, k int, s text) distribute by hash(id);
create table j53_small (id int, k int, s text) distribute by hash(id);
insert into j53_big select g, case when g % 10 = 0 then null else g % 37 end, 'g' || (g % 5)
  from generate_series(1, 2000) g;
insert into j53_small values (1, 3, 'x'), (2, 3, 'y'), (3, null, 'z'), (4, 36, 'w'), (5, 99, 'v'), (null, 5, 'n'),
  (7, 1998, 'm');
analyze j53_big;
analyze j53_small;
analyze j53_empty;

-- the small side broadcast (k is neither table's distribution column): its unmatched rows are never returned
select g.id, g.k, s.s from j53_big g join j53_small s on g.k = s.k;
select g.id, s.id from j53_big g left join j53_small s on g.k = s.k;
select g.id, s.id from j53_small s right join j53_big g on g.k = s.k;
select count(*), count(s.id) from j53_big g left join j53_small s on g.k = s.k and g.id > s.id;
select g.s, count(*), sum(s.id) from j53_big g join j53_small s on g.k = s.k group by g.s;
select g.id from j53_big g where g.k in (select k from j53_small);
select g.id from j53_big g where exists (select 1 from j53_small s where s.k = g.k);

-- the small side's unmatched rows are returned: both sides redistributed instead
select g.id, s.id from j53_small s left join j53_big g on g.k = s.k;
select g.id, s.id from j53_big g full join j53_small s on g.k = s.k;

-- one side moved: j53_big is hashed on id, j53_small's rows go to the datanode of j53_big's shard of their k
select g.id, g.s, s.id from j53_big g join j53_small s on g.id = s.k;
select g.id, s.id from j53_big g right join j53_small s on g.id = s.k;
select g.id, s.id from j53_big g full join j53_small s on g.id = s.k where g.id is null or g.id > 1990;
select s.id, g.s from j53_small s left join j53_big g on g.id = s.k;
select a.id, g.k from j53_a a join j53_big g on g.id = a.k;

-- an empty side
select g.id, e.id from j53_big g left join j53_empty e on g.k = e.k;
select g.id, e.id from j53_empty e full join j53_big g on g.k = e.k;
select count(*) from j53_big g join j53_empty e on g.k = e.k;

-- three tables on one key
select a.id, b.k, c.k from j53_a a join j53_b b on a.id = b.id join j53_sh c on c.id = b.id;
select a.id, b.k, c.k from j53_a a left join j53_b b on a.id = b.id left join j53_sh c on c.id = a.id;

-- aggregates over a co-located join: partial on the datanodes, merged on the coordinator
select count(*), sum(b.k), min(b.s), max(a.s) from j53_a a join j53_b b on a.id = b.id;
select a.id, count(*), sum(b.k), avg(b.k) from j53_a a join j53_b b on a.id = b.id group by a.id;
select b.s, count(a.id), count(*) from j53_a a right join j53_b b on a.id = b.id group by b.s;
select a.k, count(b.id) from j53_a a left join j53_b b on a.id = b.id group by a.k;
select count(*) from j53_a a full join j53_b b on a.id = b.id;
select count(*), sum(a.k) from j53_a a join j53_empty e on a.id = e.id;
select a.id, count(*) from j53_a a join j53_b b on a.id = b.id group by a.id having count(*) > 1;

-- ORDER BY ... LIMIT over a co-located join: a top-N on each datanode, merged (ties broken so rows are fixed)
select a.id, b.k, b.s from j53_a a join j53_b b on a.id = b.id order by b.k desc, a.id, b.s limit 5;
select a.id, b.k from j53_a a left join j53_b b on a.id = b.id order by b.k nulls first, a.id limit 4 offset 2;
select a.id, b.k from j53_a a join j53_b b on a.id = b.id order by a.id, b.k limit 3;
select count(*) from (select a.id from j53_a a join j53_b b on a.id = b.id limit 7) x;
select a.id, count(*) from j53_a a join j53_b b on a.id = b.id group by a.id order by count(*) desc, a.id limit 3;

-- parameters-free expressions in the select list stay correct above a pushed join
select a.id + b.k, a.s || coalesce(b.s, '-') from j53_a a join j53_b b on a.id = b.id;

-- inside a transaction, a pushed join sees the transaction's own uncommitted rows on both sides (as its scans would)
begin;
insert into j53_a values (100, 1, 'own'), (101, 2, 'own');
insert into j53_b values (100, 7, 'own'), (102, 8, 'own');
select a.id, a.s, b.k, b.s from j53_a a join j53_b b on a.id = b.id where a.s = 'own' or b.s = 'own';
select a.id, b.id from j53_a a full join j53_b b on a.id = b.id where a.id >= 100 or b.id >= 100;
select count(*), sum(b.k) from j53_a a join j53_b b on a.id = b.id;
rollback;
select count(*), sum(b.k) from j53_a a join j53_b b on a.id = b.id;
