-- Data-modifying statements in WITH (PostgreSQL 15 documentation, 7.8.4): DELETE / UPDATE / INSERT ... RETURNING
-- as WITH queries, a WITH heading an INSERT, UPDATE or DELETE, several of them in one statement; each runs once
-- and to completion, the main statement sees the tables as they were before the statement (only the RETURNING
-- rows show the changes), and everything is one transaction. Over hash, replicated and round-robin tables.

create table a168 (k int primary key, v text, n numeric(6, 2)) distribute by hash(k);
create table b168 (k int primary key, v text, n numeric(6, 2)) distribute by replication;
create table r168 (k int, v text, n numeric(6, 2)) distribute by roundrobin;
create table e168 (k int primary key, v text) distribute by hash(k);
insert into a168 values (1, 'a', 1.50), (2, 'b', null), (3, null, 3.25), (4, 'd', 4), (5, 'e', 5.5), (6, null, null);
insert into r168 values (1, 'x', 1), (1, 'x', 1), (2, null, null), (3, 'z', 3);

-- the RETURNING rows of a DELETE, read by the main query: count, the rows (NULLs kept), their names and types
with d as (delete from a168 where k < 3 returning *) select count(*) from d;
select * from a168 order by k;
with d as (delete from a168 where k = 3 returning k, v, n, n * 2 as twice) select * from d;
-- the main query reads the table as it was: the deleted row is still counted
with d as (delete from a168 where k = 4 returning k) select (select count(*) from a168) as before, (select count(*) from d) as deleted;
select count(*) from a168;
-- a DELETE that removes nothing: an empty relation with the columns still typed
with d as (delete from a168 where k > 100 returning *) select count(*), max(v), sum(n) from d;
with d as (delete from e168 returning *) select * from d;
-- RETURNING of expressions and of the column list of the WITH query
with d(key, label) as (update a168 set v = v || '!' where k >= 5 returning k, upper(v)) select * from d order by key;
select * from a168 order by k;

-- the archive idiom: rows moved from one table to another in one statement (hash to replicated)
with moved as (delete from a168 where k >= 5 returning *) insert into b168 select * from moved;
select * from a168 order by k;
select * from b168 order by k;
-- moved back with RETURNING on the main INSERT
with moved as (delete from b168 where k = 6 returning *) insert into a168 select * from moved returning k, v;
select * from b168 order by k;
-- round-robin: duplicates moved and counted
with moved as (delete from r168 where k = 1 returning k, v, n) insert into e168 select distinct k, v from moved;
select * from r168 order by k;
select * from e168 order by k;

-- INSERT ... VALUES and ON CONFLICT as the WITH query
with i as (insert into a168 values (10, 'j', 10), (11, null, null) returning *) select k, v, n from i order by k;
with i as (insert into a168 values (10, 'dup', 0) on conflict (k) do update set v = excluded.v returning k, v) select * from i;
with i as (insert into a168 values (10, 'no', 0) on conflict do nothing returning k) select count(*) from i;
with i as (insert into a168 select k + 100, v, n from a168 where k >= 10 returning k) select k from i order by k;
select * from a168 order by k;

-- several data-modifying WITH queries and a plain SELECT one in one statement
with d as (delete from a168 where k >= 100 returning k), u as (update a168 set n = 0 where k = 11 returning k, n), s as (select count(*) as c from b168) select (select count(*) from d) as deleted, (select n from u) as n, (select c from s) as c;
select * from a168 order by k;
-- a data-modifying WITH query that nothing reads still runs
with d as (delete from a168 where k = 11 returning *) select 1 as first;
with d as (delete from a168 where k = 10) select 2 as second;
select * from a168 order by k;
-- a later WITH query reading an earlier data-modifying one
with d as (delete from b168 where k = 5 returning *), x as (select k * 10 as k10 from d) select * from x;
-- a WITH of a plain query heading an INSERT
with x as (select 20 as k, 'w' as v) insert into a168 (k, v) select k, v from x;
select * from a168 order by k;

-- an UPDATE and a DELETE as the main statement, reading a data-modifying WITH query
with i as (insert into b168 values (30, 'p', 1), (31, 'q', 2) returning k) update a168 set v = 'seen' where k in (select k - 10 from i);
select * from a168 order by k;
with i as (insert into r168 values (20, 'rr', 9) returning k) delete from a168 where k in (select k from i);
select * from a168 order by k;
with i as (insert into e168 values (40, 'f') returning k, v) update b168 set v = i.v from i where b168.k = i.k - 10;
select * from b168 order by k;
with u as (update b168 set n = n + 1 where k >= 30 returning k) delete from b168 using u where b168.k = u.k and u.k = 31;
select * from b168 order by k;
-- command tags: the main statement's
with d as (delete from e168 returning *) insert into r168 (k, v) select k, v from d;
with d as (update r168 set n = 7 where k = 40 returning k) delete from e168 where k in (select k from d);
select * from r168 order by k, v;

-- errors as PostgreSQL's
-- a read of a data-modifying WITH query without RETURNING: 0A000
with d as (delete from a168 where k = 20) select * from d;
-- data-modifying WITH only at the top level: 0A000
select * from (with d as (delete from a168 where k = 20 returning *) select * from d) s;
select (with d as (delete from a168 where k = 20 returning *) select count(*) from d);
create view v168 as with d as (delete from a168 returning *) select * from d;
-- RECURSIVE is allowed when nothing recurses
with recursive d as (delete from a168 where k = 20 returning k) select * from d;
select * from a168 order by k;

-- atomicity: a failing main statement (duplicate key, division by zero) leaves the WITH query's table untouched
with d as (delete from a168 where k = 1 returning *) insert into b168 values (30, 'dup', 0);
with d as (delete from a168 returning *) select k / 0 from d;
with d as (delete from a168 returning *) insert into b168 select k, v, n from d union all select 30, 'x', 0;
select * from a168 order by k;
select * from b168 order by k;
-- a failing WITH query leaves an earlier one's rows: overflow after a delete
with d as (delete from a168 returning *), u as (update b168 set n = n * 100000 returning k) select * from d;
select * from a168 order by k;
select * from b168 order by k;

-- in a transaction block: the statement's effects stay with the block, a ROLLBACK undoes them
begin;
with d as (delete from a168 where k = 11 returning *) insert into e168 select k, v from d;
select * from e168 order by k;
select * from a168 order by k;
rollback;
select * from a168 order by k;
select * from e168 order by k;
begin;
with d as (delete from b168 where k = 30 returning *) select count(*) from b168;
select count(*) from b168;
commit;
select * from b168 order by k;

-- the RETURNING values keep their types and typmods through the main statement: varchar(n), char(n), floats,
-- booleans, dates and times, intervals, uuids, jsonb, enums, and NULLs of each
create type mood168 as enum ('sad', 'ok', 'happy');
create table t168 (k int primary key, vc varchar(5), ch char(3), f float8, b boolean, d date, ts timestamp, tz timestamptz, iv interval, u uuid, j jsonb, m mood168, big bigint) distribute by hash(k);
create table u168 (k int primary key, vc varchar(5), ch char(3), f float8, b boolean, d date, ts timestamp, tz timestamptz, iv interval, u uuid, j jsonb, m mood168, big bigint) distribute by replication;
insert into t168 values (1, 'abc', 'x', 1.5e300, true, '2024-02-29', '2024-02-29 12:34:56.789012', '2024-02-29 12:34:56+02', '1 year 2 mons 3 days 04:05:06.5', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"a": [1, 2.50, null]}', 'happy', 9223372036854775807), (2, null, null, null, null, null, null, null, null, null, null, null, null), (3, '', '', -0.1, false, '0001-01-01', '1999-12-31 23:59:59', '1970-01-01 00:00:00+00', '-1 days', '00000000-0000-0000-0000-000000000000', '"s"', 'sad', -9223372036854775808);
with d as (update t168 set f = f / 2 returning *) select * from d order by k;
with d as (update t168 set big = big + 1 where k = 1 returning k, big) select * from d;
with d as (delete from t168 where k <= 3 returning *) insert into u168 select * from d;
select * from u168 order by k;
with d as (delete from u168 returning *) select k, m, m > 'sad' as gt, j -> 'a' as ja, iv + interval '1 day' as iv1, d + 1 as d1 from d order by m, k;
select count(*) from t168;

-- a data-modifying WITH query reading a recursive WITH query before it (an INSERT's source gets the WITH)
with recursive r(n) as (select 1 union all select n + 1 from r where n < 3), i as (insert into e168 select n + 50, 'r' || n from r returning k) select count(*) from i;
select * from e168 order by k;
