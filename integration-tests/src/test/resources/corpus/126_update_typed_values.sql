-- UPDATE SET and ON CONFLICT DO UPDATE SET take typed literals (timestamp '...', date '...', numeric '1.5', ...) as
-- values of their type, converted by the assignment cast; date ± integer and date - date run where the rows are
-- (datanodes) in SET and WHERE; current_timestamp is a timestamptz as now(); RETURNING takes pg_typeof.

create table u126 (id int primary key, ts timestamp, tz timestamptz, d date, d2 date, tm time, iv interval, n numeric(6,2), i int, t text, j jsonb) distribute by hash(id);
insert into u126 (id, ts, tz, d, d2, tm, iv, n, i, t) values (1, '2023-05-01 01:02:03', '2023-05-01 01:02:03+00', '2024-02-28', '2024-01-01', '10:00', '1 day', 1.25, 1, 'a'), (2, '2023-06-01 01:02:03', '2023-06-01 01:02:03+00', '2024-03-01', '2023-01-01', '11:00', '2 days', 2.5, 2, 'b'), (3, null, null, null, null, null, null, null, null, null);

-- typed date/time literals as SET values and in WHERE
update u126 set ts = timestamp '2024-01-01 10:00:00' where id = 1;
update u126 set d = date '2024-01-05', tm = time '12:30:00', tz = timestamptz '2024-01-01 10:00:00+02', iv = interval '3 hours' where id = 1;
update u126 set ts = timestamp with time zone '2024-02-02 12:00:00+01' where id = 2;
update u126 set tz = date '2024-05-05', d2 = timestamp '2024-06-06 23:59:59' where id = 2;
update u126 set t = 'x' where ts = timestamp '2024-01-01 10:00:00' and d = date '2024-01-05';
select id, ts, tz, d, d2, tm, iv, t from u126 order by id;

-- typed literals of other types: numeric, integer, text, jsonb
update u126 set n = numeric '1.5', i = int '7', t = text 'typed', j = jsonb '{"b": 1,  "a": 2}' where id = 2;
update u126 set n = numeric '12.345' where n = numeric '1.25';
select id, n, i, t, j from u126 order by id;
select numeric '1.5' as a, int '3' + 1 as b, text 'x' || 'y' as c, jsonb '{"k": [1, 2]}' as d;

-- a typed literal without an assignment cast to the column's type is 42804
update u126 set i = date '2024-01-01' where id = 1;
update u126 set d = time '10:00' where id = 99;

-- date + integer, date - integer, integer + date and date - date in SET and WHERE
update u126 set d = d + 1;
update u126 set d = d - 1 where d - 1 > date '2024-01-01';
update u126 set d = 7 + d where d - d2 > 3;
update u126 set i = d - d2 where id = 1;
select id, d, d2, i, d - d2 as diff, d + 7 as plus7, d - 1 as minus1, 30 + d as plus30 from u126 order by id;
select id from u126 where d + 7 > date '2024-03-05' order by id;
select count(*) from u126 where d - d2 between 10 and 1000;
delete from u126 where d - 400 > d2;
select id, d from u126 order by id;

-- ON CONFLICT DO UPDATE SET with typed literals, date arithmetic and a typed WHERE
insert into u126 (id, ts) values (1, timestamp '2020-01-01') on conflict (id) do update set ts = timestamp '2021-02-02 02:02:02', d = excluded.ts::date + 3, n = numeric '9.99' where u126.ts < timestamp '2030-01-01';
insert into u126 (id, d) values (2, date '2020-01-01') on conflict (id) do update set d = u126.d + 1 where u126.d - date '2000-01-01' > 0;
select id, ts, d, n from u126 order by id;

-- current_timestamp is a timestamptz (as now()), localtimestamp a timestamp, localtime a time
select pg_typeof(current_timestamp) as a, pg_typeof(localtimestamp) as b, pg_typeof(localtime) as c, pg_typeof(now()) as d;
select date_trunc('century', current_timestamp) as c, date_trunc('century', localtimestamp) as l;
select current_timestamp = now() as same, current_timestamp - now() as zero;
select current_timestamp, localtimestamp, localtime from u126 where false;
update u126 set tz = current_timestamp, ts = current_timestamp where id = 3;
select id, tz = now() as tz_now, ts = now()::timestamp as ts_now from u126 where id = 3;
insert into u126 (id, ts, tz) values (4, current_timestamp, current_timestamp);
select id, ts = tz::timestamp as same from u126 where id = 4;

-- RETURNING pg_typeof, named as PostgreSQL names it
insert into u126 (id) values (10) returning pg_typeof(id);
insert into u126 (id, d) values (11, date '2020-01-01') returning pg_typeof(id), pg_typeof(d), id, d + 1;
update u126 set n = n + 1 where id = 1 returning pg_typeof(n), pg_typeof(ts), n;
