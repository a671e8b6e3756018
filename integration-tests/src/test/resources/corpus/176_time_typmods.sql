-- Time typmods after the millisecond engine's removal: CREATE TABLE AS and SELECT INTO keep the typmods of
-- time(p), timestamp(p) and timestamptz(p) columns and casts (pg_attribute.atttypmod, format_type), as they keep
-- numeric(p,s), varchar(n) and char(n); a precision above 6 is reduced to 6 (PostgreSQL's WARNING, not compared
-- here) in column types and casts; localtime, localtime(p), localtimestamp(p) and current_timestamp(p) have
-- PostgreSQL's types and precisions (microseconds, rounded to p).

create table src176 (k int, ts3 timestamp(3), t2 time(2), tz1 timestamptz(1), t0 time(0), ts timestamp, t time, n numeric(5,2), v varchar(7), c char(3)) distribute by hash(k);

insert into src176 values (1, '2020-01-01 10:00:00.12345', '10:00:00.555', '2020-01-01 10:00:00.16+00', '10:00:00.5', '2020-01-01 10:00:00.1234567', '23:59:59.9999995', 1.5, 'abc', 'x'), (2, null, null, null, null, null, null, null, null, null), (3, '1999-12-31 23:59:59.9995', '23:59:59.999', 'infinity', '23:59:59.5', '-infinity', '24:00:00', -999.99, '', '');

-- CREATE TABLE AS: every typmod of the source's columns kept (timestamp(3), time(2), timestamptz(1), time(0) too)
create table ctas176 as select * from src176;

-- the column types as format_type names them, with their typmods
select attname, atttypmod, format_type(atttypid, atttypmod) from pg_attribute where attrelid = 'ctas176'::regclass and attnum > 0 order by attnum;

-- the rows, rounded as their columns hold them
select * from ctas176 order by k;

-- SELECT ... INTO: the same typmods
select k, ts3, t2, tz1, t0 into into176 from src176 where k <> 2;

-- its column types
select attname, atttypmod, format_type(atttypid, atttypmod) from pg_attribute where attrelid = 'into176'::regclass and attnum > 0 order by attnum;

-- casts with a precision give the column that typmod; casts without one none (also of a typmod column); a
-- column beside such a cast keeps its own
create table casts176 as select ts::timestamp(1) as a, t::time(0) as b, ts3::timestamp as c, t2::time as d, tz1::timestamptz(4) as e, ts3::timestamp(6) as f, t2::time(6) as g, ts3 as h, '10:00:00.123'::time(1) as i from src176;

-- their types
select attname, atttypmod, format_type(atttypid, atttypmod) from pg_attribute where attrelid = 'casts176'::regclass and attnum > 0 order by attnum;

-- their values, rounded by the casts
select * from casts176 order by a nulls first;

-- a column read through a sub-query and a WHERE keeps its typmod
create table sub176 as select s.ts3, s.t2 from (select * from src176 where k > 0) s where s.t2 > '00:00' and s.ts3 > '2000-01-01'::timestamp;

-- its types
select attname, atttypmod, format_type(atttypid, atttypmod) from pg_attribute where attrelid = 'sub176'::regclass and attnum > 0 order by attnum;

-- WITH NO DATA: the typmods without the rows
create table nodata176 as select ts3, t2, tz1 from src176 with no data;

-- its types
select attname, atttypmod, format_type(atttypid, atttypmod) from pg_attribute where attrelid = 'nodata176'::regclass and attnum > 0 order by attnum;

-- an empty source: the typmods too
create table empty176 as select ts3, t0 from src176 where false;

-- its types
select attname, atttypmod, format_type(atttypid, atttypmod) from pg_attribute where attrelid = 'empty176'::regclass and attnum > 0 order by attnum;

-- a replicated and a round-robin table as the target's distribution: the typmods the same
create table rep176 distribute by replication as select ts3, t2 from src176;

-- its types
select attname, atttypmod, format_type(atttypid, atttypmod) from pg_attribute where attrelid = 'rep176'::regclass and attnum > 0 order by attnum;

-- a round-robin target
create table rr176 distribute by roundrobin as select tz1, t0 from src176;

-- its types and rows
select attname, atttypmod, format_type(atttypid, atttypmod) from pg_attribute where attrelid = 'rr176'::regclass and attnum > 0 order by attnum;

-- the copied rows keep their values (inserting into a typmod column rounds nothing twice)
select * from rr176 order by tz1 nulls first;

-- timestamp(7), time(7), timestamptz(9) columns are precision 6 (PostgreSQL warns)
create table p7_176 (a timestamp(7), b time(7), c timestamptz(9), d timestamp(6)) distribute by roundrobin;

-- their types: precision 6
select attname, atttypmod, format_type(atttypid, atttypmod) from pg_attribute where attrelid = 'p7_176'::regclass and attnum > 0 order by attnum;

-- a 7th digit rounds in the columns
insert into p7_176 values ('2020-01-01 10:00:00.1234567', '10:00:00.1234565', '2020-01-01 10:00:00.9999995+00', '2020-01-01 10:00:00.1234565');

-- the rounded values
select * from p7_176;

-- casts to timestamp(7), time(8), timestamptz(9) round to 6 digits (PostgreSQL warns)
select '2020-01-01 10:00:00.1234567'::timestamp(7) as a, '10:00:00.1234567'::time(8) as b, '2020-01-01 10:00:00.1234567+00'::timestamptz(9) as c;

-- their types
select pg_typeof('2020-01-01'::timestamp(7)), pg_typeof('10:00'::time(7)), pg_typeof('2020-01-01'::timestamptz(7));

-- a CREATE TABLE AS of those casts: precision 6
create table c7_176 as select '2020-01-01'::timestamp(7) as a, '10:00'::time(7) as b;

-- its types
select attname, atttypmod, format_type(atttypid, atttypmod) from pg_attribute where attrelid = 'c7_176'::regclass and attnum > 0 order by attnum;

-- localtime is a time, localtime(p) too; localtimestamp(p) a timestamp, current_timestamp(p) a timestamptz
select pg_typeof(localtime), pg_typeof(localtime(2)), pg_typeof(localtimestamp(2)), pg_typeof(current_timestamp(2)), pg_typeof(localtimestamp), pg_typeof(current_timestamp);

-- they are the transaction's start: localtime is now()'s time of day with microseconds
select localtime = now()::time, localtimestamp = now()::timestamp, current_timestamp(6) = now(), localtime(6) = localtime;

-- localtime(p), localtimestamp(p), current_timestamp(p) round to p digits (p = 0: whole seconds)
select localtime(0) = now()::time(0), localtimestamp(0) = now()::timestamp(0), current_timestamp(0) = now()::timestamptz(0), localtime(2) = now()::time(2), current_timestamp(3) = now()::timestamptz(3);

-- the rounded values have no more digits than p
select localtime(0)::text not like '%.%' as t0, extract(microseconds from localtimestamp(0))::int8 % 1000000::int8 as ts0,
       extract(microseconds from current_timestamp(1))::int8 % 100000::int8 as tz1;

-- their column names
select localtime(1) is not null, current_timestamp(1) is not null, localtimestamp(1) is not null;

-- localtime(2) in CREATE TABLE AS: a time(2) column, current_timestamp(1) timestamptz(1)
create table now176 as select localtime(2) as a, current_timestamp(1) as b, localtimestamp(3) as c, localtime as d;

-- its types
select attname, atttypmod, format_type(atttypid, atttypmod) from pg_attribute where attrelid = 'now176'::regclass and attnum > 0 order by attnum;

-- localtime compared with a time column and in a filter
select count(*) from src176 where t0 <= localtime or t0 > localtime;

-- the typmod columns' types through a view over the new table
create view v176 as select ts3, t2 from ctas176;

-- its types
select attname, atttypmod, format_type(atttypid, atttypmod) from pg_attribute where attrelid = 'v176'::regclass and attnum > 0 order by attnum;

-- time(p) errors: a negative precision is a syntax error
select '10:00'::time(-1);

-- CREATE TABLE AS of an unknown relation is 42P01
create table bad176 as select * from no_such_176;

drop view v176;

drop table src176, ctas176, into176, casts176, sub176, nodata176, empty176, rep176, rr176, p7_176, c7_176, now176;
