-- interval: input forms, postgres-style output, errors, arithmetic with timestamps and numbers, comparison, order,
-- grouping, functions.

-- PostgreSQL's verbose input and the postgres IntervalStyle output
select '1 year 2 mons 3 days 04:05:06.5'::interval, '-1 days +02:00:00'::interval, '@ 1 day ago'::interval;
select '2 weeks'::interval, '1.5 hours'::interval, '10 min'::interval, '90 seconds'::interval, '0'::interval;
select '1.5 years'::interval, '1.7 mons'::interval, '1-2'::interval, '-04:05'::interval, '1 day 2'::interval;
select '-1 mons -1 days'::interval, '1 year -1 mons +1 days'::interval, '1 day -00:00:01'::interval;

-- ISO 8601 and hh:mm:ss
select 'P1Y2M3DT4H5M6S'::interval, 'P2W'::interval, '12:34:56'::interval, '100:00:00.000001'::interval;

-- the typed literal and CAST
select interval '1 day 2 hours', cast('3 days' as interval), interval '1 mon' as m, null::interval;

-- bad input is 22007, a field beyond its range 22008
select 'abc'::interval;
select ''::interval;
select '1 fortnight'::interval;
select '2147483648 days'::interval;

-- timestamp and timestamptz plus and minus an interval: months on the calendar, then days, then time
select timestamp '2020-01-31 10:00:00' + interval '1 mon', timestamp '2020-03-31' - interval '1 mon',
       timestamp '2020-01-01 00:00:00' + interval '1 year 2 mons 3 days 04:05:06';
select interval '1 day' + timestamp '2020-02-28', '2020-01-31 10:00:00+00'::timestamptz + interval '1 mon 1 hour';
select date '2020-02-28' + interval '1 day', date '2020-03-01' - interval '1 hour', interval '2 days' + date '2020-01-01';

-- timestamp minus timestamp is days and time; date minus date stays an integer
select timestamp '2024-03-10 12:00:00' - timestamp '2024-01-01 13:30:01', timestamp '2024-01-01 00:00:00' - timestamp '2024-03-10 12:00:00';
select date '2024-03-10' - date '2024-01-01', date '2024-02-28' + 2, 3 + date '2024-02-28', date '2024-03-01' - 1;

-- interval arithmetic: sums, differences, negation, multiplication and division cascade fractions down
select interval '1 day' + interval '3 hours', interval '1 mon' - interval '1 day', - interval '1 year 2 days';
select interval '1 mon' * 1.5, 2 * interval '1 day 1 hour', interval '1 day 3 hours' / 7, interval '1 year' / 5;

-- division by zero is 22012, overflow 22008
select interval '1 day' / 0;
select interval '1 day' * 1e300;

-- comparison uses 30-day months and 24-hour days
select interval '1 mon' = interval '30 days', interval '1 day' = interval '24 hours', interval '25 hours' > interval '1 day',
       interval '-1 days +02:00' < interval '-22:00:01', interval '1 day' <> '24 hours';

-- extract and date_part
select extract(epoch from interval '1 year 1 mon 1 day 1.5 seconds'), extract(second from interval '61.25 seconds'),
       extract(hour from interval '-25 hours'), extract(day from interval '1 mon 5 days'), extract(year from interval '27 mons');
select date_part('hour', interval '-25 hours'), date_part('month', interval '27 mons');

-- justify_*, make_interval, date_trunc of an interval, age
select justify_interval(interval '1 mon -1 hour'), justify_days(interval '65 days'), justify_hours(interval '-50 hours');
select make_interval(1, 2, 3, 4, 5, 6, 7.5), make_interval(days => 10), make_interval(hours => 1, mins => 30);
select date_trunc('hour', interval '1 day 03:45:06'), date_trunc('year', interval '1 year 5 mons');
select age(timestamp '2024-03-31 10:00:00', timestamp '2023-12-31 12:00:00'), age(timestamp '2023-01-01 00:00:00', timestamp '2024-03-31 10:00:00.5');

-- order, grouping and distinct with PostgreSQL's equality ('1 day' and '24 hours' are one group)
select i, count(*) from (values (interval '1 day'), (interval '24 hours'), (interval '1 mon'), (interval '30 days'),
       (interval '-1 hour'), (interval '1 hour')) v(i) group by i order by i;
select count(distinct i) from (values (interval '1 day'), (interval '24 hours'), (interval '2 days')) v(i);
select i from (values (interval '1 year'), (interval '-1 days'), (interval '11 mons 30 days 1 second'), (interval '00:00:00'))
       v(i) order by i desc;


-- a VALUES column mixing intervals and string literals reads the strings as intervals (the column's type)
select x from (values (interval '1 day'), ('2 hours'), (null), ('-3 mons')) v(x) order by x;
select * from (values ('36 hours', 1), (interval '1 day 1 hour', 2)) v(x, n) order by n;

-- age(ts) measures from today's midnight (current_date, the transaction's start)
select age(cast(current_date - 3 as timestamp)), age(cast(current_date as timestamp) + interval '5 hours');
