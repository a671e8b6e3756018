-- interval in aggregates and functions over columns, and UPDATE/DELETE of interval columns: sum adds field by field
-- (months, days and microseconds kept apart), avg divides each field with interval_div's carry rules, min/max and
-- comparisons use interval_cmp's span. Values are chosen so that no group holds two equal spans written differently
-- (PostgreSQL's min/max then return whichever it met last, an order a distributed scan does not have).

create table interval_aggregates (id int primary key, g int, d interval) distribute by hash(id);
insert into interval_aggregates values
  (1, 1, '1 day'), (2, 1, '3 hours'), (3, 2, '1 mon 2 days 03:04:05.5'), (4, 2, null), (5, 3, '-1 days +02:00:00'),
  (6, 3, '1 year'), (7, 4, null), (8, 5, '1 mon'), (9, 5, '2 mons'), (10, 5, '00:00:00.000001'),
  (11, 6, '7 mons'), (12, 6, '1 day'), (13, 6, '-10:00:00');

-- sum, avg, min, max and count over the whole table; NULLs are skipped
select sum(d), avg(d), min(d), max(d), count(d), count(*) from interval_aggregates;

-- per group: a group of NULLs gives NULL sum, avg, min and max
select g, sum(d), avg(d), min(d), max(d), count(d) from interval_aggregates group by g order by g;

-- avg cascades fractions of months into days and of days into time (7 mons / 3 = 2 mons 10 days, ...)
select avg(d) from interval_aggregates where g = 6;
select avg(d) from (values (interval '1 mon'), (interval '2 mons')) v(d);
select avg(d) from (values (interval '1 mon'), (interval '0')) v(d);
select avg(d), sum(d) from (values (interval '1 day'), (interval '1 hour'), (interval '1 mon')) v(d);
select avg(d) from (values (interval '-1 mons 3 days'), (interval '2 days -05:00:00.123456'), (interval '1 year')) v(d);

-- aggregates over no rows: sum and avg are NULL, count 0
select sum(d), avg(d), min(d), max(d), count(d) from interval_aggregates where false;
select sum(d), avg(d) from interval_aggregates where id > 100;
select g, sum(d) from interval_aggregates where id > 100 group by g;

-- aggregates of expressions over the column
select sum(d * 2), avg(d / 4), max(justify_hours(d)), min(-d) from interval_aggregates;

-- a sum beyond a field's range is 22008
select sum(d) from (values (interval '2147483647 days'), (interval '1 day')) v(d);
select avg(d) from (values (interval '2147483647 mons'), (interval '1 mon')) v(d);
select sum(d) from (values (interval '-2147483648 days'), (interval '-1 day')) v(d);

-- ORDER BY an aggregate of intervals
select g, sum(d) from interval_aggregates where d is not null group by g order by sum(d) desc, g;

-- to_char(interval, fmt): hours can exceed 24, fields are truncated toward zero, patterns tied to calendar dates fail
select id, to_char(d, 'HH24:MI:SS.MS'), to_char(d, 'DD "days" HH12 AM SSSS US'), to_char(d, 'YYYY-MM FMDD Q DDD WW')
  from interval_aggregates order by id;
select to_char(interval '100 hours 5 minutes', 'HH24:MI'), to_char(interval '-3 days -04:05:06', 'DD HH24 MI SS'),
       to_char(interval '2 years 11 mons', 'YYYY Y,YYY YY CC MM RM'), to_char(interval '15 hours', 'HH12th pm');
select to_char(interval '1 day 02:03:04.567891', 'FF1 FF2 FF3 FF4 FF5 FF6 "quoted HH" \"x'), to_char(interval '1 day', '');
select to_char(interval '1 mon', 'Month');
select to_char(interval '1 day', 'Day');
select to_char(null::interval, 'HH24'), to_char(interval '1 hour', null);

-- justify_*, interval * / numeric and date_part/extract over the column
select id, justify_days(d), justify_hours(d), justify_interval(d), d * 1.5::numeric, d / 2.5::numeric,
       date_part('day', d), extract(hour from d), extract(epoch from d) from interval_aggregates order by id;

-- interval times or over a number beyond the range is 22008, over zero 22012
select d * 1e10 from interval_aggregates where id = 6;
select d / 0.0 from interval_aggregates where id = 6;

-- UPDATE with an interval filter and SET expression, on the datanodes; RETURNING gives the new intervals
create table interval_updates (id int primary key, d interval, t timestamp) distribute by hash(id);
insert into interval_updates values (1, '1 day', '2024-01-31 10:00'), (2, '24 hours', '2024-02-28 00:00'),
  (3, '30 minutes', '2024-03-01 12:00'), (4, null, '2024-04-30 00:00'), (5, '1 mon', '2024-05-31 23:59:59'),
  (6, '-2 hours', null);
update interval_updates set d = d + interval '1 day' where d > '1 hour' returning id, d;
select id, d from interval_updates order by id;

-- '1 day 24:00:00' equals '2 days' (interval_cmp), so both rows match
delete from interval_updates where d = '2 days' returning id, d;
select id, d from interval_updates order by id;

-- SET from other columns and timestamps plus intervals
update interval_updates set t = t + d, d = d * 2 where d < interval '1 year' returning id, d, t;
update interval_updates set d = '3 days 04:00' where id = 4 returning d;
update interval_updates set d = -d where d >= '3 days' and d <> interval '72 hours' returning id, d;
select id, d, t from interval_updates order by id;

-- a filter with an interval parameter-free literal on the other side, and IS NULL
delete from interval_updates where interval '0' > d returning *;
delete from interval_updates where d is null returning id;
select count(*) from interval_updates;

-- an UPDATE that overflows an interval is 22008 and changes nothing
update interval_updates set d = d * 1e12;
select id, d from interval_updates order by id;
