-- time (without time zone): input forms, output, errors, casts, comparison and order, a time column on the datanodes.

-- output is HH:MM:SS with the fraction's trailing zeros dropped; 24:00:00 is a time
select '12:34:56.789'::time, '01:02'::time, '1:2:3'::time, '24:00:00'::time, '00:00:00'::time, '23:59:59.5'::time;
select time '01:02:03', cast('07:08:09.120' as time), null::time;

-- AM/PM, an ignored date before it, an ignored zone after it
select '1:02:03 pm'::time, '12:00 am'::time, '12:30 PM'::time, '2020-01-01 10:11:12'::time, '10:11:12+05'::time;

-- a fraction rounding up to 24:00:00
select '23:59:59.9999999'::time;

-- bad input is 22007, fields out of range 22008
select 'abc'::time;
select ''::time;
select '12'::time;
select '25:00'::time;
select '12:60'::time;
select '24:00:01'::time;
select '13:00 pm'::time;

-- time to text and back, timestamp to time
select '12:34:56.700'::time::text, cast(timestamp '2020-05-06 07:08:09.25' as time);

-- comparison and order
select '10:00'::time < '9:00'::time, '10:00'::time = '10:00:00.000'::time, '24:00'::time > '23:59:59.999'::time;

-- a time primary key and distribution column, filters pushed to the datanodes, ORDER BY, GROUP BY
create table time_t (t time primary key, n int, other time) distribute by hash(t);
insert into time_t values ('08:00', 1, '08:00'), ('12:30:15.25', 2, null), ('00:00', 3, '23:59:59'),
  ('24:00', 4, '12:30:15.25'), ('17:45:00.001', 5, '08:00');
insert into time_t values ('8:00:00', 6, null);
insert into time_t values ('99:00', 7, null);
select t, n, other from time_t order by t;
select t, n from time_t order by t desc limit 2;
select n from time_t where t = '12:30:15.25';
select n from time_t where t > '12:00' order by n;
select n from time_t where t between '00:00' and '08:00' order by n;
select other, count(*) from time_t group by other order by other;
select min(t), max(t), count(distinct other) from time_t;
select a.n, b.n from time_t a join time_t b on a.other = b.t order by a.n;
select n, t::text from time_t where t::text like '%:00' order by n;
update time_t set other = '06:00' where t = '08:00';
delete from time_t where t = '24:00';
select t, n, other from time_t order by n;
