-- Bugs found at the last merge (issues 8 and 11): views in DML sub-queries, comments before a statement, the
-- common type of CASE / COALESCE.

-- a hash-distributed table and a view over it
create table t190 (id int, k text) distribute by hash(id);
-- the rows the view filters
insert into t190 values (1, 'a'), (2, 'b'), (3, null);
-- a round-robin target table
create table t190_2 (id int, x int) distribute by roundrobin;
-- its rows
insert into t190_2 values (1, 0), (2, 0), (3, 0), (4, 0);
-- a view with a filter
create view v190 as select id from t190 where k is not null;
-- a view in an UPDATE's IN sub-query is expanded (42P01 before)
update t190_2 set x = 1 where id in (select id from v190);
-- the rows of the view's ids were updated
select * from t190_2 order by id;
-- a view as an UPDATE's FROM item, its column in SET and RETURNING
update t190_2 set x = v190.id + 10 from v190 where v190.id = t190_2.id returning t190_2.*, v190.id;
-- a view in a scalar sub-query of SET
update t190_2 set x = (select max(id) from v190) where id = 4;
-- the values set
select * from t190_2 order by id;
-- a view in a DELETE's correlated EXISTS
delete from t190_2 where exists (select 1 from v190 where v190.id = t190_2.id);
-- the view's rows are gone
select * from t190_2 order by id;
-- a view as a DELETE's USING item
delete from t190_2 using v190 where t190_2.id = v190.id + 2 returning *;
-- nothing left
select count(*) from t190_2;
-- a view over an empty table in a sub-query deletes nothing
create view v190_empty as select id from t190 where false;
-- no rows
delete from t190 where id in (select id from v190_empty);
-- a replicated table updated through a view's ids
create table t190_rep (id int, x int) distribute by replication;
-- its rows
insert into t190_rep values (1, 0), (2, 0), (null, 0);
-- the NULL id matches no view row
update t190_rep set x = 7 where id not in (select id from v190 where id is not null);
-- only the NULL id's row is left alone (NOT IN with NULL id is NULL)
select * from t190_rep order by id;

-- a comment line ending with a period before a statement
-- a.
select 1 as one;
-- a comment with a quote and a semicolon: it's; done.
select 2 as two;
/* a block comment /* nested; it's. */ still a comment */ select 3 as three;
-- a comment ending in "t."
select 4 as select_after_period;

-- COALESCE of time and interval: 42804 with PostgreSQL's words
select coalesce(time '10:00', interval '1 hour');
-- the other order names the types the other way
select coalesce(interval '1 hour', time '10:00');
-- CASE takes its ELSE first
select case when true then time '10:00' else interval '1 hour' end;
-- integer and text: no common type
select coalesce(1, 'a'::text);
-- date and integer
select coalesce(date '2020-01-01', 1);
-- boolean and integer
select coalesce(true, 1);
-- a NULL argument is left out
select coalesce(null, time '10:00', interval '1 hour');
-- time and timestamp: same category, no implicit cast: 42846
select coalesce(time '10:00', timestamp '2020-01-01');
-- time and date
select coalesce(time '10:00', date '2020-01-02');
-- a string literal beside a time is a time
select coalesce(time '10:00', '11:00');
-- and before it
select coalesce(null, '11:00', time '10:00');
-- an interval CASE with a string literal
select case when false then '1 day' else interval '1 hour' end;
-- an interval and a string
select coalesce(interval '1 hour', '2 hours');
-- date and timestamp: timestamp
select coalesce(date '2020-01-01', timestamp '2020-01-02');
-- up to timestamptz
select coalesce(timestamp '2020-01-01', date '2020-01-02', timestamptz '2020-01-03');
-- numerics of several types
select coalesce(1, 2.5, 3::float8);
-- strings of several types
select coalesce('a'::varchar, 'b'::text, 'c'::char(3));
-- smallint and bigint
select coalesce(1::int2, 2::bigint);
-- a column of a table with NULLs
select id, coalesce(k, 'none') from t190 order by id;
-- a column and an interval: 42804
select coalesce(id, interval '1 day') from t190;
-- coalesce(sum(x), 0) over a LEFT JOIN (Calcite's ProjectAggregateMergeRule read the wrong column): a replicated
-- parent and a hashed child
create table p190 (id int primary key, sku varchar(32) not null, name text not null, disc boolean not null) distribute by replication;
-- the child rows, keyed by warehouse
create table s190 (w smallint not null, pid int not null, q int not null, primary key (w, pid));
-- parents, one without children
insert into p190 values (1, 'a', 'x', false), (2, 'b', 'y', true), (3, 'c', 'z', false);
-- children of 1 and 2
insert into s190 values (1, 1, 5), (2, 1, 7), (1, 2, 3);
-- grouped by two text columns: 0 for the parent without children (XX000 before)
select p.sku, p.name, coalesce(sum(s.q), 0) as in_stock from p190 p left join s190 s on s.pid = p.id group by p.sku, p.name order by p.sku;
-- by three columns, one boolean
select p.sku, p.name, p.disc, coalesce(sum(s.q), 0) as in_stock from p190 p left join s190 s on s.pid = p.id group by p.sku, p.name, p.disc order by p.sku;
-- by one column: 0, not NULL
select p.sku, coalesce(sum(s.q), 0) as in_stock from p190 p left join s190 s on s.pid = p.id group by p.sku order by p.sku;
-- the sum beside its coalesce
select p.sku, sum(s.q), coalesce(sum(s.q), 0), coalesce(sum(s.q), 1) from p190 p left join s190 s on s.pid = p.id group by p.sku, p.name order by p.sku;
