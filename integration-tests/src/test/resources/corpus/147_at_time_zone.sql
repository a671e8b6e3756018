-- AT TIME ZONE and its function form timezone(zone, x), checked in the session time zone the corpus runs in
-- (UTC): a timestamp read as the wall clock of a zone is a timestamptz, a timestamptz shown on a zone's wall clock
-- is a timestamp; zone names, abbreviations, POSIX offsets and intervals; columns of a distributed table.

-- a timestamp at UTC is the same instant, typed timestamptz; the column is named timezone
select timestamp '2024-03-10 12:00:00' at time zone 'UTC';

-- a timestamptz on New York's wall clock, in winter (EST) and in summer (EDT): a timestamp
select timestamptz '2024-01-15 12:00:00+00' at time zone 'America/New_York' as winter,
       timestamptz '2024-07-15 12:00:00+00' at time zone 'America/New_York' as summer;

-- a timestamp read in a zone: the UTC instant of that wall clock
select timestamp '2024-07-01 12:00:00' at time zone 'America/New_York' as ny,
       timestamp '2024-07-01 12:00:00' at time zone 'Asia/Tokyo' as tokyo;

-- zone names are case-insensitive
select timestamptz '2024-07-01 12:00:00+00' at time zone 'america/new_york' as lower_name,
       timestamptz '2024-07-01 12:00:00+00' at time zone 'EUROPE/PARIS' as upper_name;

-- an interval zone is an offset east of UTC
select timestamptz '2024-03-10 12:00:00+00' at time zone interval '+02:00' as east,
       timestamp '2024-03-10 12:00:00' at time zone interval '-02:30' as west;

-- the function form
select timezone('UTC', timestamp '2024-03-10 12:00:00') as a,
       timezone('Europe/Paris', timestamptz '2024-03-10 12:00:00+00') as b,
       timezone(interval '1 hour', timestamptz '2024-03-10 12:00:00+00') as c;

-- abbreviations are fixed offsets: CET is +1 even in summer, EST -5, PST -8
select timestamptz '2024-07-01 12:00:00+00' at time zone 'CET' as cet,
       timestamptz '2024-07-01 12:00:00+00' at time zone 'EST' as est,
       timestamptz '2024-07-01 12:00:00+00' at time zone 'PST' as pst,
       timestamptz '2024-07-01 12:00:00+00' at time zone 'z' as z;

-- a bare offset is POSIX: hours west of Greenwich ('+05' and 'UTC+5' are UTC-5)
select timestamptz '2024-03-10 12:00:00+00' at time zone '+05' as a,
       timestamptz '2024-03-10 12:00:00+00' at time zone 'UTC+5' as b,
       timestamptz '2024-07-01 12:00:00+00' at time zone '-03:30' as c,
       timestamptz '2024-07-01 12:00:00+00' at time zone '5' as d;

-- a wall clock repeated when the clocks go back is read with the later (standard) offset, one skipped when they go
-- forward with the earlier one
select timestamp '2024-11-03 01:30:00' at time zone 'America/New_York' as repeated,
       timestamp '2024-03-10 02:30:00' at time zone 'America/New_York' as skipped;

-- the infinities stay infinite
select timestamp 'infinity' at time zone 'UTC' as a, timestamptz '-infinity' at time zone 'Asia/Tokyo' as b;

-- a date is read as a timestamptz at the session's midnight
select date '2024-01-01' at time zone 'Asia/Tokyo';

-- the operator binds tighter than + and -: the sum of a converted value
select timestamptz '2024-03-10 12:00:00+00' at time zone 'UTC' + interval '1 hour' as a,
       (timestamp '2024-03-10 12:00:00' + interval '1 hour') at time zone 'UTC' as b;

-- an unknown zone is 22023
select timestamp '2024-03-10 12:00:00' at time zone 'Nowhere/Town';

-- an interval zone with days or months is 22023
select timestamptz '2024-03-10 12:00:00+00' at time zone interval '1 day';

-- NULL in, NULL out
select timestamp '2024-03-10 12:00:00' at time zone null::text as a, null::timestamptz at time zone 'UTC' as b;

create table at147 (id int, ts timestamp, tz timestamptz, zone text) distribute by hash(id);
insert into at147 values
  (1, '2024-01-15 08:00:00', '2024-01-15 08:00:00+00', 'America/New_York'),
  (2, '2024-07-15 23:30:00', '2024-07-15 23:30:00+00', 'Asia/Kolkata'),
  (3, '1999-12-31 23:59:59', '1999-12-31 23:59:59+00', 'Europe/London'),
  (4, null, null, 'UTC'),
  (5, 'infinity', '-infinity', 'Australia/Sydney');

-- on columns, with a constant zone and with the zone a column
select id, ts at time zone 'Europe/Berlin' as ts_berlin, tz at time zone 'Europe/Berlin' as tz_berlin,
       tz at time zone zone as tz_local, timezone(zone, ts) as ts_local
from at147 order by id;

-- in WHERE and ORDER BY
select id from at147 where tz at time zone 'America/New_York' < timestamp '2024-07-15 12:00:00'
order by tz at time zone 'Asia/Tokyo';

-- grouped by the local day
select (tz at time zone 'Asia/Kolkata')::date as day, count(*) from at147 where tz is not null
group by 1 order by 1;

-- typed: timestamp at time zone is timestamptz, timestamptz at time zone is timestamp
select pg_typeof(ts at time zone 'UTC') as a, pg_typeof(tz at time zone 'UTC') as b from at147 where id = 1;
