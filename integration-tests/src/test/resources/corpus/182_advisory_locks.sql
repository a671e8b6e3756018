-- Advisory locks in one session (issue 8): results, re-entrancy, the two key spaces, pg_locks rows, the
-- transaction-level forms, and the errors and WARNINGs of wrong arguments and unlocks of what is not held.
-- The conflicts between sessions and coordinators are AdvisoryLockIT's.

-- a session lock returns void (an empty value) and can be taken again (it counts)
select pg_advisory_lock(1);
-- taken twice: held twice
select pg_advisory_lock(1);
-- each unlock releases one count: true, then true again (two statements: Calcite evaluates two identical calls in
-- one select list once, a known gap)
select pg_advisory_unlock(1);
select pg_advisory_unlock(1);
-- not held any more: false (with a WARNING "you don't own a lock of type ExclusiveLock")
select pg_advisory_unlock(1);
-- the shared form names ShareLock in its WARNING, and is false too
select pg_advisory_unlock_shared(1);
-- a shared lock is a different mode: the exclusive unlock does not release it
select pg_advisory_lock_shared(2), pg_advisory_unlock(2), pg_advisory_unlock_shared(2);
-- the (int, int) key space: pg_locks shows classid = key1, objid = key2, objsubid 2
select pg_advisory_lock_shared(1, 2);
-- pg_locks for advisory locks: PostgreSQL's columns for the key and mode
select locktype, classid, objid, objsubid, mode, granted from pg_locks where locktype = 'advisory';
-- the pair is released by the pair form only
select pg_advisory_unlock_shared(1, 2);
-- a negative bigint key: classid and objid are the two unsigned halves
select pg_advisory_lock(-1);
-- a key above 2^31 and a negative int pair, as unsigned oids
select pg_advisory_lock(2147483648), pg_advisory_lock(-2, 3);
-- the rows of a bigint key (objsubid 1) and of an int pair (objsubid 2), in this database
select locktype, database = (select oid from pg_database where datname = current_database()), classid, objid,
       objsubid, mode, granted, pid = pg_backend_pid(), fastpath
from pg_locks where locktype = 'advisory' order by classid, objid;
-- unlock_all releases every session lock and returns void
select pg_advisory_unlock_all();
-- nothing is left
select count(*) from pg_locks where locktype = 'advisory';
-- the try forms are true when free; a session never conflicts with itself (shared after exclusive, xact too)
select pg_try_advisory_lock(5), pg_try_advisory_lock_shared(5), pg_try_advisory_xact_lock(5),
       pg_try_advisory_xact_lock_shared(5);
-- the try forms with an int pair
select pg_try_advisory_lock(5, 5), pg_try_advisory_lock_shared(5, 5), pg_try_advisory_xact_lock(5, 5),
       pg_try_advisory_xact_lock_shared(5, 5);
-- the transaction-level locks of the statement above are gone; the session ones stay
select objid, objsubid, mode from pg_locks where locktype = 'advisory' order by objsubid, mode;
-- the result types: void for the lock functions, boolean for the try and unlock ones
select pg_advisory_unlock_all(), pg_try_advisory_lock(6), pg_advisory_unlock(6);
-- strict: a NULL key locks nothing and returns NULL
select pg_advisory_lock(null), pg_try_advisory_lock(null) is null, pg_advisory_lock(1, null),
       pg_advisory_unlock(null) is null;
-- nothing was locked by NULL keys
select count(*) from pg_locks where locktype = 'advisory';
-- a string literal is read as the bigint key
select pg_advisory_lock('3'), pg_advisory_unlock('3');
-- a string that is no integer: 22P02
select pg_advisory_lock('a');
-- a numeric key: no such function (42883), not a rounded key
select pg_advisory_lock(1.5);
-- a float key: 42883
select pg_advisory_lock(1.5::float8);
-- a bigint in the pair form: 42883
select pg_advisory_lock(1::int, 2::bigint);
-- smallints promote to the pair form
select pg_advisory_lock(1::smallint, 2::smallint), pg_advisory_unlock(1::smallint, 2::smallint);
-- three arguments: 42883
select pg_advisory_lock(1, 2, 3);
-- no arguments: 42883
select pg_advisory_lock();
-- a boolean key: 42883
select pg_advisory_lock(true);
-- unlock_all takes no argument: 42883
select pg_advisory_unlock_all(1);
-- a transaction-level lock is not released by pg_advisory_unlock: false
select pg_advisory_xact_lock(7), pg_advisory_unlock(7);
-- inside a block: held until its end
begin;
-- taken in the block
select pg_advisory_xact_lock(8), pg_advisory_xact_lock_shared(8, 8);
-- a savepoint, then another lock
savepoint s1;
-- taken after the savepoint
select pg_advisory_xact_lock(9);
-- ROLLBACK TO releases the locks taken since the savepoint
rollback to savepoint s1;
-- 8 and (8, 8) stay, 9 is gone
select objid, objsubid, mode from pg_locks where locktype = 'advisory' order by objid, objsubid;
-- a session lock taken in a block outlives its ROLLBACK
select pg_advisory_lock(10);
-- roll back
rollback;
-- the transaction's locks went with it; the session lock 10 stays
select objid, objsubid, mode from pg_locks where locktype = 'advisory' order by objid, objsubid;
-- release it
select pg_advisory_unlock(10);
-- keys of rows of a table: one lock per distinct key, by hash-distributed rows
create table t182(id int, k bigint) distribute by hash(id);
-- rows with duplicate keys and a NULL
insert into t182 values (1, 100), (2, 100), (3, 200), (4, null);
-- try locks on each row's key: true for all (re-entrant), NULL for the NULL key
select id, pg_try_advisory_lock(k) from t182 order by id;
-- two distinct keys held, counted
select objid, mode from pg_locks where locktype = 'advisory' order by objid;
-- unlocking each row's key releases the counts: true, true, true, NULL
select id, pg_advisory_unlock(k) from t182 order by id;
-- an empty table takes no lock
select pg_advisory_lock(k) from t182 where false;
-- nothing held
select count(*) from pg_locks where locktype = 'advisory';
-- a replicated table's keys
create table t182_rep(k int, j int) distribute by replication;
-- the pair form from columns
insert into t182_rep values (1, 1), (1, 2);
-- pairs (1,1) and (1,2)
select k, j, pg_try_advisory_lock(k, j) from t182_rep order by j;
-- released
select pg_advisory_unlock_all();
-- clean up
drop table t182, t182_rep;
