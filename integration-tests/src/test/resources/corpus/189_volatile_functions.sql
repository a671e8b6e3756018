-- 189: volatile functions are evaluated once per call and per row: two equal calls in one statement are two
-- values (random(), gen_random_uuid(), clock_timestamp(), the advisory lock functions), on the coordinator and
-- over distributed tables, in WHERE, UPDATE SET, INSERT ... SELECT and DEFAULT; setseed makes the session's
-- random() sequence repeatable; void functions are of type void. Every invariant holds whatever values are drawn
-- (a failure needs two equal random doubles, probability about 2^-52 per pair).

-- two calls of random() in one expression are two values
select random() = random();

-- the same, negated
select random() <> random();

-- each row draws its own value
select count(distinct random()) from generate_series(1, 100);

-- a sub-query's random() column is a value per row too
select count(distinct r) from (select random() r from generate_series(1, 100)) s;

-- two calls in one row differ in every row
select count(*) from generate_series(1, 100) where random() = random();

-- random() lies in [0, 1) and is double precision
select random() >= 0 and random() < 1, pg_typeof(random());

-- a filter on random() is evaluated per row: about half of 1000 rows pass (never none or all)
select count(*) between 1 and 999 from generate_series(1, 1000) where random() < 0.5;

-- one value per row of a hash-distributed table
select count(distinct random()) from t_hash;

-- one value per row of a replicated table
select count(distinct random()) from t_rep;

-- one value per row of a round-robin table, with a column in the expression
select count(distinct coalesce(f, 0) + random()) from t_rr;

-- a filter of a distributed table that always holds keeps every row
select count(*) from t_mod where random() < 2;

-- ORDER BY random() keeps every row
select count(*) from (select id from t_hash order by random()) s;

-- GROUP BY random() makes one group per row
select count(*) from generate_series(1, 5) g group by random() having count(*) > 1;

-- a WITH query is evaluated once: both references see its one value
with c as (select random() r) select a.r = b.r from c a, c b;

-- a sub-query column referenced twice is one value
select r = r from (select random() r) s;

-- gen_random_uuid(): two calls are two uuids
select gen_random_uuid() = gen_random_uuid();

-- gen_random_uuid(): a uuid per row
select count(distinct gen_random_uuid()) from generate_series(1, 100);

-- clock_timestamp() is read when called: never before the statement's start
select clock_timestamp() >= statement_timestamp(), clock_timestamp() <= clock_timestamp();

-- clock_timestamp() advances while the statement runs (the sleep is between the calls)
select a < c from (select clock_timestamp() a, pg_sleep(0.01) b, clock_timestamp() c) s where b is not null;

-- timeofday() is text, read when called
select pg_typeof(timeofday()), length(timeofday()) > 20;

-- setup: an advisory lock held once
select pg_advisory_lock(189189);

-- two unlocks in one statement are two calls: the second finds no lock (false, with a WARNING)
select pg_advisory_unlock(189189), pg_advisory_unlock(189189);

-- two try-locks in one statement both succeed (the lock is re-entrant) and need two unlocks
select pg_try_advisory_lock(189190), pg_try_advisory_lock(189190);

-- both unlocks succeed, a third finds none
select pg_advisory_unlock(189190), pg_advisory_unlock(189190), pg_advisory_unlock(189190);

-- a void function's type is void
select pg_typeof(pg_advisory_lock(189191));

-- pg_advisory_unlock_all is void too
select pg_typeof(pg_advisory_unlock_all());

-- pg_sleep is void
select pg_typeof(pg_sleep(0));

-- a void value is not NULL: it prints as the empty string
select pg_sleep(0) is null, pg_sleep(0)::text = '';

-- setseed is void and not NULL
select pg_typeof(setseed(0.5)), setseed(0.5) is null, setseed(0.5)::text = '';

-- setseed is strict: NULL gives NULL
select setseed(null) is null;

-- setup: seed, then draw five values
select setseed(0.25);

create temp table r189a as select g, random() r from generate_series(1, 5) g;

-- setup: the same seed again, the same draws
select setseed(0.25);

create temp table r189b as select g, random() r from generate_series(1, 5) g;

-- the same seed gives the same sequence in the same session
select count(*) from r189a a join r189b b on a.g = b.g and a.r = b.r;

-- setup: another seed
select setseed(-0.25);

create temp table r189c as select g, random() r from generate_series(1, 5) g;

-- another seed gives another sequence
select count(*) < 5 from r189a a join r189c c on a.g = c.g and a.r = c.r;

-- setup: a seed that differs only in its exponent bits
select setseed(0.5);

create temp table r189d as select g, random() r from generate_series(1, 5) g;

-- it gives another sequence too
select count(*) < 5 from r189a a join r189d d on a.g = d.g and a.r = d.r;

-- setup: a third draw from the first seed, then two calls per row
select setseed(0.25);

create temp table r189e as select g, random() r, random() r2 from generate_series(1, 5) g;

-- the sequence continues across the calls of a row: two calls per row are two values
select count(*) from r189e where r = r2;

-- the bounds are allowed
select setseed(-1), setseed(1);

-- setseed above 1: 22023 (invalid parameter value)
select setseed(2);

-- setseed below -1, printed as C's %g
select setseed(-1.5);

-- just above 1 prints as 1 (six significant digits)
select setseed(1.0000001);

-- a large seed prints in exponent form
select setseed(-1234567.5);

-- NaN is out of range
select setseed('NaN');

-- so is infinity
select setseed('-Infinity');

-- setup: a hash-distributed table with volatile defaults
create table vol189 (id int, r float8 default random(), u uuid default gen_random_uuid(), t timestamptz default clock_timestamp()) distribute by hash(id);

insert into vol189 (id) select g from generate_series(1, 50) g;

insert into vol189 (id) values (51), (52), (53);

-- DEFAULT random() and gen_random_uuid() give every row its own value
select count(distinct r), count(distinct u), count(*) from vol189;

-- DEFAULT clock_timestamp() is read per row, never before the table existed
select count(*) from vol189 where t <= clock_timestamp();

-- UPDATE SET r = random() gives every row its own value
update vol189 set r = random();

select count(distinct r) from vol189;

-- UPDATE with a volatile expression over a column: one value per row
update vol189 set r = id + random();

select count(distinct r), count(*) from vol189 where r >= id and r < id + 1;

-- UPDATE of some rows with a random() WHERE that always holds
update vol189 set u = gen_random_uuid() where random() < 2 and id <= 10;

select count(distinct u) from vol189;

-- setup: INSERT ... SELECT into a round-robin table
create table vol189rr (id int, r float8) distribute by roundrobin;

insert into vol189rr select id, random() from vol189;

-- INSERT ... SELECT draws per row
select count(distinct r), count(*) from vol189rr;

-- setup: a replicated table
create table vol189rep (id int, r float8) distribute by replication;

insert into vol189rep select g, random() from generate_series(1, 20) g;

-- every replica holds the same value per row, each row its own
select count(distinct r), count(*) from vol189rep;

update vol189rep set r = random() where id <= 10;

select count(distinct r) from vol189rep;

-- an empty table: random() is never called, the aggregate is empty
select count(distinct random()) from t_empty;

drop table vol189;

drop table vol189rr;

drop table vol189rep;
