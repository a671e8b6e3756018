-- Type resolution of mixed operands (issue 11): a date beside a timestamp or a timestamptz resolves to the common
-- type as PostgreSQL's select_common_type does (date to timestamp, timestamp to timestamptz) in CASE, coalesce,
-- greatest/least, nullif, UNION, IN, BETWEEN, VALUES and subtraction, on constants, on columns of distributed
-- tables and in WHERE clauses run on the datanodes; % and mod() are typed as PostgreSQL's (the wider integer,
-- numeric beside a numeric) with its errors; extract/date_part of every field nested in expressions.

create table t184 (id int, d date, ts timestamp, tz timestamptz, t time, iv interval, i2 int2, i4 int4, i8 int8, n numeric(10,3)) distribute by hash(id);

create table r184 (id int, d date, ts timestamp, tz timestamptz) distribute by replication;

create table rr184 (id int, d date, ts timestamp, tz timestamptz) distribute by roundrobin;

insert into t184 values
  (1, '2020-01-01', '2020-01-01 10:00', '2020-01-01 10:00+00', '10:11:12.345678', '1 day 02:03:04.5', 7, 100, 9223372036854775807, 12.345),
  (2, null, null, null, null, null, null, null, null, null),
  (3, '2020-01-03', '2020-01-02 00:00', '2020-01-03 00:00+00', '00:00', '-3 months 1 hour', -32768, -2147483648, -9223372036854775808, -7.5),
  (4, 'infinity', '-infinity', 'infinity', '23:59:59.999999', '0', 0, 0, 0, 0),
  (5, '1999-12-31', '1999-12-31 23:59:59.999999', '2000-01-01 00:00:00.000001+00', '12:00', '1 year 2 mons 3 days', 3, -7, -10, 2.5);

insert into r184 select id, d, ts, tz from t184;

insert into rr184 select id, d, ts, tz from t184;

-- CASE of a date literal and a timestamp literal is the timestamp 2020-01-01 00:00:00 (it was the date's
-- milliseconds read as microseconds: 1970-01-19 06:17:16.8)
select case when true then date '2020-01-01' else timestamp '2020-01-02' end;

-- the same with timestamptz
select case when true then date '2020-01-01' else timestamptz '2020-01-02 00:00+00' end;

-- the other branch taken
select case when false then date '2020-01-01' else timestamp '2020-01-02 03:04:05.678901' end;

-- coalesce of a date literal and a timestamp literal: the date at midnight
select coalesce(date '2020-01-01', timestamp '2020-01-02');

-- coalesce of a NULL date and a timestamp
select coalesce(null::date, timestamp '2020-01-02 10:00');

-- coalesce of a date and a timestamptz
select coalesce(date '2020-01-01', timestamptz '2020-01-02 00:00+00');

-- coalesce of infinite dates and timestamps
select coalesce(date 'infinity', timestamp '2020-01-01'), coalesce(date '-infinity', timestamptz '2020-01-01 00:00+00');

-- CASE over an infinite timestamp
select case when false then date '2020-01-01' else timestamp 'infinity' end;

-- coalesce and CASE of columns of a hash-distributed table, each row
select id, coalesce(d, ts), coalesce(ts, d), coalesce(d, tz), coalesce(tz, ts, d), case when id = 1 then d else ts end, case when id = 1 then tz else d end from t184 order by id;

-- coalesce of a date literal beside a column, computed on the datanodes
select id, coalesce(date '2020-01-01', ts), coalesce(ts, date '2021-06-30') from t184 order by id;

-- the same over a replicated and a round-robin table
select id, coalesce(d, ts), coalesce(date '2020-01-01', tz) from r184 order by id;

-- round robin
select id, coalesce(d, ts), case when d > '2020-01-01' then d else tz end from rr184 order by id;

-- greatest and least of a date and a timestamp literal resolve to timestamp
select greatest(date '2020-01-01', timestamp '2020-01-02'), least(date '2020-01-01', timestamp '2020-01-02');

-- greatest and least with a NULL: the NULL is ignored, both NULL is NULL
select greatest(date '2020-01-01', null::timestamp), least(null::date, null::timestamp);

-- greatest and least of infinities
select greatest(date 'infinity', timestamp '2020-01-01'), least(date '-infinity', timestamp '2020-01-01');

-- greatest/least of columns of the three kinds, each row (NULLs ignored)
select id, greatest(d, ts), least(d, ts), greatest(d, tz), least(ts, tz), greatest(d, ts, tz) from t184 order by id;

-- greatest/least over the replicated table
select id, greatest(d, ts), least(d, tz) from r184 order by id;

-- a string literal beside a date or a timestamp takes its type
select greatest(date '2020-01-01', '2020-01-02'), least(timestamp '2020-01-01', '2020-01-02 10:00'), greatest(timestamptz '2020-01-01 00:00+00', '2019-01-01 00:00+00');

-- greatest of a date and an integer has no common type
select greatest(d, 1) from t184;

-- nullif of a date and a timestamp: equal at midnight gives NULL; the result keeps the first argument's type
select nullif(date '2020-01-01', timestamp '2020-01-01'), nullif(timestamp '2020-01-01', date '2020-01-01'), nullif(date '2020-01-01', timestamp '2020-01-01 00:00:01');

-- nullif of columns: compared in the common type, typed as the first
select id, nullif(d, ts), nullif(ts, d), nullif(d, tz), nullif(tz, ts) from t184 order by id;

-- nullif of a date and a string literal
select nullif(date '2020-01-01', '2020-01-01'), nullif(date '2020-01-01', '2020-01-02');

-- UNION of a date and a timestamp literal is timestamp
select date '2020-01-01' union select timestamp '2020-01-01 10:00' order by 1;

-- UNION ALL of a date and a timestamptz
select date '2020-01-01' union all select timestamptz '2020-01-01 10:00+00' order by 1;

-- UNION of date and timestamp columns: equal values once
select d from t184 union select ts from t184 order by 1;

-- UNION ALL of date and timestamptz columns
select d from t184 union all select tz from t184 order by 1;

-- UNION of timestamp and timestamptz columns
select ts from t184 union select tz from t184 order by 1;

-- INTERSECT and EXCEPT of date and timestamp columns
select d from t184 intersect select ts from t184 order by 1;

-- EXCEPT
select d from t184 except select ts from t184 order by 1;

-- a date IN a list of timestamps
select date '2020-01-01' in (timestamp '2020-01-01', timestamp '2020-01-02'), date '2020-01-02' in (date '2020-01-01', timestamp '2020-01-02');

-- IN on the datanodes: a date column in timestamp literals, a timestamp column in a date and a timestamp
select id from t184 where d in (timestamp '2020-01-01', timestamp '2020-01-03') order by id;

-- a timestamp column in a mixed list
select id from t184 where ts in (date '2020-01-02', timestamp '2020-01-01 10:00') order by id;

-- a timestamptz column in a mixed list
select id from t184 where tz in (date '2020-01-03', timestamp '2020-01-01 10:00') order by id;

-- a date column in a list of its row's other columns
select id from t184 where d in (ts, tz) order by id;

-- comparisons of a date with a timestamptz literal
select date '2020-01-02' < timestamptz '2020-01-02 00:00:01+00', date '2020-01-02' = timestamptz '2020-01-02 00:00:00+00';

-- comparisons of columns, in WHERE on the datanodes
select id from t184 where d = ts order by id;

-- date below timestamptz
select id from t184 where d < tz order by id;

-- timestamp at or above timestamptz
select id from t184 where ts >= tz order by id;

-- a timestamp column equal to a timestamp literal (a constant the planner must not fold into another unit)
select id from t184 where ts = timestamp '2020-01-01 10:00' order by id;

-- a date column equal to a timestamp literal
select id from t184 where d = timestamp '2020-01-01' order by id;

-- ranges of a date column by timestamps
select id from t184 where d >= timestamp '2020-01-01' and d < timestamp '2020-01-02' order by id;

-- BETWEEN of a date and timestamp(tz) literals
select date '2020-01-02' between timestamptz '2020-01-01 00:00+00' and timestamp '2020-01-03';

-- BETWEEN of columns on the datanodes
select id from t184 where d between ts and tz order by id;

-- BETWEEN with a string bound
select id from t184 where d between '2020-01-01' and ts order by id;

-- BETWEEN of a timestamptz by a date and a timestamp
select id from t184 where tz between d and ts order by id;

-- NOT BETWEEN SYMMETRIC of a date by timestamps
select id from t184 where d not between symmetric timestamp '2020-01-02' and timestamp '2019-01-01' order by id;

-- VALUES rows of a date and a timestamp (either first)
select * from (values (date '2020-01-01'), (timestamp '2020-01-02 03:00')) v(x) order by 1;

-- timestamp first
select * from (values (timestamp '2020-01-02 03:00'), (date '2020-01-01')) v(x) order by 1;

-- a date and a timestamptz with a NULL row
select * from (values (1, date '2020-01-01'), (2, null), (3, timestamptz '2020-01-02 03:00+00')) v(i, x) order by 1;

-- date minus timestamp and timestamp minus date are intervals
select date '2020-01-02' - timestamp '2020-01-01 12:00', timestamp '2020-01-01 12:00' - date '2020-01-02', timestamptz '2020-01-03 00:00+00' - date '2020-01-01';

-- the same on columns
select id, d - ts, ts - d, tz - d from t184 where id <> 4 order by id;

-- max over a union of dates and timestamps
select max(x), min(x) from (select d as x from t184 where id <> 4 union all select ts from t184 where id <> 4) s;

-- an array of a date and a timestamp
select id, array[d, ts] from t184 where id <> 4 order by id;

-- % of integers of two widths is the wider one: int8 % int4 is bigint, int2 % int4 integer
select 5::int8 % 3, pg_typeof(5::int8 % 3), pg_typeof(5::int2 % 3::int2), pg_typeof(5::int2 % 3), pg_typeof(5 % 3::int8), pg_typeof(5::int2 % 3::int8);

-- % of a numeric and an integer is numeric, of the larger scale
select 5.5 % 3, pg_typeof(5.5 % 3), 5 % 3.5, pg_typeof(5 % 3.5), 7.25 % 2.5, -7.5 % 2, 7 % -2.50;

-- mod() is typed as %
select mod(5::int8, 3), pg_typeof(mod(5::int8, 3)), mod(5.5, 2), pg_typeof(mod(5.5, 2)), mod(5, 2::int2), pg_typeof(mod(5, 2::int2));

-- extract(...) % n is numeric and keeps the fraction
select pg_typeof(extract(epoch from timestamp '2020-01-01') % 1000000), extract(epoch from timestamp '2020-01-01 00:00:01.5') % 1000000;

-- the minimum integers modulo -1 are 0, not an overflow
select '-9223372036854775808'::int8 % -1, (-2147483648) % -1, (-32768)::int2 % (-1)::int2, mod('-9223372036854775808'::int8, -1), mod(-2147483648, -1);

-- -9223372036854775808::int8 is the negation of an out-of-range bigint (22003)
select mod(-9223372036854775808::int8, -1);

-- % 0 is division by zero (22012): int4
select 5 % 0;

-- int8
select mod(5::int8, 0);

-- int2
select 5::int2 % 0::int2;

-- numeric
select 5.0 % 0;

-- columns of every width, NULLs and extremes, on the datanodes; the types of the results
select id, i8 % i4, i4 % i2, i2 % i8, n % i4, i4 % n, mod(i8, i2), pg_typeof(i8 % i4), pg_typeof(i2 % i4), pg_typeof(n % i2) from t184 where id <> 4 order by id;

-- a column % 0 on the datanodes
select id, i4 % i2 from t184 where id = 4;

-- % in WHERE on the datanodes, with a wider right side
select id from t184 where i4 % 7::int8 = 2 order by id;

-- extract of a time nested in a cast and in arithmetic
select extract(microseconds from time '10:00')::int8, extract(hour from time '10:00') % 10, extract(hour from time '10:00') + 1;

-- every field of a time, nested in arithmetic
select extract(hour from t) + 0, extract(minute from t) * 1, extract(second from t) - 0, extract(milliseconds from t) + 0, extract(microseconds from t) + 0, extract(epoch from t) + 0 from t184 where id = 1;

-- date_part of a time, nested
select date_part('hour', t) + 0, date_part('second', t) * 2, date_part('epoch', t)::int8 from t184 where id = 1;

-- extract of a time in WHERE
select id from t184 where extract(hour from t) > 9 order by id;

-- extract of a time compared with a number
select id from t184 where extract(microseconds from t)::int8 % 1000000 = 345678 order by id;

-- every field of a date, nested
select extract(year from d) + 0, extract(month from d) + 0, extract(day from d) + 0, extract(dow from d) + 0, extract(isodow from d) + 0, extract(doy from d) + 0, extract(quarter from d) + 0, extract(week from d) + 0, extract(isoyear from d) + 0, extract(decade from d) + 0, extract(century from d) + 0, extract(millennium from d) + 0, extract(epoch from d) + 0 from t184 where id = 1;

-- every field of a timestamp, nested
select extract(year from ts) % 100, extract(month from ts) * 1, extract(hour from ts) + 0, extract(minute from ts) + 0, extract(second from ts) + 0, extract(milliseconds from ts) + 0, extract(microseconds from ts) % 1000, extract(epoch from ts) + 0, extract(dow from ts) + 0, extract(doy from ts) + 0 from t184 where id in (1, 5) order by id;

-- every field of a timestamptz, nested
select extract(year from tz) + 0, extract(hour from tz) + 0, extract(second from tz) + 0, extract(microseconds from tz) + 0, extract(epoch from tz) + 0 from t184 where id in (1, 5) order by id;

-- every field of an interval, nested
select extract(year from iv) + 0, extract(month from iv) + 0, extract(day from iv) + 0, extract(hour from iv) + 0, extract(minute from iv) + 0, extract(second from iv) + 0, extract(milliseconds from iv) + 0, extract(microseconds from iv) + 0, extract(epoch from iv) + 0 from t184 where id in (1, 3, 5) order by id;

-- date_part of each source, nested
select date_part('year', d) + 0, date_part('hour', ts) + 0, date_part('minute', tz) + 0, date_part('day', iv) + 0, date_part('epoch', ts) + 0 from t184 where id = 1;

-- extract in WHERE on the datanodes, of a date, a timestamp and an interval
select id from t184 where extract(year from d) + 0 = 2020 and extract(hour from ts) * 1 >= 0 and extract(day from iv) + 0 >= 0 order by id;


-- extract(year ...) compared with a constant in WHERE (Calcite's date-range rewrite of it failed to plan)
select id from t184 where extract(year from d) = 2020 order by id;

-- the same over a timestamp and a timestamptz, and with date_part
select id from t184 where extract(year from ts) = 2020 and date_part('month', tz) = 1 order by id;

-- greatest and least of intervals and of times (NULLs ignored)
select greatest(interval '1 day', interval '25 hours'), least(time '10:00', time '09:00'), greatest(interval '1 day', null, interval '2 hours', interval '-3 days'), least(interval '1 day', null::interval, interval '2 hours');

-- of time and interval columns, each row
select id, greatest(t, time '11:00'), least(t, time '11:00', null), greatest(iv, interval '1 day'), least(iv, interval '1 day') from t184 order by id;

-- greatest of an interval column in WHERE
select id from t184 where greatest(iv, interval '1 day') > interval '1 day' order by id;
