-- make_date, make_time, make_timestamp, make_timestamptz, make_interval, isfinite, date_trunc of a date and in a
-- time zone, date_bin; their types, column names and PostgreSQL's errors (22008 and 22023 with its messages).

-- make_date: a date; a negative year is BC
select make_date(2023, 2, 28), make_date(2024, 2, 29) as leap, make_date(-44, 3, 15) as ides;

-- a day the month does not have, month 13, year 0: 22008 naming the fields
select make_date(2023, 2, 30);
select make_date(2023, 13, 1);
select make_date(0, 1, 1);

-- past PostgreSQL's last date
select make_date(5874898, 1, 1);

-- make_time: a time of day, 24:00:00 allowed; seconds with a fraction
select make_time(12, 30, 15.5), make_time(24, 0, 0) as midnight, make_time(0, 0, 0) as zero;

-- hours, minutes and seconds out of range: 22008
select make_time(25, 0, 0);
select make_time(12, 60, 0);
select make_time(12, 0, 60.5);

-- make_timestamp and make_timestamptz (in the session's time zone, UTC)
select make_timestamp(2023, 1, 2, 3, 4, 5.5) as ts, make_timestamptz(2023, 7, 1, 12, 0, 0) as tz;

-- make_timestamptz with a zone: an IANA name, an ISO offset (east of UTC, unlike AT TIME ZONE's), an abbreviation
select make_timestamptz(2023, 7, 1, 12, 0, 0, 'America/New_York') as ny,
       make_timestamptz(2023, 7, 1, 12, 0, 0, '+05') as plus5,
       make_timestamptz(2023, 1, 1, 12, 0, 0, 'EST') as est;

-- a bad date, time or zone
select make_timestamp(2023, 13, 1, 0, 0, 0);
select make_timestamp(2023, 1, 1, 25, 0, 0);
select make_timestamptz(2023, 7, 1, 12, 0, 0, 'Bad/Zone');
select make_timestamptz(2023, 7, 1, 12, 0, 0, '5');
select make_timestamptz(2023, 7, 1, 12, 0, 0, '+16');

-- arguments of the wrong type: no such function
select make_date(2023, 1, 1.5);

-- the types
select pg_typeof(make_date(2023, 1, 1)) as d, pg_typeof(make_time(1, 2, 3)) as t,
       pg_typeof(make_timestamp(2023, 1, 1, 0, 0, 0)) as ts, pg_typeof(make_timestamptz(2023, 1, 1, 0, 0, 0)) as tz;

-- make_interval with named arguments, positional ones, and both
select make_interval(days => 10) as a, make_interval(1, 2, 3, 4, 5, 6, 7.5) as b,
       make_interval(secs => 1.5, hours => 2) as c, make_interval(1, weeks => 2) as d;

-- isfinite of dates, timestamps, timestamptz and intervals
select isfinite(date '2023-01-01') as d, isfinite(date 'infinity') as d_inf, isfinite(date '-infinity') as d_ninf,
       isfinite(timestamp '2023-01-01') as ts, isfinite(timestamp '-infinity') as ts_ninf,
       isfinite(timestamptz 'infinity') as tz_inf, isfinite(interval '1 day') as iv, isfinite(null::date) as n;

-- date_trunc of a date: PostgreSQL casts it to timestamptz, so the result is a timestamptz at UTC midnight
select date_trunc('month', date '2023-05-17') as m, date_trunc('year', date '2023-05-17') as y,
       date_trunc('week', date '2023-05-17') as w, pg_typeof(date_trunc('day', date '2023-05-17')) as t;

-- an infinite date stays infinite; an unknown unit names the timestamptz type
select date_trunc('month', date 'infinity');
select date_trunc('fortnight', date '2023-05-17');

-- date_trunc in a time zone: truncated on that zone's wall clock
select date_trunc('day', timestamptz '2023-05-17 22:30:00+00', 'Asia/Tokyo') as tokyo,
       date_trunc('day', timestamptz '2023-05-17 22:30:00+00', 'America/New_York') as ny,
       date_trunc('month', timestamptz '2023-05-31 23:30:00+00', 'Europe/Paris') as paris,
       date_trunc('hour', timestamptz '2023-05-17 22:45:00+00', 'Asia/Kolkata') as kolkata;

-- an unknown zone is 22023
select date_trunc('day', timestamptz '2024-01-01 00:00+00', 'Bad/Zone');

-- date_bin: the start of the stride-wide bin counted from the origin, for timestamp and timestamptz
select date_bin('15 minutes', timestamp '2020-02-11 15:44:17', timestamp '2001-01-01') as a,
       date_bin('15 minutes', timestamptz '2020-02-11 15:44:17+00', timestamptz '2001-01-01 00:02:30+00') as b,
       date_bin('1 day 2 hours', timestamp '2020-02-11 15:44:17', timestamp '2020-01-01') as c,
       date_bin(interval '10 minutes', timestamp '2000-02-11 15:44:17', timestamp '2001-01-01') as before_origin;

-- an origin after the source: the bin's start, which is the source itself when it starts a bin
select date_bin('1 hour', timestamp '2024-01-01 10:30', timestamp '2024-01-01 12:00') as inside,
       date_bin('1 hour', timestamp '2024-01-01 10:00', timestamp '2024-01-01 12:00') as at_start;

-- a stride with months, a stride not above zero, an infinite origin
select date_bin('1 month', timestamp '2020-02-11 15:44:17', timestamp '2001-01-01');
select date_bin('0 minutes', timestamp '2020-02-11 15:44:17', timestamp '2001-01-01');
select date_bin('15 minutes', timestamp '2020-02-11 15:44:17', timestamp 'infinity');

create table mk148 (id int, y int, m int, d int, ts timestamp, dt date) distribute by hash(id);
insert into mk148 values (1, 2024, 2, 29, '2024-02-29 13:14:15', '2024-02-29'),
  (2, 1999, 12, 31, '1999-12-31 23:59:59', '1999-12-31'), (3, null, 1, 1, null, null),
  (4, 2000, 1, 1, 'infinity', '-infinity');

-- on columns
select id, make_date(y, m, d) as made, make_timestamp(y, m, d, 12, 0, 0) as noon, isfinite(ts) as f_ts,
       isfinite(dt) as f_dt, date_trunc('month', dt) as month_start,
       date_bin('1 hour', ts, timestamp '2000-01-01') as hour_bin
from mk148 order by id;

-- in WHERE
select id from mk148 where make_date(y, m, d) > date '2000-01-01' and isfinite(ts) order by id;

-- a row whose fields do not make a date fails the query
insert into mk148 values (5, 2023, 2, 30, null, null);
select id, make_date(y, m, d) from mk148 order by id;

-- a function that does not exist names an interval argument's type as interval, and arrays by their element type
select no_such_function(interval '1 day', array[1, 2], array['a'], 1.5, 10000000000);
select abs(interval '1 day');
