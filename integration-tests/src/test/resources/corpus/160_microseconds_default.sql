-- The engine computes timestamp, timestamptz and time in microseconds by default (cluster setting
-- engine.microseconds): a time(p), timestamp(p) or timestamptz(p) column keeps its typmod (pg_attribute.atttypmod,
-- format_type) and every write rounds to it as PostgreSQL's AdjustTimestampForTypmod/AdjustTimeForTypmod: INSERT of
-- strings and typed values, INSERT ... SELECT, UPDATE computed on the datanodes, ON CONFLICT DO UPDATE, in hash,
-- replicated and round-robin tables; NULLs and the infinities stay themselves.

create table us160 (id int primary key, ts timestamp(2), tz timestamptz(0), t time(3), t6 time, ts6 timestamp, ts0 timestamp(0)) distribute by hash(id);

create table us160r (id int, ts timestamp(4), t time(1)) distribute by replication;

create table us160rr (id int, ts timestamptz(1), t time(5)) distribute by roundrobin;

-- the typmods are the written precisions, -1 where none was written
select attname, atttypmod, format_type(atttypid, atttypmod) from pg_attribute where attrelid = 'us160'::regclass and attnum > 0 order by attnum;

-- the same for replicated and round-robin tables
select attrelid::regclass, attname, atttypmod, format_type(atttypid, atttypmod) from pg_attribute where attrelid in ('us160r'::regclass, 'us160rr'::regclass) and attnum > 1 order by 1, attnum;

-- strings are rounded to the column's precision (a 7th digit first to six); timestamp(0) rounds halves away from 2000-01-01
insert into us160 values (1, '2024-01-01 12:00:00.555555', '2024-01-01 12:00:00.5+00', '12:00:00.55555', '12:00:00.1234567', '2024-01-01 12:00:00.1234565', '1999-12-31 23:59:59.5');

-- typed values too; time(3) of 23:59:59.9996 is 24:00:00, halves before 2000 round down
insert into us160 values (2, timestamp '2024-01-01 12:00:00.994999', timestamptz '2024-06-30 23:59:59.999999+00', time '23:59:59.9996', time '00:00:00.000001', timestamp '1990-01-01 00:00:00.5', timestamp '2010-01-01 00:00:00.5');

-- NULLs stay NULL
insert into us160 values (3, null, null, null, null, null, null);

-- the infinities and 24:00:00 stay themselves
insert into us160 values (4, 'infinity', '-infinity', '24:00:00', '24:00:00', '-infinity', 'infinity');

-- what was stored
select * from us160 order by id;

-- UPDATE computed on the datanodes rounds to the columns' typmods
update us160 set ts = ts + interval '0.004 seconds', t = t + interval '0.0004 seconds', ts0 = ts0 + interval '0.7 seconds', tz = tz - interval '0.4 seconds' where id < 4;

-- what the update stored
select * from us160 order by id;

-- UPDATE of constants (strings and typed literals) rounds
update us160 set ts = '2024-02-02 02:02:02.123456', tz = timestamptz '2024-02-02 02:02:02.5+00', t = '01:02:03.4567', ts0 = timestamp '2001-01-01 00:00:00.5' where id = 3;

-- UPDATE from other columns of finer precision rounds
update us160 set ts = ts6, t = t6, tz = ts6 where id = 1;

-- what both updates stored
select * from us160 order by id;

-- INSERT ... SELECT rounds the selected values
insert into us160 select id + 10, ts6, ts6, t6, t6, ts6, ts6 from us160 where id < 3;

-- the rounded rows
select * from us160 where id > 10 order by id;

-- ON CONFLICT DO UPDATE rounds
insert into us160 values (1, '2030-01-01 00:00:00', null, null, null, '2030-05-05 05:05:05.987654', null) on conflict (id) do update set ts = excluded.ts6, ts0 = excluded.ts6, t = '10:10:10.10101';

-- the upserted row
select * from us160 where id = 1;

-- filters and keys see the rounded values
select id from us160 where ts = '2024-01-01 12:00:00.12' order by id;

-- grouping on a rounded column
select ts0, count(*) from us160 group by ts0 order by ts0;

-- replicated tables round on every copy
insert into us160r values (1, '2024-01-01 12:00:00.123456', '12:00:00.16'), (2, '2024-01-01 12:00:00.12345', '12:00:00.04'), (3, null, null);

-- and their updates
update us160r set ts = ts + interval '0.00005 seconds', t = t + interval '0.05 seconds';

-- the replicated rows
select * from us160r order by id;

-- round-robin tables round
insert into us160rr values (1, '2024-01-01 12:00:00.15+00', '12:00:00.0000051'), (2, '2024-01-01 12:00:00.25+02', '23:59:59.999995');

-- and their updates
update us160rr set ts = ts + interval '0.05 seconds', t = t - interval '0.000005 seconds';

-- the round-robin rows
select * from us160rr order by id;

-- an empty table: nothing to round
select count(*), min(ts), max(t) from us160rr where id > 5;

-- UPDATE from a scalar sub-query of times (computed on the coordinator, passed on as time values) rounds to time(3)
-- and keeps the microseconds of a plain time column
update us160 set t = (select max(t6) from us160 where id < 4) + interval '0.0005 seconds', t6 = (select min(t6) from us160) where id = 2;

-- what the sub-queries stored
select id, t, t6 from us160 order by id;

create table us160i (id int, i interval) distribute by hash(id);

insert into us160i values (1, '1 day 00:00:00.000001'), (2, null);

-- UPDATE from a scalar sub-query of intervals
update us160i set i = (select max(i) from us160i) + interval '0.000001 seconds' where id = 2;

-- what the sub-query stored
select * from us160i order by id;
