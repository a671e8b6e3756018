-- date plus or minus an interval is a timestamp in PostgreSQL (date_pl_interval: the date's midnight, then the
-- interval), whatever the interval's unit: hours are kept, and whole days or months give midnight. The SQL standard
-- interval literals (interval '12' hour, interval '1' year) and PostgreSQL's own (interval '12 hours') alike, on
-- constants (the coordinator folds them) and on date columns of every distribution (the datanodes evaluate them in
-- fragments; PushdownCorpusIT runs this file with pushdown off too).

-- hours, minutes and seconds added to a date constant are kept
select date '2024-01-01' + interval '12' hour, date '2024-01-01' + interval '90' minute,
       date '2024-01-01' + interval '1.5' second;

-- subtracted, and with the interval first
select date '2024-01-01' - interval '12' hour, interval '12' hour + date '2024-01-01',
       date '2024-01-01' - interval '36' hour;

-- PostgreSQL's interval syntax: units in the string, days and hours mixed
select date '2024-01-01' + interval '12 hours', date '2024-01-01' + interval '1 day 12 hours',
       date '2024-01-01' - interval '1 day 12 hours', date '2024-03-01' - interval '1 mon 1 hour';

-- whole days and months give a timestamp at midnight; a month past the shorter month's end is its last day
select date '2024-01-01' + interval '1' day, date '2024-01-01' + interval '1' month,
       date '2024-01-31' + interval '1' month, date '2023-03-31' - interval '1' month,
       date '2024-02-29' + interval '1' year;

-- day-to-second literals
select date '2024-01-01' + interval '1 12' day to hour, date '2024-01-01' + interval '1 02:03:04' day to second;

-- the result's type is timestamp (compared with a timestamp, cast to text)
select (date '2024-01-01' + interval '12' hour)::text, date '2024-01-01' + interval '12' hour = timestamp '2024-01-01 12:00:00';

-- on a date column of each distribution, NULL staying NULL
select id, d + interval '12' hour, d - interval '12' hour, d + interval '1 day 12 hours' from t_hash order by id;
select id, d + interval '1' month, d - interval '1' year, interval '30' minute + d from t_mod order by id;
select id, d + interval '6' hour from t_rr order by id;
select id, d - interval '6 hours' from t_rep order by id;
select id, d + interval '1' day from t_shard order by id;

-- in WHERE, a constant off midnight: d < 2023-01-01 12:00 holds for 2023-01-01 itself
select id, d from t_hash where d < date '2023-01-01' + interval '12' hour order by id;
select id, d from t_mod where d >= date '2023-01-02' - interval '12' hour order by id;
select id, d from t_rr where d = date '2023-01-01' + interval '12' hour;
select id, d from t_rep where d <= date '2023-01-01' + interval '1 day 12 hours' order by id;
select id, d from t_shard where d > date '2023-01-08' - interval '1' minute order by id;

-- in WHERE, a constant at midnight compares as the date it is
select id, d from t_hash where d <= date '2023-01-02' - interval '1' day order by id;
select id, d from t_mod where d < date '2022-12-01' + interval '1' month order by id;
select id, d from t_hash where d between date '2023-01-01' - interval '1' day and date '2023-01-01' + interval '7' day
  order by id;

-- the column's arithmetic in WHERE, evaluated per row
select id from t_hash where d + interval '12' hour > timestamp '2023-01-01 11:00:00' order by id;
select id from t_mod where d - interval '1' hour < timestamp '2023-01-01 00:00:00' order by id;
select id from t_shard where d + interval '1 day 12 hours' between timestamp '2023-01-02 00:00:00'
  and timestamp '2023-01-09 12:00:00' order by id;

-- grouped and aggregated over the timestamps, and joined on them
select d + interval '12' hour, count(*) from t_hash group by d + interval '12' hour order by 1;
select max(d + interval '1' hour), min(d - interval '1' hour) from t_rr;
select a.id, b.id from t_hash a join t_mod b on a.d + interval '24' hour = b.d + interval '1' day order by a.id, b.id;

-- the timestamp cast to a date keeps its day, in INSERT and UPDATE (an INSERT assigning the timestamp itself is
-- refused: the INSERT path coerces by value and cannot tell a timestamp from a bigint, which PostgreSQL refuses)
create table dpi106 (id int, d date) distribute by hash(id);
insert into dpi106 values (1, (date '2024-01-01' + interval '36' hour)::date),
    (2, (date '2024-01-31' + interval '1' month)::date);
insert into dpi106 select 3, (date '2024-01-01' - interval '1' hour)::date;
update dpi106 set d = d + interval '1' month - interval '1' hour where id = 1;
select id, d from dpi106 order by id;
drop table dpi106;
