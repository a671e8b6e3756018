-- Timestamps, timestamptz and times stored in distributed tables: keys, the distribution hash, filters, order,
-- grouping, joins, interval arithmetic, extract, date_trunc, to_char and casts on stored values, with NULLs, BC,
-- far-future and infinite values. Run both ways by PushdownCorpusIT (on the coordinator and pushed to the
-- datanodes). The values stay within milliseconds: the engine computes timestamps and times in milliseconds
-- (docs/architecture.md, "Timestamps and times"); the storage format already holds microseconds.

create table ts73 (t timestamp primary key, tz timestamptz, tm time, n int) distribute by hash(t);
insert into ts73 values
  ('2024-01-01 12:00:00.123', '2024-01-01 12:00:00.123+00', '12:00:00.123', 1),
  ('2024-01-01 12:00:00.124', '2024-01-01 12:00:00.124+00', '12:00:00.124', 2),
  ('2024-01-01 12:00:00', '2024-01-01 12:00:00+02', '12:00:00', 3),
  ('1999-12-31 23:59:59.999', '1999-12-31 23:59:59.999+00', '23:59:59.999', 4),
  ('1969-12-31 23:59:59.001', '1969-12-31 23:59:59.001+00', '00:00:00.001', 5),
  ('0044-03-15 12:00:00.5 BC', '0044-03-15 12:00:00.5+00 BC', '12:00:00.5', 6),
  ('12345-06-07 10:00:00.25', '12345-06-07 10:00:00.25+00', '10:00:00.25', 7),
  ('infinity', 'infinity', '24:00', 8),
  ('-infinity', '-infinity', '00:00', 9),
  ('2024-02-29 00:00:00.001', null, null, 10);

-- every stored value reads back as written, in key order
select t, tz, tm, n from ts73 order by t;
select t, n from ts73 order by t desc nulls last;
select tz, n from ts73 order by tz nulls first, n;
select tm, n from ts73 order by tm, n;

-- a point lookup by the primary key and distribution column, one millisecond apart
select n from ts73 where t = '2024-01-01 12:00:00.123';
select n from ts73 where t = timestamp '2024-01-01 12:00:00.124';
select n from ts73 where t in ('2024-01-01 12:00:00.123', '1999-12-31 23:59:59.999', 'infinity') order by n;

-- ranges, with the infinities and BC values at the ends
select n from ts73 where t > '2024-01-01 12:00:00.123' order by n;
select n from ts73 where t < '1970-01-01' order by n;
select n from ts73 where t between '1999-12-31 23:59:59.999' and '2024-01-01 12:00:00.123' order by n;
select n from ts73 where tz >= '2024-01-01 10:00:00+00' and tz < 'infinity' order by n;
select n from ts73 where tm > '12:00' order by n;
select n from ts73 where tz is null order by n;

-- min, max, count distinct and grouping by a timestamp, a truncated timestamp and a time
select min(t), max(t), min(tz), max(tz), min(tm), max(tm), count(distinct t), count(distinct tz), count(tm) from ts73;
select min(t), max(t) from ts73 where t > '-infinity' and t < 'infinity';
select date_trunc('day', t) as trunc_day, count(*) from ts73 group by date_trunc('day', t) order by trunc_day;
select tm, count(*) from ts73 group by tm order by tm;
select distinct date_trunc('hour', t) from ts73 where n < 5 order by 1;
select count(*) from (select distinct tz from ts73) s;

-- a join on timestamps: rows of a second table, distributed by another column, meet ts73's keys
create table ts73_events (id int primary key, at timestamp, at_tz timestamptz, label text) distribute by hash(id);
insert into ts73_events values
  (1, '2024-01-01 12:00:00.123', '2024-01-01 12:00:00.123+00', 'a'),
  (2, '2024-01-01 12:00:00.124', '2024-01-01 14:00:00+02', 'b'),
  (3, '2024-01-01 12:00:00.125', null, 'c'),
  (4, 'infinity', 'infinity', 'd'),
  (5, null, null, 'e');
select e.id, t.n from ts73_events e join ts73 t on e.at = t.t order by e.id;
select e.id, t.n from ts73_events e join ts73 t on e.at_tz = t.tz order by e.id, t.n;
select e.id, t.n from ts73_events e left join ts73 t on e.at = t.t order by e.id;
select e.id from ts73_events e where e.at in (select t from ts73) order by e.id;

-- interval arithmetic on stored values: milliseconds, days, months (end of month clamps), ts - ts
select n, t + interval '1 millisecond', t - interval '0.001 seconds' from ts73 where n < 6 order by n;
select n, t + interval '1 month', t + interval '1 day 2 hours' from ts73 where n in (1, 4, 10) order by n;
select n, tz + interval '1.5 seconds', tm + interval '1 hour' from ts73 where n in (1, 2, 4) order by n;
select a.n, b.n, a.t - b.t from ts73 a, ts73 b where a.n in (1, 4) and b.n in (2, 5) order by a.n, b.n;
select n, tz - timestamptz '2024-01-01 00:00:00+00' from ts73 where n in (1, 3, 5) order by n;
select n, t + interval '1 day' from ts73 where n in (6, 7, 8, 9) order by n;
select n from ts73 where t + interval '1 millisecond' = '2024-01-01 12:00:00.124' order by n;

-- extract and date_part of stored values, including the fraction of the second and the epoch
select n, extract(year from t), extract(month from t), extract(day from t), extract(hour from t),
       extract(minute from t) from ts73 where n < 6 order by n;
select n, extract(second from t), extract(milliseconds from t), extract(epoch from t) from ts73 where n < 6 order by n;
select n, date_part('second', t), date_part('epoch', tz), date_part('dow', t), date_part('doy', t) from ts73
  where n in (1, 4, 5, 10) order by n;
select n, extract(hour from tm), extract(minute from tm), extract(second from tm) from ts73 where n < 6 order by n;
select n, extract(year from t), extract(century from t) from ts73 where n in (6, 7) order by n;

-- date_trunc at millisecond, second and larger fields
select n, date_trunc('milliseconds', t), date_trunc('second', t), date_trunc('minute', t), date_trunc('month', t)
  from ts73 where n < 6 order by n;
select n, date_trunc('year', t), date_trunc('week', t) from ts73 where n in (1, 4, 5, 10) order by n;

-- to_char with fractional-second fields
select n, to_char(t, 'YYYY-MM-DD HH24:MI:SS.MS'), to_char(t, 'HH12:MI:SS.US AM'), to_char(t, 'SS.FF1 FF2 FF3')
  from ts73 where n < 6 order by n;

-- casts of stored values to date, time and text, and to timestamp(p) and time(p)
select n, t::date, t::time, t::text, tz::text from ts73 where n < 6 order by n;
select n, t::timestamp(0), t::timestamp(1), t::timestamp(2), tm::time(0), tm::time(1) from ts73 where n < 6 order by n;
select n, t::text, t::date from ts73 where n in (6, 7, 8, 9) order by n;
select n, tz::timestamp, t::timestamptz from ts73 where n in (1, 3) order by n;
select n, t::date::text, tz::text, cast(t as varchar) from ts73 where n in (4, 6, 7, 8, 9) order by n;
select n from ts73 where t::text like '%.12_' order by n;

-- time ± interval goes around the clock and ignores the interval's days; time(0) rounds up to 24:00:00
select n, tm + interval '13 hours', tm - interval '1 day 00:00:00.5', interval '1 hour' + tm from ts73
  where n in (1, 4, 5) order by n;
select time '23:59:59.999'::time(0), '23:59:59.95'::time(1), time '12:00:00.125'::time(2);

-- the year of a BC value: 1 BC is year -1 (there is no year 0)
select extract(year from date '0044-03-15 BC'), extract(year from timestamp '0001-12-31 23:00 BC'),
       date_part('year', date '0001-01-01 BC'), extract(year from date '0001-01-01');

-- an UPDATE keyed by a timestamp moves nothing else; a DELETE by a range
update ts73 set tm = '06:00:00.006' where t = '2024-01-01 12:00:00.124';
update ts73 set t = t + interval '1 millisecond' where n = 3;
delete from ts73 where t < '0001-01-01';
select t, tm, n from ts73 order by n;

-- a stored value read through a literal of every input form compares equal
select n from ts73 where t = timestamp '2024-01-01T12:00:00.123' and tz = timestamptz '2024-01-01 14:00:00.123+02';
select n from ts73 where tm = time '12:00:00.123' and tm = '12:00:00.1230'::time;

-- dates and timestamps convert into each other with the infinities kept
select 'infinity'::timestamp::date, '-infinity'::timestamptz::date, 'infinity'::date::timestamp,
       '-infinity'::date::timestamptz, date '0044-03-15 BC'::timestamp, timestamp '2024-01-01 23:59:59.999'::date;
