-- time of day in microseconds, PostgreSQL's unit: literals with 4 to 6 fraction digits and the rounding of a 7th,
-- casts to and from text and timestamp, time(p), time +/- interval, time - time, date + time, extract, comparisons,
-- and order, grouping, DISTINCT, min and max on stored values one microsecond apart, NULLs among them. Also now()
-- and current_timestamp, the same instant (docs/architecture.md, "Timestamps and times").

-- literals keep six fraction digits; a 7th rounds half to even
select time '00:00:00.000001', time '13:14:15.123456', time '23:59:59.999999', time '13:14:15.5';
select '10:20:30.1234565'::time, '10:20:30.1234575'::time, '10:20:30.9999996'::time, '24:00:00'::time;
select cast('07:08:09.000999' as time), cast(null as time), '07:08:09.0009'::time;

-- comparisons see one microsecond
select time '10:20:30.123456' < time '10:20:30.123457', time '10:20:30.1234564' = time '10:20:30.123456', time '10:20:30.001' > time '10:20:30.000999';

-- time(p) rounds to p digits, 24:00:00 included
select '10:20:30.654321'::time(0), '10:20:30.654321'::time(1), '10:20:30.654321'::time(3), '10:20:30.654321'::time(5);
select '23:59:59.9999'::time(3), '23:59:59.99999'::time(4), cast(time '10:20:30.123456' as time(4));

-- time +/- interval wraps around midnight; time - time is an interval
select time '10:20:30.123456' + interval '0.000544 seconds', time '10:20:30.123456' - interval '1 hour 0.000456 seconds';
select time '00:00:00.000001' - interval '0.000002 seconds', time '23:59:59.999999' + interval '0.000001 seconds';
select time '10:20:30.123456' - time '10:20:30.000001', time '00:00:00' - time '23:59:59.999999';

-- date + time is a timestamp with the time's microseconds
select date '2024-02-29' + time '10:20:30.123456', time '10:20:30.000009' + date '2024-02-29';

-- casts between time, timestamp and text keep microseconds
select (timestamp '2024-03-01 10:20:30.123456')::time, (time '10:20:30.123456')::text, ('10:20:30.000001'::time)::varchar;

-- extract of a time
select extract(microseconds from time '10:20:30.123456'), extract(second from time '10:20:30.123456'), extract(minute from time '10:20:30.123456');
select extract(epoch from time '10:20:30.123456');

-- stored times one microsecond apart, and NULLs
create table tm125 (id int primary key, t time, t3 time(3), g int) distribute by hash(id);
insert into tm125 values
  (1, '10:20:30.123456', '10:20:30.123456', 1),
  (2, '10:20:30.123457', '10:20:30.1235', 1),
  (3, '10:20:30.123456', '10:20:30.1234', 2),
  (4, null, null, 2),
  (5, '00:00:00.000001', '23:59:59.9994', 3),
  (6, '23:59:59.999999', '00:00:00.0004', 3);
select id, t, t3 from tm125 order by id;
select id from tm125 order by t nulls first, id;
select id from tm125 order by t desc nulls last, id;
select t, count(*) from tm125 group by t order by t;
select distinct t from tm125 order by t;
select count(distinct t), count(distinct t3), min(t), max(t), min(t3), max(t3) from tm125;
select g, min(t), max(t) from tm125 group by g order by g;
select id from tm125 where t > '10:20:30.123456' order by id;
select id from tm125 where t = time '10:20:30.123456' order by id;
select id, t + interval '0.000001 seconds', t - time '10:20:30' from tm125 order by id;
update tm125 set t = t + interval '0.000001 seconds' where id = 1;
select id, t from tm125 where id < 4 order by id;

-- now() and current_timestamp are the transaction's start, the same instant
select now() = current_timestamp, current_timestamp = now(), now() = transaction_timestamp(), now() <= current_timestamp;
