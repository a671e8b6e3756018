-- EXISTS, NOT EXISTS, IN and NOT IN in WHERE run as semi and anti hash joins on the datanodes: co-located on the
-- distribution keys, or with one side redistributed or broadcast. NOT IN keeps SQL's NULL rules: a NULL in the
-- sub-query makes it UNKNOWN for every row, an empty sub-query makes it TRUE even for a NULL value. Tables of every
-- distribution, NULL keys, duplicates and an empty table.

create table s61_a (id int, k int, s text) distribute by hash(id);
create table s61_b (id int, k int, s text) distribute by hash(id);
create table s61_nn (id int, k int, s text) distribute by hash(id);
create table s61_rep (id int, k int, s text) distribute by replication;
create table s61_rr (id int, k int, s text) distribute by roundrobin;
create table s61_m (id int, k int, s text) distribute by modulo(k);
create table s61_empty (id int, k int, s text) distribute by hash(id);
create table s61_big (id int, k int, s text) distribute by hash(id);
insert into s61_a values (1, 1, 'a'), (2, 1, 'b'), (3, 2, 'a'), (4, null, 'c'), (5, 3, null), (6, 3, 'd'),
  (7, 10, 'e'), (null, 2, 'n1'), (null, null, 'n2'), (8, 4, 'f'), (9, 5, 'a'), (10, 5, 'g');
insert into s61_b values (1, 1, 'x'), (1, 2, 'y'), (2, 5, 'x'), (3, null, 'z'), (6, 3, 'x'), (11, 1, 'w'),
  (null, 1, 'nb'), (12, null, null), (9, 9, 'a'), (9, 4, 'b');
insert into s61_nn values (1, 1, 'x'), (2, 5, 'y'), (6, 3, 'x'), (11, 1, 'w'), (9, 9, 'a');
insert into s61_rep select * from s61_b;
insert into s61_rr select * from s61_b;
insert into s61_m select * from s61_b;
insert into s61_big select g, case when g % 10 = 0 then null else g % 13 end, 's' || (g % 3)
  from generate_series(1, 600) g;
analyze s61_a;
analyze s61_b;
analyze s61_big;
analyze s61_empty;

-- EXISTS / NOT EXISTS on the distribution keys (co-located)
select a.id, a.s from s61_a a where exists (select 1 from s61_b b where b.id = a.id);
select a.id, a.s from s61_a a where not exists (select 1 from s61_b b where b.id = a.id);
select a.id from s61_a a where exists (select * from s61_b b where a.id = b.id and b.s = 'x');

-- on another column: redistributed, or the small side broadcast
select a.id, a.k from s61_a a where exists (select 1 from s61_b b where b.k = a.k);
select a.id, a.k from s61_a a where not exists (select 1 from s61_b b where b.k = a.k);
select g.id from s61_big g where exists (select 1 from s61_a a where a.k = g.k);
select g.id from s61_big g where not exists (select 1 from s61_a a where a.k = g.k);
select a.id from s61_a a where exists (select 1 from s61_big g where g.k = a.k);
select a.id from s61_a a where not exists (select 1 from s61_big g where g.k = a.k and g.id > 500);

-- a correlation beside the keys decides matches (the join filter), for semi and anti joins
select a.id, a.k from s61_a a where exists (select 1 from s61_b b where b.k = a.k and b.id > a.id);
select a.id, a.k from s61_a a where not exists (select 1 from s61_b b where b.k = a.k and b.s < a.s);
select a.id from s61_a a where not exists (select 1 from s61_b b where b.id = a.id and (b.s = a.s or b.s is null));

-- no equality to hash on: the semi or anti join stays on the coordinator, with the same answer
select a.id, a.k from s61_a a where not exists (select 1 from s61_b b where b.k > a.k);
select a.id from s61_a a where exists (select 1 from s61_b b where b.k = a.k or b.id = a.id);

-- two correlated keys
select a.id from s61_a a where exists (select 1 from s61_b b where b.id = a.id and b.k = a.k);
select a.id from s61_a a where not exists (select 1 from s61_b b where b.id = a.id and b.k = a.k);

-- IN / NOT IN: a NULL in the sub-query makes NOT IN drop every row; without NULLs, a NULL value is dropped
select a.id from s61_a a where a.id in (select id from s61_b);
select a.id, a.k from s61_a a where a.k in (select k from s61_b);
select a.id from s61_a a where a.id not in (select id from s61_b);
select a.id from s61_a a where a.id not in (select id from s61_b where id is not null);
select a.id, a.k from s61_a a where a.k not in (select k from s61_b);
select a.id, a.k from s61_a a where a.k not in (select k from s61_nn);
select a.id, a.k from s61_a a where a.k not in (select k from s61_b where k is not null);
select g.id from s61_big g where g.k not in (select k from s61_nn);
select a.id from s61_a a where a.k not in (select k from s61_big where k is not null);

-- an empty sub-query: IN is FALSE, NOT IN TRUE for every row, NULLs included; NOT EXISTS keeps every row
select a.id from s61_a a where a.id in (select id from s61_empty);
select a.id, a.k from s61_a a where a.k not in (select k from s61_empty);
select a.id, a.k from s61_a a where a.k not in (select k from s61_b where k > 100);
select a.id from s61_a a where not exists (select 1 from s61_empty e where e.k = a.k);
select count(*) from s61_empty e where e.k not in (select k from s61_a);

-- a replicated, round-robin or modulo sub-query table
select a.id from s61_a a where exists (select 1 from s61_rep r where r.k = a.k);
select a.id from s61_a a where not exists (select 1 from s61_rep r where r.k = a.k);
select a.id from s61_a a where a.k not in (select k from s61_rep where k is not null);
select a.id from s61_a a where exists (select 1 from s61_rr r where r.id = a.id);
select a.id from s61_a a where not exists (select 1 from s61_rr r where r.k = a.k);
select a.id from s61_a a where a.k in (select k from s61_m);
select a.id from s61_a a where not exists (select 1 from s61_m m where m.k = a.k);
select r.id, r.k from s61_rep r where not exists (select 1 from s61_a a where a.k = r.k);
select r.id from s61_rep r where r.k not in (select k from s61_nn);

-- several sub-queries and plain conditions in one WHERE
select a.id from s61_a a where a.k > 1 and exists (select 1 from s61_b b where b.k = a.k)
  and not exists (select 1 from s61_rep r where r.id = a.id);
select a.id from s61_a a where a.id in (select id from s61_b) and a.k not in (select k from s61_nn)
  and a.s is not null;
select a.id from s61_a a where exists (select 1 from s61_b b where b.id = a.id) or a.k = 10;
select a.id from s61_a a where not (a.k in (select k from s61_nn));

-- a sub-query that is itself a join, or carries its own sub-query
select a.id from s61_a a where exists (select 1 from s61_b b join s61_nn n on b.id = n.id where b.k = a.k);
select a.id from s61_a a where not exists (select 1 from s61_b b where b.k = a.k
  and not exists (select 1 from s61_nn n where n.id = b.id));

-- aggregates, ORDER BY ... LIMIT and joins above a semi or anti join
select count(*), sum(g.k) from s61_big g where exists (select 1 from s61_a a where a.k = g.k);
select g.s, count(*) from s61_big g where not exists (select 1 from s61_b b where b.k = g.k) group by g.s;
select g.id, g.k from s61_big g where g.k not in (select k from s61_nn) order by g.id desc limit 5;
select a.id, b.s from s61_a a join s61_b b on a.id = b.id where not exists (select 1 from s61_nn n where n.k = b.k);

-- the statement's own uncommitted rows are seen on both sides
begin;
insert into s61_b values (100, 100, 'own');
insert into s61_a values (100, 100, 'own'), (101, 101, 'own');
select a.id from s61_a a where exists (select 1 from s61_b b where b.k = a.k) and a.id >= 100;
select a.id from s61_a a where not exists (select 1 from s61_b b where b.k = a.k) and a.id >= 100;
rollback;
