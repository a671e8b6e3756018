-- Timestamps, timestamptz and times in microseconds, PostgreSQL's unit: literals and input with 4 to 6 fraction
-- digits, the rounding of a 7th, timestamp(p) and time(p) for p = 0 to 6, interval microseconds, extract, to_char's
-- FF4-FF6 and US, date_trunc, and order, grouping and joins on values that differ only in microseconds, in literals
-- and in distributed tables (docs/architecture.md, "Timestamps and times").

-- literals keep 4 to 6 fraction digits
select timestamp '2024-01-01 12:00:00.1234', timestamp '2024-01-01 12:00:00.12345', timestamp '2024-01-01 12:00:00.123456';
select timestamp '2024-01-01 12:00:00.000001', timestamp '2024-01-01 12:00:00.999999', timestamp '1969-12-31 23:59:59.999999';
select time '12:00:00.1234', time '12:00:00.123456', time '23:59:59.999999', time '00:00:00.000001';
select timestamptz '2024-01-01 12:00:00.123456+00', timestamptz '2024-01-01 12:00:00.654321+02:30';

-- a 7th fraction digit rounds to microseconds, half to even as PostgreSQL's rint
select timestamp '2024-01-01 12:00:00.1234565', timestamp '2024-01-01 12:00:00.1234575', timestamp '2024-01-01 12:00:00.9999995';
select time '12:00:00.0000005', time '12:00:00.0000015', '23:59:59.9999995'::time;
select '2024-01-01 12:00:00.12345678'::timestamp, '2024-01-01 12:00:00.00000049'::timestamptz;

-- casts from text
select '2024-01-01 12:00:00.000500'::timestamp, '2024-01-01T12:00:00.0005Z'::timestamptz, '12:00:00.0005'::time;
select cast('2024-06-30 23:59:59.999999' as timestamp), cast('2024-06-30 23:59:59.999999-07' as timestamptz);

-- timestamp(p) and time(p) round to p digits, p = 0 to 6
select '2024-01-01 12:00:00.5555555'::timestamp(0), '2024-01-01 12:00:00.5555555'::timestamp(1), '2024-01-01 12:00:00.5555555'::timestamp(2), '2024-01-01 12:00:00.5555555'::timestamp(3);
select '2024-01-01 12:00:00.5555555'::timestamp(4), '2024-01-01 12:00:00.5555555'::timestamp(5), '2024-01-01 12:00:00.5555555'::timestamp(6);
select '2024-01-01 23:59:59.999999'::timestamp(5), '2024-01-01 23:59:59.999999'::timestamp(4), '2024-01-01 23:59:59.9999949'::timestamp(5);
select '2024-01-01 12:00:00.123456+00'::timestamptz(4), '2024-01-01 12:00:00.123456+00'::timestamptz(0);
select '12:00:00.5555555'::time(0), '12:00:00.5555555'::time(2), '12:00:00.5555555'::time(4), '12:00:00.5555555'::time(5), '12:00:00.5555555'::time(6);
select cast(timestamp '2024-01-01 12:00:00.123456' as timestamp(3)), cast(time '12:00:00.123456' as time(1));

-- interval microseconds added and subtracted
select timestamp '2024-01-01 12:00:00' + interval '1 microsecond', timestamp '2024-01-01 12:00:00' - interval '1 microsecond';
select timestamp '2024-01-01 12:00:00.999999' + interval '0.000001 second', timestamptz '2024-12-31 23:59:59.999999+00' + interval '1 microsecond';
select timestamp '2024-01-01 12:00:00.123456' + interval '1 day 00:00:00.000544', timestamp '2024-01-01 12:00:00.123456' - interval '2 months 0.5 microseconds';
select time '12:00:00.000001' - interval '2 microseconds', time '23:59:59.999999' + interval '1 microsecond', time '12:00:00.25' + interval '0.000125 seconds';
select timestamp '2024-01-01 12:00:00.000003' - timestamp '2024-01-01 12:00:00.000001', timestamp '2024-01-02 00:00:00' - timestamp '2024-01-01 23:59:59.999999';
select age(timestamp '2024-03-01 00:00:00.000001', timestamp '2024-01-31 00:00:00.000002');
select interval '1 microsecond' * 1500, interval '1.000001 seconds' / 2, extract(microseconds from interval '1.234567 seconds');

-- extract, date_part and epoch keep microseconds
select extract(microseconds from timestamp '2024-01-01 12:00:07.123456'), extract(milliseconds from timestamp '2024-01-01 12:00:07.123456'), extract(second from timestamp '2024-01-01 12:00:07.123456');
select extract(epoch from timestamp '2024-01-01 12:00:00.123456'), extract(epoch from timestamptz '1969-12-31 23:59:59.999999+00');
select extract(microseconds from timestamptz '2024-01-01 12:00:07.654321+05'), date_part('microseconds', timestamp '2024-01-01 12:00:07.000009');

-- to_char with FF1-FF6, US and MS
select to_char(timestamp '2024-01-01 12:00:07.123456', 'HH24:MI:SS.US'), to_char(timestamp '2024-01-01 12:00:07.123456', 'HH24:MI:SS.MS');
select to_char(timestamp '2024-01-01 12:00:07.123456', 'FF1 FF2 FF3 FF4 FF5 FF6'), to_char(timestamp '2024-01-01 12:00:07.000009', 'SS.FF6 SS.US');
select to_char(timestamptz '2024-01-01 12:00:07.987654+00', 'YYYY-MM-DD HH24:MI:SS.FF5');

-- to_timestamp and date_trunc
select to_timestamp('2024-01-01 12:00:07.123456', 'YYYY-MM-DD HH24:MI:SS.US'), to_timestamp(1704110400.123456);
select date_trunc('second', timestamp '2024-01-01 12:00:07.999999'), date_trunc('milliseconds', timestamp '2024-01-01 12:00:07.123456');
select date_trunc('microseconds', timestamp '2024-01-01 12:00:07.123456'), date_trunc('minute', timestamptz '2024-01-01 12:00:59.999999+00');

-- casts between the types keep microseconds
select (timestamp '2024-01-01 12:00:07.123456')::time, (timestamp '2024-01-01 12:00:07.123456')::date, (timestamp '2024-01-01 12:00:07.123456')::text;
select (timestamp '2024-01-01 12:00:07.123456')::timestamptz, (timestamptz '2024-01-01 12:00:07.123456+00')::timestamp, (time '12:00:07.123456')::text;

-- comparisons see one microsecond
select timestamp '2024-01-01 12:00:00.000001' > timestamp '2024-01-01 12:00:00', time '12:00:00.000001' = time '12:00:00';
select timestamp '2024-01-01 12:00:00.0000004' = timestamp '2024-01-01 12:00:00', timestamp '2024-01-01 12:00:00.000001' between '2024-01-01 12:00:00.0000005' and '2024-01-01 12:00:00.000001';

-- stored values one microsecond apart: keys, the distribution hash, filters, order, grouping and joins
create table us84 (t timestamp primary key, tz timestamptz, tm time, n int) distribute by hash(t);
insert into us84 values
  ('2024-01-01 12:00:00.123456', '2024-01-01 12:00:00.123456+00', '12:00:00.123456', 1),
  ('2024-01-01 12:00:00.123457', '2024-01-01 12:00:00.123457+00', '12:00:00.123457', 2),
  ('2024-01-01 12:00:00.123455', '2024-01-01 14:00:00.123455+02', '12:00:00.123455', 3),
  ('2024-01-01 12:00:00.1234', '2024-01-01 12:00:00.1234+00', '12:00:00.1234', 4),
  ('2024-01-01 12:00:00.123', '2024-01-01 12:00:00.123+00', '12:00:00.123', 5),
  ('1969-12-31 23:59:59.999999', '1969-12-31 23:59:59.999999+00', '23:59:59.999999', 6),
  ('0044-03-15 12:00:00.000001 BC', '0044-03-15 12:00:00.000001+00 BC', '00:00:00.000001', 7),
  ('2024-01-01 12:00:00.1234584', null, null, 8);
-- a 7th digit rounds before the key is compared: .1234565 is .123456, a duplicate
insert into us84 values ('2024-01-01 12:00:00.1234565', null, null, 9);
select t, tz, tm, n from us84 order by t;
select n from us84 order by tz nulls first, n;
select n from us84 order by tm, n;
select n from us84 where t = '2024-01-01 12:00:00.123456';
select n from us84 where t = timestamp '2024-01-01 12:00:00.123457';
select n from us84 where t > '2024-01-01 12:00:00.123455' and t < '2024-01-01 12:00:00.123457' order by n;
select n from us84 where tz between '2024-01-01 12:00:00.123455+00' and '2024-01-01 12:00:00.123456+00' order by n;
select n from us84 where tm >= '12:00:00.123456' order by n;
select n from us84 where t in ('2024-01-01 12:00:00.123456', '1969-12-31 23:59:59.999999') order by n;
select count(distinct t), count(distinct tz), count(distinct tm), min(t), max(t), min(tm), max(tm) from us84;
select date_trunc('millisecond', t) as ms, count(*) from us84 group by 1 order by 1;
select tm, count(*) from us84 group by tm order by tm;
select t + interval '1 microsecond' as next, n from us84 order by n;
select extract(microseconds from t), to_char(t, 'HH24:MI:SS.US'), t::time, tz::timestamp from us84 order by n;
update us84 set t = t + interval '0.000010 second' where n = 3;
select t, n from us84 where n = 3;
create table us84b (t timestamp, m text) distribute by hash(m);
insert into us84b values ('2024-01-01 12:00:00.123456', 'a'), ('2024-01-01 12:00:00.123457', 'b'), ('2024-01-01 12:00:00.123', 'c'), ('2024-01-01 12:00:00.1235', 'd');
select a.n, b.m from us84 a join us84b b on a.t = b.t order by a.n, b.m;
select b.m, count(a.n) from us84b b left join us84 a on a.t > b.t and a.t < b.t + interval '2 microseconds' group by b.m order by b.m;
drop table us84b;
drop table us84;

-- BETWEEN [SYMMETRIC] and IN read their strings as times, also over a NOT NULL key column of time
create table tm84 (t time primary key, n int) distribute by hash(t);
insert into tm84 values ('08:00', 1), ('12:30:15.25', 2), ('24:00:00', 3), ('00:00', 4);
select n from tm84 where t between '00:00' and '12:30:15.25' order by n;
select n from tm84 where t not between symmetric '12:30:15.25' and '00:00' order by n;
select n from tm84 where t in ('08:00', '24:00:00') order by n;
-- time + interval in an UPDATE's SET, around the clock, moves the key's row
update tm84 set t = t + interval '1 hour' where n = 1;
select t, n from tm84 order by t;
