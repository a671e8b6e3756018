-- time with dates, times and formats: date + time is a timestamp (datetime_timestamp), time - time an interval
-- (time_mi_time), to_char of a time formats it as an interval (PostgreSQL casts time to interval implicitly), and
-- extract reads a time's fields. Values with at most three fraction digits (the engine's milliseconds).

-- date + time and time + date are timestamps; 24:00:00 is the next midnight; an infinite date stays infinite
select date '2024-01-01' + time '12:00:07.5', time '12:00:07.5' + date '2024-01-01', date '2024-02-28' + time '24:00';
select date 'infinity' + time '12:00', date '-infinity' + time '00:00:01', date '0044-03-15 BC' + time '12:30';

-- time - time is an interval, negative when the second time is later
select time '12:00:00' - time '11:59:58.75', time '01:00' - time '23:00', time '12:00' - time '12:00', time '24:00' - time '00:00';

-- to_char(time, ...) formats the time as an interval
select to_char(time '13:04:05.123', 'HH24:MI:SS.MS'), to_char(time '13:04:05', 'HH12 AM MI SS'), to_char(time '00:00:00', 'HH24:MI:SS');
select to_char(time '13:04:05.123', 'YYYY-MM-DD');

-- extract and date_part of a time
select extract(hour from time '13:04:05.5'), extract(minute from time '13:04:05.5'), extract(second from time '13:04:05.5');
select date_part('hour', time '13:04:05.5'), date_part('minute', time '13:04:05.5');

-- the same on stored values, NULL included
create table tm91 (id int primary key, d date, t time) distribute by hash(id);
insert into tm91 values (1, '2024-01-01', '12:00:07.5'), (2, '1999-12-31', '23:59:59.999'), (3, '2024-02-29', '00:00'), (4, null, '06:00'), (5, '2024-03-01', null);
select id, d + t, t - time '06:00', to_char(t, 'HH24:MI:SS.MS') from tm91 order by id;
select id from tm91 where d + t > timestamp '2024-01-01 12:00:07' order by id;
drop table tm91;
