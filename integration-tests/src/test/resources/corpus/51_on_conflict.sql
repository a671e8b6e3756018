-- INSERT ... ON CONFLICT on the primary key: DO NOTHING, DO UPDATE with EXCLUDED and WHERE, with RETURNING,
-- and PostgreSQL's errors.

create table ups (k int primary key, v text, n int) distribute by hash(k);

create table upsr (k int primary key, v text, n int) distribute by replication;

create table upsnk (a int, b int) distribute by hash(a);

insert into ups values (1, 'a', 1), (2, 'b', 2);

-- DO NOTHING skips the taken key and inserts the free one
insert into ups values (1, 'x', 10), (3, 'c', 3) on conflict do nothing;

-- DO NOTHING with the key as the conflict target
insert into ups values (2, 'x', 10) on conflict (k) do nothing;

-- ON CONSTRAINT names the primary key
insert into ups values (2, 'x', 10), (4, 'd', 4) on conflict on constraint ups_pkey do nothing;

-- two rows with one key in one statement: DO NOTHING keeps the first
insert into ups values (5, 'e', 5), (5, 'f', 6) on conflict do nothing;

-- DO UPDATE with EXCLUDED and the existing row
insert into ups values (1, 'y', 100), (6, 'g', 6) on conflict (k) do update set v = excluded.v || ups.v, n = ups.n + excluded.n;

-- DO UPDATE's WHERE leaves rows for which it is false
insert into ups values (1, 'z', 1), (2, 'z', 1) on conflict (k) do update set v = excluded.v where ups.n > 50;

-- RETURNING shows inserted and updated rows, not skipped ones
insert into ups values (2, 'r', 0), (7, 'h', 7) on conflict (k) do update set n = ups.n * 10 returning *, n + 1;

insert into ups values (2, 'r', 0), (8, 'i', 8) on conflict do nothing returning k, v;

-- the table after the upserts
select * from ups order by k;

-- the same key twice with DO UPDATE is 21000
insert into ups values (9, 'a', 1), (9, 'b', 2) on conflict (k) do update set v = excluded.v;

-- the failed statement left nothing behind
select count(*) from ups where k = 9;

-- a key written by an earlier statement of the transaction conflicts
begin;

insert into ups values (20, 'p', 1);

insert into ups values (20, 'q', 2) on conflict (k) do update set n = ups.n + excluded.n returning *;

commit;

select * from ups where k = 20;

-- a replicated table: the upsert is done on every copy, counted and returned once
insert into upsr values (1, 'a', 1), (2, 'b', 2);

insert into upsr values (1, 'x', 1), (3, 'c', 3) on conflict (k) do update set n = upsr.n + 1 returning *;

select * from upsr order by k;

-- no constraint on the named columns: 42P10
insert into ups values (1, 'a', 1) on conflict (v) do nothing;

-- an unknown column in the conflict target: 42703
insert into ups values (1, 'a', 1) on conflict (nosuch) do nothing;

-- DO UPDATE needs a conflict target: 42601
insert into ups values (1, 'a', 1) on conflict do update set v = 'x';

-- an unknown constraint: 42704
insert into ups values (1, 'a', 1) on conflict on constraint nope do nothing;

-- a table without a primary key: DO NOTHING without a target inserts, a target is 42P10
insert into upsnk values (1, 2) on conflict do nothing returning *;

insert into upsnk values (1, 2) on conflict (a) do nothing;
