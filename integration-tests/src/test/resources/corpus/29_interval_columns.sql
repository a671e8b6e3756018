-- interval as a column type: rows keep the three fields as written; comparison, order, grouping and keys use
-- interval_cmp's span (30-day months, 24-hour days).

create table interval_columns (id int primary key, d interval, note text) distribute by hash(id);

-- string literals, typed literals and casts are assigned to interval columns; NULL and omitted columns stay NULL
insert into interval_columns values (1, '1 day', 'a'), (2, '24 hours', 'b'), (3, null, 'c'), (4, '1 mon 2 days 03:04:05.5', 'd');
insert into interval_columns values (5, interval '1 year', 'e');
insert into interval_columns values (6, '-1 days +02:00:00'::interval, 'f');
insert into interval_columns (id, note) values (7, 'g');
insert into interval_columns values (8, 'P1Y2M3DT4H5M6S', 'h'), (9, '30 days', 'i'), (10, '1 mon', 'j');
-- extreme values round trip
insert into interval_columns values (11, '178000000 years', 'k'), (12, '-178000000 years', 'l'),
       (13, '2147483647 days 2562047788:00:54.775807', 'm'), (14, '-2147483648 days', 'n');

-- rows come back with their fields as written
select * from interval_columns order by id;

-- ORDER BY sorts by the span; ties ('1 day' and '24 hours', '1 mon' and '30 days') broken by id; NULLs last
select id, d from interval_columns order by d, id;
select id, d from interval_columns order by d desc nulls last, id;

-- WHERE compares spans: '1 day' equals '24 hours'
select id, d from interval_columns where d = interval '1 day' order by id;
select id, d from interval_columns where d = '30 days' order by id;
select id, d from interval_columns where d > '1 day' and d < '1 year' order by id;
select id from interval_columns where d is null order by id;

-- GROUP BY and DISTINCT treat equal spans as one group
select count(*), count(d), count(distinct d) from interval_columns;
select min(id), count(*) from interval_columns group by d order by min(id);

-- expressions on the column
select id, d + interval '1 hour', d * 2, -d, justify_days(d), extract(epoch from d) from interval_columns where id <= 10 order by id;
select id, timestamp '2020-01-31 10:00' + d from interval_columns where id <= 10 order by id;

-- bad text is 22007, a field beyond its range 22008; the row is not inserted
insert into interval_columns values (20, 'junk', 'x');
insert into interval_columns values (21, '2147483648 days', 'x');
select count(*) from interval_columns where id >= 20;

-- -2147483648 days is the smallest day count (a signed int32)
select '-2147483648 days'::interval, '-2147483649 days'::interval;

-- an interval primary key: equal spans are duplicates (23505), order is the span's
create table interval_columns_key (d interval primary key, x int) distribute by replication;
insert into interval_columns_key values ('1 day', 1), ('1 mon', 2), ('-1 hour', 3), ('1 year -1 day', 4), ('00:00:00.000001', 5);
insert into interval_columns_key values ('24 hours', 6);
insert into interval_columns_key values ('30 days', 7);
select * from interval_columns_key order by d;
select * from interval_columns_key where d = '720 hours';
select * from interval_columns_key order by d desc;

-- a multi-row INSERT mixing strings and interval expressions: the strings are read as intervals
insert into interval_columns values (30, '2 days', 'm'), (31, interval '3 hours' * 2, 'n'), (32, null, 'o');
select id, d from interval_columns where id >= 30 order by id;
