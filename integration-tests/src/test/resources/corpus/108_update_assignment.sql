-- UPDATE SET and INSERT ... ON CONFLICT DO UPDATE SET assign by PostgreSQL's assignment typing too: an expression
-- whose SQL type has an implicit or assignment cast to the column's type is converted by it, an untyped literal is
-- read by the column's input function, anything else is 42804 (checked at planning, whether or not a row matches).

create type mood108 as enum ('sad', 'ok', 'happy');
create table u108 (id int primary key, i int, b bigint, n numeric(6,2), f float8, t text, v varchar(5), bo bool, d date, ts timestamp, tz timestamptz, j jsonb, m mood108) distribute by hash(id);
insert into u108 (id, i, b, n, f, t, v, bo, d, ts, tz, j, m) values (1, 1, 1, 1, 1, 't', 'v', true, '2020-01-01', '2020-01-01 10:00', '2020-01-01 10:00+00', '{}', 'ok'), (2, 2, 2, 2, 2, 'u', 'w', false, '2021-06-30', '2021-06-30 23:59:59', '2021-06-30 12:00+00', '[]', 'sad');

-- an integer into a timestamp, date or boolean column is refused, even when no row matches
update u108 set ts = 5 where id = 1;
update u108 set d = 1234567890123 where id = 1;
update u108 set bo = 1 where id = 99;
update u108 set i = '7'::text where id = 1;
update u108 set m = 'ok'::text where id = 1;
update u108 set d = true;
update u108 set tz = 1.5;

-- a timestamp into a date column keeps its day; a date into a timestamp column is its midnight
update u108 set d = ts, ts = d where id = 2;
select id, d, ts from u108 order by id;

-- numeric and float into integer columns round (numeric half away from zero, float8 half to even), and numbers
-- convert among themselves
update u108 set i = 2.5, b = -2.5, n = 7.125, f = 1.25 where id = 1;
update u108 set i = 2.5::float8, b = 3.5::float8, n = -7.5 where id = 2;
select id, i, b, n, f from u108 order by id;

-- a bigint too large for an integer column is 22003
update u108 set i = 5000000000::bigint where id = 1;

-- any type goes into a text or varchar column by its output function
update u108 set t = d, v = bo where id = 1;
update u108 set t = ts where id = 2;
select id, t, v from u108 order by id;

-- a string literal too long for varchar(n) is 22001 unless the excess is blanks, which are cut
update u108 set v = 'abcdefg' where id = 1;
update u108 set v = 'abc      ' where id = 1;
select id, v, length(v) from u108 order by id;

-- untyped literals are read by the column's input function
update u108 set d = '2022-02-02', ts = '2022-02-02 02:02:02', m = 'happy', j = '{"b": 2}', bo = 'yes' where id = 1;
select id, d, ts, m, j::text, bo from u108 order by id;

-- an expression over the row's own columns: timestamptz into timestamp and date, bigint into integer
update u108 set ts = tz, d = tz, i = b + 1 where id = 2;
select id, i, d, ts from u108 order by id;

-- ON CONFLICT DO UPDATE SET checks its expressions the same way
insert into u108 (id, i) values (1, 10) on conflict (id) do update set ts = 42;
insert into u108 (id, i) values (1, 10) on conflict (id) do update set bo = excluded.i;
insert into u108 (id, d) values (1, '2023-03-03') on conflict (id) do update set ts = excluded.d, i = excluded.i + 0.5;
select id, i, d, ts from u108 order by id;

drop table u108;
drop type mood108;
