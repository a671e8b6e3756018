-- UPDATE and DELETE whose rows a query chooses: subqueries in WHERE and SET (IN, NOT IN, EXISTS, NOT EXISTS,
-- scalar, correlated or not), UPDATE ... FROM and DELETE ... USING over tables of every distribution, with
-- PostgreSQL's results, update counts and errors. Each case is followed by a read of the whole target table.

create table dsq_t (id int primary key, k int, v int, s text) distribute by hash(id);

create table dsq_src (k int, x int, tag text) distribute by hash(k);

create table dsq_rep (k int, x int) distribute by replication;

create table dsq_other (x int, k int) distribute by hash(x);

create table dsq_nokey (a int, b int) distribute by roundrobin;

insert into dsq_t select g, g % 5, g * 10, 's' || g from generate_series(1, 20) g;

insert into dsq_src values (0, 100, 'zero'), (1, 101, 'one'), (2, 102, 'two'), (2, 202, 'two again'), (null, 999, 'null');

insert into dsq_rep values (3, 33), (4, 44), (null, 0);

insert into dsq_other values (1, 1), (7, 3), (9, 4), (11, null);

insert into dsq_nokey values (1, 1), (1, 1), (2, 2), (3, null), (null, 4);

-- IN (subquery) in WHERE, target column expression evaluated per row
update dsq_t set v = v + 1 where k in (select k from dsq_src where x < 200);

select id, k, v, s from dsq_t order by id;

-- NOT IN with a NULL in the subquery's rows matches nothing (SQL's NULL rule)
update dsq_t set v = 0 where k not in (select k from dsq_src);

-- NOT IN without NULLs
update dsq_t set v = -v where k not in (select k from dsq_src where k is not null) and id > 10;

select id, k, v from dsq_t order by id;

-- correlated EXISTS
update dsq_t set s = s || '!' where exists (select 1 from dsq_rep r where r.k = dsq_t.k);

-- correlated NOT EXISTS with an alias
update dsq_t t set s = upper(s) where not exists (select 1 from dsq_src x where x.k = t.k) and t.id < 8;

select id, k, s from dsq_t order by id;

-- a scalar subquery with an aggregate in WHERE
update dsq_t set v = v * 2 where v > (select avg(v) from dsq_t);

select id, v from dsq_t order by id;

-- a correlated scalar subquery in SET; rows without a match get NULL
update dsq_t set v = (select max(x) from dsq_src where dsq_src.k = dsq_t.k) where id <= 10;

select id, k, v from dsq_t order by id;

-- an uncorrelated scalar subquery in SET, mixed with the row's own columns
update dsq_t set v = coalesce(v, 0) + (select count(*) from dsq_rep), s = s || 'x' where id > 15;

select id, v, s from dsq_t order by id;

-- a scalar subquery returning two rows is 21000
update dsq_t set v = (select x from dsq_src where k = 2) where id = 1;

-- an empty scalar subquery is NULL
update dsq_t set v = (select x from dsq_src where k = 42) where id = 2;

select id, v from dsq_t where id <= 3 order by id;

-- RETURNING of an UPDATE with a subquery
update dsq_t set v = 7 where k = (select min(k) from dsq_rep) returning id, k, v;

-- UPDATE ... FROM a hash-distributed table on another column
update dsq_t set v = dsq_src.x from dsq_src where dsq_src.k = dsq_t.k and dsq_src.x < 200;

select id, k, v from dsq_t order by id;

-- UPDATE ... FROM with the target's own column in SET
update dsq_t t set v = t.id + r.x from dsq_rep r where r.k = t.k;

select id, k, v from dsq_t order by id;

-- UPDATE ... FROM a table distributed by another column, with an alias and an extra filter on the target
update dsq_t as t set s = 'o' || o.x::text from dsq_other o where o.k = t.k and t.id between 5 and 15;

select id, k, s from dsq_t order by id;

-- UPDATE ... FROM two tables joined to each other
update dsq_t set v = dsq_rep.x + dsq_src.x from dsq_src, dsq_rep where dsq_src.k = dsq_t.k and dsq_rep.k = dsq_src.k;

select id, k, v from dsq_t order by id;

-- UPDATE ... FROM a subquery
update dsq_t set v = q.m from (select k, max(x) as m from dsq_src group by k) q where q.k = dsq_t.k;

select id, k, v from dsq_t order by id;

-- UPDATE ... FROM matching nothing
update dsq_t set v = 0 from dsq_src where dsq_src.k = dsq_t.k and dsq_src.x > 10000;

-- UPDATE ... FROM with RETURNING of the target's columns
update dsq_t set v = dsq_rep.x from dsq_rep where dsq_rep.k = dsq_t.k and dsq_t.id < 10 returning dsq_t.id, dsq_t.v;

-- DELETE with IN (subquery)
delete from dsq_t where k in (select k from dsq_rep);

select id, k from dsq_t order by id;

-- DELETE with a correlated EXISTS
delete from dsq_t where exists (select 1 from dsq_other o where o.x = dsq_t.id);

select id from dsq_t order by id;

-- DELETE ... USING
delete from dsq_t using dsq_src where dsq_src.k = dsq_t.k and dsq_src.tag = 'two';

select id, k from dsq_t order by id;

-- DELETE ... USING with RETURNING
delete from dsq_t t using dsq_src s where s.k = t.k returning t.id, t.k;

select id, k from dsq_t order by id;

-- DELETE with a scalar subquery
delete from dsq_t where v < (select max(v) from dsq_t);

select id, v from dsq_t order by id;

-- a table without a primary key: equal rows are one key, both updated
update dsq_nokey set b = b + 100 where a in (select k from dsq_src);

select a, b from dsq_nokey;

-- UPDATE ... FROM on a table without a key, NULLs in the row
update dsq_nokey set b = 0 from dsq_other where dsq_other.x = dsq_nokey.a;

select a, b from dsq_nokey;

-- DELETE ... USING on a table without a key
delete from dsq_nokey using dsq_rep where dsq_rep.k = dsq_nokey.a or dsq_nokey.b is null;

select a, b from dsq_nokey;

-- UPDATE ... FROM assigning the primary key (the distribution column): each row moves to its new key and datanode
create table dsq_keys (id int primary key, v text) distribute by hash(id);

create table dsq_move (k int, d int) distribute by replication;

insert into dsq_keys select g, 'v' || g from generate_series(1, 8) g;

insert into dsq_move values (1, 100), (2, 200), (5, 500);

update dsq_keys set id = dsq_keys.id + m.d from dsq_move m where m.k = dsq_keys.id;

select id, v from dsq_keys order by id;

-- a subquery choosing the rows whose key changes, with RETURNING
update dsq_keys set id = id * 1000, v = v || '!' where id in (select k + d from dsq_move) returning id, v;

select id, v from dsq_keys order by id;

-- a new key that is taken is 23505, and nothing changes
update dsq_keys set id = (select min(id) from dsq_keys) where id = (select max(id) from dsq_keys);

select id, v from dsq_keys order by id;

-- an unknown column of a FROM item
update dsq_t set v = dsq_src.nope from dsq_src where dsq_src.k = dsq_t.k;

-- an unknown FROM table
delete from dsq_t using dsq_missing where dsq_missing.k = dsq_t.k;
