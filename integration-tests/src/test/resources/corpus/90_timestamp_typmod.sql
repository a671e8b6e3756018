-- timestamp(p) and timestamptz(p) round a half away from PostgreSQL's epoch 2000-01-01 (AdjustTimestampForTypmod
-- counts from there): a half of a value between 1970 and 2000 rounds toward the past, after 2000 toward the future.
-- The values have at most three fraction digits, so they hold for the engine in milliseconds and in microseconds.

-- between 1970 and 2000 a half rounds down, after 2000 up
select '1990-01-01 00:00:00.5'::timestamp(0), '2010-01-01 00:00:00.5'::timestamp(0), '1990-01-01 00:00:00.55'::timestamp(1), '1999-12-31 23:59:59.995'::timestamp(2);
select cast('1985-06-15 12:00:00.5' as timestamp(0)), cast('1985-06-15 12:00:00.25' as timestamp(1)), '1969-12-31 23:59:59.5'::timestamp(0);
select '1990-01-01 00:00:00.5+00'::timestamptz(0), '2010-01-01 00:00:00.5+00'::timestamptz(0);

-- a value past the half rounds up before 2000 too, and the infinities stay themselves
select '1990-01-01 00:00:00.501'::timestamp(0), '1990-01-01 00:00:00.499'::timestamp(0), 'infinity'::timestamp(0), '-infinity'::timestamp(1);

-- rounding a column's values to timestamp(0)
create table ts90 (id int primary key, t timestamp) distribute by hash(id);
insert into ts90 values (1, '1990-01-01 00:00:00.5'), (2, '2010-01-01 00:00:00.5'), (3, '1975-03-01 10:00:00.5'), (4, '2000-01-01 00:00:00.5'), (5, '1999-12-31 23:59:59.5');
select id, t::timestamp(0), t::timestamptz(0) from ts90 order by id;
drop table ts90;
